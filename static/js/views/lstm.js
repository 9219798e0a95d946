/**
 * LSTM step by step: the gates i, f, g, o, the cell state c and the hidden state h, computed here
 * from the layer's real weights and checked against what Keras returned. When the learner typed a sentence
 * (ctx.words), each step is named by the word it reads.
 */
import { GATES, lstmOutputs, lstmRun } from "../math/lstm.js";
import { maxAbsDiff, toNested } from "../tensor.js";
import { formula, picker, stepper } from "./controls.js";
import { frame } from "./frame.js";
import { h } from "../dom.js";
import { formatShape } from "../format.js";
import { limitOf } from "../colours.js";
import { drawGrid, panel } from "../grid.js";

const ROWS = [...GATES, "c", "h"];

/** W, U and b in a closed <details>, columns named by gate and unit (i0 i1 … o1) in Keras's order. */
function weightsPanel(host, t, weights, units) {
  const box = h("details", { class: "lv-weights" });
  box.append(h("summary", {}, t("view.lstm.weights")));
  const panels = h("div", { class: "lv-panels" });
  box.append(panels);
  const colLabels = GATES.flatMap((g) => Array.from({ length: units }, (_, u) => `${g}${u}`));
  for (const [name, label] of [
    ["kernel", "W"],
    ["recurrent_kernel", "U"],
    ["bias", "b"],
  ]) {
    const w = weights[name];
    if (!w) continue;
    const [rows, cols] = w.shape.length === 2 ? w.shape : [1, w.shape[0]];
    drawGrid(panel(panels, `${label} · ${name}`, formatShape(w.shape)), {
      t,
      rows,
      cols,
      limit: limitOf(w.values),
      colLabels,
      value: (r, c) => w.values[r * cols + c],
      name: (r, c) => (rows > 1 ? `${name}[${r}, ${c}]` : `${name}[${c}]`),
    });
  }
  host.append(box);
}

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.lstm.intro", (view, d) => {
    const x = d.inputs[0];
    const [T, features] = x.shape;
    const { kernel, recurrent_kernel: recurrent, bias = null } = d.weights;
    const units = recurrent.shape[0];
    const args = d.args;
    const activation = args.activation;
    const recurrentActivation = args.recurrent_activation;
    const returnSequences = Boolean(args.return_sequences);
    const returnState = Boolean(args.return_state);
    const run = lstmRun({
      sequence: toNested(x),
      kernel,
      recurrent,
      bias,
      units,
      activation,
      recurrentActivation,
      goBackwards: Boolean(args.go_backwards),
    });
    const mine = lstmOutputs(run, { returnSequences, returnState }).map((o) => o.flat());
    const diff =
      mine.length === d.outputs.length ? Math.max(...mine.map((m, k) => maxAbsDiff(m, d.outputs[k].values))) : Infinity;

    const { controls, steps, panels, explain } = view;
    const returned = h("div", { class: "lv-returns" });
    view.after.append(returned);
    view.legend(1);
    view.badge(diff);

    const limitX = limitOf(x.values);
    const words = ctx.words && d.b === 0 && ctx.words.length === T ? ctx.words : null;
    const stepLabel = (r) => (words?.[r] ? `t=${r} ${words[r].word}` : `t=${r}`);
    const sequence = drawGrid(panel(panels, t("view.lstm.sequence"), formatShape(x.shape)), {
      t,
      rows: T,
      cols: features,
      limit: limitX,
      value: (r, c) => x.values[r * features + c],
      rowLabels: Array.from({ length: T }, (_, r) => stepLabel(r)),
      name: (r, c) => `x[${r}, ${c}]`,
      label: t("view.lstm.sequence"),
      onPick: (r) => control.go(run.steps.findIndex((s) => s.t === r)),
    });
    // where Keras returned the number (h at every step, the last h and c), the grid shows Keras's own float32;
    // the rest (and the gates) is the page's step-by-step LSTM, which the badge checks against Keras
    const kept = (k) => (d.outputs[k] && d.outputs[k].values.length ? d.outputs[k].values : null);
    const last = T - 1;
    const kerasAt = (key, r, u) => {
      if (args.go_backwards) return undefined;
      if (key === "h" && returnSequences && kept(0)?.length === T * units) return kept(0)[r * units + u];
      if (r !== last) return undefined;
      if (key === "h" && !returnSequences && kept(0)?.length === units) return kept(0)[u];
      if (key === "c" && returnState && kept(2)?.length === units) return kept(2)[u];
      return undefined;
    };
    let unit = 0;
    const gateBody = panel(panels, t("view.lstm.step"), t("view.lstm.units", { n: units }));
    let gates = null;
    const history = (key) =>
      drawGrid(panel(panels, t(`view.lstm.history.${key}`), `(${T}, ${units})`), {
        t,
        rows: T,
        cols: units,
        limit: 1,
        value: (r, u) => kerasAt(key, r, u) ?? run.steps[r][key][u],
        rowLabels: run.steps.map((s) => stepLabel(s.t)),
        name: (r, u) => `${key}[${r}, ${u}]`,
        label: t(`view.lstm.history.${key}`),
        onPick: (r) => control.go(r),
      });
    const hGrid = history("h");
    const cGrid = history("c");
    const mark = (grid, rowsList, cls) =>
      grid.mark(
        rowsList.flatMap((r) => Array.from({ length: units }, (_, u) => [r, u])),
        cls,
      );
    mark(hGrid, returnSequences ? run.steps.map((_, r) => r) : [T - 1], "is-returned");
    if (returnState) mark(cGrid, [T - 1], "is-returned");

    const names = [
      t("view.lstm.out.output", { what: t(returnSequences ? "view.lstm.out.every" : "view.lstm.out.last") }),
    ];
    if (returnState) names.push(t("view.lstm.out.h"), t("view.lstm.out.c"));
    const list = h("ol", { class: "lv-return-list" });
    list.start = 0;
    names.forEach((name, k) => {
      const item = h("li", {}, name);
      if (d.outputs[k]) item.append(" ", h("span", { class: "lv-shape" }, formatShape(ctx.layer.outputs[k].shape)));
      list.append(item);
    });
    returned.append(h("h4", { class: "lv-panel-title" }, t("view.lstm.returns")), list);
    weightsPanel(view.after, t, d.weights, units);

    const fmt = { i: recurrentActivation, f: recurrentActivation, g: activation, o: recurrentActivation };
    const explainStep = (k) => {
      const s = run.steps[k];
      const u = unit;
      explain.replaceChildren(h("p", { class: "lv-hint" }, t("view.lstm.unitHint", { u })));
      GATES.forEach((g, gi) =>
        formula(explain, [
          `${g} = ${fmt[g]}(x·W${g} + h_prev·U${g}${bias ? ` + b${g}` : ""}) = ${fmt[g]}(`,
          { v: s.z[gi * units + u] },
          ") = ",
          { v: s[g][u], cls: "is-result" },
          ` — ${t(`view.lstm.gate.${g}`)}`,
        ]),
      );
      formula(explain, [
        "c = f · c_prev + i · g = ",
        { v: s.f[u] },
        " × ",
        { v: s.cPrev[u] },
        " + ",
        { v: s.i[u] },
        " × ",
        { v: s.g[u] },
        " = ",
        { v: s.c[u], cls: "is-result" },
      ]);
      formula(explain, [
        `h = o · ${activation}(c) = `,
        { v: s.o[u] },
        ` × ${activation}(`,
        { v: s.c[u] },
        ") = ",
        { v: s.h[u], cls: "is-result" },
      ]);
    };
    const show = (k) => {
      const s = run.steps[k];
      sequence.markOnly(
        Array.from({ length: features }, (_, c) => [s.t, c]),
        "is-current",
      );
      for (const grid of [hGrid, cGrid]) {
        grid.clear("is-pending");
        for (let r = k + 1; r < T; r++) for (let u = 0; u < units; u++) grid.mark([[r, u]], "is-pending");
        grid.markOnly(
          Array.from({ length: units }, (_, u) => [k, u]),
          "is-current",
        );
      }
      gateBody.replaceChildren();
      gates = drawGrid(gateBody, {
        t,
        rows: ROWS.length,
        cols: units,
        limit: 1,
        value: (r, u) => s[ROWS[r]][u],
        rowLabels: ROWS,
        colLabels: Array.from({ length: units }, (_, u) => `u${u}`),
        name: (r, u) => `${ROWS[r]}[${u}]`,
        label: t("view.lstm.step"),
        onPoint: (r, u) => {
          unit = u;
          if (unitPicker) unitPicker.value = String(u);
          explainStep(k);
          gates.markOnly(
            ROWS.map((_, rr) => [rr, u]),
            "is-lit",
          );
        },
      });
      gates.mark(
        ROWS.map((_, r) => [r, unit]),
        "is-lit",
      );
      explainStep(k);
    };
    const unitPicker = picker(controls, {
      label: t("view.lstm.unit"),
      count: units,
      name: (u) => `u${u}`,
      onChange: (u) => {
        unit = u;
        show(control.index());
      },
    });
    const control = stepper(steps, {
      count: T,
      t,
      describe: (k) => {
        const at = t("view.lstm.stepOf", { n: k + 1, total: T, t: run.steps[k].t });
        const word = words?.[run.steps[k].t];
        return word ? `${at} ${t("words.reads", { word: word.word })}` : at;
      },
      onStep: show,
    });
    return () => control.stop();
  });
}
