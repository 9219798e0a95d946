/** MaxPooling and AveragePooling (1D, 2D): each window and the maximum it keeps, or its mean. */
import { tuple } from "../tensor.js";
import { axisWindows, pool2d, poolWindow, windows2d } from "../math/windows.js";
import { windowedView } from "./windowed.js";
import { formatShape } from "../format.js";

/** Pooling1D is drawn on the (steps × channels) grid with a window one channel wide. */
function plan(d, t, mode) {
  const one = d.inputs[0].shape.length === 2;
  const rank = one ? 1 : 2;
  const x = one ? { shape: [...d.inputs[0].shape, 1], values: d.inputs[0].values } : d.inputs[0];
  const size = tuple(d.args.pool_size, rank);
  const s = tuple(d.args.strides, rank);
  const padding = d.args.padding;
  const rows = axisWindows({ length: x.shape[0], kernel: size[0], stride: s[0], padding });
  const cols = one
    ? axisWindows({ length: x.shape[1], kernel: 1 })
    : axisWindows({ length: x.shape[1], kernel: size[1], stride: s[1], padding });
  const geometry = windows2d(rows, cols);
  const out = pool2d(x, geometry, mode);
  const xAt = (y, xx, c) => x.values[(y * x.shape[1] + xx) * x.shape[2] + c];
  return {
    x,
    picture: !one,
    rows,
    cols,
    geometry,
    out,
    shown: d.outputs[0].values.length === out.values.length ? d.outputs[0].values : null,
    linked: true,
    inShape: formatShape(d.inputs[0].shape),
    outShape: formatShape(d.outputs[0].shape),
    name: (r, c, ch) => (one ? `x[${r}, ${c}]` : `x[${r}, ${c}, ${ch}]`),
    outName: (r, c, ch) => (one ? `y[${r}, ${c}]` : `y[${r}, ${c}, ${ch}]`),
    chosen: mode === "max" ? (taps, c) => [poolWindow(x, taps, c, mode).at].filter(Boolean) : null,
    explain(oy, ox, c, f, taps) {
      const inside = taps.filter((tap) => tap.inside);
      const result = poolWindow(x, taps, c, mode);
      const parts = [t("view.win.at", { at: `[${oy}, ${ox}]` }), ` = ${mode === "max" ? "max" : t("view.pool.mean")}(`];
      inside.forEach((tap, k) =>
        parts.push(k ? ", " : "", { v: xAt(tap.y, tap.x, c), cls: tap === result.at ? "is-result" : "" }),
      );
      parts.push(") = ", { v: result.value, cls: "is-result" });
      if (inside.length < taps.length) parts.push(" ", t("view.pool.padIgnored"));
      return parts;
    },
  };
}

export function render(root, ctx) {
  const mode = ctx.layer.type.startsWith("Max") ? "max" : "mean";
  return windowedView(root, ctx, `view.pool.intro.${mode}`, (d) => plan(d, ctx.t, mode));
}
