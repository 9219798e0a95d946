// Arrays exactly as numpy prints them (numpy's repr, IPython's display of model.predict's list), from the float32
// values numbers.js writes as numpy does. Loaded with the first answer that has outputs: the first paint has none.

import { dragon4Positional, dragon4Scientific } from "./numbers.js";

/** A formatter for every element of a float32 array, as numpy's FloatingFormat builds it (default print options). */
function floatFormat(values) {
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let scientific = false;
  if (nonZero.length) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    scientific = max >= 1e6 || min < Math.fround(1e-4) || Math.fround(max / min) > 1000;
  }
  let options;
  if (!finite.length) options = { padLeft: 0, padRight: 0 };
  else if (scientific) {
    const strs = finite.map((v) => dragon4Scientific(v, { precision: 8 }));
    const mantissas = strs.map((s) => s.split("e")[0]);
    const precision = Math.max(...mantissas.map((m) => m.split(".")[1].length));
    const padLeft = Math.max(...mantissas.map((m) => m.split(".")[0].length));
    const expDigits = Math.max(...strs.map((s) => s.split("e")[1].length)) - 1;
    options = { precision, minDigits: precision, trim: "k", padLeft, expDigits, padRight: expDigits + 2 + precision };
  } else {
    const strs = finite.map((v) => dragon4Positional(v, { precision: 8 }).split("."));
    options = {
      precision: 8,
      padLeft: Math.max(...strs.map((s) => s[0].length)),
      padRight: Math.max(...strs.map((s) => s[1].length)),
    };
  }
  if (finite.length !== values.length) {
    const negInf = values.some((v) => v === -Infinity);
    options.padLeft = Math.max(
      options.padLeft,
      3 - (options.padRight + 1),
      3 + (negInf ? 1 : 0) - (options.padRight + 1),
    );
  }
  return (v) => {
    if (!Number.isFinite(v)) {
      const word = Number.isNaN(v) ? "nan" : v < 0 ? "-inf" : "inf";
      return word.padStart(options.padLeft + options.padRight + 1, " ");
    }
    return scientific ? dragon4Scientific(v, options) : dragon4Positional(v, options);
  };
}

function intFormat(values) {
  const width = Math.max(String(Math.max(...values)).length, String(Math.min(...values)).length);
  return (v) => String(v).padStart(width, " ");
}

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE = 3;

/**
 * A tensor exactly as numpy's repr prints it: `array([[ 6. , 10. ],\n       [ 7.2, 12. ]], dtype=float32)`.
 * `values` is flat (row-major), `shape` the full shape; dtype "float32" (values are rounded to float32) or "int32".
 */
export function numpyRepr(values, shape, dtype = "float32") {
  const count = shape.reduce((a, b) => a * b, 1);
  const prefix = "array(";
  const extras = [];
  let body;
  if (!count) body = "[]";
  else {
    const data = dtype === "float32" ? Array.from(values, Math.fround) : Array.from(values);
    const summarize = count > THRESHOLD;
    const shown = summarize ? edgeValues(data, shape) : data;
    const format = dtype === "float32" ? floatFormat(shown) : intFormat(shown);
    body = formatArray(data, shape, format, LINE_WIDTH - 1, " ".repeat(prefix.length + 1), summarize ? "..." : "");
  }
  if ((count === 0 && !(shape.length === 1 && shape[0] === 0)) || count > THRESHOLD) {
    extras.push(`shape=(${shape.join(", ")}${shape.length === 1 ? "," : ""})`);
  }
  extras.push(`dtype=${dtype}`);
  const start = `${prefix}${body},`;
  const extra = `${extras.join(", ")})`;
  const lastLine = start.length - (start.lastIndexOf("\n") + 1);
  const spacer = lastLine + extra.length + 1 > LINE_WIDTH ? `\n${" ".repeat(prefix.length)}` : " ";
  return start + spacer + extra;
}

/** The values numpy looks at to choose the format of a summarised array: the first and last EDGE along each axis. */
function edgeValues(data, shape) {
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const keep = (axis) =>
    shape[axis] > 2 * EDGE
      ? [...Array(EDGE).keys(), ...Array.from({ length: EDGE }, (_, i) => shape[axis] - EDGE + i)]
      : [...Array(shape[axis]).keys()];
  let offsets = [0];
  shape.forEach((_, axis) => {
    offsets = offsets.flatMap((o) => keep(axis).map((i) => o + i * strides[axis]));
  });
  return offsets.map((o) => data[o]);
}

/** numpy's _formatArray (not legacy): rows wrap at the line width, blank lines between higher axes. */
function formatArray(data, shape, format, lineWidth, nextLinePrefix, summaryInsert) {
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const separator = ", ";
  const extend = (s, line, word, width, indent) => {
    if (line.length + word.length > width && line.length > indent.length) {
      return [s + line.trimEnd() + "\n", indent + word];
    }
    return [s, line + word];
  };
  const recurse = (axis, base, hangingIndent, currWidth) => {
    const left = shape.length - axis;
    if (left === 0) return format(data[base]);
    const nextIndent = hangingIndent + " ";
    const nextWidth = currWidth - 1;
    const length = shape[axis];
    const summary = summaryInsert && 2 * EDGE < length;
    const leading = summary ? EDGE : 0;
    const trailing = summary ? EDGE : length;
    const at = (i) => base + (i < 0 ? length + i : i) * strides[axis];
    let s = "";
    if (left === 1) {
      const elemWidth = currWidth - Math.max(separator.trimEnd().length, 1);
      let line = hangingIndent;
      for (let i = 0; i < leading; i++) {
        [s, line] = extend(s, line, recurse(axis + 1, at(i), nextIndent, nextWidth), elemWidth, hangingIndent);
        line += separator;
      }
      if (summary) {
        [s, line] = extend(s, line, summaryInsert, elemWidth, hangingIndent);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        [s, line] = extend(s, line, recurse(axis + 1, at(-i), nextIndent, nextWidth), elemWidth, hangingIndent);
        line += separator;
      }
      [s, line] = extend(s, line, recurse(axis + 1, at(-1), nextIndent, nextWidth), elemWidth, hangingIndent);
      s += line;
    } else {
      const lineSep = separator.trimEnd() + "\n".repeat(left - 1);
      for (let i = 0; i < leading; i++) s += hangingIndent + recurse(axis + 1, at(i), nextIndent, nextWidth) + lineSep;
      if (summary) s += hangingIndent + summaryInsert + lineSep;
      for (let i = trailing; i > 1; i--)
        s += hangingIndent + recurse(axis + 1, at(-i), nextIndent, nextWidth) + lineSep;
      s += hangingIndent + recurse(axis + 1, at(-1), nextIndent, nextWidth);
    }
    return `[${s.slice(hangingIndent.length)}]`;
  };
  return recurse(0, 0, nextLinePrefix, lineWidth);
}

/**
 * What a notebook shows for `model.predict(...)`: one output's array repr, or IPython's display of the list of
 * several (one line when it fits in 79 columns, else one array per line, continuation lines indented by one).
 * `outputs` are {values (flat), shape}.
 */
export function predictRepr(outputs) {
  const reprs = outputs.map((o) => numpyRepr(o.values, o.shape));
  if (reprs.length === 1) return reprs[0];
  const oneLine = `[${reprs.join(", ")}]`;
  if (!oneLine.includes("\n") && oneLine.length <= 79) return oneLine;
  return `[${reprs.map((r) => r.replace(/\n/g, "\n ")).join(",\n ")}]`;
}
