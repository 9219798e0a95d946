// The page's one tensor module: a tensor is {shape, values}, `values` flat in row-major order (the layout Keras
// and numpy use). Shapes, nested <-> flat, indices, how a tensor is laid out as 2-D grids, fills. No page code.

export const size = (shape) => shape.reduce((n, d) => n * d, 1);

/** The lengths along the first items of a nested array, without checking the rest. */
function dims(nested) {
  const shape = [];
  for (let level = nested; Array.isArray(level); level = level[0]) shape.push(level.length);
  return shape;
}

/** Shape of a nested array of numbers; null when it is ragged or holds something other than finite numbers. */
export function shapeOf(nested) {
  const shape = dims(nested);
  return conforms(nested, shape) ? shape : null;
}

function conforms(value, shape) {
  if (!shape.length) return typeof value === "number" && Number.isFinite(value);
  if (!Array.isArray(value) || value.length !== shape[0]) return false;
  const rest = shape.slice(1);
  return value.every((item) => conforms(item, rest));
}

export function flatten(nested) {
  return Array.isArray(nested) ? nested.flat(Infinity) : [nested];
}

/** Nested lists (what the API sends; null for non-finite numbers) as a tensor with Float64Array values. */
export function fromNested(data, shape = dims(data)) {
  const values = new Float64Array(size(shape));
  let k = 0;
  (function walk(node) {
    if (Array.isArray(node)) node.forEach(walk);
    else values[k++] = node === null ? NaN : Number(node);
  })(data);
  return { shape: [...shape], values };
}

/** A tensor (or flat values and a shape) as nested lists, what the API takes. */
export function toNested({ shape, values }) {
  if (shape.length === 0) return values[0];
  const step = size(shape.slice(1));
  const part = (i) =>
    values.subarray ? values.subarray(i * step, (i + 1) * step) : values.slice(i * step, (i + 1) * step);
  return Array.from({ length: shape[0] }, (_, i) => toNested({ shape: shape.slice(1), values: part(i) }));
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

/** Flat position of a per-axis index. */
export function offset(shape, index) {
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) flat = flat * shape[axis] + (index[axis] || 0);
  return flat;
}

/** The per-axis index of a flat position. */
export function unravel(shape, flat) {
  const index = new Array(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    index[a] = flat % shape[a];
    flat = Math.floor(flat / shape[a]);
  }
  return index;
}

/** Example `b` of a batched tensor: the batch axis dropped (of a tensor sent in part, its part of example b). */
export function sample(t, b) {
  if (t.window) {
    const { start, shape } = t.window;
    const step = size(shape.slice(1));
    const k = b - start[0];
    const values = k >= 0 && k < shape[0] ? t.values.slice(k * step, (k + 1) * step) : new Float64Array(0);
    return { shape: t.shape.slice(1), values, window: { start: start.slice(1), shape: shape.slice(1) } };
  }
  const step = size(t.shape.slice(1));
  return { shape: t.shape.slice(1), values: t.values.slice(b * step, (b + 1) * step) };
}

/** The trace entries whose first output is a batch of images, (batch, height, width, channels), whole or a part. */
export const imageLayers = (trace) => trace.filter((l) => l.outputs[0]?.shape.length === 4);

/** Axis `axis` of a tensor of rank `rank`, negative counting from the end (Keras's convention). */
export function normAxis(axis, rank) {
  return axis < 0 ? axis + rank : axis;
}

/** An int or a list of ints (Keras's `kernel_size=3` or `(3, 3)`) as a list of `rank` ints. */
export function tuple(value, rank) {
  return Array.isArray(value) ? value.map(Number) : new Array(rank).fill(Number(value));
}

export function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/**
 * How a tensor is cut into 2-D grids: which axis runs down the rows, which across the columns (null: one) and
 * which axes pick a page. "sample" (no batch axis): a vector is a row, a matrix a matrix, an image one page per
 * channel. "batch": the first axis is the example, one page each (a (batch, features) tensor stays one matrix).
 * "kernel": a convolution kernel (k…, in, out) as its window, one page per channel pair.
 */
export function layout(shape, mode = "sample") {
  const rank = shape.length;
  const axes = shape.map((_, a) => a);
  if (mode === "kernel" && rank >= 3) return { rows: 0, cols: 1, pages: axes.slice(2) };
  if (mode === "batch" && rank >= 3) {
    const rest = layout(shape.slice(1));
    const shift = (a) => (a === null ? null : a + 1);
    return { rows: shift(rest.rows), cols: shift(rest.cols), pages: [0, ...rest.pages.map(shift)] };
  }
  if (rank === 0) return { rows: null, cols: null, pages: [] };
  if (rank === 1) return { rows: null, cols: 0, pages: [] };
  if (rank === 2) return { rows: 0, cols: 1, pages: [] };
  return { rows: rank - 3, cols: rank - 2, pages: [...axes.slice(0, rank - 3), rank - 1] };
}

/** Every page of a layout, as the indices of its page axes, first axis slowest. */
export function pageCombos(shape, plan) {
  let combos = [[]];
  for (const axis of plan.pages) {
    const next = [];
    for (const combo of combos) for (let i = 0; i < shape[axis]; i++) next.push([...combo, i]);
    combos = next;
  }
  return combos;
}

/** The full index of cell (r, c) on page `combo` of a layout. */
export function indexAt(shape, plan, combo, r, c) {
  const index = new Array(shape.length).fill(0);
  plan.pages.forEach((axis, i) => (index[axis] = combo[i]));
  if (plan.rows !== null) index[plan.rows] = r;
  if (plan.cols !== null) index[plan.cols] = c;
  return index;
}

/** Where a full index lives in a layout: its page (as a key) and (r, c). */
export function locate(plan, index) {
  return {
    page: plan.pages.map((axis) => index[axis]).join(","),
    r: plan.rows === null ? 0 : index[plan.rows],
    c: plan.cols === null ? 0 : index[plan.cols],
  };
}

/** A seeded generator (mulberry32): the same seed gives the same numbers on every machine. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FILLS = {
  zeros: (n) => new Array(n).fill(0),
  ones: (n) => new Array(n).fill(1),
  arange: (n) => Array.from({ length: n }, (_, i) => i),
  random: (n, { seed = 0, integer = false, high = 10 } = {}) => {
    const next = seeded(seed);
    return Array.from({ length: n }, () =>
      integer ? Math.floor(next() * high) : Math.round((next() * 2 - 1) * 100) / 100,
    );
  },
};
