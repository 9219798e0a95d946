// Pictures in: a shipped picture, a file, a paste or the camera, resized and cropped in the browser to a model
// input's (height, width) with its 1 or 3 channels, becoming ordinary input numbers 0–255 (what Keras's
// img_to_array gives; nothing goes to the server but the numbers). Loaded when an input shaped like an image
// is drawn.

import { h } from "./dom.js";
import { drawPicture } from "./picture.js";

/** The pictures in static/pictures/ (app/pictures.py reads the same files; scripts/make_pictures.py draws them). */
export const SHIPPED = ["shapes", "house", "stripes"];
const fileOf = (name) => new URL(`../pictures/${encodeURIComponent(name)}.png`, import.meta.url).href;

/** An image, a canvas, a video frame or a blob as a bitmap with its bytes as they are (no colour conversion). */
function bitmapOf(source) {
  return createImageBitmap(source, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
}

/** What a picture's transparent pixels lie on: the white the drawing pad's ink lies on (css/draw.css). */
const PAPER = "#fff";

/**
 * The numbers of `source` (an ImageBitmap or a video) for an input of `shape` [H, W, C] (C 1 or 3): scaled so that
 * it covers H × W and cropped in the middle; C = 1 is the grey Pillow's convert("L") makes. The middle is copied
 * out first, pixel for pixel, then scaled on its own: scaling straight from the source would blend in pixels from
 * beyond the crop at its edges. A source already H × W is read as it is, byte for byte. A transparent picture is
 * seen as it shows on white paper: its clear pixels are white (255), not 0 (a canvas keeps no colour where nothing is).
 */
export function pixelsOf(source, [H, W, C]) {
  const width = source.videoWidth || source.width;
  const height = source.videoHeight || source.height;
  const scale = Math.max(H / height, W / width);
  const [sw, sh] = [Math.round(W / scale), Math.round(H / scale)].map((n, i) =>
    Math.max(1, Math.min(n, [width, height][i])),
  );
  const middle = h("canvas", { width: String(sw), height: String(sh) });
  const copy = middle.getContext("2d");
  copy.fillStyle = PAPER;
  copy.fillRect(0, 0, sw, sh);
  copy.drawImage(source, (width - sw) >> 1, (height - sh) >> 1, sw, sh, 0, 0, sw, sh);
  const canvas = h("canvas", { width: String(W), height: String(H) });
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.imageSmoothingQuality = "high";
  context.drawImage(middle, 0, 0, W, H);
  const rgba = context.getImageData(0, 0, W, H).data;
  const values = new Array(H * W * C);
  for (let p = 0; p < H * W; p++) {
    const [r, g, b] = [rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2]];
    if (C === 1) values[p] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    else [values[p * 3], values[p * 3 + 1], values[p * 3 + 2]] = [r, g, b];
  }
  return values;
}

/** A shipped picture at its own size: {shape: [H, W, 3], values}. */
export async function shippedPicture(name) {
  const response = await fetch(fileOf(name));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  const bitmap = await bitmapOf(await response.blob());
  const shape = [bitmap.height, bitmap.width, 3];
  return { shape, values: pixelsOf(bitmap, shape) };
}

/**
 * Under an input's editor: its first example as a picture, and the ways to put a picture in (a shipped one, a
 * file, a paste, the camera where the browser has one). opts: t, name (the input's), shape ([H, W, C]: one
 * example's), onPicture(values) with the new numbers of example 0. Returns {show(sample)}: example 0 drawn.
 */
