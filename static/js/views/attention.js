/**
 * MultiHeadAttention and Attention step by step, query step by query step: the projections of one head, the
 * scores Q·Kᵀ/√d, the softmax weights (masked places hatched and 0), the weighted sum of the values, and for
 * MultiHeadAttention the heads joined and projected to the output. The arithmetic is math/attention.js, on the
 * layer's real weights; the weights shown are Keras's own when the layer returns them (return_attention_scores),
 * the output always; the badge checks the rest against Keras.
 */
import { dotAttention, multiHeadAttention } from "../math/attention.js";
import { maxAbsDiff, toNested } from "../tensor.js";
import { formula, picker, stepper } from "./controls.js";
import { frame } from "./frame.js";
import { h } from "../dom.js";
import { formatShape } from "../format.js";
import { divergingColour, limitOf } from "../colours.js";
import { drawGrid, drawTensor, panel } from "../grid.js";

const MAX_TERMS = 8;
const range = (n) => Array.from({ length: n }, (_, i) => i);

/** One sample's mask of each input (0/1 per step) from ctx.masks (batch, steps) or null. */
function masksOf(ctx, b) {
  return (ctx.masks ?? []).map((m) => (m ? m[Math.min(b, m.length - 1)] : null));
}

/** Everything the view draws, for MultiHeadAttention or Attention, as [head][…] (Attention: one head). */
function run(ctx, d) {
  const [query, value, key] = d.inputs.map(toNested);
  const args = d.args;
  const causal = Boolean(args.use_causal_mask);
  const [queryMask = null, valueMask = null, keyMask = null] = masksOf(ctx, d.b);
  const returned = Boolean(args.return_attention_scores);
  if (ctx.layer.type === "MultiHeadAttention") {
    const fused = !returned && !(args.dropout > 0);
    const r = multiHeadAttention({
      query,
      value,
      key,
      weights: d.weights,
      causal,
      queryMask,
      valueMask,
      keyMask,
      fused,
    });
    return { ...r, multi: true, query, value, key: key ?? value, queryMask, valueMask, keyMask };
  }
  const scale = d.weights.scale ? d.weights.scale.values[0] : null;
  const concatWeight = d.weights.concat_score_weight ? d.weights.concat_score_weight.values[0] : null;
  const r = dotAttention({
    query,
    value,
    key,
    scale,
    scoreMode: args.score_mode,
    concatWeight,
    causal,
    queryMask,
    valueMask,
  });
  return {
    multi: false,
    heads: 1,
    keyDim: query[0].length,
    q: [query],
    k: [key ?? value],
    v: [value],
    mask: r.mask,
    scores: [r.scores],
    weights: [r.weights],
    context: [r.output],
    output: r.output,
    scale,
    concatWeight,
    query,
    value,
    key: key ?? value,
    queryMask,
    valueMask,
  };
}

/** The largest difference from what Keras returned: the output, and the weights when Keras returned them. */
function differenceFromKeras(r, d) {
  const mine = [r.output.flat()];
  if (d.outputs[1]) mine.push(r.multi ? r.weights.flat(2) : r.weights.flat());
  if (mine.some((m, k) => !d.outputs[k] || m.length !== d.outputs[k].values.length)) return Infinity;
  return Math.max(...mine.map((m, k) => maxAbsDiff(m, d.outputs[k].values)));
}

/** The projection kernels and biases in a closed <details>. */
function weightsPanel(host, t, weights) {
  const names = Object.keys(weights);
  if (!names.length) return;
  const box = h("details", { class: "lv-weights" });
  box.append(h("summary", {}, t("attention.layerWeights")));
  const panels = h("div", { class: "lv-panels" });
  box.append(panels);
  for (const name of names) drawTensor(panels, weights[name], name, { t, mode: "sample" });
  host.append(box);
}

