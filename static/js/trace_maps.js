// Under the layer tabs: every traced layer whose output is shaped (height, width, channels), its channels as
// small feature maps of the sample shown (Keras's numbers; point at a pixel to read one). A layer's name opens its
// view. Loaded when a trace has such a layer.

import { h } from "./dom.js";
import { formatShape } from "./format.js";
import { drawPicture } from "./picture.js";
import { fromNested, sample } from "./tensor.js";

/**
 * layers: trace entries (their first output (batch, H, W, C), sent whole; `imageLayers` picks them). opts: t,
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
    drawPicture(row, sample(fromNested(out.data, out.shape), 0), {
      t,
      size: 40,
      colour: false,
      quiet: true,
      caption: (ch) => String(ch),
    });
    return row;
  });
  host.replaceChildren(h("details", { class: "trace-maps", open }, h("summary", {}, t("picture.trace.title")), rows));
  return {
    select(name) {
      layers.forEach((layer, i) => names[i].setAttribute("aria-pressed", String(layer.name === name)));
    },
  };
}
