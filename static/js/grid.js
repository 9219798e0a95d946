// The page's one grid renderer. drawGrid draws rows × columns of coloured cells that always show their number
// (read-only, pointable, or editable); drawTensor lays a whole tensor out as such grids, one page per channel
// (or example, or kernel channel pair) with a picker when there are many. The views, the data editors and the
// weight editors all draw with these.

import { divergingColour, limitOf } from "./colours.js";
import { h } from "./dom.js";
import { language } from "./i18n.js";
import { formatNumber, fullNumber, parseNumber } from "./numbers.js";
import { indexAt, layout, locate, offset, pageCombos } from "./tensor.js";
import { formatShape } from "./format.js";

/** Grids show at most this many rows and columns (editors more); bigger tensors show their top-left corner. */
export const MAX_SIDE = { view: 24, edit: 32 };
/** Pages shown side by side before a picker takes over, and the most cells shown at once across them. */
const MAX_PAGES = 4;
const MAX_CELLS_AT_ONCE = 512;

/** A titled box for one grid or more; returns its body. */
export function panel(host, title, subtitle, extraClass) {
  const body = h("div", { class: "lv-panel-body" });
  const head = h(
    "h4",
    { class: "lv-panel-title" },
    title,
    subtitle ? [" ", h("span", { class: "lv-shape" }, subtitle)] : null,
  );
  host.append(h("section", { class: `lv-panel${extraClass ? ` ${extraClass}` : ""}` }, head, body));
  return body;
}

function paint(cell, colour) {
  cell.style.backgroundColor = colour ? colour.background : "";
  cell.style.color = colour ? colour.color : "";
}

/**
 * rows × cols cells; value(r, c) gives each number. Options: t, limit (colour scale, default each |v|),
 * colour(r, c, v) (overrides the scale), tag(r, c), classes(r, c), name(r, c) (the cell's accessible name),
 * rowLabels, colLabels, caption, label, maxRows, maxCols.
 * Pointable (onPoint/onPick): the grid is one tab stop, arrows move, focus does what hover does, Enter picks.
 * Editable (onEdit(r, c, value)): each cell is a text field; arrows and Enter move like a spreadsheet, a value
 * that is not a number is marked and not reported; flat(r, c) names the field (data-flat) for tests and links.
 */
