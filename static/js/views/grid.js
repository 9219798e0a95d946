/** Drawing a 2-D grid of numbered, coloured cells, and the panels that hold grids. */
import { MAX_COLS, MAX_ROWS, divergingColour } from "./constants.js";
import { full, short } from "./format.js";

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A titled box for one grid or more; returns its body. */
export function panel(host, title, subtitle, extraClass) {
  const box = el("section", `lv-panel${extraClass ? ` ${extraClass}` : ""}`);
  const head = el("h4", "lv-panel-title", title);
  if (subtitle) head.append(" ", el("span", "lv-shape", subtitle));
  const body = el("div", "lv-panel-body");
  box.append(head, body);
  host.append(box);
  return body;
}

function paintCell(cell, colour) {
  cell.style.backgroundColor = colour ? colour.background : "";
  cell.style.color = colour ? colour.color : "";
}

/**
 * rows × cols cells. value(r, c) gives each number; colour(r, c) overrides the value colour
 * (default: diverging scale up to `limit`). With onPoint the grid is one tab stop: arrows move,
 * focus does what hover does, Enter or a click calls onPick.
 */
export function drawGrid(host, opts) {
  const { rows, cols, value, t } = opts;
  const shownRows = Math.min(rows, opts.maxRows ?? MAX_ROWS);
  const shownCols = Math.min(cols, opts.maxCols ?? MAX_COLS);
  const wrap = el("div", "lv-grid-wrap");
  if (opts.caption) wrap.append(el("div", "lv-grid-caption", opts.caption));
  const grid = el("div", "lv-grid");
  grid.style.gridTemplateColumns = `${opts.rowLabels ? "auto " : ""}repeat(${shownCols}, var(--lv-cell-w))`;
  if (opts.label) grid.setAttribute("aria-label", opts.label);
  grid.setAttribute("role", "group");
  const interactive = Boolean(opts.onPoint || opts.onPick);
  const cells = [];
  if (opts.colLabels) {
    if (opts.rowLabels) grid.append(el("span", "lv-axis"));
    for (let c = 0; c < shownCols; c++) grid.append(el("span", "lv-axis lv-axis-col", opts.colLabels[c]));
  }
  for (let r = 0; r < shownRows; r++) {
    if (opts.rowLabels) grid.append(el("span", "lv-axis lv-axis-row", opts.rowLabels[r]));
    const line = [];
    for (let c = 0; c < shownCols; c++) {
      const cell = el("div", "lv-cell");
      cell.dataset.r = r;
      cell.dataset.c = c;
      cell.append(el("span", "lv-num"));
      if (opts.tag) cell.append(el("span", "lv-tag", opts.tag(r, c)));
      for (const cls of opts.classes ? opts.classes(r, c) : []) cell.classList.add(cls);
      if (interactive) cell.tabIndex = r === 0 && c === 0 ? 0 : -1;
      grid.append(cell);
      line.push(cell);
    }
    cells.push(line);
  }
  wrap.append(grid);
  if (t && (shownRows < rows || shownCols < cols)) {
    wrap.append(el("p", "lv-note", t("view.clipped", { rows: shownRows, cols: shownCols, all: `${rows} × ${cols}` })));
  }
  host.append(wrap);

  const api = {
    el: wrap,
    rows: shownRows,
    cols: shownCols,
    cell: (r, c) => (r >= 0 && c >= 0 && r < shownRows && c < shownCols ? cells[r][c] : null),
    set(r, c, v) {
      const cell = api.cell(r, c);
      if (!cell) return;
      const colour = opts.colour ? opts.colour(r, c, v) : divergingColour(v, opts.limit ?? Math.abs(v));
      cell.firstChild.textContent = short(v);
      cell.dataset.value = full(v);
      const name = opts.name ? opts.name(r, c) : `[${r}, ${c}]`;
      cell.title = `${name} = ${full(v)}`;
      cell.setAttribute("aria-label", cell.title);
      cell.classList.toggle("is-nan", !Number.isFinite(v));
      paintCell(cell, colour);
    },
    mark(list, cls) {
      for (const [r, c] of list) api.cell(r, c)?.classList.add(cls);
    },
    clear(cls) {
      for (const node of grid.querySelectorAll(`.${cls}`)) node.classList.remove(cls);
    },
    /** A small note in the corner of a cell (e.g. the kernel weight it meets); null removes it. */
    label(r, c, text) {
      const cell = api.cell(r, c);
      if (!cell) return;
      let mini = cell.querySelector(".lv-mini");
      if (!mini) cell.append((mini = el("span", "lv-mini")));
      mini.textContent = text;
    },
    clearLabels() {
      for (const mini of grid.querySelectorAll(".lv-mini")) mini.remove();
    },
    markOnly(list, cls) {
      api.clear(cls);
      api.mark(list, cls);
    },
  };
  for (let r = 0; r < shownRows; r++) for (let c = 0; c < shownCols; c++) api.set(r, c, value(r, c));

  if (interactive) {
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
        const next = api.cell(rc[0] + moves[event.key][0], rc[1] + moves[event.key][1]);
        if (next) next.focus();
        event.preventDefault();
      } else if ((event.key === "Enter" || event.key === " ") && opts.onPick) {
        opts.onPick(...rc);
        event.preventDefault();
      }
    });
  }
  return api;
}
