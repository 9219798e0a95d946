/**
 * Conv2DTranspose (and 1D): the input, the input spread by the strides with zeros between and
 * padded, the kernel turned by 180° sliding over it, and the output filling in position by position.
 */
import { activate } from "../math/activations.js";
import { maxAbsDiff, tuple } from "../tensor.js";
import { transposeAxis, transposeConvScatter, transposeTaps } from "../math/transpose.js";
import { formula, pickAndStep } from "./controls.js";
import { frame } from "./frame.js";
import { h } from "../dom.js";
import { formatShape } from "../format.js";
import { language } from "../i18n.js";
import { formatNumber } from "../numbers.js";
import { limitOf } from "../colours.js";
import { drawGrid, panel } from "../grid.js";
import { featureMaps } from "./feature_maps.js";

/** 1-D tensors as 2-D ones with a width of 1, so one drawing serves both. */
function as2d(d) {
  const [x, y] = [d.inputs[0], d.outputs[0]];
  const k = d.weights.kernel;
  if (x.shape.length === 3) return { x, y, kernel: k, strides: tuple(d.args.strides, 2) };
  return {
    x: { shape: [x.shape[0], 1, x.shape[1]], values: x.values },
    y: { shape: [y.shape[0], 1, y.shape[1]], values: y.values },
    kernel: { shape: [k.shape[0], 1, ...k.shape.slice(1)], values: k.values },
    strides: [tuple(d.args.strides, 1)[0], 1],
  };
}

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.ct.intro", (view, d) => {
    const { x, y, kernel, strides } = as2d(d);
    const bias = d.weights.bias ?? null;
    const [H, W, C] = x.shape;
    const [kh, kw, F] = kernel.shape;
    const padding = d.args.padding;
    const rows = transposeAxis({ length: H, kernel: kh, stride: strides[0], padding });
    const cols = transposeAxis({ length: W, kernel: kw, stride: strides[1], padding });
    const raw = transposeConvScatter(x, kernel, bias, rows, cols);
    const act = d.args.activation;
    const computed = new Float64Array(raw.values.length);
    for (let p = 0; p < rows.out * cols.out; p++)
      computed.set(activate(act, raw.values.subarray(p * F, (p + 1) * F)), p * F);

    const limit = limitOf(x.values, y.values);
    const { controls, steps, panels, explain } = view;
    view.legend(limit);
    view.badge(raw.shape[0] === y.shape[0] && raw.shape[1] === y.shape[1] ? maxAbsDiff(computed, y.values) : Infinity);
    explain.append(
      h(
        "p",
        { class: "lv-hint" },
        t("view.ct.geometry", {
          s: strides.join(" × "),
          zeros: strides.map((s) => s - 1).join(" × "),
          k: `${kh} × ${kw}`,
          padding,
        }),
      ),
    );
    const say = h("div");
    explain.append(say);

    let f = 0;
    let c = 0;
    let grids = null;
    const inAt = (yy, xx, ch) => x.values[(yy * W + xx) * C + ch];
    const kAt = (a, b, ff, ch) => kernel.values[((a * kw + b) * F + ff) * C + ch];
    // the page shows Keras's numbers; the JavaScript ones only check them (the badge)
    const shown = y.values.length === computed.length ? y.values : computed;
    const outAt = (r, cc) => shown[(r * cols.out + cc) * F + f];

    const draw = () => {
      panels.replaceChildren();
      const input = drawGrid(panel(panels, t("view.input"), formatShape(d.inputs[0].shape)), {
        t,
        rows: H,
        cols: W,
        limit,
        value: (r, cc) => inAt(r, cc, c),
        label: t("view.input"),
        name: (r, cc) => `x[${r}, ${cc}, ${c}]`,
      });
      const spreadBody = panel(panels, t("view.ct.spread"), `${rows.display} × ${cols.display}`);
      const kindOf = (r, cc) => {
        const sy = rows.source(r);
        const sx = cols.source(cc);
        return sy === "pad" || sx === "pad" ? "pad" : sy === "zero" || sx === "zero" ? "zero" : "input";
      };
      const spreadGrid = drawGrid(spreadBody, {
        t,
        rows: rows.display,
        cols: cols.display,
        limit,
        maxRows: 30,
        maxCols: 30,
        value: (r, cc) => (kindOf(r, cc) === "input" ? inAt(rows.source(r), cols.source(cc), c) : 0),
        classes: (r, cc) => [`is-${kindOf(r, cc)}`],
        name: (r, cc) => t(`view.ct.cell.${kindOf(r, cc)}`, { at: `[${r}, ${cc}]` }),
        label: t("view.ct.spread"),
      });
      const keys = h("p", { class: "lv-keys" });
      for (const kind of ["input", "zero", "pad"]) {
        const swatch = h("span", { class: `lv-key is-${kind}` });
        keys.append(swatch, t(`view.ct.key.${kind}`), " ");
      }
      spreadBody.append(keys);
      const kernelGrid = drawGrid(panel(panels, t("view.ct.kernel"), `${kh} × ${kw}`), {
        t,
        rows: kh,
        cols: kw,
        limit: limitOf(kernel.values),
        value: (a, b) => kAt(kh - 1 - a, kw - 1 - b, f, c),
        name: (a, b) => `kernel[${kh - 1 - a}, ${kw - 1 - b}, ${f}, ${c}]`,
        label: t("view.ct.kernel"),
      });
      const output = drawGrid(panel(panels, t("view.output"), formatShape(d.outputs[0].shape)), {
        t,
        rows: rows.out,
        cols: cols.out,
        limit,
        value: outAt,
        label: t("view.output"),
        name: (r, cc) => `y[${r}, ${cc}, ${f}]`,
        onPick: (r, cc) => stepping.go(r * output.allCols + cc),
      });
      grids = { input, spreadGrid, kernelGrid, output };
      return output;
    };

    const show = (p) => {
      const ow = grids.output.allCols;
      const [oy, ox] = [Math.floor(p / ow), p % ow];
      const taps = transposeTaps(rows, cols, oy, ox);
      // the window and the output cell stay in sight, however big the grids and narrow the screen
      for (const tap of [taps[taps.length - 1], taps[0]]) if (tap) grids.spreadGrid.reveal(tap.r, tap.c);
      const lit = taps.filter((tap) => tap.kind === "input");
      if (lit.length) grids.input.reveal(lit[0].y, lit[0].x);
      grids.output.reveal(oy, ox);
      grids.spreadGrid.markOnly(
        taps.map((tap) => [tap.r, tap.c]),
        "is-window",
      );
      grids.spreadGrid.clearLabels();
      for (const tap of taps)
        grids.spreadGrid.label(tap.r, tap.c, `×${formatNumber(kAt(tap.ky, tap.kx, f, c), language())}`);
      grids.spreadGrid.markOnly(
        taps.filter((tap) => tap.kind === "input").map((tap) => [tap.r, tap.c]),
        "is-lit",
      );
      grids.input.markOnly(
        taps.filter((tap) => tap.kind === "input").map((tap) => [tap.y, tap.x]),
        "is-lit",
      );
      grids.output.markWhere((r, cc) => r * ow + cc > p, "is-pending");
      grids.output.markOnly([[oy, ox]], "is-current");

      const terms = taps.filter((tap) => tap.kind === "input");
      const parts = [t("view.ct.at", { at: `[${oy}, ${ox}]` }), " = "];
      terms.forEach((tap, k) =>
        parts.push(k ? " + " : "", { v: inAt(tap.y, tap.x, c) }, " × ", { v: kAt(tap.ky, tap.kx, f, c) }),
      );
      if (!terms.length) parts.push(t("view.ct.onlyZeros"));
      const mine = terms.reduce((s, tap) => s + inAt(tap.y, tap.x, c) * kAt(tap.ky, tap.kx, f, c), 0);
      const pre = act === "linear" ? outAt(oy, ox) : raw.values[(oy * cols.out + ox) * F + f];
      const others = pre - mine - (bias ? bias.values[f] : 0);
      if (C > 1) parts.push(" + ", t("view.otherChannels"), " ", { v: others });
      if (bias) parts.push(" + ", t("view.bias"), " ", { v: bias.values[f] });
      parts.push(" = ", { v: pre, cls: "is-result" });
      if (act !== "linear") parts.push(` → ${act} → `, { v: outAt(oy, ox), cls: "is-result" });
      say.replaceChildren();
      formula(say, parts);
      if (pictures) pictures.show({ cells: terms.map((tap) => [tap.y, tap.x]), at: [oy, ox], channel: f });
    };

    // a 2-D layer's pictures: the input pixels an output pixel gathers, marked
    const pictures =
      d.inputs[0].shape.length === 3 &&
      featureMaps(view.pictures, t, {
        input: x,
        output: { shape: [rows.out, cols.out, F], values: shown },
        onChannel: (k) => stepping.choose({ f: k }),
        onPick: ([r, cc]) => stepping.go(r * cols.out + cc),
      });

    const stepping = pickAndStep(controls, steps, t, {
      filters: F,
      channels: C,
      draw,
      onStep: show,
      onPick: (chosen) => ({ f, c } = chosen),
    });
    return stepping.stop;
  });
}