export function drawGrid(host, opts) {
  const { rows, cols, value, t } = opts;
  const editable = Boolean(opts.onEdit);
  const side = editable ? MAX_SIDE.edit : MAX_SIDE.view;
  const shownRows = Math.min(rows, opts.maxRows ?? side);
  const shownCols = Math.min(cols, opts.maxCols ?? side);
  const grid = h("div", {
    class: editable ? "lv-grid is-editable" : "lv-grid",
    role: "group",
    "aria-label": opts.label ?? null,
  });
  grid.style.gridTemplateColumns = `${opts.rowLabels ? "auto " : ""}repeat(${shownCols}, var(--lv-cell-w))`;
  const interactive = Boolean(opts.onPoint || opts.onPick);
  const cells = [];
  if (opts.colLabels) {
    if (opts.rowLabels) grid.append(h("span", { class: "lv-axis" }));
    for (let c = 0; c < shownCols; c++) grid.append(h("span", { class: "lv-axis lv-axis-col" }, opts.colLabels[c]));
  }
  for (let r = 0; r < shownRows; r++) {
    if (opts.rowLabels) grid.append(h("span", { class: "lv-axis lv-axis-row" }, opts.rowLabels[r]));
    const line = [];
    for (let c = 0; c < shownCols; c++) {
      const cell = h("div", { class: "lv-cell", dataset: { r, c } });
      cell.append(editable ? editField(r, c) : h("span", { class: "lv-num" }));
      if (opts.tag) cell.append(h("span", { class: "lv-tag" }, opts.tag(r, c)));
      for (const cls of opts.classes ? opts.classes(r, c) : []) cell.classList.add(cls);
      if (interactive) cell.tabIndex = r === 0 && c === 0 ? 0 : -1;
      grid.append(cell);
      line.push(cell);
    }
    cells.push(line);
  }
  const wrap = h(
    "div",
    { class: "lv-grid-wrap" },
    opts.caption ? h("div", { class: "lv-grid-caption" }, opts.caption) : null,
  );
  wrap.append(grid);
  if (t && (shownRows < rows || shownCols < cols)) {
    wrap.append(
      h("p", { class: "lv-note" }, t("view.clipped", { rows: shownRows, cols: shownCols, all: `${rows} × ${cols}` })),
    );
  }
  host.append(wrap);

  const nameOf = (r, c) => (opts.name ? opts.name(r, c) : `[${r}, ${c}]`);
  const colourOf = (r, c, v) => (opts.colour ? opts.colour(r, c, v) : divergingColour(v, opts.limit ?? Math.abs(v)));
  const api = {
    el: wrap,
    rows: shownRows,
    cols: shownCols,
    cell: (r, c) => (r >= 0 && c >= 0 && r < shownRows && c < shownCols ? cells[r][c] : null),
    set(r, c, v) {
      const cell = api.cell(r, c);
      if (!cell) return;
      cell.dataset.value = fullNumber(v);
      cell.title = `${nameOf(r, c)} = ${fullNumber(v)}`;
      if (editable) {
        cell.firstChild.value = formatNumber(v, language(), { digits: 4 });
        cell.firstChild.title = cell.title;
        cell.firstChild.setAttribute("aria-label", cell.title);
      } else {
        cell.firstChild.textContent = formatNumber(v, language());
        cell.setAttribute("aria-label", cell.title);
      }
      cell.classList.toggle("is-nan", !Number.isFinite(v));
      paint(cell, colourOf(r, c, v));
    },
    mark(list, cls) {
      for (const [r, c] of list) api.cell(r, c)?.classList.add(cls);
    },
    clear(cls) {
      for (const node of grid.querySelectorAll(`.${cls}`)) node.classList.remove(cls);
    },
    markOnly(list, cls) {
      api.clear(cls);
      api.mark(list, cls);
    },
    /** A small note in the corner of a cell (e.g. the kernel weight it meets). */
    label(r, c, text) {
      const cell = api.cell(r, c);
      if (!cell) return;
      let mini = cell.querySelector(".lv-mini");
      if (!mini) cell.append((mini = h("span", { class: "lv-mini" })));
      mini.textContent = text;
    },
    clearLabels() {
      for (const mini of grid.querySelectorAll(".lv-mini")) mini.remove();
    },
  };
  for (let r = 0; r < shownRows; r++) for (let c = 0; c < shownCols; c++) api.set(r, c, value(r, c));

  function editField(r, c) {
    const input = h("input", {
      type: "text",
      inputmode: "decimal",
      spellcheck: "false",
      autocomplete: "off",
      dataset: opts.flat ? { flat: String(opts.flat(r, c)) } : {},
    });
    input.addEventListener("input", () => {
      const { value: v, error } = parseNumber(input.value, language());
      input.classList.toggle("invalid", Boolean(error));
      input.setAttribute("aria-invalid", error ? "true" : "false");
      input.title = error ? error.message : "";
      if (error) return;
      paint(cells[r][c], colourOf(r, c, v));
      opts.onEdit(r, c, v);
    });
    // Renamed once the edit is done, not at each keystroke (a screen reader would read the name again).
    input.addEventListener("change", () => {
      const { value: v, error } = parseNumber(input.value, language());
      if (error) return;
      cells[r][c].dataset.value = fullNumber(v);
      input.title = `${nameOf(r, c)} = ${fullNumber(v)}`;
      input.setAttribute("aria-label", input.title);
    });
    return input;
  }
  if (editable) grid.addEventListener("keydown", (event) => moveBetweenFields(event, api));
  if (interactive) pointable(grid, cells, api, opts);
  return api;
}

/** Arrow keys and Enter move between an editable grid's fields like a spreadsheet. */
function moveBetweenFields(event, api) {
  const input = event.target;
  const cell = input.closest?.(".lv-cell");
  if (input.tagName !== "INPUT" || !cell) return;
  const [r, c] = [Number(cell.dataset.r), Number(cell.dataset.c)];
  const enter = event.key === "Enter";
  const to =
    event.key === "ArrowDown" || (enter && !event.shiftKey)
      ? [r + 1, c]
      : event.key === "ArrowUp" || (enter && event.shiftKey)
        ? [r - 1, c]
        : event.key === "ArrowRight" && input.selectionStart === input.value.length
          ? [r, c + 1]
          : event.key === "ArrowLeft" && input.selectionStart === 0
            ? [r, c - 1]
            : null;
  const next = to && api.cell(...to)?.querySelector("input");
  if (next) {
    event.preventDefault();
    next.focus();
    next.select();
  }
}

function pointable(grid, cells, api, opts) {
  const at = (target) => {
    const cell = target.closest?.(".lv-cell");
    return cell && grid.contains(cell) ? [Number(cell.dataset.r), Number(cell.dataset.c)] : null;
  };
  const point = (event) => {
    const rc = at(event.target);
    if (rc && opts.onPoint) opts.onPoint(...rc);
  };
  grid.addEventListener("mouseover", point);
  grid.addEventListener("focusin", (event) => {
    const rc = at(event.target);
    if (!rc) return;
    for (const line of cells) for (const cell of line) cell.tabIndex = -1;
    cells[rc[0]][rc[1]].tabIndex = 0;
    point(event);
  });
  const leave = () => opts.onLeave && opts.onLeave();
  grid.addEventListener("mouseleave", () => grid.contains(document.activeElement) || leave());
  grid.addEventListener("focusout", (event) => grid.contains(event.relatedTarget) || leave());
  grid.addEventListener("click", (event) => {
    const rc = at(event.target);
    if (rc && opts.onPick) opts.onPick(...rc);
  });
  grid.addEventListener("keydown", (event) => {
    const rc = at(event.target);
    if (!rc) return;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[event.key]) {
      api.cell(rc[0] + moves[event.key][0], rc[1] + moves[event.key][1])?.focus();
      event.preventDefault();
    } else if ((event.key === "Enter" || event.key === " ") && opts.onPick) {
      opts.onPick(...rc);
      event.preventDefault();
    }
  });
}

