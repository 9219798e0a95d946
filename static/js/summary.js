// The Keras-style summary: layer (type), output shape, params, connected to — with each layer's
// parameter and shape formulas under its row, the totals, and Keras's own text on request. A long summary
// (DenseNet121: 429 layers, 858 rows) scrolls in a box of its own under a header that stays, with only the rows in
// sight (and a screen's worth around them) in the page: a field above it finds layers by name or type, since the
// browser's own search sees only the rows drawn. Printing draws every row.

import { clear, h } from "./dom.js";
import { formatShape, shapesOf } from "./format.js";
import { language } from "./i18n.js";
import { formatCount, localizeFormula } from "./numbers.js";

/** Summaries with more layers than this scroll in their own box, drawing the rows in sight. */
export const LONG_SUMMARY = 60;
/** Pixels of rows drawn above and below what the box shows, so a quick scroll does not show them blank. */
const AROUND = 800;
const drawn = new WeakMap();

/** host: {t, onSelect, selected, decorate?}; decorate(row, [main, formulas]) is called for each layer's rows made. */
export function renderSummary(root, summary, host) {
  const { t, selected } = host;
  const before = drawn.get(root);
  if (before?.summary === summary && before.lang === language()) return markSelected(root, selected, { reveal: true });
  if (before?.rows) live.delete(before.rows); // replaced: nothing to print of it any more
  clear(root);
  const long = summary.layers.length > LONG_SUMMARY;
  const now = { summary, lang: language(), selected, rows: null };
  drawn.set(root, now);
  const table = h(
    "table",
    { class: "summary-table" },
    h("caption", { class: "visually-hidden" }, t("summary.caption", { name: summary.name })),
    h("thead", {}, h("tr", {}, ...heads(summary, { t, long }))),
  );
  const body = table.appendChild(h("tbody"));
  const made = new Map();
  const rowsOf = (row) => {
    if (!made.has(row.name)) {
      const rows = layerRows(row, host);
      host.decorate?.(row, rows);
      made.set(row.name, rows);
    }
    return made.get(row.name);
  };
  const box = h(
    "div",
    { class: long ? "table-scroll long-summary" : "table-scroll", tabindex: long ? "0" : null },
    table,
  );
  if (long) {
    root.append(findField(summary, { t, onFind: (layers) => now.rows.show(layers) }));
    now.rows = windowed(box, body, summary.layers, rowsOf, () => now.selected);
  } else body.append(...summary.layers.flatMap(rowsOf));
  root.append(box);
  if (long) now.rows.show(summary.layers);
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

/** The column heads; a long summary's also hold its widest texts, unseen, so the columns keep their widths
 * whichever rows are drawn. */
function heads(summary, { t, long }) {
  const sizes = long && widestTexts(summary.layers);
  const sizer = (k) => sizes && h("div", { class: "column-sizer", "aria-hidden": "true" }, ...sizes[k]);
  return [
    h("th", { scope: "col" }, t("summary.layer"), sizer(0)),
    h("th", { scope: "col" }, t("summary.output_shape"), sizer(1)),
    h("th", { scope: "col", class: "num" }, t("summary.params"), sizer(2)),
    h("th", { scope: "col" }, t("summary.connected"), sizer(3)),
  ];
}

/** Each column's widest texts, as its cells write them. A layer's name and type are in two fonts, so the first
 * column has a few of the longest of each, and of both together; in the others one font counts every letter alike. */
function widestTexts(layers) {
  const widest = (texts) => texts.reduce((a, b) => (b.length > a.length ? b : a), "");
  const longest = (size) => [...layers].sort((a, b) => size(b) - size(a)).slice(0, 6);
  const named = new Set([
    ...longest((r) => r.name.length + r.type.length),
    ...longest((r) => r.name.length),
    ...longest((r) => r.type.length),
  ]);
  return [
    [...named].map((r) =>
      h(
        "div",
        {},
        h("button", { type: "button", class: "link", tabindex: "-1" }, r.name),
        h("span", { class: "type" }, ` (${r.type})`),
      ),
    ),
    [h("span", { class: "shape" }, widest(layers.flatMap((r) => shapesOf(r).map(formatShape))))],
    [h("span", { class: "params" }, widest(layers.map((r) => formatCount(r.params, language()))))],
    [h("span", { class: "connected" }, widest(layers.flatMap((r) => r.inputs)))],
  ];
}

/** Above a long summary: a field that keeps the layers whose name or type holds what is typed, and says how many. */
function findField(summary, { t, onFind }) {
  const total = summary.layers.length;
  const said = h("span", { id: "summary-find-said", class: "small muted", "aria-live": "polite" });
  const input = h("input", {
    type: "search",
    id: "summary-find-input",
    class: "summary-find-input",
    "aria-describedby": "summary-find-said",
  });
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLowerCase();
    const layers = wanted
      ? summary.layers.filter((r) => r.name.toLowerCase().includes(wanted) || r.type.toLowerCase().includes(wanted))
      : summary.layers;
    said.textContent = !wanted
      ? ""
      : layers.length
        ? t("summary.find_count", { n: layers.length, total })
        : t("summary.find_none", { text: input.value.trim() });
    onFind(layers);
  });
  return h("div", { class: "summary-find" }, h("label", { for: "summary-find-input" }, t("summary.find")), input, said);
}

