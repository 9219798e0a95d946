/**
 * Embedding: each index picks one row of the matrix; the output is those rows, in order. When the learner typed
 * a sentence (ctx.words, from words.js: one {word, index, known} per place, null past the sentence), each index
 * is named by its word, and each row by the word that picks it.
 */
import { lookup } from "../math/linear.js";
import { maxAbsDiff } from "../tensor.js";

import { frame } from "./frame.js";
import { h } from "../dom.js";
import { formatShape } from "../format.js";
import { limitOf, sequentialColour } from "../colours.js";
import { MAX_SIDE, drawGrid, panel } from "../grid.js";

export function render(root, ctx) {
  const { t } = ctx;
  return frame(root, ctx, "view.embedding.intro", (view, d) => {
    const indices = Array.from(d.inputs[0].values, Math.round);
    const matrix = d.weights.embeddings;
    const [V, D] = matrix.shape;
    const out = lookup(indices, matrix);
    const limit = limitOf(matrix.values);
    const { controls, panels } = view;
    view.legend(limit);
    view.badge(maxAbsDiff(out.values, d.outputs[0].values));
    // A big vocabulary shows only the rows the input uses.
    const shown =
      V <= MAX_SIDE.view ? Array.from({ length: V }, (_, v) => v) : [...new Set(indices)].sort((a, b) => a - b);
    if (shown.length < V)
      controls.append(h("p", { class: "lv-note" }, t("view.embedding.used", { n: shown.length, all: V })));
    const row = (n) => Array.from({ length: D }, (_, k) => [n, k]);
    const words = ctx.words && d.b === 0 ? ctx.words : null;
    const wordAt = (n) => (words?.[n] ? (words[n].known ? words[n].word : `${words[n].word} ?`) : "");
    const wordOfRow = (v) => {
      const n = indices.indexOf(v);
      return words?.[n] ? (words[n].known ? words[n].word : t("words.unknown")) : "";
    };
    const point = (n) => {
      idx.markOnly([[0, n]], "is-lit");
      mat.markOnly(row(shown.indexOf(indices[n])), "is-lit");
      res.markOnly(row(n), "is-lit");
    };
    const idx = drawGrid(panel(panels, t("view.embedding.indices"), formatShape(d.inputs[0].shape)), {
      t,
      rows: 1,
      cols: indices.length,
      value: (_, n) => indices[n],
      colour: (_, n) => sequentialColour(indices[n], V),
      name: (_, n) => `x[${n}]`,
      colLabels: words ? indices.map((_, n) => wordAt(n)) : undefined,
      label: t("view.embedding.indices"),
      onPoint: (_, n) => point(n),
    });
    const mat = drawGrid(panel(panels, t("view.embedding.matrix"), formatShape(matrix.shape)), {
      t,
      rows: shown.length,
      cols: D,
      limit,
      value: (r, k) => matrix.values[shown[r] * D + k],
      rowLabels: shown.map((v) => (words && wordOfRow(v) ? `${v} ${wordOfRow(v)}` : String(v))),
      name: (r, k) => `E[${shown[r]}, ${k}]`,
      label: t("view.embedding.matrix"),
      onPoint: (r) => {
        const uses = indices.flatMap((v, n) => (v === shown[r] ? [n] : []));
        mat.markOnly(row(r), "is-lit");
        idx.markOnly(
          uses.map((n) => [0, n]),
          "is-lit",
        );
        res.markOnly(uses.flatMap(row), "is-lit");
      },
    });
    const res = drawGrid(panel(panels, t("view.output"), formatShape(d.outputs[0].shape)), {
      t,
      rows: indices.length,
      cols: D,
      limit,
      value: (n, k) => out.values[n * D + k],
      rowLabels: indices.map((v, n) => (wordAt(n) ? `${wordAt(n)} →${v}` : `→${v}`)),
      name: (n, k) => `y[${n}, ${k}]`,
      label: t("view.output"),
      onPoint: (n) => point(n),
    });
    point(0);
  });
}
