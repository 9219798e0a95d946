/** Numbers as the grids show them: short in the cell, in full in its title and aria-label. */

export function short(v) {
  if (v === null || Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (Number.isInteger(v) && a < 1e5) return minus(String(v));
  if (a >= 1e5 || a < 0.0005) return minus(v.toExponential(0).replace("e+", "e"));
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 0.01 ? 2 : 3;
  return minus(String(Number(v.toFixed(digits))));
}

export function full(v) {
  if (v === null || Number.isNaN(v)) return "NaN";
  return minus(String(Number.isFinite(v) ? Number(v.toPrecision(7)) : v > 0 ? "∞" : "-∞"));
}

function minus(text) {
  return text.replace(/^-/, "−");
}

export function shapeText(shape) {
  return `(${shape.join(", ")})`;
}
