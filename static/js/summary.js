// The Keras-style summary: layer (type), output shape, params, connected to — with each layer's
// parameter and shape formulas under its row, the totals, and Keras's own text on request. A long summary
// (DenseNet121: 429 layers) scrolls in a box of its own under a header that stays.

import { clear, h } from "./dom.js";
import { formatShape } from "./format.js";
import { language } from "./i18n.js";
import { formatCount, localizeFormula } from "./numbers.js";

/** Summaries with more rows than this scroll in their own box. */
export const LONG_SUMMARY = 60;
const drawn = new WeakMap();

export function renderSummary(root, summary, { t, onSelect, selected }) {
  const before = drawn.get(root);
  if (before?.summary === summary && before.lang === language()) return markSelected(root, selected, { reveal: true });
  drawn.set(root, { summary, lang: language() });
  clear(root);
  const table = h(
    "table",
    { class: "summary-table" },
    h("caption", { class: "visually-hidden" }, t("summary.caption", { name: summary.name })),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, t("summary.layer")),
        h("th", { scope: "col" }, t("summary.output_shape")),
        h("th", { scope: "col", class: "num" }, t("summary.params")),
        h("th", { scope: "col" }, t("summary.connected")),
      ),
    ),
  );
  const long = summary.layers.length > LONG_SUMMARY;
  const body = table.appendChild(h("tbody"));
  const rows = (row) => rowsOf(row, { t, onSelect });
  for (const row of long ? summary.layers.slice(0, LONG_SUMMARY) : summary.layers) body.append(...rows(row));
  if (long) {
    // the first rows are painted first; the rest follow in the next task (DenseNet121: 429 rows)
    requestAnimationFrame(() =>
      setTimeout(() => {
        const now = drawn.get(root);
        if (now?.summary !== summary) return;
        body.append(...summary.layers.slice(LONG_SUMMARY).flatMap(rows));
        markSelected(root, now.selected);
      }),
    );
  }
  root.appendChild(
    h("div", { class: long ? "table-scroll long-summary" : "table-scroll", tabindex: long ? "0" : null }, table),
  );
  markSelected(root, selected);
  root.appendChild(
    h(
      "dl",
      { class: "totals" },
      h(
        "div",
        {},
        h("dt", {}, t("summary.total")),
        h("dd", { id: "total-params" }, formatCount(summary.total_params, language())),
      ),
      h("div", {}, h("dt", {}, t("summary.trainable")), h("dd", {}, formatCount(summary.trainable_params, language()))),
      h(
        "div",
        {},
        h("dt", {}, t("summary.non_trainable")),
        h("dd", {}, formatCount(summary.non_trainable_params, language())),
      ),
    ),
  );
  root.appendChild(
    h(
      "details",
      { class: "keras-text" },
      h("summary", {}, t("summary.keras_text")),
      h("pre", { class: "code", tabindex: "0" }, summary.text),
    ),
  );
}

/** A layer's two rows: name (type), shapes, params, inputs; then its formulas. */
function rowsOf(row, { t, onSelect }) {
  const shapes = Array.isArray(row.output_shape[0]) ? row.output_shape : [row.output_shape];
  const nameButton = h(
    "button",
    { type: "button", class: "link", onclick: () => onSelect(row.name), title: t("summary.show_view") },
    row.name,
  );
  return [
    h(
      "tr",
      { class: "main-row", dataset: { layer: row.name } },
      h("td", {}, nameButton, h("span", { class: "type" }, ` (${row.type})`)),
      h(
        "td",
        { class: "shape", dataset: { label: t("summary.output_shape") } },
        shapes.map((s) => h("div", {}, formatShape(s))),
      ),
      h("td", { class: "num params", dataset: { label: t("summary.params") } }, formatCount(row.params, language())),
      h(
        "td",
        { class: "connected", dataset: { label: t("summary.connected") } },
        row.inputs.length ? row.inputs.map((i) => h("div", {}, i)) : "—",
      ),
    ),
    h(
      "tr",
      { class: "formula-row", dataset: { layer: row.name } },
      h(
        "td",
        { colspan: "4" },
        h(
          "span",
          { class: "formula" },
          h("span", { class: "formula-label" }, t("summary.param_formula")),
          " ",
          h("code", {}, localizeFormula(row.param_formula, language())),
        ),
        h(
          "span",
          { class: "formula" },
          h("span", { class: "formula-label" }, t("summary.shape_formula")),
          " ",
          h("code", {}, localizeFormula(row.shape_formula, language())),
        ),
      ),
    ),
  ];
}

/** Mark the selected layer's row; a newly selected one is scrolled into a long summary's box (the page stays). */
function markSelected(root, selected, { reveal = false } = {}) {
  drawn.get(root).selected = selected;
  for (const row of root.querySelectorAll("tr.selected")) row.classList.remove("selected");
  const row = selected ? root.querySelector(`tr.main-row[data-layer="${CSS.escape(selected)}"]`) : null;
  if (!row) return;
  row.classList.add("selected");
  const box = row.closest(".long-summary");
  if (!box || !reveal) return;
  const top = row.offsetTop;
  if (top < box.scrollTop + 40 || top > box.scrollTop + box.clientHeight - 60)
    box.scrollTop = top - box.clientHeight / 3;
}
