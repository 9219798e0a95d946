// A canvas to draw an (H, W, 1) input on, with the mouse, a finger or a pen (pointer events), for a step that
// declares `draw` ({input, ink}): the drawing is prepared as scikit-learn's digits were (math/digit.js: the ink's
// box fitted into a 32 × 32 frame, centred, its strokes drawn again there with the scans' pen, then each 4 × 4
// block's inked pixels counted, 0–16 as `ink` is 16). While the learner draws, the cells go to the controller at most every PACE ms, so the real model
// runs again as they draw; beside the canvas, every layer's output as pictures and the last one's probabilities
// (draw_layers.js).

import { h } from "./dom.js";
import { showLayers } from "./draw_layers.js";
import { language } from "./i18n.js";
import { BLOCK, prepare, prepareStrokes } from "./math/digit.js";

/** Canvas pixels per cell: a 32 × 32 scan of an 8 × 8 digit is 4 scan pixels a cell, each 8 canvas pixels. */
export const CELL = 32;
/** The pen: as wide as 3 of the scan's pixels (the digits' strokes are 2 to 4 wide). */
export const PEN = (3 * CELL) / 4;
/** At most one set of new cells in this many ms while the learner draws (the last one at most this long after the
 * pen lifts, so quick strokes in a row are one request). */
export const PACE = 250;
const STYLE = new URL("../css/draw.css", import.meta.url).href;

/** One pad per page: its canvas keeps the drawing across redraws (a language switch, a new answer). */
let pad = null;

function addStyle() {
  if (document.querySelector(`link[href="${STYLE}"]`)) return;
  document.head.append(h("link", { rel: "stylesheet", href: STYLE }));
}

function createPad(rows, cols, ink) {
  const canvas = h("canvas", { class: "draw-canvas", width: String(cols * CELL), height: String(rows * CELL) });
  const g = canvas.getContext("2d", { willReadFrequently: true });
  const state = { canvas, rows, cols, ink, shown: null, onDraw: null };
  let last = null;
  let timer = null;
  // the strokes drawn since the canvas was cleared, each a list of [x, y] canvas pixels; null when the canvas also
  // holds cells painted from numbers (then its pixels are prepared instead)
  let strokes = [];

  const cells = () =>
    strokes
      ? prepareStrokes(strokes, PEN, rows, cols, ink)
      : prepare(g.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, rows, cols, ink);
  const send = () => {
    clearTimeout(timer);
    timer = null;
    delete canvas.dataset.pending;
    state.shown = cells();
    state.onDraw?.(state.shown);
  };
  const soon = () => {
    timer ??= setTimeout(send, PACE);
    canvas.dataset.pending = "true"; // strokes not sent yet (the tests wait for them)
  };
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    const within = (v, side) => Math.min(side, Math.max(0, v * side));
    return [
      within((event.clientX - box.left) / box.width, canvas.width),
      within((event.clientY - box.top) / box.height, canvas.height),
    ];
  };
  const stroke = (from, to) => {
    g.beginPath();
    g.moveTo(...from);
    g.lineTo(...to);
    g.stroke();
  };
  const pen = () => Object.assign(g, { lineWidth: PEN, lineCap: "round", lineJoin: "round", strokeStyle: "#000" });

  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    pen();
    last = at(event);
    strokes?.push([last]);
    stroke(last, last);
    soon();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!last) return;
    for (const e of event.getCoalescedEvents?.() ?? [event]) {
      const next = at(e);
      strokes?.at(-1).push(next);
      stroke(last, next);
      last = next;
    }
    soon();
  });
  const lift = () => {
    if (!last) return;
    last = null;
    soon();
  };
  canvas.addEventListener("pointerup", lift);
  canvas.addEventListener("pointercancel", lift);

  /** Paint cells (flat, row-major) as blocks of ink: what the canvas shows when the numbers came from elsewhere
   * (they are what the model gets; a stroke on top prepares the whole canvas again). */
  state.paint = (values) => {
    g.clearRect(0, 0, canvas.width, canvas.height);
    strokes = null;
    values.forEach((v, k) => {
      g.fillStyle = `rgba(0, 0, 0, ${Math.min(1, Math.max(0, v / ink))})`;
      g.fillRect((k % cols) * CELL, Math.floor(k / cols) * CELL, CELL, CELL);
    });
    state.shown = values;
  };
  state.hint = h("p", { class: "draw-hint", id: "draw-hint" });
  state.clearButton = h("button", {
    type: "button",
    class: "small-button",
    dataset: { draw: "clear" },
    onclick: () => {
      g.clearRect(0, 0, canvas.width, canvas.height);
      strokes = [];
      send();
    },
  });
  canvas.setAttribute("aria-describedby", "draw-hint");
  const frame = h("div", { class: "draw-frame" }, canvas);
  frame.style.aspectRatio = `${cols} / ${rows}`;
  frame.style.backgroundSize = `${100 / cols}% ${100 / rows}%`;
  state.el = h("div", { class: "draw-pad" }, state.hint, frame, state.clearButton);
  state.layers = h("div", { class: "draw-layers" });
  return state;
}

const same = (a, b) => a && b && a.length === b.length && a.every((v, k) => v === b[k]);

/**
 * The pad of the step on screen, or nothing when the step draws on no input (or the learner's model no longer has
 * an (H, W, 1) input of that name). host: {state, t, onDraw(input, values), onSelect(layer name)}.
 */
export function renderDrawing(root, host) {
  const { state, t } = host;
  const draw = state.examples.find((e) => e.id === state.example)?.draw;
  const data = draw && state.data[draw.input];
  const [, rows, cols, channels] = data?.shape ?? [];
  if (!data || data.shape.length !== 4 || channels !== 1) {
    root.hidden = true;
    root.replaceChildren();
    return;
  }
  addStyle();
  if (!pad || pad.rows !== rows || pad.cols !== cols || pad.ink !== draw.ink) pad = createPad(rows, cols, draw.ink);
  pad.onDraw = (values) => host.onDraw(draw.input, values);
  const first = Array.from(data.values.slice(0, rows * cols));
  if (!same(first, pad.shown)) pad.paint(first);
  root.hidden = false;
  // the canvas stays where it is while the learner draws (moving it would end the stroke): only words change
  if (!root.contains(pad.canvas)) root.replaceChildren(pad.el, pad.layers);
  pad.hint.textContent = t("digits.hint", { h: rows * BLOCK, w: cols * BLOCK, ink: draw.ink });
  pad.clearButton.textContent = t("digits.clear");
  pad.canvas.setAttribute("aria-label", t("digits.canvas", { rows, cols }));
  // the layers are drawn again for a new answer or another language, not for every stroke
  const drawnFor = `${language()} ${state.runs}`;
  if (pad.drawnFor === drawnFor && pad.layers.childElementCount) return;
  pad.drawnFor = drawnFor;
  showLayers(pad.layers, state.prediction, { t, ink: draw.ink, onSelect: host.onSelect });
}
