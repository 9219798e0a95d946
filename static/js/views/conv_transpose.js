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

/**
 * Whether the view can show ctx's tensors when the server sent some in part: a 2-D layer whose output alone came
 * in part, every channel of it (step 17's 256 × 256 × 32): the view then works on that part of the output.
 */
export function takesParts(ctx) {
  const [input, ...more] = ctx.inputs;
  const [output, ...others] = ctx.layer.outputs ?? [];
  const part = output?.window;
  return Boolean(
    ctx.layer.type === "Conv2DTranspose" &&
    input &&
    !input.window &&
    !more.length &&
    !others.length &&
    !(ctx.layer.weights ?? []).some((w) => w.window) &&
    part &&
    part.shape[0] === 1 &&
    part.start[3] === 0 &&
    part.shape[3] === output.shape[3],
  );
}

/** Where the view of each layer shown in parts was last, and its filter and channel (a new part redraws the view;
 * the learner stays where they were). */
const lastAt = new Map();

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.ct.intro", (view, d) => {
    const { x, y, kernel, strides } = as2d(d);
    // the part of the output the server sent: rows r0 …, columns c0 …, every channel (the whole output when not)
    const part = y.window ?? null;
    const [r0, c0] = part ? part.start : [0, 0];
    const [ph, pw] = part ? part.shape : y.shape;
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
    const inPart = (r, cc) => r >= r0 && r < r0 + ph && cc >= c0 && cc < c0 + pw;
    // the JavaScript numbers of the part the page has, to check Keras's (the badge)
    const mine = part ? new Float64Array(ph * pw * F) : computed;
    if (part)
      for (let r = 0; r < ph; r++)
        mine.set(computed.subarray(((r0 + r) * cols.out + c0) * F, ((r0 + r) * cols.out + c0 + pw) * F), r * pw * F);
    const sameShape = raw.shape[0] === y.shape[0] && raw.shape[1] === y.shape[1];
    view.badge(sameShape && mine.length === y.values.length ? maxAbsDiff(mine, y.values) : Infinity);
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
    // the page shows Keras's numbers; the JavaScript ones only check them (the badge); outside the part the
    // server sent, none ("…" in the grid, and moving there asks for that part)
    const shown = part || y.values.length === computed.length ? y.values : computed;
    const outAt = (r, cc) => (inPart(r, cc) ? shown[((r - r0) * pw + (cc - c0)) * F + f] : undefined);
    const tensorName = ctx.layer.outputs[0].name;
    const askPart = (r, cc) => ctx.onWindow && ctx.onWindow(tensorName, [d.b, r, cc, 0]);

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
        startRow: r0,
        startCol: c0,
        value: outAt,
        label: t("view.output"),
        name: (r, cc) => `y[${r}, ${cc}, ${f}]`,
        onPick: (r, cc) => stepping.go(r * output.allCols + cc),
        // the grid moved so that its middle is past the part: the part from its first cell on
        onMove: part && ((r, cc, n, m) => (inPart(r + (n >> 1), cc + (m >> 1)) ? null : askPart(r, cc))),
      });
      grids = { input, spreadGrid, kernelGrid, output };
      return output;
    };

    const show = (p) => {
      const ow = grids.output.allCols;
      const [oy, ox] = [Math.floor(p / ow), p % ow];
      if (part && settled) lastAt.set(ctx.layer.name, { p, f, c });
      if (!inPart(oy, ox)) {
        // past the part the page has: the page asks for the part from there (the view is drawn anew with it)
        if (!settled) return;
        askPart(oy, ox);
        say.replaceChildren(h("p", { class: "lv-hint" }, t("view.ct.elsewhere", { at: `[${oy}, ${ox}]` })));
        return;
      }
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
      if (pictures)
        pictures.show({ cells: terms.map((tap) => [tap.y, tap.x]), box: partBox, at: [oy - r0, ox - c0], channel: f });
    };
    // a new part redraws the view: it goes on where the learner was, once it stands there (settled)
    const was = lastAt.get(ctx.layer.name);
    const resume = was && inPart(Math.floor(was.p / cols.out), was.p % cols.out) ? was.p : r0 * cols.out + c0;
    let settled = !part;
    // on the input picture, the pixels the part of the output the page has gathers from
    const partBox = part && inputBox(rows, cols, [r0, c0], [r0 + ph - 1, c0 + pw - 1]);

    // a 2-D layer's pictures: the input pixels an output pixel gathers, marked
    const pictures =
      d.inputs[0].shape.length === 3 &&
      featureMaps(view.pictures, t, {
        input: x,
        output: { shape: [ph, pw, F], values: shown },
        onChannel: (k) => stepping.choose({ f: k }),
        onPick: ([r, cc]) => stepping.go((r0 + r) * cols.out + c0 + cc),
        origin: [r0, c0],
        part:
          part &&
          t("view.ct.part", {
            rows: `${r0}–${r0 + ph - 1}`,
            cols: `${c0}–${c0 + pw - 1}`,
            of: `${rows.out} × ${cols.out}`,
          }),
      });

    const stepping = pickAndStep(controls, steps, t, {
      filters: F,
      channels: C,
      draw,
      onStep: show,
      onPick: (chosen) => ({ f, c } = chosen),
    });
    if (part) {
      if (was && was.f < F && was.c < C) stepping.choose({ f: was.f, c: was.c });
      stepping.go(resume);
      settled = true;
      lastAt.set(ctx.layer.name, { p: resume, f, c });
    }
    return stepping.stop;
  });
}

/** [r0, c0, r1, c1]: the input pixels the outputs from `first` to `last` ([row, column]) gather from. */
function inputBox(rows, cols, first, last) {
  const taps = [first, last, [first[0], last[1]], [last[0], first[1]]]
    .flatMap(([oy, ox]) => transposeTaps(rows, cols, oy, ox))
    .filter((tap) => tap.kind === "input");
  const ys = taps.map((tap) => tap.y);
  const xs = taps.map((tap) => tap.x);
  return taps.length ? [Math.min(...ys), Math.min(...xs), Math.max(...ys), Math.max(...xs)] : null;
}