export function renderPictureInput(host, { t, name, shape, onPicture }) {
  const status = h("p", { class: "small", "aria-live": "polite" });
  const say = (text, ok) => {
    status.className = ok ? "small ok" : "small field-error";
    status.textContent = text;
  };
  const use = async (make, what) => {
    let values;
    try {
      values = pixelsOf(await make(), shape);
    } catch {
      // the browser's reason (its own words, in its own language) adds nothing a learner can act on
      return say(t("picture.in.unreadable", { what }), false);
    }
    onPicture(values);
    say(t("picture.in.done", { what, h: shape[0], w: shape[1], c: shape[2] }), true);
  };
  const shipped = h(
    "div",
    { class: "pic-shipped", role: "group", "aria-label": t("picture.in.shipped") },
    h("span", { class: "small muted" }, t("picture.in.shipped")),
    SHIPPED.map((picture) =>
      h(
        "button",
        {
          type: "button",
          class: "pic-thumb",
          dataset: { picture },
          title: t(`picture.name.${picture}`),
          "aria-label": t(`picture.name.${picture}`),
          onclick: () =>
            use(
              () =>
                fetch(fileOf(picture))
                  .then((r) => r.blob())
                  .then(bitmapOf),
              t(`picture.name.${picture}`),
            ),
        },
        h("img", { src: fileOf(picture), alt: "", width: "40", height: "40" }),
      ),
    ),
  );
  const file = h("input", { type: "file", accept: "image/*", "aria-label": t("picture.in.file_label", { name }) });
  file.addEventListener("change", () => {
    const chosen = file.files[0];
    if (chosen) use(() => bitmapOf(chosen), chosen.name);
  });
  // editable, so that a phone offers "Paste" on a long press (it offers none on a plain element), yet nothing typed,
  // dropped or pasted changes its words: the paste handler takes what comes
  const pasteZone = h(
    "div",
    {
      class: "pic-paste",
      contenteditable: "true",
      inputmode: "none",
      spellcheck: "false",
      role: "textbox",
      "aria-label": t("picture.in.paste"),
    },
    t("picture.in.paste"),
  );
  pasteZone.addEventListener("beforeinput", (event) => event.preventDefault());
  pasteZone.addEventListener("input", () => (pasteZone.textContent = t("picture.in.paste")));
  pasteZone.addEventListener("paste", (event) => {
    event.preventDefault();
    const item = [...(event.clipboardData?.items ?? [])].find((i) => i.kind === "file" && i.type.startsWith("image/"));
    if (item) return use(() => bitmapOf(item.getAsFile()), t("picture.in.pasted"));
    const text = event.clipboardData?.getData("text/plain").trim() ?? "";
    if (!text) return say(t("picture.in.paste_none"), false);
    say(t("picture.in.paste_text", { text: quoted(text), box: t("data.paste") }), false);
  });
  const camera = cameraControls(t, shape, use, say);
  const pictureBox = h("div", { class: "pic-current" });
  host.replaceChildren(
    h(
      "div",
      { class: "pic-input" },
      h("p", { class: "small muted" }, t("picture.in.intro", { h: shape[0], w: shape[1], c: shape[2] })),
      pictureBox,
      shipped,
      h(
        "div",
        { class: "pic-sources" },
        h("label", { class: "small-button pic-file" }, t("picture.in.file"), file),
        pasteZone,
        camera,
      ),
      status,
    ),
  );
  return {
    /** Draw example 0 ({shape, values}) as it is now. */
    show(sample) {
      pictureBox.replaceChildren();
      // numbers 0–255 are pixels: drawn as they are (other numbers on the tensor's own scale)
      const pixels = sample.values.every((v) => v >= 0 && v <= 255);
      drawPicture(pictureBox, sample, { t, size: 160, ...(pixels ? { scale: "grey", range: [0, 255] } : {}) });
    },
  };
}

/** Pasted text as the learner pasted it, on one line and cut short. */
function quoted(text) {
  const line = text.replace(/\s+/g, " ");
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

/** Why getUserMedia refused, by the DOMException's name, as a message key (the numbers are kept in every case). */
const CAMERA_REFUSALS = {
  NotAllowedError: "picture.in.camera_refused",
  SecurityError: "picture.in.camera_refused",
  NotFoundError: "picture.in.camera_absent",
  OverconstrainedError: "picture.in.camera_absent",
  NotReadableError: "picture.in.camera_busy",
  AbortError: "picture.in.camera_busy",
};

/**
 * A camera button: a live preview framed as the input is (the middle the picture will be cropped to), "take" makes
 * the picture and stops the camera (so do "stop" and the controls leaving the page: a re-drawn editor).
 */
function cameraControls(t, [H, W], use, say) {
  const video = h("video", { class: "pic-video", autoplay: true, muted: true, playsinline: true, hidden: true });
  video.style.aspectRatio = `${W} / ${H}`;
  const start = h("button", { type: "button", class: "small-button" }, t("picture.in.camera"));
  const take = h("button", { type: "button", class: "small-button primary", hidden: true }, t("picture.in.take"));
  const halt = h("button", { type: "button", class: "small-button", hidden: true }, t("picture.in.stop"));
  let stream = null;
  const showing = (on) => {
    video.hidden = take.hidden = halt.hidden = !on;
    start.hidden = on;
  };
  const stop = () => {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = video.srcObject = null;
    showing(false);
  };
  // a playing video taken out of the page is paused by the browser: its camera goes off with it
  video.addEventListener("pause", () => video.isConnected || stop());
  start.addEventListener("click", async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      const key = window.isSecureContext ? "picture.in.camera_absent" : "picture.in.camera_insecure";
      return say(t(key, { origin: location.origin }), false);
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true });
      if (!video.isConnected) return stop();
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      showing(true);
      say(t("picture.in.camera_ready"), true);
    } catch (error) {
      stop();
      say(t(CAMERA_REFUSALS[error.name] ?? "picture.in.camera_failed", { why: error.name || String(error) }), false);
    }
  });
  take.addEventListener("click", async () => {
    await use(async () => video, t("picture.in.snapshot"));
    stop();
  });
  halt.addEventListener("click", stop);
  return h("span", { class: "pic-camera" }, start, take, halt, video);
}
