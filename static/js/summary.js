// The Keras-style summary: layer (type), output shape, params, connected to — with each layer's
// parameter and shape formulas under its row, the totals, and Keras's own text on request.

import { clear, h } from "./dom.js";
import { formatShape } from "./format.js";
import { language } from "./i18n.js";
import { formatCount, localizeFormula } from "./numbers.js";

export function renderSummary(root, summary, { t, onSelect, selected }) {
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
  const body = h("tbody");
  for (const row of summary.layers) {
    const shapes = Array.isArray(row.output_shape[0]) ? row.output_shape : [row.output_shape];
    const nameButton = h(
      "button",
      { type: "button", class: "link", onclick: () => onSelect(row.name), title: t("summary.show_view") },
      row.name,
    );
    body.appendChild(
      h(
        "tr",
        { class: row.name === selected ? "main-row selected" : "main-row", dataset: { layer: row.name } },
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
    );
    body.appendChild(
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
    );
  }
  table.appendChild(body);
  root.appendChild(h("div", { class: "table-scroll" }, table));
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
