/** Any layer: its input and output tensors as grids (as pictures too when shaped (H, W, C)), on one colour scale. */
import { frame } from "./frame.js";
import { limitOf } from "../colours.js";
import { drawTensor } from "../grid.js";
import { isPicture, pictureOrGrid } from "../picture.js";

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.generic.intro", (view, d) => {
    const limit = limitOf(...d.inputs.map((x) => x.values), ...d.outputs.map((y) => y.values));
    view.legend(limit);
    const { panels } = view;
    // a part of a big tensor asks the page for another part, batch index first
    const move = (name) => ctx.onWindow && ((start) => ctx.onWindow(name, [d.b, ...start]));
    const show = (x, title, name) =>
      isPicture(x.shape) && !x.window
        ? pictureOrGrid(panels, x, title, { t, limit })
        : drawTensor(panels, x, title, { t, limit, onWindow: move(name) });
    d.inputs.forEach((x, k) => show(x, t("view.inputN", { n: k, name: ctx.inputs[k].name }), ctx.inputs[k].name));
    d.outputs.forEach((y, k) =>
      show(y, t("view.outputN", { n: k, name: ctx.layer.outputs[k].name }), ctx.layer.outputs[k].name),
    );
  });
}
