/** Concatenate: the inputs laid side by side along one axis; each part keeps its letter. */
import { concatSource } from "../math/resize.js";
import { normAxis, offset, unravel } from "../tensor.js";
import { frame } from "./frame.js";
import { h } from "../dom.js";
import { limitOf } from "../colours.js";
import { drawTensor } from "../grid.js";
import { PART_LETTERS } from "./constants.js";

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.concat.intro", (view, d) => {
    const y = d.outputs[0];
    const shapes = d.inputs.map((x) => x.shape);
    const axis = normAxis(Number(d.args.axis), y.shape.length + 1) - 1;
    const limit = limitOf(...d.inputs.map((x) => x.values));
    view.legend(limit);
    view.hint(t("view.concat.axis", { axis: axis + 1, sample: axis }));
    const { panels } = view;
    const source = (index) => concatSource(shapes, axis, offset(y.shape, index));
    let output = null;
    const parts = [];
    const clear = () => [output, ...parts].forEach((g) => g.clear("is-lit"));
    const fromInput = (k) => (index) => {
      clear();
      parts[k].cell(index)?.classList.add("is-lit");
      const flat = offset(shapes[k], index);
      for (let q = 0; q < y.values.length; q++) {
        const s = concatSource(shapes, axis, q);
        if (s.part === k && s.flat === flat) output.cell(unravel(y.shape, q))?.classList.add("is-lit");
      }
    };
    d.inputs.forEach((x, k) => {
      const name = `${PART_LETTERS[k]} · ${ctx.inputs[k].name}`;
      parts.push(
        drawTensor(panels, x, name, {
          t,
          limit,
          tag: () => PART_LETTERS[k],
          classes: () => [`lv-part-${k % 4}`],
          onPoint: fromInput(k),
          onLeave: clear,
        }),
      );
    });
    panels.append(h("span", { class: "lv-op" }, "→"));
    output = drawTensor(panels, y, t("view.output"), {
      t,
      limit,
      tag: (index) => PART_LETTERS[source(index).part],
      classes: (index) => [`lv-part-${source(index).part % 4}`],
      onPoint: (index) => {
        clear();
        output.cell(index)?.classList.add("is-lit");
        const s = source(index);
        parts[s.part].cell(unravel(shapes[s.part], s.flat))?.classList.add("is-lit");
      },
      onLeave: clear,
    });
  });
}
