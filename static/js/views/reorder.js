/** Flatten and Reshape: the same numbers in the same order; colour and number follow each element. */
import { offset, size, unravel } from "../tensor.js";
import { frame } from "./frame.js";
import { h } from "../dom.js";
import { sequentialColour } from "../colours.js";
import { drawTensor } from "../grid.js";

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.reorder.intro", (view, d) => {
    const x = d.inputs[0];
    const y = d.outputs[0];
    const n = size(y.shape);
    const { panels } = view;
    view.hint(t("view.reorder.hint"));
    const colour = (shape) => (index) => sequentialColour(offset(shape, index), n);
    const tag = (shape) => (index) => `#${offset(shape, index)}`;
    const both = [];
    const point = (shape) => (index) => {
      const k = offset(shape, index);
      for (const [grid, other] of both) {
        grid.clear("is-lit");
        grid.cell(unravel(other, k))?.classList.add("is-lit");
      }
    };
    const leave = () => both.forEach(([grid]) => grid.clear("is-lit"));
    const opts = (shape) => ({ t, colour: colour(shape), tag: tag(shape), onPoint: point(shape), onLeave: leave });
    both.push([drawTensor(panels, x, t("view.input"), opts(x.shape)), x.shape]);
    panels.append(h("span", { class: "lv-op" }, "→"));
    both.push([drawTensor(panels, y, t("view.output"), opts(y.shape)), y.shape]);
  });
}
