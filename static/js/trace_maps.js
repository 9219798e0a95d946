// Under the layer tabs: every traced layer whose output is shaped (height, width, channels), its channels as
// small feature maps of the sample shown (Keras's numbers; point at a pixel to read one); an output sent in parts,
// the part the page has. A layer's name opens its view. Loaded when a trace has such a layer.

import { h } from "./dom.js";
import { formatShape } from "./format.js";
import { drawPicture } from "./picture.js";
import { fromNested, sample } from "./tensor.js";

/**
 * layers: trace entries (their first output (batch, H, W, C), whole or a part; `imageLayers` picks them). opts: t,
 * selected, onSelect(name). Returns select(name): the layer whose name is pressed, the maps left as they are.
 */
export function renderTraceMaps(host, layers, { t, selected, onSelect }) {
  const open = host.querySelector("details")?.open ?? true;
  const names = [];
  const rows = layers.map((layer) => {
    const out = layer.outputs[0];
    const name = h(
      "button",
      { type: "button", class: "small-button", "aria-pressed": String(layer.name === selected) },
      layer.name,
      " ",
      h("span", { class: "lv-shape" }, formatShape(out.shape)),
    );
    name.addEventListener("click", () => onSelect(layer.name));
    names.push(name);
    const row = h("div", { class: "trace-map", dataset: { layer: layer.name } }, name);
    // an output sent in parts: the part the page has, its pixels named where they are in the whole
    const part = out.window;
    const [r0, c0] = part ? part.start.slice(1, 3) : [0, 0];
    const pictures = drawPicture(row, sample(fromNested(out.data, part?.shape ?? out.shape), 0), {
      t,
      size: 40,
      colour: false,
      quiet: true,
      caption: (ch) => String(ch),
      origin: [r0, c0],
    });
    if (part) {
      const [, ph, pw] = part.shape;
      const where = {
        rows: `${r0}–${r0 + ph - 1}`,
        cols: `${c0}–${c0 + pw - 1}`,
        of: `${out.shape[1]} × ${out.shape[2]}`,
      };
      // inside the pictures: a question asking this layer's shape hides them, and the part's place says it
      pictures.el.prepend(h("p", { class: "lv-hint" }, t("picture.trace.part", where)));
    }
    return row;
  });
  host.replaceChildren(h("details", { class: "trace-maps", open }, h("summary", {}, t("picture.trace.title")), rows));
  return {
    select(name) {
      layers.forEach((layer, i) => names[i].setAttribute("aria-pressed", String(layer.name === name)));
    },
  };
}
