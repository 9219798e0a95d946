// Tensors drawn as grids of numbers: one 2-D grid per slice (rows x columns from tensor.layout),
// each cell coloured by its value and always showing the number. Editable grids report typed values.

import { colorFor, maxAbsOf } from "./colors.js";
import { h } from "./dom.js";
import { flatten, formatNumber, formatShape, layout, offset, parseNumber, sliceIndices } from "./tensor.js";

const MAX_SIDE = { view: 16, edit: 32 };
const MAX_SLICES = 8;
const MAX_CELLS_AT_ONCE = 512;

/**
 * tensor: {name, shape, data (nested) | values (flat)}; options: {t, editable, onEdit(flatIndex, value), caption}
 * Returns a <figure>.
 */
export function tensorGrid(tensor, options) {
  const { t } = options;
  const values = tensor.values || flatten(tensor.data);
  const shape = tensor.shape;
  const plan = options.weights ? weightLayout(shape, options.weights) : layout(shape);
  const scale = maxAbsOf(values);
  const figure = h(
    "figure",
    { class: "tensor" },
    h("figcaption", {}, options.caption ?? tensor.name, " ", h("span", { class: "shape-tag" }, formatShape(shape))),
  );
  const side = options.editable ? MAX_SIDE.edit : MAX_SIDE.view;
  const rows = plan.rows === null ? 1 : shape[plan.rows];
  const cols = plan.cols === null ? 1 : shape[plan.cols];
  const perSlice = Math.min(rows, side) * Math.min(cols, side);
  const combos = sliceIndices(shape, plan.slices);
  const holder = h("div", { class: "slices" });
  const draw = (which) => {
    holder.replaceChildren(...which.map((combo) => slice(values, shape, plan, combo, scale, side, options)));
  };
  if (combos.length > MAX_SLICES || (combos.length > 1 && combos.length * perSlice > MAX_CELLS_AT_ONCE)) {
    const picker = slicePicker(shape, plan, combos, t, draw);
    figure.appendChild(picker);
    draw([combos[0]]);
  } else {
    draw(combos);
  }
  figure.appendChild(holder);
  if (rows > side || cols > side) {
    figure.appendChild(
      h(
        "p",
        { class: "muted small" },
        t("grid.cropped", { rows: Math.min(rows, side), cols: Math.min(cols, side), all_rows: rows, all_cols: cols }),
      ),
    );
  }
  return figure;
}

/**
 * A kernel drawn as its window: rows × columns from its first two axes, one grid per channel pair. Keras keeps
 * (k…, in, filters); a transposed convolution (k…, filters, in) — `weights: "transposed"`.
 */
function weightLayout(shape, mode) {
  if (shape.length < 3) return layout(shape);
  return { rows: 0, cols: 1, slices: shape.map((_, axis) => axis).slice(2), weights: mode };
}

function axisName(shape, axis, t, plan = {}) {
  if (plan.weights) {
    const [filters, channels] =
      plan.weights === "transposed" ? [shape.length - 2, shape.length - 1] : [shape.length - 1, shape.length - 2];
    if (axis === filters) return t("grid.axis_filter");
    if (axis === channels) return t("grid.axis_in_channel");
    return t("grid.axis", { n: axis });
  }
  if (axis === 0) return t("grid.axis_batch");
  if (shape.length === 4 && axis === 3) return t("grid.axis_channel");
  return t("grid.axis", { n: axis });
}

function sliceLabel(shape, plan, combo, t) {
  return plan.slices.map((axis, i) => `${axisName(shape, axis, t, plan)} ${combo[i]}`).join(" · ");
}

function slicePicker(shape, plan, combos, t, draw) {
  const inputs = plan.slices.map((axis) =>
    h("input", {
      type: "number",
      min: "0",
      max: String(shape[axis] - 1),
      step: "1",
      value: "0",
      "aria-label": axisName(shape, axis, t, plan),
    }),
  );
  const redraw = () => {
    const combo = inputs.map((input, i) =>
      Math.min(Math.max(0, Math.floor(Number(input.value) || 0)), shape[plan.slices[i]] - 1),
    );
    draw([combo]);
  };
  inputs.forEach((input) => input.addEventListener("input", redraw));
  return h(
    "div",
    { class: "slice-picker" },
    h("span", {}, t("grid.showing_slice", { n: combos.length })),
    plan.slices.map((axis, i) => h("label", {}, axisName(shape, axis, t, plan), " ", inputs[i])),
  );
}

