// Tensors shaped (height, width, channels) as pictures: an image per channel (greyscale, or the grids' diverging
// scale when there are negative numbers) and, with three channels, the colour image too; the picked pixel marked on
// every image with its Keras number (full float32 one tap away, as in the grids), a sliding window drawn over the
// images. Each image is a canvas holding the tensor's own pixels, scaled up pixelated; the marks are drawn on a
// canvas over it at the device's pixel ratio. pictureOrGrid shows a tensor either way, with a switch.

import { divergingRgb, limitOf } from "./colours.js";
import { h } from "./dom.js";
import { formatShape } from "./format.js";
import { drawTensor, panel } from "./grid.js";
import { language } from "./i18n.js";
import { formatNumber, fullNumber } from "./numbers.js";

/** Tensors with at most this many cells per channel open as grids, bigger ones as pictures. */
export const GRID_CELLS = 24 * 24;
const STYLE = new URL("../css/picture.css", import.meta.url).href;

/** Add picture.css to the page (once): the pictures' and picture inputs' looks. */
export function addStyle() {
  if (document.querySelector(`link[href="${STYLE}"]`)) return;
  document.head.append(h("link", { rel: "stylesheet", href: STYLE }));
}

/** Whether a sample's shape can be drawn as pictures: (height, width, channels). */
export const isPicture = (shape) => shape.length === 3 && shape.every((d) => Number.isInteger(d) && d > 0);

/**
 * How numbers become colours: "grey" from lo (black) to hi (white), or "diverging" (the grids' scale, symmetric
 * up to limit). Default: grey when no number is negative (from min(0, the least) to the largest), else diverging.
 */
export function pictureScale(values, { scale, range, limit } = {}) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) [lo, hi] = [0, 1];
  const kind = scale ?? (lo >= 0 ? "grey" : "diverging");
  const [a, b] = range ?? [Math.min(0, lo), hi];
  return { kind, lo: a, hi: b > a ? b : a + 1, limit: limit ?? limitOf(values) };
}

/** 0–255: where v lies between the grey scale's lo and hi. */
const level = (scale, v) =>
  Math.round((255 * (Math.min(Math.max(v, scale.lo), scale.hi) - scale.lo)) / (scale.hi - scale.lo));

/** The [r, g, b] of one number on a scale (NaN and ±∞: a red mark, never a colour of the scale). */
function rgbOf(scale, v) {
  if (!Number.isFinite(v)) return [220, 0, 0];
  if (scale.kind === "diverging") return divergingRgb(v, scale.limit);
  const g = level(scale, v);
  return [g, g, g];
}

