/** Conv2D, Conv1D and DepthwiseConv2D: the window of each output position and its dot product with the kernel. */
import { activate } from "../math/activations.js";
import { tuple } from "../tensor.js";
import { axisWindows, conv2d, windows2d } from "../math/windows.js";
import { windowedView } from "./windowed.js";
import { formatShape } from "../format.js";
import { limitOf } from "../colours.js";

/**
 * DepthwiseConv2D's kernel (kh, kw, C, M) as a Conv2D kernel (kh, kw, C, C·M): output channel c·M + m takes
 * input channel c alone, through window m.
 */
function spreadDepthwise(k) {
  const [kh, kw, C, M] = k.shape;
  const values = new Float64Array(kh * kw * C * C * M);
  for (let p = 0; p < kh * kw; p++)
    for (let c = 0; c < C; c++)
      for (let m = 0; m < M; m++) values[(p * C + c) * C * M + c * M + m] = k.values[(p * C + c) * M + m];
  return { shape: [kh, kw, C, C * M], values };
}

/**
 * Conv1D is drawn as a 2-D convolution of the (steps × channels) grid with a kernel as wide as the
 * channels: the window slides down the steps and covers every channel at once. DepthwiseConv2D as a Conv2D
 * whose filters each see one channel.
 */
function plan(d, t, depthwise) {
  const one = d.inputs[0].shape.length === 2;
  const rank = one ? 1 : 2;
  const k = depthwise ? spreadDepthwise(d.weights.kernel) : d.weights.kernel;
  const x = one ? { shape: [...d.inputs[0].shape, 1], values: d.inputs[0].values } : d.inputs[0];
  const kernel = one ? { shape: [k.shape[0], k.shape[1], 1, k.shape[2]], values: k.values } : k;
  const [kh, kw, C, F] = kernel.shape;
  const size = tuple(d.args.kernel_size, rank);
  const s = tuple(d.args.strides, rank);
  const dil = tuple(d.args.dilation_rate, rank);
  const padding = d.args.padding;
  const rows = axisWindows({ length: x.shape[0], kernel: size[0], stride: s[0], dilation: dil[0], padding });
  const cols = one
    ? axisWindows({ length: x.shape[1], kernel: kw })
    : axisWindows({ length: x.shape[1], kernel: size[1], stride: s[1], dilation: dil[1], padding });
  const geometry = windows2d(rows, cols);
  const bias = d.weights.bias ?? null;
  const raw = conv2d(x, kernel, bias, geometry);
  const act = d.args.activation;
  const out = { shape: raw.shape, values: new Float64Array(raw.values.length) };
  for (let q = 0; q < raw.values.length / F; q++)
    out.values.set(activate(act, raw.values.subarray(q * F, (q + 1) * F)), q * F);
  // the page shows Keras's numbers; the JavaScript ones only check them (the badge)
  const keras = d.outputs[0].values.length === out.values.length ? d.outputs[0].values : out.values;
  const xAt = (y, xx, c) => x.values[(y * x.shape[1] + xx) * C + c];
  const kAt = (a, b, c, f) => kernel.values[((a * kw + b) * C + c) * F + f];
  return {
    x,
    picture: !one,
    linked: depthwise && d.weights.kernel.shape[3] === 1,
    rows,
    cols,
    geometry,
    out,
    shown: keras,
    inShape: formatShape(d.inputs[0].shape),
    outShape: formatShape(d.outputs[0].shape),
    name: (r, c, ch) => (one ? `x[${r}, ${c}]` : `x[${r}, ${c}, ${ch}]`),
    outName: (r, c, f) => (one ? `y[${r}, ${f}]` : `y[${r}, ${c}, ${f}]`),
    kernel: {
      kh,
      kw,
      limit: limitOf(kernel.values),
      at: kAt,
      name: (a, b, c, f) =>
        one
          ? `kernel[${a}, ${b}, ${f}]`
          : depthwise
            ? `kernel[${a}, ${b}, ${c}, ${f % d.weights.kernel.shape[3]}]`
            : `kernel[${a}, ${b}, ${c}, ${f}]`,
    },
    explain(oy, ox, c, f, taps) {
      const parts = [t("view.win.at", { at: `[${oy}, ${ox}]` }), " = "];
      const inside = taps.filter((tap) => tap.inside);
      inside.forEach((tap, k) =>
        parts.push(k ? " + " : "", { v: xAt(tap.y, tap.x, c) }, " × ", { v: kAt(tap.ky, tap.kx, c, f) }),
      );
      if (!inside.length) parts.push("0");
      if (inside.length < taps.length) parts.push(" ", t("view.win.padZero"));
      const at = (oy * raw.shape[1] + ox) * F + f;
      const pre = act === "linear" ? keras[at] : raw.values[at];
      const mine = inside.reduce((sum, tap) => sum + xAt(tap.y, tap.x, c) * kAt(tap.ky, tap.kx, c, f), 0);
      if (C > 1 && !depthwise)
        parts.push(" + ", t("view.otherChannels"), " ", { v: pre - mine - (bias ? bias.values[f] : 0) });
      if (bias) parts.push(" + ", t("view.bias"), " ", { v: bias.values[f] });
      parts.push(" = ", { v: pre, cls: "is-result" });
      if (act !== "linear") parts.push(` → ${act} → `, { v: keras[at], cls: "is-result" });
      return parts;
    },
  };
}

export function render(root, ctx) {
  const depthwise = ctx.layer.type === "DepthwiseConv2D";
  return windowedView(root, ctx, depthwise ? "picture.depthwise.intro" : "view.conv.intro", (d) =>
    plan(d, ctx.t, depthwise),
  );
}
