// Colour scales for numbers (colour-blind safe): every grid cell also shows its number, so colour is never the
// only cue.

/** Diverging blue – light – orange (colour-blind safe): negatives blue, zero pale, positives orange. */
export const DIVERGING = ["#1d5a9e", "#5c93c8", "#a9cbe6", "#f3f2ee", "#f6c58f", "#e8893a", "#b5530b"];

/** Cividis (sequential, colour-blind safe): used where colour follows an element's index, not its value. */
const CIVIDIS = ["#00224e", "#283d6b", "#575d6d", "#7c7b78", "#a59c74", "#d3c064", "#fee838"];

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function interpolate(stops, t) {
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const k = Math.min(Math.floor(x), stops.length - 2);
  const a = hexToRgb(stops[k]);
  const b = hexToRgb(stops[k + 1]);
  return a.map((v, i) => Math.round(v + (b[i] - v) * (x - k)));
}

function paint(rgb) {
  const [r, g, b] = rgb;
  const light = 0.2126 * r + 0.7152 * g + 0.0722 * b > 140;
  return { background: `rgb(${r}, ${g}, ${b})`, color: light ? "#1b1b1b" : "#ffffff" };
}

/** The [r, g, b] of value v on the diverging scale symmetric around zero up to `limit` (images use it). */
export function divergingRgb(v, limit) {
  return interpolate(DIVERGING, limit > 0 ? 0.5 + v / (2 * limit) : 0.5);
}

/** Colours for value v on a scale symmetric around zero up to `limit`. */
export function divergingColour(v, limit) {
  if (!Number.isFinite(v)) return null;
  return paint(divergingRgb(v, limit));
}

/** Colours for position k of n on the sequential scale. */
export function sequentialColour(k, n) {
  return paint(interpolate(CIVIDIS, n > 1 ? k / (n - 1) : 0.5));
}

/** The largest |value| among tensors: one scale for grids that should be compared. */
export function limitOf(...lists) {
  let top = 0;
  for (const list of lists) for (const v of list) if (Number.isFinite(v)) top = Math.max(top, Math.abs(v));
  return top;
}
