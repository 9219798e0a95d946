/** A whole sample tensor as grids: a row, a matrix, or one grid per channel (with a picker when many). */
import { pageIndex, pages } from "../math/tensor.js";
import { shapeText } from "./format.js";
import { MAX_PAGES } from "./constants.js";
import { drawGrid, el, panel } from "./grid.js";
import { picker } from "./controls.js";

function pageName(t, shape, page) {
  if (shape.length < 3) return "";
  if (shape.length === 3) return t("view.channel", { c: page[0] });
  return `[${page.slice(0, -1).join(", ")}, :, :, ${page[page.length - 1]}]`;
}

/** Where the cell of a full index lives: its page key and (r, c). */
export function locate(shape, index) {
  const rank = shape.length;
  if (rank === 0) return { page: "", r: 0, c: 0 };
  if (rank === 1) return { page: "", r: 0, c: index[0] };
  if (rank === 2) return { page: "", r: index[0], c: index[1] };
  return { page: [...index.slice(0, rank - 3), index[rank - 1]].join(","), r: index[rank - 3], c: index[rank - 2] };
}

/**
 * Draws `tensor` in a panel titled `title`. opts: t, limit, colour(index, v), tag(index),
 * classes(index), onPoint(index), onLeave. Returns {cell(index), clear(cls)}.
 */
export function drawTensor(host, tensor, title, opts) {
  const { t } = opts;
  const body = panel(host, title, shapeText(tensor.shape));
  const layout = pages(tensor.shape);
  const at = (page, r, c) => pageIndex(tensor.shape, page, r, c);
  const valueAt = (index) => tensor.values[index.reduce((n, i, a) => n * tensor.shape[a] + i, 0)];
  const grids = new Map();
  const holder = el("div", "lv-pages");
  const drawPage = (page) => {
    const grid = drawGrid(holder, {
      t,
      rows: layout.rows,
      cols: layout.cols,
      caption: pageName(t, tensor.shape, page),
      value: (r, c) => valueAt(at(page, r, c)),
      limit: opts.limit,
      colour: opts.colour && ((r, c, v) => opts.colour(at(page, r, c), v)),
      tag: opts.tag && ((r, c) => opts.tag(at(page, r, c))),
      classes: opts.classes && ((r, c) => opts.classes(at(page, r, c))),
      name: (r, c) => `[${at(page, r, c).join(", ")}]`,
      onPoint: opts.onPoint && ((r, c) => opts.onPoint(at(page, r, c))),
      onLeave: opts.onLeave,
    });
    grids.set(page.join(","), grid);
  };
  const pick = (k) => {
    holder.replaceChildren();
    grids.clear();
    drawPage(layout.pages[k]);
  };
  if (layout.pages.length > MAX_PAGES) {
    picker(body, {
      label: t("view.page"),
      count: layout.pages.length,
      name: (k) => pageName(t, tensor.shape, layout.pages[k]),
      onChange: pick,
    });
    body.append(holder);
    pick(0);
  } else {
    body.append(holder);
    layout.pages.forEach(drawPage);
  }
  return {
    cell(index) {
      const { page, r, c } = locate(tensor.shape, index);
      return grids.get(page)?.cell(r, c) ?? null;
    },
    clear(cls) {
      for (const grid of grids.values()) grid.clear(cls);
    },
  };
}
