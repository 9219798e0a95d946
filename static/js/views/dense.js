/** Dense: input · W + b, one row at a time; on a 3-D input every row goes through the same W. */
import { activate } from "../math/activations.js";
import { dense, asRows } from "../math/linear.js";
import { maxAbsDiff, unravel } from "../tensor.js";
import { formula } from "./controls.js";
import { frame } from "./frame.js";
import { h } from "../dom.js";
import { formatShape } from "../format.js";
import { limitOf } from "../colours.js";
import { drawGrid, panel } from "../grid.js";

const MAX_TERMS = 12;

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.dense.intro", (view, d) => {
    const x = asRows(d.inputs[0]);
    const [N, F] = x.shape;
    const kernel = d.weights.kernel;
    const U = kernel.shape[1];
    const bias = d.weights.bias ?? null;
    const act = d.args.activation;
    const raw = dense(x, kernel, bias);
    const y = new Float64Array(raw.values.length);
    for (let n = 0; n < N; n++) y.set(activate(act, raw.values.subarray(n * U, (n + 1) * U)), n * U);
    const lead = d.inputs[0].shape.slice(0, -1);
    const rowLabels = Array.from({ length: N }, (_, n) => (lead.length ? `[${unravel(lead, n).join(", ")}]` : ""));

    const { panels, explain } = view;
    panels.classList.add("lv-equation");
    const limit = limitOf(x.values, y);
    view.legend(limit);
    view.badge(maxAbsDiff(y, d.outputs[0].values));
    if (lead.length > 1) view.hint(t("view.dense.rows", { n: N }));
    const say = h("div");
    explain.append(say);

    const sign = (text) => panels.append(h("span", { class: "lv-op" }, text));
    const point = (n, u) => pick(n, u);
    const xGrid = drawGrid(panel(panels, t("view.input"), formatShape(d.inputs[0].shape)), {
      t,
      rows: N,
      cols: F,
      limit,
      value: (n, k) => x.values[n * F + k],
      rowLabels: lead.length ? rowLabels : null,
      name: (n, k) => `x${rowLabels[n]}[${k}]`,
      label: t("view.input"),
    });
    sign("·");
    const wGrid = drawGrid(panel(panels, "W", formatShape(kernel.shape)), {
      t,
      rows: F,
      cols: U,
      limit: limitOf(kernel.values),
      value: (k, u) => kernel.values[k * U + u],
      name: (k, u) => `W[${k}, ${u}]`,
      label: "W",
    });
    let bGrid = null;
    if (bias) {
      sign("+");
      bGrid = drawGrid(panel(panels, "b", formatShape(bias.shape)), {
        t,
        rows: 1,
        cols: U,
        limit: limitOf(bias.values),
        value: (_, u) => bias.values[u],
        name: (_, u) => `b[${u}]`,
        label: "b",
      });
    }
    sign("=");
    const yGrid = drawGrid(panel(panels, t("view.output"), formatShape(d.outputs[0].shape)), {
      t,
      rows: N,
      cols: U,
      limit,
      value: (n, u) => y[n * U + u],
      rowLabels: lead.length ? rowLabels : null,
      name: (n, u) => `y${rowLabels[n]}[${u}]`,
      label: t("view.output"),
      onPoint: point,
      onPick: point,
    });
    const line = (count, fn) => Array.from({ length: count }, (_, i) => fn(i));
    function pick(n, u) {
      xGrid.markOnly(
        line(F, (k) => [n, k]),
        "is-lit",
      );
      wGrid.markOnly(
        line(F, (k) => [k, u]),
        "is-lit",
      );
      if (bGrid) bGrid.markOnly([[0, u]], "is-lit");
      yGrid.markOnly([[n, u]], "is-current");
      const parts = [`y${rowLabels[n]}[${u}] = `];
      for (let k = 0; k < Math.min(F, MAX_TERMS); k++)
        parts.push(k ? " + " : "", { v: x.values[n * F + k] }, " × ", { v: kernel.values[k * U + u] });
      if (F > MAX_TERMS) parts.push(` + … ${t("view.dense.more", { n: F - MAX_TERMS })}`);
      if (bias) parts.push(" + ", { v: bias.values[u] });
      parts.push(" = ", { v: raw.values[n * U + u], cls: "is-result" });
      if (act !== "linear") parts.push(` → ${act} → `, { v: y[n * U + u], cls: "is-result" });
      say.replaceChildren();
      formula(say, parts);
    }
    pick(0, 0);
  });
}
