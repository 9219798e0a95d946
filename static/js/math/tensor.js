/** Tensors as {shape, values}: a flat row-major Float64Array, the layout Keras and numpy use. */

export function size(shape) {
  return shape.reduce((n, d) => n * d, 1);
}

export function shapeOf(data) {
  const shape = [];
  for (let level = data; Array.isArray(level); level = level[0]) shape.push(level.length);
  return shape;
}

/** Nested lists (what the API sends; null for non-finite numbers) to a flat tensor. */
export function fromNested(data, shape = shapeOf(data)) {
  const values = new Float64Array(size(shape));
  let k = 0;
  (function walk(node) {
    if (Array.isArray(node)) node.forEach(walk);
    else values[k++] = node === null ? NaN : Number(node);
  })(data);
  return { shape: [...shape], values };
}

export function toNested({ shape, values }) {
  if (shape.length === 0) return values[0];
  const step = size(shape.slice(1));
  return Array.from({ length: shape[0] }, (_, i) =>
    toNested({ shape: shape.slice(1), values: values.subarray(i * step, (i + 1) * step) }),
  );
}

export function strides(shape) {
  const out = new Array(shape.length);
  let step = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = step;
    step *= shape[a];
  }
  return out;
}

export function offset(shape, index) {
  const s = strides(shape);
  return index.reduce((n, i, a) => n + i * s[a], 0);
}

export function unravel(shape, flat) {
  const index = new Array(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    index[a] = flat % shape[a];
    flat = Math.floor(flat / shape[a]);
  }
  return index;
}

export function get(t, ...index) {
  return t.values[offset(t.shape, index)];
}

/** Example `b` of a batched tensor: the batch axis dropped. */
export function sample(t, b) {
  const step = size(t.shape.slice(1));
  return { shape: t.shape.slice(1), values: t.values.slice(b * step, (b + 1) * step) };
}

/** Axis `axis` of a tensor of rank `rank`, negative counting from the end (Keras's convention). */
export function normAxis(axis, rank) {
  return axis < 0 ? axis + rank : axis;
}

/** An int or a list of ints (Keras's `kernel_size=3` or `(3, 3)`) as a list of `rank` ints. */
export function tuple(value, rank, fallback) {
  if (value === undefined || value === null) value = fallback;
  return Array.isArray(value) ? value.map(Number) : new Array(rank).fill(Number(value));
}

export function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** How a sample is cut into 2-D pages for grids: rank 1 a row, rank 2 a matrix, rank 3 one page per channel. */
export function pages(shape) {
  if (shape.length === 0) return { rows: 1, cols: 1, pages: [[]], axes: [] };
  if (shape.length === 1) return { rows: 1, cols: shape[0], pages: [[]], axes: [null, 0] };
  const rank = shape.length;
  if (rank === 2) return { rows: shape[0], cols: shape[1], pages: [[]], axes: [0, 1] };
  const lead = shape.slice(0, rank - 3).concat(shape[rank - 1]);
  const list = [];
  for (let k = 0; k < size(lead); k++) list.push(unravel(lead, k));
  return { rows: shape[rank - 3], cols: shape[rank - 2], pages: list, axes: [rank - 3, rank - 2] };
}

/** The full index of cell (r, c) on page `page` (from `pages`). */
export function pageIndex(shape, page, r, c) {
  const rank = shape.length;
  if (rank === 0) return [];
  if (rank === 1) return [c];
  if (rank === 2) return [r, c];
  return [...page.slice(0, rank - 3), r, c, page[page.length - 1]];
}