export function render(root, ctx) {
  const { t } = ctx;
  const intro = ctx.layer.type === "MultiHeadAttention" ? "attention.intro.multi" : "attention.intro.plain";
  return frame(root, ctx, intro, (view, d) => {
    const r = run(ctx, d);
    const T = r.query.length;
    const S = r.key.length;
    // the sentence the learner typed (words.js), when the layer attends over it: self-attention on its steps
    const selfAttention = ctx.inputs[0] === ctx.inputs[1] && !ctx.inputs[2];
    const words = ctx.words && d.b === 0 && selfAttention && ctx.words.length === T ? ctx.words : null;
    const steps = (n, prefix) =>
      range(n).map((i) => (words?.[i] ? `${prefix}=${i} ${words[i].word}` : `${prefix}=${i}`));
    const returned = Boolean(d.outputs[1]);
    const kerasWeights = returned ? toNested(d.outputs[1]) : null;
    const { controls, panels, explain } = view;
    view.legend(limitOf(d.inputs[0].values));
    view.badge(differenceFromKeras(r, d));
    const masked = (t0, s) => Boolean(r.mask && !r.mask[t0][s]);
    if (d.args.use_causal_mask) view.hint(t("attention.mask.causal"));
    if (r.queryMask || r.valueMask || r.keyMask) view.hint(t("attention.mask.padding"));
    if (r.queryMask && r.queryMask.some((m) => !m)) view.hint(t("attention.mask.paddedRow"));
    const say = h("div");
    explain.append(say);

    let head = 0;
    let row = 0;
    let column = 0;
    const body = panels;
    let grids = {};

    const inputGrid = (key, x, rowPrefix) =>
      drawGrid(panel(body, t(`attention.input.${key}`), `(${x.length}, ${x[0].length})`), {
        t,
        rows: x.length,
        cols: x[0].length,
        limit: limitOf(x.flat()),
        value: (i, j) => x[i][j],
        rowLabels: steps(x.length, rowPrefix),
        name: (i, j) => `${key}[${i}, ${j}]`,
        label: t(`attention.input.${key}`),
      });
    const matrix = (title, rows, shape, name, opts = {}) =>
      drawGrid(panel(body, title, shape), {
        t,
        rows: rows.length,
        cols: rows[0].length,
        limit: opts.limit ?? limitOf(rows.flat()),
        value: opts.value ?? ((i, j) => rows[i][j]),
        rowLabels: opts.rowLabels ?? steps(rows.length, "t"),
        colLabels: opts.colLabels ?? null,
        classes: opts.classes ?? null,
        colour: opts.colour ?? null,
        name,
        label: title,
        onPoint: opts.onPoint ?? null,
      });

    const shownWeight = (i, j) => (kerasWeights ? (r.multi ? kerasWeights[head][i][j] : kerasWeights[i][j]) : null);

    const score = t("attention.word.score");
    const weighs = t("attention.word.weight");
    const joined = t("attention.word.joined");
    const explainCell = () => {
      say.replaceChildren();
      const i = row;
      const s = column;
      const q = r.q[head][i];
      const k = r.k[head][s];
      const terms = q.slice(0, MAX_TERMS).flatMap((qd, dd) => [dd ? " + " : "", { v: qd }, " × ", { v: k[dd] }]);
      const more = q.length > MAX_TERMS ? [" + …"] : [];
      const value = r.scores[head][i][s];
      if (r.multi) {
        formula(say, [
          `${score}[${i}, ${s}] = q[${i}] · k[${s}] / √${r.keyDim} = (`,
          ...terms,
          ...more,
          ") / ",
          { v: Math.sqrt(r.keyDim) },
          " = ",
          { v: value, cls: "is-result" },
        ]);
      } else if (d.args.score_mode === "concat") {
        const tanh = q
          .slice(0, MAX_TERMS)
          .flatMap((qd, dd) => [
            dd ? " + " : "",
            "tanh(",
            ...(r.scale === null ? [] : [{ v: r.scale }, " × ("]),
            { v: qd },
            " + ",
            { v: k[dd] },
            r.scale === null ? ")" : "))",
          ]);
        formula(say, [
          `${score}[${i}, ${s}] = `,
          { v: r.concatWeight },
          " × (",
          ...tanh,
          ...more,
          ") = ",
          { v: value, cls: "is-result" },
        ]);
      } else {
        formula(say, [
          `${score}[${i}, ${s}] = q[${i}] · k[${s}]${r.scale === null ? "" : " × scale"} = `,
          ...(r.scale === null ? [] : [{ v: r.scale }, " × ("]),
          ...terms,
          ...more,
          r.scale === null ? " = " : ") = ",
          { v: value, cls: "is-result" },
        ]);
      }
      const weight = shownWeight(i, s) ?? r.weights[head][i][s];
      if (masked(i, s)) {
        formula(say, [`${weighs}[${i}, ${s}] = `, { v: weight, cls: "is-result" }, ` — ${t("attention.masked")}`]);
      } else {
        const kept = r.scores[head][i].filter((_, ss) => !masked(i, ss));
        const total = kept.reduce((a, x) => a + Math.exp(x), 0);
        formula(say, [
          `${weighs}[${i}, ${s}] = exp(${score}[${i}, ${s}]) / Σ exp(${score}[${i}, ·]) = exp(`,
          { v: value },
          ") / ",
          { v: total },
          " = ",
          { v: weight, cls: "is-result" },
        ]);
      }
      const w = r.weights[head][i];
      const v = r.v[head];
      for (let j = 0; j < Math.min(v[0].length, 3); j++) {
        const parts = w.slice(0, MAX_TERMS).flatMap((ws, ss) => [ss ? " + " : "", { v: ws }, " × ", { v: v[ss][j] }]);
        formula(say, [
          `${r.multi ? "z" : t("attention.word.output")}[${i}, ${j}] = Σ ${weighs}[${i}, s] × v[s, ${j}] = `,
          ...parts,
          ...(w.length > MAX_TERMS ? [" + …"] : []),
          " = ",
          { v: r.context[head][i][j], cls: "is-result" },
        ]);
      }
    };

    const show = () => {
      for (const grid of [
        grids.query,
        grids.q,
        grids.scores,
        grids.weights,
        grids.context,
        grids.joined,
        grids.output,
      ]) {
        if (grid) grid.markWhere((i) => i === row, "is-current");
      }
      for (const grid of [grids.k, grids.v]) if (grid) grid.markWhere((s) => s === column, "is-lit");
      grids.scores.markOnly([[row, column]], "is-lit");
      grids.weights.markOnly([[row, column]], "is-lit");
      explainCell();
    };
    const point = (i, s) => {
      column = s;
      if (i !== row) control.go(i);
      else show();
    };

    const draw = () => {
      body.replaceChildren();
      const cls = (i, s) => (masked(i, s) ? ["is-pad"] : []);
      const cols = steps(S, "s");
      const scoreLimit = limitOf(r.scores[head].flat());
      grids = { query: inputGrid("query", r.query, "t") };
      inputGrid("value", r.value, "s");
      if (d.inputs[2]) inputGrid("key", r.key, "s");
      const headName = r.multi ? t("attention.headN", { n: head }) : "";
      if (r.multi) {
        grids.q = matrix(
          t("attention.q", { head: headName }),
          r.q[head],
          `(${T}, ${r.keyDim})`,
          (i, j) => `q[${i}, ${j}]`,
        );
        grids.k = matrix(
          t("attention.k", { head: headName }),
          r.k[head],
          `(${S}, ${r.keyDim})`,
          (i, j) => `k[${i}, ${j}]`,
          {
            rowLabels: cols,
          },
        );
        grids.v = matrix(
          t("attention.v", { head: headName }),
          r.v[head],
          `(${S}, ${r.v[head][0].length})`,
          (i, j) => `v[${i}, ${j}]`,
          {
            rowLabels: cols,
          },
        );
      }
      grids.scores = matrix(
        t(r.multi ? "attention.scores.multi" : `attention.scores.${d.args.score_mode}`, { d: r.keyDim }),
        r.scores[head],
        `(${T}, ${S})`,
        (i, s) => `${score}[${i}, ${s}]`,
        {
          colLabels: cols,
          classes: cls,
          // a hidden score takes no part: no colour, so the hatching reads
          colour: (i, s, v) => (masked(i, s) ? null : divergingColour(v, scoreLimit)),
          onPoint: point,
        },
      );
      grids.weights = matrix(
        t(returned ? "attention.weights.keras" : "attention.weights.page"),
        r.weights[head],
        `(${T}, ${S})`,
        (i, s) => `${weighs}[${i}, ${s}]`,
        {
          colLabels: cols,
          classes: cls,
          limit: 1,
          value: (i, s) => shownWeight(i, s) ?? r.weights[head][i][s],
          onPoint: point,
        },
      );
      if (r.multi) {
        const vd = r.v[head][0].length;
        grids.context = matrix(
          t("attention.context", { head: headName }),
          r.context[head],
          `(${T}, ${vd})`,
          (i, j) => `z[${i}, ${j}]`,
        );
        grids.joined = matrix(
          t("attention.joined", { n: r.heads }),
          r.joined,
          `(${T}, ${r.heads * vd})`,
          (i, j) => `${joined}[${i}, ${j}]`,
          { colLabels: range(r.heads * vd).map((j) => `h${Math.floor(j / vd)}·${j % vd}`) },
        );
      }
      const out = d.outputs[0];
      const width = out.shape.slice(1).reduce((a, b) => a * b, 1);
      grids.output = drawGrid(
        panel(
          body,
          t(r.multi ? "attention.output.multi" : "attention.output.plain", { joined }),
          formatShape(out.shape),
        ),
        {
          t,
          rows: T,
          cols: width,
          limit: limitOf(out.values),
          value: (i, j) => out.values[i * width + j],
          rowLabels: steps(T, "t"),
          name: (i, j) => `output[${i}, ${j}]`,
          label: t(r.multi ? "attention.output.multi" : "attention.output.plain"),
        },
      );
      if (!r.multi) grids.context = grids.output;
      show();
    };

    picker(controls, {
      label: t("attention.head"),
      count: r.heads,
      name: (n) => t("attention.headN", { n }),
      onChange: (n) => {
        head = n;
        draw();
      },
    });
    draw();
    const control = stepper(view.steps, {
      count: T,
      t,
      describe: (i) =>
        t("attention.stepOf", { n: i + 1, total: T }) +
        (words?.[i] ? ` ${t("attention.looks", { word: words[i].word })}` : ""),
      onStep: (i) => {
        row = i;
        if (masked(i, column) && r.mask[i].includes(true)) column = r.mask[i].indexOf(true);
        show();
      },
    });
    weightsPanel(view.after, t, d.weights);
    return () => control.stop();
  });
}
