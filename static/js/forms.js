// One form field per layer argument, built from the catalogue's description of it (kind, bounds, choices).
// A field reports a parsed value, `undefined` to fall back to the default, or an error in the learner's words.

import { h } from "./dom.js";
import { language } from "./i18n.js";
import { parseNumber, parseNumbers } from "./numbers.js";

let fieldCount = 0;

/**
 * Returns the field's element; onChange(name, value, error, text) fires as the learner types. `typed`: text the
 * page refused before (a redraw, e.g. in another language, shows it again, with why in the current language).
 */
export function argField(arg, value, { lang, t, typed, onChange }) {
  const id = `arg-${++fieldCount}`;
  const hint = h("span", { class: "field-error", id: `${id}-error`, "aria-live": "polite" });
  const help = arg.help?.[lang] || "";
  const mark = (parsed) => {
    hint.textContent = parsed.error || "";
    control.classList.toggle("invalid", Boolean(parsed.error));
    control.setAttribute("aria-invalid", parsed.error ? "true" : "false");
  };
  const report = (parsed) => {
    mark(parsed);
    onChange(arg.name, parsed.value, parsed.error || null, control.value);
  };
  const expects = () => (arg.expects ? t("form.expects", { what: arg.expects[lang] }) : t("form.invalid"));
  let control;

  if (arg.kind === "bool") {
    control = h("input", { type: "checkbox", id, checked: value ?? arg.default ?? false });
    control.addEventListener("change", () => {
      const checked = control.checked;
      report({ value: checked === (arg.default ?? false) && !arg.required ? undefined : checked });
    });
    return h(
      "div",
      { class: "field field-bool", dataset: { arg: arg.name } },
      h("label", { for: id }, control, h("code", {}, arg.name)),
      help && h("p", { class: "field-help" }, help),
      hint,
    );
  }

  if (arg.kind === "choice") {
    control = h("select", { id });
    const current = value === undefined ? (arg.default ?? null) : value;
    arg.choices.forEach((choice, i) => {
      const label = choice === null ? t("form.none") : String(choice);
      control.appendChild(h("option", { value: String(i), selected: choice === current }, label));
    });
    control.addEventListener("change", () => {
      const choice = arg.choices[Number(control.value)];
      report({ value: choice === (arg.default ?? null) && !arg.required ? undefined : choice });
    });
  } else {
    // numbers are text fields read by numbers.js: a number field would drop "0,5" or "−1" without a word
    const numeric = arg.kind === "int" || arg.kind === "float";
    control = h("input", {
      id,
      type: "text",
      inputmode: numeric ? (arg.kind === "int" ? "numeric" : "decimal") : null,
      spellcheck: "false",
      autocomplete: "off",
      value: display(arg, value),
      placeholder: arg.default !== undefined ? display(arg, arg.default) || t("form.none") : "",
    });
    control.addEventListener("input", () => report(parse(arg, control.value, expects, t)));
    if (typed !== undefined) {
      control.value = typed;
      mark(parse(arg, typed, expects, t));
    }
  }
  control.setAttribute("aria-describedby", `${id}-error`);
  return h(
    "div",
    { class: "field", dataset: { arg: arg.name } },
    h(
      "label",
      { for: id },
      h("code", {}, arg.name),
      arg.required ? h("span", { class: "required", title: t("form.required") }, " *") : null,
    ),
    control,
    help && h("p", { class: "field-help" }, help),
    hint,
  );
}

function display(arg, value) {
  if (value === undefined || value === null) return "";
  if (arg.kind === "size" || arg.kind === "shape" || arg.kind === "ints") {
    const item = (v) => (v === null ? "None" : Array.isArray(v) ? `(${v.join(", ")})` : String(v));
    return Array.isArray(value) ? value.map(item).join(", ") : String(value);
  }
  if (arg.kind === "json" || arg.kind === "layer") return JSON.stringify(value);
  return String(value);
}

/** Parse what the learner typed; {value} or {error}. Empty means "use the default" unless required. */
export function parse(arg, text, expects, t) {
  const raw = text.trim();
  if (raw === "") {
    if (arg.required) return { error: t("form.required_missing") };
    return { value: undefined };
  }
  if (arg.kind === "int" || arg.kind === "float") {
    const { value: number, error } = parseNumber(raw, language());
    if (error) return { error: error.message };
    if ((arg.kind === "int" && !Number.isInteger(number)) || !inBounds(arg, number)) return { error: expects() };
    return { value: number };
  }
  return parseList(arg, raw.replace(/\u2212/g, "-"), expects);
}

