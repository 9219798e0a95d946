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
 * Text a field refused goes to onTyped(r, c, {text, key, vars}) (null once it holds a number again) and comes
 * back through typed(r, c), so a redraw (another language) shows it still marked; a line under the grid says
 * which cell is refused and why, for eyes and screen readers alike.
 */
export function drawGrid(host, opts) {
  const { rows, cols, value, t } = opts;
  const editable = Boolean(opts.onEdit);
  const side = editable ? MAX_SIDE.edit : MAX_SIDE.view;
  const shownRows = Math.min(rows, opts.maxRows ?? side);
  const shownCols = Math.min(cols, opts.maxCols ?? side);
  // the part shown: rows r0 .. r0 + shownRows - 1, columns c0 .. c0 + shownCols - 1 (a bigger grid pans)
  const clampRow = (r) => Math.max(0, Math.min(rows - shownRows, r));
  const clampCol = (c) => Math.max(0, Math.min(cols - shownCols, c));
  let r0 = clampRow(opts.startRow ?? 0);
  let c0 = clampCol(opts.startCol ?? 0);
  const grid = h("div", {
    class: editable ? "lv-grid is-editable" : "lv-grid",
    role: "group",
    "aria-label": opts.label ?? null,
  });
  grid.style.gridTemplateColumns = `${opts.rowLabels ? "auto " : ""}repeat(${shownCols}, max-content)`;
  // every read-only grid is one tab stop whose arrows move between cells (focus shows a cell's full value)
  const interactive = !editable;
  const cells = [];
  const rowAxis = [];
  const colAxis = [];
  if (opts.colLabels) {
    if (opts.rowLabels) grid.append(h("span", { class: "lv-axis" }));
    for (let c = 0; c < shownCols; c++) {
      colAxis.push(h("span", { class: "lv-axis lv-axis-col" }));
      grid.append(colAxis[c]);
    }
  }
  for (let r = 0; r < shownRows; r++) {
    if (opts.rowLabels) {
      rowAxis.push(h("span", { class: "lv-axis lv-axis-row" }));
      grid.append(rowAxis[r]);
    }
    const line = [];
    for (let c = 0; c < shownCols; c++) {
      const cell = h("div", { class: "lv-cell" });
      cell.append(editable ? editField(r, c) : h("span", { class: "lv-num" }));
      if (opts.tag) cell.append(h("span", { class: "lv-tag" }));
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
  const pan = shownRows < rows || shownCols < cols ? panBar() : null;
  if (pan) wrap.append(pan.el);
  wrap.append(grid);
  const problems = editable ? h("div", { class: "lv-grid-error field-error", "aria-live": "polite" }) : null;
  if (problems) wrap.append(problems);
  host.append(wrap);

  const nameOf = (r, c) => (opts.name ? opts.name(r, c) : `[${r}, ${c}]`);
  const colourOf = (r, c, v) => (opts.colour ? opts.colour(r, c, v) : divergingColour(v, opts.limit ?? Math.abs(v)));
  const marked = new Set();
  const api = {
    el: wrap,
    rows: shownRows,
    cols: shownCols,
    allRows: rows,
    allCols: cols,
    /** The cell showing (r, c) of the whole grid, or null when that part is not shown now. */
    cell: (r, c) => (r >= r0 && c >= c0 && r < r0 + shownRows && c < c0 + shownCols ? cells[r - r0][c - c0] : null),
    set(r, c, v) {
      const cell = api.cell(r, c);
      if (!cell) return;
      const known = typeof v === "number";
      cell.dataset.value = known ? fullNumber(v) : "";
      cell.title = known ? `${nameOf(r, c)} = ${fullNumber(v)}` : `${nameOf(r, c)}: ${t ? t("grid.not_here") : "…"}`;
      if (editable) {
        const refused = opts.typed?.(r, c);
        cell.firstChild.value = refused ? refused.text : formatNumber(v, language(), { digits: 4 });
        cell.firstChild.setAttribute("aria-label", cell.title);
        markField(cell.firstChild, refused ? t(refused.key, refused.vars) : null, cell.title);
      } else {
        cell.firstChild.textContent = known ? formatNumber(v, language()) : "…";
        cell.setAttribute("aria-label", cell.title);
      }
      cell.classList.toggle("is-nan", known && !Number.isFinite(v));
      paint(cell, known ? colourOf(r, c, v) : null);
    },
    mark(list, cls) {
      marked.add(cls);
      for (const [r, c] of list) api.cell(r, c)?.classList.add(cls);
    },
    clear(cls) {
      for (const node of grid.querySelectorAll(`.${cls}`)) node.classList.remove(cls);
    },
    markOnly(list, cls) {
      api.clear(cls);
      api.mark(list, cls);
    },
    /** Mark only the cells shown now whose (r, c) passes `test`. */
    markWhere(test, cls) {
      api.clear(cls);
      marked.add(cls);
      for (let r = r0; r < r0 + shownRows; r++)
        for (let c = c0; c < c0 + shownCols; c++) if (test(r, c)) cells[r - r0][c - c0].classList.add(cls);
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
    /** Show the part beginning at row r, column c (clamped so the view stays full). */
    moveTo(r, c) {
      const [nr, nc] = [clampRow(r), clampCol(c)];
      if (nr === r0 && nc === c0) return;
      [r0, c0] = [nr, nc];
      for (const cls of marked) api.clear(cls);
      api.clearLabels();
      fill();
      if (opts.onMove) opts.onMove(r0, c0, shownRows, shownCols);
    },
    /** Bring (r, c) into the part shown, and the box that scrolls it into sight. */
    reveal(r, c) {
      if (!api.cell(r, c)) api.moveTo(r - Math.floor(shownRows / 2), c - Math.floor(shownCols / 2));
      const cell = api.cell(r, c);
      if (cell && cell.isConnected) scrollWithin(cell);
    },
    get start() {
      return [r0, c0];
    },
  };
  function fill() {
    for (let r = 0; r < shownRows; r++) {
      if (rowAxis[r]) rowAxis[r].textContent = opts.rowLabels[r0 + r];
      for (let c = 0; c < shownCols; c++) {
        const cell = cells[r][c];
        cell.dataset.r = String(r0 + r);
        cell.dataset.c = String(c0 + c);
        if (editable && opts.flat) cell.firstChild.dataset.flat = String(opts.flat(r0 + r, c0 + c));
        if (opts.tag) cell.querySelector(".lv-tag").textContent = opts.tag(r0 + r, c0 + c);
        cell.className = "lv-cell";
        for (const cls of opts.classes ? opts.classes(r0 + r, c0 + c) : []) cell.classList.add(cls);
        api.set(r0 + r, c0 + c, value(r0 + r, c0 + c));
      }
    }
    for (let c = 0; c < colAxis.length; c++) colAxis[c].textContent = opts.colLabels[c0 + c];
    if (pan) pan.update();
    if (editable) fitFields();
    if (editable) showProblems();
  }
  /** A field marked refused (its title says why) or not (its title: the cell's name and value). */
  function markField(input, why, title) {
    input.classList.toggle("invalid", Boolean(why));
    input.setAttribute("aria-invalid", why ? "true" : "false");
    input.title = why ?? title;
  }
  /** Under the grid, one line per refused field shown: the cell, the number the model still gets, and why. */
  function showProblems() {
    const lines = [];
    for (let r = 0; r < shownRows; r++) {
      for (let c = 0; c < shownCols; c++) {
        const input = cells[r][c].firstChild;
        if (!input.classList.contains("invalid")) continue;
        const old = value(r0 + r, c0 + c);
        const kept = typeof old === "number" ? formatNumber(old, language(), { digits: 4 }) : "…";
        lines.push(h("p", {}, t("grid.cell_refused", { cell: nameOf(r0 + r, c0 + c), old: kept, why: input.title })));
      }
    }
    problems.replaceChildren(...lines);
    problems.hidden = !lines.length;
  }
  /** Every field of an editor as wide as the longest number it shows, so that each one is read in full. */
  function fitFields() {
    let longest = 0;
    for (const line of cells) for (const cell of line) longest = Math.max(longest, cell.firstChild.value.length);
    grid.style.setProperty("--lv-field-ch", String(longest));
  }
  fill();

  /** Where the part shown is, fields to jump to a row and column, and buttons to move by a screenful. */
  function panBar() {
    const where = h("span", { class: "lv-pan-where", "aria-live": "polite" });
    const field = (key, max) =>
      h("input", { type: "number", min: "0", max: String(max), step: "1", "aria-label": t ? t(key) : key });
    const rowField = field("grid.pan_row", rows - 1);
    const colField = field("grid.pan_col", cols - 1);
    const jump = () => api.moveTo(Number(rowField.value) || 0, Number(colField.value) || 0);
    rowField.addEventListener("change", jump);
    colField.addEventListener("change", jump);
    const button = (key, text, dr, dc) =>
      h(
        "button",
        {
          type: "button",
          class: "lv-pan-button",
          "aria-label": t ? t(key) : key,
          title: t ? t(key) : key,
          dataset: { pan: key.slice("grid.pan_".length) },
          onclick: () => api.moveTo(r0 + dr, c0 + dc),
        },
        text,
      );
    const el = h(
      "div",
      { class: "lv-pan", role: "group", "aria-label": t ? t("grid.pan") : "pan" },
      where,
      h("label", { class: "lv-pan-field" }, t ? t("grid.pan_row_short") : "row", " ", rowField),
      h("label", { class: "lv-pan-field" }, t ? t("grid.pan_col_short") : "col", " ", colField),
      button("grid.pan_up", "↑", -shownRows, 0),
      button("grid.pan_down", "↓", shownRows, 0),
      button("grid.pan_left", "←", 0, -shownCols),
      button("grid.pan_right", "→", 0, shownCols),
      button("grid.pan_end", "⇲", rows, cols),
    );
    const update = () => {
      rowField.value = String(r0);
      colField.value = String(c0);
      const range = (a, n, all) => `${a}–${a + n - 1} / ${all}`;
      where.textContent = t
        ? t("grid.pan_where", { rows: range(r0, shownRows, rows), cols: range(c0, shownCols, cols) })
        : "";
    };
    return { el, update };
  }

  function editField(lr, lc) {
    const input = h("input", {
      type: "text",
      inputmode: "decimal",
      spellcheck: "false",
      autocomplete: "off",
    });
    input.addEventListener("input", () => {
      const { value: v, error } = parseNumber(input.value, language());
      markField(input, error?.message ?? null, "");
      if (input.value.length > Number(grid.style.getPropertyValue("--lv-field-ch"))) fitFields();
      if (opts.onTyped)
        opts.onTyped(r0 + lr, c0 + lc, error && { text: input.value, key: error.key, vars: error.vars });
      showProblems();
      if (error) return;
      paint(cells[lr][lc], colourOf(r0 + lr, c0 + lc, v));
      opts.onEdit(r0 + lr, c0 + lc, v);
    });
    // Renamed once the edit is done, not at each keystroke (a screen reader would read the name again).
    input.addEventListener("change", () => {
      const { value: v, error } = parseNumber(input.value, language());
      if (error) return;
      cells[lr][lc].dataset.value = fullNumber(v);
      input.title = `${nameOf(r0 + lr, c0 + lc)} = ${fullNumber(v)}`;
      input.setAttribute("aria-label", input.title);
    });
    return input;
  }
  if (editable) grid.addEventListener("keydown", (event) => moveBetweenFields(event, api));
  if (interactive) pointable(grid, cells, api, opts);
  return api;
}

/** Scroll the boxes around `cell` (not the page) so that it is inside each of them. */
function scrollWithin(cell) {
  for (let box = cell.parentElement; box && box !== document.body; box = box.parentElement) {
    const style = getComputedStyle(box);
    if (!/auto|scroll/.test(style.overflowX + style.overflowY)) continue;
    const outer = box.getBoundingClientRect();
    const inner = cell.getBoundingClientRect();
    if (inner.left < outer.left) box.scrollLeft -= outer.left - inner.left;
    else if (inner.right > outer.right) box.scrollLeft += inner.right - outer.right;
    if (inner.top < outer.top) box.scrollTop -= outer.top - inner.top;
    else if (inner.bottom > outer.bottom) box.scrollTop += inner.bottom - outer.bottom;
  }
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
  if (to) api.reveal(...to);
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
    api.cell(...rc).tabIndex = 0;
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
      const to = [rc[0] + moves[event.key][0], rc[1] + moves[event.key][1]];
      api.reveal(...to);
      api.cell(...to)?.focus();
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
 * limit; colour(index, v), tag(index), classes(index), onPoint(index), onPick(index), onLeave, and onEdit(flat, value),
 * typed(flat) and onTyped(flat, refused) for an editor (see drawGrid); at (an index: its page is the one shown first). A tensor the server sent in part carries `window` {start, shape} (values hold that part only): the
 * grids begin at the window, cells outside it show "…", and moving past it calls onWindow(start) for that part.
 * Returns {cell(index), reveal(index), clear(cls)}.
 */
export function drawTensor(host, tensor, title, opts) {
  const { t } = opts;
  const { shape, values, window } = tensor;
  const mode = opts.mode ?? "sample";
  const plan = layout(shape, mode === "transposed" ? "kernel" : mode);
  const body = panel(host, title, formatShape(shape), opts.onEdit ? "is-editor" : "");
  const rows = plan.rows === null ? 1 : shape[plan.rows];
  const cols = plan.cols === null ? 1 : shape[plan.cols];
  const combos = pageCombos(shape, plan);
  const limit = opts.limit ?? limitOf(values);
  const grids = new Map();
  const holder = h("div", { class: "lv-pages" });
  const inWindow = (index) =>
    !window || index.every((i, a) => i >= window.start[a] && i < window.start[a] + window.shape[a]);
  const valueAt = (index) => {
    if (!window) return values[offset(shape, index)];
    if (!inWindow(index)) return undefined;
    return values[
      offset(
        window.shape,
        index.map((i, a) => i - window.start[a]),
      )
    ];
  };
  const startOf = (axis) => (window && axis !== null ? window.start[axis] : 0);
  const drawPage = (combo) => {
    const at = (r, c) => indexAt(shape, plan, combo, r, c);
    const flat = (r, c) => offset(shape, at(r, c));
    const labels = (n) => Array.from({ length: n }, (_, i) => String(i));
    const grid = drawGrid(holder, {
      t,
      rows,
      cols,
      limit,
      startRow: startOf(plan.rows),
      startCol: startOf(plan.cols),
      caption: plan.pages.length ? pageName(t, shape, plan, mode, combo) : "",
      value: (r, c) => valueAt(at(r, c)),
      colour: opts.colour && ((r, c, v) => opts.colour(at(r, c), v)),
      tag: opts.tag && ((r, c) => opts.tag(at(r, c))),
      classes: opts.classes && ((r, c) => opts.classes(at(r, c))),
      name: (r, c) => `[${at(r, c).join(", ")}]`,
      rowLabels: opts.onEdit && plan.rows !== null ? labels(rows) : null,
      colLabels: opts.onEdit ? labels(cols) : null,
      onPoint: opts.onPoint && ((r, c) => opts.onPoint(at(r, c))),
      onPick: opts.onPick && ((r, c) => opts.onPick(at(r, c))),
      onLeave: opts.onLeave,
      flat: opts.onEdit && flat,
      onEdit: opts.onEdit && ((r, c, v) => opts.onEdit(flat(r, c), v)),
      typed: opts.typed && ((r, c) => opts.typed(flat(r, c))),
      onTyped: opts.onTyped && ((r, c, refused) => opts.onTyped(flat(r, c), refused)),
      onMove: window && ((r0, c0, n, m) => askWindow(at(r0, c0), at(r0 + n - 1, c0 + m - 1))),
    });
    grids.set(combo.join(","), grid);
  };
  const askWindow = (first, last) => {
    if (!(inWindow(first) && inWindow(last)) && opts.onWindow) opts.onWindow(first);
  };
  const start = window
    ? combos.findIndex((combo) => inWindow(indexAt(shape, plan, combo, startOf(plan.rows), startOf(plan.cols))))
    : opts.at
      ? combos.findIndex((combo) => combo.join(",") === locate(plan, opts.at).page)
      : 0;
  const perPage = Math.min(rows, MAX_SIDE.edit) * Math.min(cols, MAX_SIDE.edit);
  if (combos.length > MAX_PAGES || (combos.length > 1 && combos.length * perPage > MAX_CELLS_AT_ONCE)) {
    const select = h(
      "select",
      { "aria-label": t("view.page") },
      combos.map((combo, k) => h("option", { value: String(k) }, pageName(t, shape, plan, mode, combo))),
    );
    select.value = String(Math.max(0, start));
    select.addEventListener("change", () => {
      holder.replaceChildren();
      grids.clear();
      const combo = combos[Number(select.value)];
      drawPage(combo);
      const [r0, c0] = [...grids.values()][0].start;
      askWindow(indexAt(shape, plan, combo, r0, c0), indexAt(shape, plan, combo, r0, c0));
    });
    body.append(
      h("label", { class: "lv-picker" }, h("span", { class: "lv-picker-label" }, t("view.page")), select),
      holder,
    );
    drawPage(combos[Math.max(0, start)]);
  } else {
    body.append(holder);
    combos.forEach(drawPage);
  }
  return {
    cell(index) {
      const { page, r, c } = locate(plan, index);
      return grids.get(page)?.cell(r, c) ?? null;
    },
    /** Bring the cell of `index` into the part its grid shows (when its page is shown). */
    reveal(index) {
      const { page, r, c } = locate(plan, index);
      grids.get(page)?.reveal(r, c);
    },
    clear(cls) {
      for (const grid of grids.values()) grid.clear(cls);
    },
  };
}