function slice(values, shape, plan, combo, scale, side, options) {
  const { t, editable, onEdit } = options;
  const rows = plan.rows === null ? 1 : shape[plan.rows];
  const cols = plan.cols === null ? 1 : shape[plan.cols];
  const shownRows = Math.min(rows, side);
  const shownCols = Math.min(cols, side);
  const table = h("table", { class: editable ? "grid editable" : "grid" });
  const headRow = h("tr", {}, h("th", { class: "corner", "aria-hidden": "true" }));
  for (let c = 0; c < shownCols; c++) headRow.appendChild(h("th", { scope: "col", class: "index" }, String(c)));
  table.appendChild(h("thead", {}, headRow));
  const body = h("tbody");
  for (let r = 0; r < shownRows; r++) {
    const tr = h("tr", {}, h("th", { scope: "row", class: "index" }, String(r)));
    for (let c = 0; c < shownCols; c++) {
      const index = new Array(shape.length).fill(0);
      plan.slices.forEach((axis, i) => (index[axis] = combo[i]));
      if (plan.rows !== null) index[plan.rows] = r;
      if (plan.cols !== null) index[plan.cols] = c;
      const flat = offset(shape, index);
      tr.appendChild(editable ? editCell(values, flat, scale, t, onEdit, r, c) : viewCell(values[flat], scale));
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  if (editable) table.addEventListener("keydown", moveFocus);
  const label = plan.slices.length ? sliceLabel(shape, plan, combo, t) : "";
  return h(
    "div",
    { class: "slice" },
    label ? h("div", { class: "slice-label" }, label) : null,
    h("div", { class: "table-scroll" }, table),
  );
}

function paint(el, value, scale) {
  const color = colorFor(value, scale);
  el.style.backgroundColor = color.background;
  el.style.color = color.text;
}

function viewCell(value, scale) {
  const td = h("td", { title: String(value) }, formatNumber(value));
  paint(td, value, scale);
  return td;
}

function editCell(values, flat, scale, t, onEdit, r, c) {
  const input = h("input", {
    type: "text",
    inputmode: "decimal",
    value: formatNumber(values[flat]),
    dataset: { flat: String(flat) },
    spellcheck: "false",
    autocomplete: "off",
  });
  // The cell is narrow: its title and accessible name carry the whole number, as the view cells do.
  const name = (text) => {
    input.title = text;
    input.setAttribute("aria-label", `${t("grid.cell", { row: r, col: c })} = ${text}`);
  };
  name(String(values[flat]));
  const td = h("td", {}, input);
  paint(td, values[flat], scale);
  // Renamed once the edit is done, not at each keystroke (a screen reader would read the name again).
  input.addEventListener("change", () => name(String(parseNumber(input.value) ?? input.value.trim())));
  input.addEventListener("input", () => {
    const value = parseNumber(input.value);
    input.classList.toggle("invalid", value === null);
    input.setAttribute("aria-invalid", value === null ? "true" : "false");
    if (value === null) return;
    paint(td, value, Math.max(scale, Math.abs(value)));
    onEdit(flat, value);
  });
  return td;
}

/** Arrow keys and Enter move between cells like a spreadsheet. */
function moveFocus(event) {
  const input = event.target;
  if (input.tagName !== "INPUT") return;
  const td = input.parentElement;
  const tr = td.parentElement;
  const col = Array.prototype.indexOf.call(tr.children, td);
  let target = null;
  if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey))
    target = tr.nextElementSibling?.children[col];
  else if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey))
    target = tr.previousElementSibling?.children[col];
  else if (event.key === "ArrowRight" && input.selectionStart === input.value.length) target = td.nextElementSibling;
  else if (event.key === "ArrowLeft" && input.selectionStart === 0) target = td.previousElementSibling;
  const next = target?.querySelector("input");
  if (next) {
    event.preventDefault();
    next.focus();
    next.select();
  }
}
