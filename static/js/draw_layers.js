// Beside the drawing canvas: what every layer of the model made of the drawing, in the trace's order (the input as
// the table of numbers the model gets, each (H, W, C) output as a picture per channel, a flat one as a strip, every number Keras's), and the last layer's
// numbers as probabilities, one bar per class with the most likely named.

import { h } from "./dom.js";
import { formatShape } from "./format.js";
import { language } from "./i18n.js";
import { formatNumber, fullNumber } from "./numbers.js";
import { drawPicture, isPicture } from "./picture.js";
import { fromNested, sample } from "./tensor.js";

/** CSS pixels of a feature map's longer side. */
const MAP_SIZE = 56;
const STRIP_SIZE = 384;

/** The first sample of a traced tensor, as {shape, values} without the batch axis. */
const first = (tensor) => sample(fromNested(tensor.data, tensor.shape), 0);

/** Whether `values` are probabilities: none negative, adding up to 1 (softmax's, within float32 rounding). */
const areProbabilities = (values) =>
  values.length > 1 && values.every((v) => v >= 0) && Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-4;

/** The numbers the model gets, as a rows × cols table, each cell shaded by its share of `ink` (0 white). */
function cellTable(root, x, ink, t) {
  const [rows, cols] = x.shape;
  const lang = language();
  const cell = (v) => {
    const td = h("td", { dataset: { value: fullNumber(v) } }, formatNumber(v, lang));
    const share = Math.min(1, Math.max(0, v / ink));
    td.style.backgroundColor = `rgba(0, 0, 0, ${share.toFixed(3)})`;
    if (share > 0.5) td.classList.add("is-dark");
    return td;
  };
  root.append(
    h(
      "table",
      { class: "draw-cells", "aria-label": t("digits.seen") },
      h(
        "tbody",
        {},
        Array.from({ length: rows }, (_, r) => h("tr", {}, Array.from(x.values.slice(r * cols, (r + 1) * cols), cell))),
      ),
    ),
    h("p", { class: "muted small" }, t("digits.seen_numbers", { rows, cols, ink: formatNumber(ink, lang) })),
  );
}

/** A bar as long as p of the whole (set through the CSSOM: the page's policy allows no style attribute). */
function bar(p) {
  const el = h("span");
  el.style.width = `${(100 * p).toFixed(1)}%`;
  return el;
}

/** The ten (or however many) probabilities as bars; the most likely class named in a sentence above them. */
function probabilities(root, values, t) {
  const lang = language();
  const best = values.indexOf(Math.max(...values));
  root.append(
    h(
      "p",
      { class: "draw-verdict", "aria-live": "polite", dataset: { class: String(best) } },
      t("digits.verdict", { label: String(best), p: formatNumber(values[best], lang) }),
    ),
    h(
      "ol",
      { class: "draw-probs", "aria-label": t("digits.probabilities") },
      Array.from(values, (p, k) =>
        h(
          "li",
          { class: k === best ? "is-best" : "", dataset: { class: String(k) } },
          h("span", { class: "draw-label" }, String(k)),
          h("span", { class: "draw-bar" }, bar(p)),
          h("span", { class: "draw-p", tabindex: "0", dataset: { value: fullNumber(p) } }, formatNumber(p, lang)),
        ),
      ),
    ),
  );
}

/**
 * Every traced layer's first output, in order. opts: {t, ink (the drawn input's full scale), onSelect(name)}:
 * a layer's name selects its view below. Nothing before the first answer.
 */
export function showLayers(root, prediction, { t, ink, onSelect }) {
  root.replaceChildren();
  if (!prediction?.trace) return;
  root.append(h("p", { class: "muted small" }, t("picture.hint")));
  const last = prediction.trace[prediction.trace.length - 1];
  for (const layer of prediction.trace) {
    const out = layer.outputs[0];
    if (!out || out.window) continue;
    const x = first(out);
    const input = layer.type === "InputLayer";
    const box = h("section", { class: "draw-layer", dataset: { layer: layer.name } });
    box.append(
      h(
        "h4",
        {},
        h("button", { type: "button", class: "quiet", onclick: () => onSelect(layer.name) }, layer.name),
        " ",
        h("span", { class: "tab-type" }, layer.type),
        " ",
        // data-shape-of: a question asking this layer's shape hides it (questions.js)
        h("span", { class: "muted", dataset: { shapeOf: layer.name } }, formatShape(out.shape)),
      ),
    );
    if (layer === last && x.shape.length === 1 && areProbabilities(x.values)) probabilities(box, x.values, t);
    else if (input && x.shape.length === 3 && x.shape[2] === 1) cellTable(box, x, ink, t);
    else if (isPicture(x.shape)) drawPicture(box, x, { t, size: MAP_SIZE, colour: false });
    else if (x.shape.length === 1)
      drawPicture(box, { shape: [1, x.shape[0], 1], values: x.values }, { t, size: STRIP_SIZE, caption: () => "" });
    else continue;
    root.append(box);
  }
}