/** The long summaries on the page, drawn whole while the page prints (paper does not scroll). */
const live = new Set();
let listening = false;
function printing(on) {
  for (const rows of live) if (!rows.print(on)) live.delete(rows);
}

/**
 * The rows of `layers` drawn in `body` as the box scrolls: the ones in sight and AROUND pixels more, with empty
 * rows above and below as tall as the rows left out. Each layer's height is measured once drawn; one not drawn yet
 * counts as the first ones drawn did on average.
 */
function windowed(box, body, all, rowsOf, selected) {
  const heights = new Map();
  let layers = all;
  let guess = null;
  let shown = null;
  let whole = false;
  let asked = false;
  const gap = () => h("tr", { class: "summary-gap", "aria-hidden": "true" }, h("td", { colspan: "4" }));
  const above = gap();
  const below = gap();
  const height = (row) => heights.get(row.name) ?? guess ?? 56;
  const sum = (from, to) => layers.slice(from, to).reduce((total, row) => total + height(row), 0);

  function draw() {
    asked = false;
    const top = body.offsetTop;
    const from = box.scrollTop - top - AROUND;
    const to = box.scrollTop - top + box.clientHeight + AROUND;
    let y = 0;
    let start = 0;
    while (!whole && start < layers.length && y + height(layers[start]) < from) y += height(layers[start++]);
    let end = start;
    while (end < layers.length && (whole || y < to)) y += height(layers[end++]);
    if (shown?.layers === layers && shown.start === start && shown.end === end) return;
    const drawnRows = layers.slice(start, end);
    const chosen = selected();
    const rows = drawnRows.map((row) => {
      const pair = rowsOf(row);
      pair[0].classList.toggle("selected", row.name === chosen);
      return pair;
    });
    body.replaceChildren(above, ...rows.flat(), below);
    let measured = 0;
    for (const [k, [main, formulas]] of rows.entries()) {
      const size = main.getBoundingClientRect().height + formulas.getBoundingClientRect().height;
      if (size > 0) heights.set(drawnRows[k].name, size);
      measured += size;
    }
    if (measured > 0) guess ??= measured / rows.length;
    above.firstChild.style.height = `${sum(0, start)}px`;
    below.firstChild.style.height = `${sum(end, layers.length)}px`;
    shown = { layers, start, end };
  }

  box.addEventListener(
    "scroll",
    () => {
      if (!asked) requestAnimationFrame(draw);
      asked = true;
    },
    { passive: true },
  );
  const resized = new ResizeObserver(() => (box.isConnected ? draw() : (resized.disconnect(), live.delete(rows))));
  resized.observe(box);
  if (!listening) {
    window.addEventListener("beforeprint", () => printing(true));
    window.addEventListener("afterprint", () => printing(false));
    listening = true;
  }
  const rows = {
    print(on) {
      if (!box.isConnected) return false;
      whole = on;
      draw();
      return true;
    },
    show(next) {
      layers = next;
      box.scrollTop = 0;
      draw();
    },
    /** Scroll the box so the layer is a third of the way down, if it is listed and not already well in sight. */
    reveal(name) {
      const k = layers.findIndex((row) => row.name === name);
      if (k < 0) return;
      const y = body.offsetTop + layers.slice(0, k).reduce((sum, row) => sum + height(row), 0);
      if (y < box.scrollTop + 40 || y > box.scrollTop + box.clientHeight - 60) box.scrollTop = y - box.clientHeight / 3;
      draw();
    },
  };
  live.add(rows);
  return rows;
}

/** A layer's two rows: name (type), shapes, params, inputs; then its formulas. */
function layerRows(row, { t, onSelect }) {
  const shapes = shapesOf(row);
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
  const now = drawn.get(root);
  now.selected = selected;
  for (const row of root.querySelectorAll("tr.selected")) row.classList.remove("selected");
  if (now.rows && selected && reveal) now.rows.reveal(selected);
  const row = selected ? root.querySelector(`tr.main-row[data-layer="${CSS.escape(selected)}"]`) : null;
  row?.classList.add("selected");
}