/** The name of one page: "channel 2", "example 1 · channel 0", "input channel 0 · filter 3". */
function pageName(t, shape, plan, mode, combo) {
  const names = plan.pages.map((axis, i) => {
    const last = axis === shape.length - 1;
    if (mode === "batch" && axis === 0) return t("grid.axis_batch", { n: combo[i] });
    if (mode === "kernel" || mode === "transposed") {
      const filters = mode === "kernel" ? shape.length - 1 : shape.length - 2;
      const channels = mode === "kernel" ? shape.length - 2 : shape.length - 1;
      if (axis === filters) return t("grid.axis_filter", { n: combo[i] });
      if (axis === channels) return t("grid.axis_in_channel", { n: combo[i] });
    } else if (last) return t("view.channel", { c: combo[i] });
    return t("grid.axis", { axis, n: combo[i] });
  });
  return names.join(" · ");
}

/**
 * A whole tensor {shape, values} in a panel titled `title` (with its shape). opts: t; mode "sample" (default),
 * "batch" (the first axis is the example), "kernel" or "transposed" (a kernel as its window; see layout);
 * limit; colour(index, v), tag(index), classes(index), onPoint(index), onLeave, and onEdit(flat, value) for an
 * editor. Returns {cell(index), clear(cls)}.
 */
export function drawTensor(host, tensor, title, opts) {
  const { t } = opts;
  const { shape, values } = tensor;
  const mode = opts.mode ?? "sample";
  const plan = layout(shape, mode === "transposed" ? "kernel" : mode);
  const body = panel(host, title, formatShape(shape), opts.onEdit ? "is-editor" : "");
  const rows = plan.rows === null ? 1 : shape[plan.rows];
  const cols = plan.cols === null ? 1 : shape[plan.cols];
  const combos = pageCombos(shape, plan);
  const limit = opts.limit ?? limitOf(values);
  const grids = new Map();
  const holder = h("div", { class: "lv-pages" });
  const drawPage = (combo) => {
    const at = (r, c) => indexAt(shape, plan, combo, r, c);
    const flat = (r, c) => offset(shape, at(r, c));
    const labels = (n) => Array.from({ length: n }, (_, i) => String(i));
    const grid = drawGrid(holder, {
      t,
      rows,
      cols,
      limit,
      caption: plan.pages.length ? pageName(t, shape, plan, mode, combo) : "",
      value: (r, c) => values[flat(r, c)],
      colour: opts.colour && ((r, c, v) => opts.colour(at(r, c), v)),
      tag: opts.tag && ((r, c) => opts.tag(at(r, c))),
      classes: opts.classes && ((r, c) => opts.classes(at(r, c))),
      name: (r, c) => `[${at(r, c).join(", ")}]`,
      rowLabels: opts.onEdit && plan.rows !== null ? labels(rows) : null,
      colLabels: opts.onEdit ? labels(cols) : null,
      onPoint: opts.onPoint && ((r, c) => opts.onPoint(at(r, c))),
      onLeave: opts.onLeave,
      flat: opts.onEdit && flat,
      onEdit: opts.onEdit && ((r, c, v) => opts.onEdit(flat(r, c), v)),
    });
    grids.set(combo.join(","), grid);
  };
  const perPage = Math.min(rows, MAX_SIDE.edit) * Math.min(cols, MAX_SIDE.edit);
  if (combos.length > MAX_PAGES || (combos.length > 1 && combos.length * perPage > MAX_CELLS_AT_ONCE)) {
    const select = h(
      "select",
      { "aria-label": t("view.page") },
      combos.map((combo, k) => h("option", { value: String(k) }, pageName(t, shape, plan, mode, combo))),
    );
    select.addEventListener("change", () => {
      holder.replaceChildren();
      grids.clear();
      drawPage(combos[Number(select.value)]);
    });
    body.append(
      h("label", { class: "lv-picker" }, h("span", { class: "lv-picker-label" }, t("view.page")), select),
      holder,
    );
    drawPage(combos[0]);
  } else {
    body.append(holder);
    combos.forEach(drawPage);
  }
  return {
    cell(index) {
      const { page, r, c } = locate(plan, index);
      return grids.get(page)?.cell(r, c) ?? null;
    },
    clear(cls) {
      for (const grid of grids.values()) grid.clear(cls);
    },
  };
}