/** Lists of whole numbers (sizes, shapes, pairs) and JSON-ish values; the page's "−" reads as a minus. */
function parseList(arg, raw, expects) {
  if (arg.kind === "ints") {
    // A list of whole numbers (Reshape's target_shape, Permute's dims): "10, 10", (10, 10), [-1]; the server checks the rest.
    const parts = raw
      .replace(/[()[\]]/g, " ")
      .split(/[\s,x×]+/)
      .filter(Boolean);
    const numbers = parts.map(Number);
    if (!numbers.length || !numbers.every((n) => Number.isInteger(n) && inBounds(arg, n))) return { error: expects() };
    return { value: numbers };
  }
  if (arg.kind === "size" && arg.pairs && nestedGroups(raw)) {
    // Padding and cropping as pairs: (1, 1), (2, 2) or [[1, 1], [2, 2]] — (before, after) for each axis.
    const groups = nestedGroups(raw);
    const pairs = groups.map((g) =>
      g
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number),
    );
    const ok = pairs.every((p) => p.length === 2 && p.every((n) => Number.isInteger(n) && inBounds(arg, n)));
    if (!ok || pairs.length !== (arg.length ?? 2)) return { error: expects() };
    return { value: pairs };
  }
  if (arg.kind === "size" || arg.kind === "shape") {
    const parts = raw
      .replace(/[()[\]]/g, " ")
      .split(/[\s,x×]+/)
      .filter(Boolean);
    const numbers = parts.map((p) => (/^(none|null|\?)$/i.test(p) ? null : Number(p)));
    const ok = numbers.every((n) => (n === null ? arg.kind === "shape" : Number.isInteger(n) && inBounds(arg, n)));
    if (!ok || !numbers.length) return { error: expects() };
    if (arg.kind === "shape") return { value: numbers };
    const lengths = Array.isArray(arg.length) ? arg.length : [arg.length ?? 1];
    if (numbers.length === 1) return { value: numbers[0] };
    if (!lengths.includes(numbers.length)) return { error: expects() };
    return { value: numbers };
  }
  if (/^[\s\d.,;eE+\-[\]()]+$/.test(raw)) {
    // a number or a list of numbers (Rescaling's scale): read as typed numbers are, decimal commas included
    const { numbers, shape, error } = parseNumbers(raw, language());
    if (!error && (!shape || shape.length === 1))
      return { value: numbers.length === 1 && !shape ? numbers[0] : numbers };
  }
  try {
    return { value: JSON.parse(pythonToJson(raw)) };
  } catch {
    return { error: expects() };
  }
}

/** The innermost bracketed groups' contents when the text nests pairs — "(1,1),(2,2)", "[[1,1]]" — else null. */
function nestedGroups(raw) {
  const groups = raw.match(/[([][^()[\]]*[)\]]/g) || [];
  let depth = 0;
  let deepest = 0;
  for (const ch of raw) {
    if (ch === "(" || ch === "[") deepest = Math.max(deepest, ++depth);
    else if (ch === ")" || ch === "]") depth--;
  }
  if (groups.length < 2 && deepest < 2) return null;
  // Only brackets, commas and spaces may sit outside the groups.
  if (!/^[\s,()[\]]*$/.test(raw.replace(/[([][^()[\]]*[)\]]/g, ""))) return [];
  return groups.map((g) => g.slice(1, -1));
}

function inBounds(arg, n) {
  if (arg.minimum !== undefined && n < arg.minimum) return false;
  if (arg.maximum !== undefined && n > arg.maximum) return false;
  if (arg.exclusiveMinimum !== undefined && n <= arg.exclusiveMinimum) return false;
  if (arg.exclusiveMaximum !== undefined && n >= arg.exclusiveMaximum) return false;
  return true;
}

/** Accept what a learner copies from Python: (10, 10), (-1,), None, True, 'same'. */
function pythonToJson(text) {
  return text
    .replace(/\(/g, "[")
    .replace(/\)/g, "]")
    .replace(/,\s*]/g, "]")
    .replace(/\bNone\b/g, "null")
    .replace(/\bTrue\b/g, "true")
    .replace(/\bFalse\b/g, "false")
    .replace(/'/g, '"');
}
