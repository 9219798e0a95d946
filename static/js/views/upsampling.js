/** UpSampling1D/2D: every output cell is a copy of one input cell (nearest) or a blend (bilinear). */
import { maxAbsDiff, tuple } from "../tensor.js";
import { upsampleSources } from "../math/resize.js";
import { formula, picker } from "./controls.js";
import { frame } from "./frame.js";
import { h } from "../dom.js";
import { formatShape } from "../format.js";
import { limitOf } from "../colours.js";
import { drawGrid, panel } from "../grid.js";
import { featureMaps } from "./feature_maps.js";

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.upsampling.intro", (view, d) => {
    const x = d.inputs[0];
    const y = d.outputs[0];
    const twoD = x.shape.length === 3;
    const [sh, sw] = twoD ? tuple(d.args.size, 2) : [Number(d.args.size), 1];
    const interpolation = d.args.interpolation;
    const [H, W] = x.shape;
    const C = twoD ? x.shape[2] : 1;
    const limit = limitOf(x.values, y.values);
    const { controls, panels } = view;
    view.legend(limit);
    view.hint(t("view.upsampling.hint"));
    const explain = h("div");
    view.explain.append(explain);

    // In 1-D the grid is (steps × channels) and only rows are enlarged; in 2-D it is one channel.
    const inAt = (r, c, ch) => (twoD ? x.values[(r * W + c) * C + ch] : x.values[r * W + c]);
    const outAt = (r, c, ch) => (twoD ? y.values[(r * W * sw + c) * C + ch] : y.values[r * W + c]);
    const sources = (r, c) => {
      const rows = upsampleSources(r, sh, H, interpolation);
      const cols = sw === 1 && !twoD ? [{ index: c, weight: 1 }] : upsampleSources(c, sw, W, interpolation);
      return rows.flatMap((a) => cols.map((b) => ({ r: a.index, c: b.index, weight: a.weight * b.weight })));
    };
    const computed = [];
    for (let r = 0; r < H * sh; r++) {
      for (let c = 0; c < W * sw; c++) {
        for (let ch = 0; ch < C; ch++)
          computed.push(sources(r, c).reduce((s, p) => s + p.weight * inAt(p.r, p.c, ch), 0));
      }
    }
    view.badge(maxAbsDiff(computed, y.values));

    let channel = 0;
    let grids = null;
    const draw = () => {
      panels.replaceChildren();
      const inBody = panel(panels, t("view.input"), formatShape(x.shape));
      panels.append(h("span", { class: "lv-op" }, `→ ×${sh}${twoD ? ` × ${sw}` : ""}`));
      const outBody = panel(panels, t("view.output"), formatShape(y.shape));
      const common = { t, limit, maxRows: 16, maxCols: 16 };
      const input = drawGrid(inBody, {
        ...common,
        rows: H,
        cols: W,
        value: (r, c) => inAt(r, c, channel),
        label: t("view.input"),
        name: (r, c) => (twoD ? `[${r}, ${c}, ${channel}]` : `[${r}, ${c}]`),
        onPoint: (r, c) => pointInput(r, c),
        onLeave: clear,
      });
      const output = drawGrid(outBody, {
        ...common,
        rows: H * sh,
        cols: W * sw,
        value: (r, c) => outAt(r, c, channel),
        label: t("view.output"),
        name: (r, c) => (twoD ? `[${r}, ${c}, ${channel}]` : `[${r}, ${c}]`),
        classes: (r, c) => [r % sh === sh - 1 ? "lv-edge-b" : "", c % sw === sw - 1 ? "lv-edge-r" : ""].filter(Boolean),
        onPoint: (r, c) => pointOutput(r, c),
        onLeave: clear,
      });
      grids = { input, output };
    };
    // in 2-D, the pictures: an output pixel pointed at marks the input pixels it comes from
    const pictures =
      twoD &&
      featureMaps(view.pictures, t, {
        input: x,
        output: y,
        onChannel: (k) => {
          channel = k;
          if (channelPicker) channelPicker.value = String(k);
          draw();
          pictures.show({ channel });
        },
        onPick: ([r, c]) => pointOutput(r, c),
      });
    const clear = () => {
      grids.input.clear("is-lit");
      grids.output.clear("is-lit");
      grids.output.clear("is-echo");
    };
    const say = (parts) => {
      explain.replaceChildren();
      formula(explain, parts);
    };
    const pointOutput = (r, c) => {
      clear();
      const from = sources(r, c);
      if (pictures) pictures.show({ cells: from.map((p) => [p.r, p.c]), at: [r, c], channel });
      grids.output.mark([[r, c]], "is-lit");
      grids.input.mark(
        from.map((p) => [p.r, p.c]),
        "is-lit",
      );
      if (from.length === 1) {
        const block = [];
        for (let a = from[0].r * sh; a < (from[0].r + 1) * sh; a++) {
          for (let b = from[0].c * sw; b < (from[0].c + 1) * sw; b++) block.push([a, b]);
        }
        if (interpolation === "nearest") grids.output.mark(block, "is-echo");
        say([
          t("view.upsampling.copy", { out: `[${r}, ${c}]`, src: `[${from[0].r}, ${from[0].c}]` }),
          " = ",
          { v: inAt(from[0].r, from[0].c, channel) },
        ]);
      } else {
        const parts = [t("view.upsampling.blend", { out: `[${r}, ${c}]` }), " = "];
        from.forEach((p, k) => parts.push(k ? " + " : "", { v: p.weight }, " × ", { v: inAt(p.r, p.c, channel) }));
        say(parts.concat(" = ", { v: outAt(r, c, channel) }));
      }
    };
    const pointInput = (r, c) => {
      clear();
      grids.input.mark([[r, c]], "is-lit");
      const block = [];
      for (let a = r * sh; a < (r + 1) * sh; a++) for (let b = c * sw; b < (c + 1) * sw; b++) block.push([a, b]);
      grids.output.mark(block, "is-echo");
      say([t("view.upsampling.copies", { src: `[${r}, ${c}]`, n: sh * sw })]);
    };
    let channelPicker = null;
    if (twoD) {
      channelPicker = picker(controls, {
        label: t("view.channelPick"),
        count: C,
        name: (k) => t("view.channel", { c: k }),
        onChange: (k) => {
          channel = k;
          draw();
          if (pictures) pictures.show({ channel });
        },
      });
    }
    draw();
    if (pictures) pictures.show({ channel });
  });
}
