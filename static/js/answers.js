// Questions before answers, the pure part: the fact a question asks about, read from the answers Keras gave the
// page (the summary and the prediction it already has; no answer is stored anywhere), a learner's answer read
// the ways people type it, the verdict, and the hint built from the layer's formula. No page code.

import { formatShape, shapesOf } from "./format.js";
import { formatCount, formatNumber, localizeFormula, parseNumber, shownError } from "./numbers.js";

export const KINDS = ["shape", "params", "value", "outputs"];
/** The most questions an exercise link may carry (a teacher hides a few facts, not a whole model's). */
export const MOST_QUESTIONS = 30;

/** A question as a link or a step file gives it, checked and with defaults; null when it is not one. */
export function questionFrom(value) {
  if (!value || typeof value !== "object" || !KINDS.includes(value.kind) || typeof value.layer !== "string")
    return null;
  const output = Number.isInteger(value.output) && value.output >= 0 ? value.output : 0;
  const question = { kind: value.kind, layer: value.layer.slice(0, 64), output };
  if (value.kind === "value") {
    if (!Array.isArray(value.cell) || !value.cell.length || value.cell.length > 8) return null;
    if (!value.cell.every((i) => Number.isInteger(i) && i >= 0)) return null;
    question.cell = [...value.cell];
  }
  for (const key of ["text", "hint"]) {
    if (value[key] && typeof value[key] === "object") question[key] = value[key];
  }
  return question;
}

/** The questions a link carries, each checked (the unreadable ones dropped), at most MOST_QUESTIONS. */
export function questionsFrom(value) {
  if (!Array.isArray(value)) return null;
  const questions = value.slice(0, MOST_QUESTIONS).map(questionFrom).filter(Boolean);
  return questions.length ? questions : null;
}

/** A question as an exercise link carries it: what it asks, no words. */
export const linkQuestion = ({ kind, layer, output, cell }) => ({ kind, layer, output, ...(cell ? { cell } : {}) });

/**
 * What Keras answered for the question: {value, row} from the summary (shape, params, outputs) or the
 * prediction's trace (value), or {missing: key} when the page does not have that answer (yet).
 */
export function factOf(question, summary, prediction) {
  const row = summary?.layers.find((l) => l.name === question.layer);
  if (!row) return { missing: "question.no_layer" };
  const shapes = shapesOf(row);
  if (question.kind === "params") return { value: row.params, row };
  if (question.kind === "outputs") return { value: shapes.length, row };
  if (question.output >= shapes.length) return { missing: "question.no_output" };
  if (question.kind === "shape") return { value: shapes[question.output], row };
  const tensor = prediction?.trace?.find((l) => l.name === question.layer)?.outputs[question.output];
  if (!tensor) return { missing: "question.needs_run" };
  const start = tensor.window?.start ?? tensor.shape.map(() => 0);
  const cell = question.cell ?? [];
  if (cell.length !== tensor.shape.length || cell.some((i, axis) => i >= tensor.shape[axis]))
    return { missing: "question.no_cell" };
  let value = tensor.data;
  for (const [axis, i] of cell.entries()) value = Array.isArray(value) ? value[i - start[axis]] : undefined;
  return typeof value === "number" ? { value, row } : { missing: "question.needs_run" };
}

/** The question in words: the step's own, else the page's standard one for its kind. */
export function questionText(question, row, t, lang) {
  if (question.text) return question.text[lang] || question.text.en || question.text.ru;
  const vars = { layer: question.layer, type: row?.type ?? "?", output: question.output };
  if (question.kind === "shape" && row && shapesOf(row).length > 1) return t("question.ask.shape_output", vars);
  if (question.kind === "value") return t("question.ask.value", { ...vars, cell: `[${question.cell.join(", ")}]` });
  return t(`question.ask.${question.kind}`, vars);
}

/** A shape as people type it: "(None, 4)", "None,4", "[None, 4]", "4", "64x64x3", "(4,)" → [null, 4] or [4]. */
export function readShape(text) {
  const tokens = String(text)
    .replace(/[()[\]]/g, " ")
    .split(/[\s,;×xX*]+/)
    .filter(Boolean);
  if (!tokens.length) return null;
  const dims = tokens.map((token) => (/^none$/i.test(token) ? null : /^\d+$/.test(token) ? Number(token) : NaN));
  return dims.some(Number.isNaN) ? null : dims;
}

