/** Flatten and Reshape: the same numbers in the same order; colour and number follow each element. */
import { offset, size, unravel } from "../math/tensor.js";
import { sequentialColour } from "./constants.js";
import { el } from "./grid.js";
import { frame } from "./frame.js";
import { drawTensor } from "./tensorgrid.js";

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.reorder.intro", (body, d) => {
    const x = d.inputs[0];
    const y = d.outputs[0];
    const n = size(y.shape);
    const panels = el("div", "lv-panels");
    body.append(el("p", "lv-hint", t("view.reorder.hint")), panels);
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
    panels.append(el("span", "lv-op", "→"));
    both.push([drawTensor(panels, y, t("view.output"), opts(y.shape)), y.shape]);
  });
}
