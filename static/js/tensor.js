// Pure tensor helpers: shapes, nested <-> flat arrays, fills, parsing typed numbers, number formatting.
// No page code here, so these can be reasoned about (and tested) on their own.

export const size = (shape) => shape.reduce((a, b) => a * b, 1);

/** Shape of a nested array; null when it is ragged or holds something other than numbers. */
export function shapeOf(nested) {
  const shape = [];
  let probe = nested;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
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

export function nest(flat, shape) {
  if (!shape.length) return flat[0];
  const step = size(shape.slice(1));
  return Array.from({ length: shape[0] }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), shape.slice(1)));
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

const SEPARATORS = /[\s,;[\]()]+/;

/** Every number in pasted text (brackets, commas and new lines are separators); `bad` lists what is not a number. */
export function parseNumbers(text) {
  const numbers = [];
  const bad = [];
  for (const token of text.split(SEPARATORS)) {
    if (!token) continue;
    const value = parseNumber(token);
    if (value === null) bad.push(token);
    else numbers.push(value);
  }
  return { numbers, bad };
}

/** One typed number; accepts a decimal comma ("0,5"); null when it is not a finite number. */
export function parseNumber(text) {
  const cleaned = String(text).trim().replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

export function formatNumber(x) {
  if (typeof x !== "number") return String(x);
  if (Number.isInteger(x)) return String(x);
  const short = Number(x.toPrecision(4));
  return Math.abs(short) < 1e-4 && short !== 0 ? short.toExponential(2) : String(short);
}

export function formatShape(shape) {
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
}

/** Thousands with a thin separator, as Keras prints them ("15,010"). */
export function formatCount(n) {
  return Number(n).toLocaleString("en-US");
}

/**
 * How to lay a tensor (batch axis first) out as 2-D grids: which axes are rows and columns,
 * and which axes pick a slice. Vectors are one row; (batch, features) is batch x features;
 * sequences are time x features; images are height x width, one grid per channel.
 */
export function layout(shape) {
  const rank = shape.length;
  if (rank === 0) return { rows: null, cols: null, slices: [] };
  if (rank === 1) return { rows: null, cols: 0, slices: [] };
  if (rank === 2) return { rows: 0, cols: 1, slices: [] };
  const slices = [0];
  for (let axis = 3; axis < rank; axis++) slices.push(axis);
  return { rows: 1, cols: 2, slices };
}

/** Flat index of a position given per-axis indices. */
export function offset(shape, index) {
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) flat = flat * shape[axis] + (index[axis] || 0);
  return flat;
}

/** Every combination of indices over the slice axes, first axis slowest. */
export function sliceIndices(shape, axes) {
  let combos = [[]];
  for (const axis of axes) {
    const next = [];
    for (const combo of combos) for (let i = 0; i < shape[axis]; i++) next.push([...combo, i]);
    combos = next;
  }
  return combos;
}