/** A whole number as people type it: "15010", "15 010", "15_010", and "15,010" on the English page. */
export function readCount(text, lang) {
  let written = String(text)
    .trim()
    .replace(/[\s\u00a0\u202f\u2009_']/g, "");
  if (lang === "en" && /^\d{1,3}(,\d{3})+$/.test(written)) written = written.replaceAll(",", "");
  return /^\d+$/.test(written) ? Number(written) : null;
}

/**
 * The verdict on a learner's answer: "right", "wrong", or "unreadable" (with `key`, what to type instead).
 * A shape may leave out the batch axis (None); a number is right within half a unit of the third significant
 * digit, the precision the page shows (7.2 for 7.2000003; 0,333 for 0.33333334).
 */
export function judge(question, text, fact, lang) {
  if (!String(text).trim()) return { verdict: "unreadable", key: "question.empty" };
  if (question.kind === "shape") {
    const dims = readShape(text);
    if (!dims) return { verdict: "unreadable", key: "question.read_shape" };
    const same = (a, b) => a.length === b.length && a.every((d, i) => d === b[i]);
    const right = same(dims, fact.value) || (fact.value[0] === null && same(dims, fact.value.slice(1)));
    return { verdict: right ? "right" : "wrong" };
  }
  if (question.kind === "value") {
    const { value, error } = parseNumber(text, lang);
    if (error) return { verdict: "unreadable", key: error.key, vars: error.vars };
    const close = Math.abs(value - fact.value) <= Math.max(shownError(fact.value, 3), 1e-6 * Math.abs(fact.value));
    return { verdict: close ? "right" : "wrong" };
  }
  const count = readCount(text, lang);
  if (count === null) return { verdict: "unreadable", key: "question.read_count" };
  return { verdict: count === fact.value ? "right" : "wrong" };
}

/**
 * The fact written for the learner: a shape as Keras prints it, a count or a number the language's way; how many
 * arrays a layer returns is that count, then their shapes ("3 — (None, 64), (None, 64), (None, 64)").
 */
export function shownFact(question, fact, lang) {
  if (question.kind === "shape") return formatShape(fact.value);
  if (question.kind === "value") return formatNumber(fact.value, lang);
  const count = formatCount(fact.value, lang);
  if (question.kind === "outputs") return `${count} — ${shapesOf(fact.row).map(formatShape).join(", ")}`;
  return count;
}

/** The formula Keras's answer follows (the summary row's), in the language's digits; null for a value. */
export function formulaOf(question, row, lang) {
  if (!row || question.kind === "value") return null;
  return localizeFormula(question.kind === "params" ? row.param_formula : row.shape_formula, lang);
}

/**
 * The formula with its results left out, for a hint: each clause's part after its last "=" (or, with none,
 * after its last "→") becomes "?": "64 × 200 + 200 = ?", "H, W: 128 − 3 + 1 = ?; C: filters = ?". A step to
 * the result written in numbers only is the result itself, so it goes too: a layer that keeps its input's shape,
 * "(None, 8, 4) → (None, 8, 4) = (None, 8, 4)", hints "(None, 8, 4) → ?", the rule by name stays:
 * "(…, 64) → (…, units) = ?". null when nothing is left to hint with (a layer without weights has the formula "0").
 */
export function withoutResults(formula) {
  if (!formula) return null;
  const clauses = formula.split("; ").map((clause) => {
    for (const mark of [" = ", " → "]) {
      const at = clause.lastIndexOf(mark);
      if (at < 0) continue;
      const before = clause.slice(0, at);
      const arrow = before.lastIndexOf(" → ");
      const step = arrow >= 0 ? before.slice(arrow + 3) : null;
      if (mark === " = " && step !== null && !/[A-Za-zА-Яа-яЁё]/.test(step.replaceAll("None", ""))) {
        return `${before.slice(0, arrow)} → ?`;
      }
      return `${before}${mark}?`;
    }
    return null;
  });
  return clauses.every((c) => c === null) ? null : clauses.map((c, i) => c ?? formula.split("; ")[i]).join("; ");
}

/** The layer's arguments a formula names by word ("units" in "(…, units) = ?"): "units = 64". */
export function argumentsIn(formula, args) {
  if (!formula || !args) return "";
  const written = (value) => (Array.isArray(value) ? `(${value.join(", ")})` : String(value));
  return Object.entries(args)
    .filter(([, value]) => (value !== null && typeof value !== "object") || Array.isArray(value))
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(formula))
    .map(([name, value]) => `${name} = ${written(value)}`)
    .join(", ");
}
