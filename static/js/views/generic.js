/** Any layer: its input and output tensors as grids, on one colour scale. */
import { limitOf } from "./constants.js";
import { legend } from "./controls.js";
import { frame } from "./frame.js";
import { el } from "./grid.js";
import { drawTensor } from "./tensorgrid.js";

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.generic.intro", (body, d) => {
    const limit = limitOf(...d.inputs.map((x) => x.values), ...d.outputs.map((y) => y.values));
    legend(body, t, limit);
    const panels = el("div", "lv-panels");
    body.append(panels);
    d.inputs.forEach((x, k) =>
      drawTensor(panels, x, t("view.inputN", { n: k, name: ctx.inputs[k].name }), { t, limit }),
    );
    d.outputs.forEach((y, k) =>
      drawTensor(panels, y, t("view.outputN", { n: k, name: ctx.layer.outputs[k].name }), { t, limit }),
    );
  });
}