/** Paint channel `ch` (or, with ch "rgb", channels 0–2 as red, green, blue) into a canvas of the tensor's size. */
function paintImage(canvas, { shape, values }, ch, scale) {
  const [H, W, C] = shape;
  canvas.width = W;
  canvas.height = H;
  const context = canvas.getContext("2d");
  const image = context.createImageData(W, H);
  const px = image.data;
  for (let p = 0; p < H * W; p++) {
    const rgb =
      ch === "rgb"
        ? [level(scale, values[p * C]), level(scale, values[p * C + 1]), level(scale, values[p * C + 2])]
        : rgbOf(scale, values[p * C + ch]);
    px.set(rgb, p * 4);
    px[p * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** The one number every pixel of channel `ch` holds, or null when they differ (or one is not finite). */
function flatValue({ shape, values }, ch) {
  const [H, W, C] = shape;
  const first = values[ch];
  if (!Number.isFinite(first)) return null;
  for (let p = 1; p < H * W; p++) if (values[p * C + ch] !== first) return null;
  return first;
}

/** CSS pixels per tensor pixel: a whole number when the image is enlarged, so that every pixel is as big. */
function zoomFor(H, W, size) {
  const side = Math.max(H, W);
  return side <= size ? Math.max(1, Math.floor(size / side)) : size / side;
}

/**
 * Draw tensor {shape: [H, W, C], values} (a sample, no batch axis) as pictures into `host`. opts: t (required);
 * channels (the channel images shown; default every one); colour (also the colour image when C = 3; default true);
 * scale, range, limit (see pictureScale; several pictures compared share one); size (CSS pixels of an image's
 * longer side, default 192); caption(ch) (under each image; ch "rgb" for the colour one); onPick([r, c, ch]) (a
 * click, a tap, Enter); onPoint([r, c, ch]) (hover, arrows); onChannel(ch) (an image chosen, as a feature map's
 * channel); selected (the channel drawn as chosen); quiet (no hint under the images until a pixel is pointed at);
 * origin ([row, column] of the tensor's first pixel in a bigger one it is a part of: the numbers say where they are).
 * Returns {el, pick([r, c] | null), picked(), mark(cells, box), select(ch)}: pick marks a pixel on every image and
 * shows its numbers; mark outlines cells [[r, c], …] and a box [r0, c0, r1, c1] (a sliding window) on every image.
 */
export function drawPicture(host, tensor, opts) {
  addStyle();
  const { t } = opts;
  const [H, W, C] = tensor.shape;
  const scale = pictureScale(tensor.values, opts);
  const zoom = zoomFor(H, W, opts.size ?? 192);
  const channels = opts.channels ?? Array.from({ length: C }, (_, ch) => ch);
  const images = [...(C === 3 && opts.colour !== false ? ["rgb"] : []), ...channels];
  const at = (r, c, ch) => tensor.values[(r * W + c) * C + ch];
  const origin = opts.origin ?? [0, 0];
  const caption = opts.caption ?? ((ch) => (ch === "rgb" ? t("picture.colour") : t("view.channel", { c: ch })));
  const readout = h("p", { class: "pic-readout", "aria-live": "polite" });
  const box = h("div", {
    class: "pic-images",
    role: "group",
    tabindex: "0",
    "aria-label": t("picture.images", { shape: formatShape(tensor.shape) }),
  });
  const el = h("div", { class: "pic" }, box, readout);
  host.append(el);

  let picked = null;
  let pointedAt = images.includes(0) ? 0 : images[0];
  let marks = { cells: [], box: null };
  let selected = opts.selected ?? null;
  const overlays = [];
  const figures = images.map((ch) => {
    const base = h("canvas", { class: "pic-base" });
    paintImage(base, tensor, ch, scale);
    const overlay = h("canvas", { class: "pic-marks", "aria-hidden": "true" });
    const [w, hh] = [W * zoom, H * zoom];
    for (const canvas of [base, overlay]) Object.assign(canvas.style, { width: `${w}px`, height: `${hh}px` });
    const frameBox = h("div", { class: "pic-frame", dataset: { channel: String(ch) } }, base, overlay);
    // a map of one number is one flat colour (white on the page's white, often): framed, and its number said
    const flat = ch === "rgb" ? null : flatValue(tensor, ch);
    if (flat !== null) frameBox.classList.add("is-flat");
    const figure = h(
      "figure",
      { class: "pic-figure" },
      frameBox,
      h(
        "figcaption",
        {},
        caption(ch),
        flat === null
          ? null
          : h("span", { class: "pic-flat" }, ` · ${t("picture.flat", { value: formatNumber(flat, language()) })}`),
      ),
    );
    figure.style.maxWidth = `${Math.max(w, 96) + 4}px`;
    overlays.push({ ch, overlay, w, hh });
    const cellOf = (event) => {
      const where = overlay.getBoundingClientRect();
      const r = Math.floor(((event.clientY - where.top) / where.height) * H);
      const c = Math.floor(((event.clientX - where.left) / where.width) * W);
      return r >= 0 && r < H && c >= 0 && c < W ? [r, c] : null;
    };
    overlay.addEventListener("pointermove", (event) => {
      const rc = cellOf(event);
      if (!rc || event.pointerType === "touch") return;
      pointedAt = ch;
      say(rc, false);
      if (opts.onPoint) opts.onPoint([...rc, ch === "rgb" ? 0 : ch]);
    });
    overlay.addEventListener("pointerleave", () => say(picked, true));
    overlay.addEventListener("click", (event) => {
      const rc = cellOf(event);
      if (!rc) return;
      pointedAt = ch;
      choose(rc);
      if (opts.onChannel && ch !== "rgb") api.select(ch);
      if (opts.onChannel && ch !== "rgb") opts.onChannel(ch);
    });
    return figure;
  });
  box.append(...figures);

  /** The numbers of pixel [r, c] under the images: the one pointed at, or every channel of the colour image. */
  function say(rc, isPick) {
    if (!rc) {
      readout.replaceChildren(opts.quiet ? "" : t("picture.hint"));
      return;
    }
    const [r, c] = rc;
    const [gr, gc] = [r + origin[0], c + origin[1]];
    const shown = pointedAt === "rgb" ? [0, 1, 2] : [pointedAt];
    readout.replaceChildren(
      h("span", { class: "pic-where" }, isPick ? t("picture.picked") : t("picture.pointed")),
      " ",
      ...shown.flatMap((ch, k) => {
        const v = at(r, c, ch);
        return [
          k ? " · " : "",
          `[${gr}, ${gc}, ${ch}] = `,
          h(
            "span",
            { class: "pic-value", tabindex: "0", dataset: { value: fullNumber(v), index: `${gr},${gc},${ch}` } },
            formatNumber(v, language()),
          ),
        ];
      }),
    );
  }

  function drawMarks() {
    const dpr = window.devicePixelRatio || 1;
    for (const { ch, overlay, w, hh } of overlays) {
      overlay.width = Math.round(w * dpr);
      overlay.height = Math.round(hh * dpr);
      const g = overlay.getContext("2d");
      g.scale(overlay.width / W, overlay.height / H);
      g.lineWidth = (1.5 * W) / overlay.width;
      const line = g.lineWidth * dpr;
      const outline = (r, c, hgt, wid, colour) => {
        g.strokeStyle = "#ffffff";
        g.lineWidth = line * 2.2;
        g.strokeRect(c, r, wid, hgt);
        g.strokeStyle = colour;
        g.lineWidth = line;
        g.strokeRect(c, r, wid, hgt);
      };
      for (const [r, c] of marks.cells) outline(r, c, 1, 1, "#b5530b");
      if (marks.box) {
        const [r0, c0, r1, c1] = marks.box;
        outline(r0, c0, r1 - r0 + 1, c1 - c0 + 1, "#1b1b1b");
      }
      if (picked) outline(picked[0], picked[1], 1, 1, "#d6006e");
      overlay.parentElement.classList.toggle("is-selected", ch === selected);
    }
    box.dataset.picked = picked ? picked.join(",") : "";
  }

  function choose(rc) {
    picked = rc;
    drawMarks();
    say(picked, true);
    if (picked && opts.onPick) opts.onPick([...picked, pointedAt === "rgb" ? 0 : pointedAt]);
  }

  box.addEventListener("keydown", (event) => {
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (!move && event.key !== "Enter") return;
    event.preventDefault();
    const [r, c] = picked ?? [0, 0];
    const next = move ? [Math.min(H - 1, Math.max(0, r + move[0])), Math.min(W - 1, Math.max(0, c + move[1]))] : [r, c];
    choose(next);
  });

  const api = {
    el,
    /** Mark pixel [r, c] on every image (null: none) and show its numbers; no onPick (the caller picked it). */
    pick(rc) {
      picked = rc && rc[0] < H && rc[1] < W ? [rc[0], rc[1]] : null;
      drawMarks();
      say(picked, true);
    },
    picked: () => picked,
    /** Outline cells [[r, c], …] and the box [r0, c0, r1, c1] on every image (cells outside are cut off). */
    mark(cells, windowBox = null) {
      marks = { cells: cells ?? [], box: windowBox };
      drawMarks();
    },
    /** Draw image `ch` as the chosen one; the numbers under the images are its. */
    select(ch) {
      selected = ch;
      if (images.includes(ch)) pointedAt = ch;
      drawMarks();
      say(picked, true);
    },
  };
  api.pick(null);
  return api;
}

/**
 * A sample tensor titled `title`, as pictures or as grids, with a switch between them; the pixel picked in one is
 * picked in the other. Small tensors (at most GRID_CELLS cells a channel) open as grids, the view of record;
 * opts.as ("grid" | "picture") overrides. The other opts go to drawTensor and drawPicture (t, limit, onPick, …).
 * Returns {el, as()}.
 */
export function pictureOrGrid(host, tensor, title, opts) {
  addStyle();
  const { t } = opts;
  const [H, W] = tensor.shape;
  let as = opts.as ?? (H * W <= GRID_CELLS ? "grid" : "picture");
  let picked = null;
  const onPick = (index) => {
    picked = index;
    if (opts.onPick) opts.onPick(index);
  };
  const choice = h("div", { class: "pic-switch", role: "group", "aria-label": t("picture.show_as") });
  const shown = h("div", { class: "pic-shown" });
  const el = h("div", { class: "pic-either" }, choice, shown);
  host.append(el);
  const draw = () => {
    shown.replaceChildren();
    for (const button of choice.children) button.setAttribute("aria-pressed", String(button.dataset.as === as));
    if (as === "picture") {
      const body = panel(shown, title, formatShape(tensor.shape), "pic-panel");
      drawPicture(body, tensor, { ...opts, onPick }).pick(picked);
      return;
    }
    const grids = drawTensor(shown, tensor, title, { ...opts, onPick, at: picked });
    if (!picked) return;
    grids.reveal(picked);
    grids.cell(picked)?.classList.add("is-picked");
  };
  for (const kind of ["grid", "picture"]) {
    const button = h(
      "button",
      { type: "button", class: "small-button", dataset: { as: kind } },
      t(`picture.as_${kind}`),
    );
    button.addEventListener("click", () => {
      as = kind;
      draw();
    });
    choice.append(button);
  }
  draw();
  return { el, as: () => as };
}
