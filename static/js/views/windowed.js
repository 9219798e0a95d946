/**
 * The drawing Conv and Pooling share: the padded input with the window of the current position
 * (strides, dilation and padding visible), optionally the kernel, and the output filling in.
 */
import { maxAbsDiff } from "../tensor.js";
import { formula, pickAndStep } from "./controls.js";
import { frame } from "./frame.js";
import { h } from "../dom.js";
import { language } from "../i18n.js";
import { formatNumber } from "../numbers.js";
import { limitOf } from "../colours.js";
import { drawGrid, panel } from "../grid.js";
import { featureMaps } from "./feature_maps.js";

/**
 * plan(d) → {x: [H, W, C], rows, cols (axisWindows), geometry (windows2d), out: [oh, ow, F] computed, shown:
 * Keras's output values (what the output grid shows; null: the computed ones),
 * inShape, outShape (text), channels: pages of the input shown, filters: pages of the output,
 * linked (pooling: one picker for both), kernel?: {kh, kw, at(a, b, c, f)}, explain(oy, ox, c, f, taps) → parts,
 * picture (a 2-D layer: the input and the output channels are also drawn as pictures)}
 */
export function windowedView(root, ctx, introKey, plan) {
  const { t } = ctx;
  return frame(root, ctx, introKey, (view, d) => {
    const p = plan(d);
    const { x, rows, cols, out } = p;
    const [, W, C] = x.shape;
    const [, ow, F] = out.shape;
    const limit = limitOf(x.values, d.outputs[0].values);
    const { controls, steps, panels, explain } = view;
    view.legend(limit);
    view.badge(
      out.values.length === d.outputs[0].values.length ? maxAbsDiff(out.values, d.outputs[0].values) : Infinity,
    );
    const geometryNote = h(
      "p",
      { class: "lv-hint" },
      t("view.win.geometry", {
        k: `${rows.kernel} × ${cols.kernel}`,
        s: `${rows.stride} × ${cols.stride}`,
        d: `${rows.dilation} × ${cols.dilation}`,
        padding: rows.padding,
        pad: `${rows.before}/${rows.after} × ${cols.before}/${cols.after}`,
      }),
    );
    const say = h("div");
    explain.append(geometryNote, say);

    let c = 0;
    let f = 0;
    let grids = null;
    const shownRows = rows.before + rows.length + rows.after;
    const shownCols = cols.before + cols.length + cols.after;
    const inside = (r, cc) =>
      r >= rows.before && r < rows.before + rows.length && cc >= cols.before && cc < cols.before + cols.length;
    const inAt = (r, cc) => (inside(r, cc) ? x.values[((r - rows.before) * W + (cc - cols.before)) * C + c] : 0);

    const draw = () => {
      panels.replaceChildren();
      const inBody = panel(
        panels,
        t(rows.before + rows.after + cols.before + cols.after ? "view.win.padded" : "view.input"),
        p.inShape,
      );
      const input = drawGrid(inBody, {
        t,
        rows: shownRows,
        cols: shownCols,
        limit,
        value: inAt,
        label: t("view.input"),
        classes: (r, cc) => (inside(r, cc) ? [] : ["is-pad"]),
        name: (r, cc) =>
          inside(r, cc) ? p.name(r - rows.before, cc - cols.before, c) : t("view.ct.cell.pad", { at: "" }),
      });
      const kernel =
        p.kernel &&
        drawGrid(panel(panels, t("view.win.kernel"), `${p.kernel.kh} × ${p.kernel.kw}`), {
          t,
          rows: p.kernel.kh,
          cols: p.kernel.kw,
          limit: p.kernel.limit,
          value: (a, b) => p.kernel.at(a, b, c, f),
          name: (a, b) => p.kernel.name(a, b, c, f),
          label: t("view.win.kernel"),
        });
      const output = drawGrid(panel(panels, t("view.output"), p.outShape), {
        t,
        rows: out.shape[0],
        cols: ow,
        limit,
        value: (r, cc) => (p.shown ?? out.values)[(r * ow + cc) * F + f],
        name: (r, cc) => p.outName(r, cc, f),
        label: t("view.output"),
        onPick: (r, cc) => stepping.go(r * output.allCols + cc),
      });
      grids = { input, kernel, output };
      return output;
    };
    const show = (q) => {
      const width = grids.output.allCols;
      const [oy, ox] = [Math.floor(q / width), q % width];
      const taps = p.geometry.taps(oy, ox);
      const at = (tap) => [oy * rows.stride + tap.ky * rows.dilation, ox * cols.stride + tap.kx * cols.dilation];
      // the window and the output cell stay in sight, however big the grids and narrow the screen
      for (const tap of [taps[taps.length - 1], taps[0]]) if (tap) grids.input.reveal(...at(tap));
      grids.output.reveal(oy, ox);
      grids.input.markOnly(taps.map(at), "is-window");
      grids.input.clearLabels();
      if (p.kernel)
        for (const tap of taps)
          grids.input.label(...at(tap), `×${formatNumber(p.kernel.at(tap.ky, tap.kx, c, f), language())}`);
      grids.input.markOnly(p.chosen ? p.chosen(taps, c).map(at) : [], "is-chosen");
      grids.output.markWhere((r, cc) => r * width + cc > q, "is-pending");
      grids.output.markOnly([[oy, ox]], "is-current");
      say.replaceChildren();
      formula(say, p.explain(oy, ox, c, f, taps));
      if (pictures) {
        const pixel = (tap) => [at(tap)[0] - rows.before, at(tap)[1] - cols.before];
        const seen = taps.filter((tap) => tap.inside).map(pixel);
        pictures.show({
          cells: seen,
          box: [...pixel(taps[0]), ...pixel(taps[taps.length - 1])],
          at: [oy, ox],
          channel: f,
        });
      }
    };
    const pictures =
      p.picture &&
      featureMaps(view.pictures, t, {
        input: x,
        output: { shape: out.shape, values: p.shown ?? out.values },
        onChannel: (k) => stepping.choose({ f: k }),
        onPick: ([r, cc]) => stepping.go(r * ow + cc),
      });
    const stepping = pickAndStep(controls, steps, t, {
      filters: F,
      channels: C,
      linked: p.linked,
      draw,
      onStep: show,
      onPick: (chosen) => ({ f, c } = chosen),
    });
    return stepping.stop;
  });
}
