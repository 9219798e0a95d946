// Numbers in and out of the page: reading what a learner types or pastes, writing numbers in the page's
// language, and writing float32 values exactly as numpy prints them (whole arrays: numpy.js). Pure functions, no
// page code.
//
// How typed text is read (parseNumbers). The rule is the same every time; when it cannot be sure, it refuses
// with a message instead of guessing:
// - Spaces, new lines, semicolons and brackets separate numbers; brackets also give the shape.
// - "−" (U+2212, as the page writes minus) is a minus. A no-break or thin space inside digits ("15 010", as the
//   Russian page groups digits) is part of the number.
// - A comma followed by a space, a bracket or the end separates numbers: "1, 2, 3"; "1,5, 2,5" is 1.5 and 2.5.
// - A comma between two digits:
//   - in text that starts with a bracket or with numpy's `array(` (code: numpy, Python, JSON) it separates
//     numbers, "[0.5,0.25]"; refused when the same brackets also separate numbers by spaces alone ("[0,5 0,25]");
//   - in other text that writes a decimal point somewhere, it separates numbers only between two numbers
//     that both have a point ("0.5,0.25"); anything else ("1,5 2.5", "1,234.5") is refused;
//   - otherwise it is a decimal comma: "0,5 0,25" is 0.5 and 0.25. Two of them in one number ("1,2,3") are
//     refused, and so is "15,010" on the English page (a thousands separator or a decimal comma?).
// - numpy's `array(...)`, `dtype=float32` and `shape=(...)` are skipped; numpy's "..." (numbers left out) is refused.

import { translator } from "./i18n.js";

const FLOAT32_MAX = 3.4028234663852886e38;
const WRAPPER = /^(?:np\.|numpy\.)?(?:array|asarray|float32|float64|int32)$|^tf\.(?:Tensor|constant)$/;
const KEYWORD = /^(dtype|shape)=(.*)$/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const GROUP_SPACE = /(\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))/g;
const CLOSING = { "[": "]", "(": ")" };

class Refusal extends Error {
  constructor(key, vars = {}) {
    super(key);
    this.key = key;
    this.vars = vars;
  }
}

/**
 * Every number in typed or pasted text, read by the rule above.
 * Returns {numbers, shape, error}: `shape` comes from the brackets (null without them); `error` is null or
 * {key, vars, message} with the message in `lang` ("en" or "ru") naming the token that could not be read.
 */
export function parseNumbers(text, lang = "en") {
  try {
    const tree = read(String(text), lang);
    const numbers = tree.items.flat(Infinity);
    if (!numbers.length) throw new Refusal("numbers.empty");
    return { numbers, shape: tree.bracketed ? shapeOfTree(tree.items) : null, error: null };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return { numbers: [], shape: null, error: refusal(error, lang) };
  }
}

/** Digits grouped by plain spaces, as a copy of the Russian page's "15 010" arrives (the browser's copy turns its
 * no-break spaces into spaces). */
const SPACE_GROUPED = /^\s*[-+\u2212]?\d{1,3}(?: \d{3})+(?:,\d+)?\s*$/;

/** One number (a cell): {value, error}, by the same rule as parseNumbers; where one number is wanted, a Russian
 * "15 010" is one number, whatever space groups its digits. */
export function parseNumber(text, lang = "en") {
  const grouped = lang === "ru" && SPACE_GROUPED.test(text) ? text.replaceAll(" ", "\u00a0") : text;
  const { numbers, error } = parseNumbers(grouped, lang);
  if (error) return { value: null, error };
  if (numbers.length !== 1) {
    return {
      value: null,
      error: refusal(new Refusal("numbers.one_number", { token: text.trim(), n: numbers.length }), lang),
    };
  }
  return { value: numbers[0], error: null };
}

function refusal({ key, vars }, lang) {
  return { key, vars, message: translator(lang)(key, vars) };
}

/** The text as nested groups of numbers: {items, bracketed}. */
function read(text, lang) {
  const source = plain(text);
  const code = /^\s*(?:[[(]|(?:np\.|numpy\.|tf\.)?[A-Za-z]\w*\()/.test(source);
  const points = /\d\.|\.\d/.test(source.replace(/(?:dtype|shape)=[^\s,)]*/g, ""));
  const root = { items: [], open: null, wrapper: false };
  const stack = [root];
  const state = { comma: true, spaceOnly: false, splitWord: null };
  let group = root;
  const open = (bracket, token, wrapper) => {
    const child = { items: [], open: bracket, wrapper, token };
    push(group, child.items, state);
    stack.push(child);
    group = child;
    state.comma = true;
  };
  // the words are cut from the text as pasted, so a refusal quotes them as the learner wrote them ("−4,5")
  const tokens =
    text.match(/\.\.\.|…|[[\]()]|(?:[^\s;[\]()]|(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d)))+|\s+|;/g) || [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (/^\s+$|^;$/.test(token)) continue;
    if (token === "..." || token === "…") throw new Refusal("numbers.summarized");
    if (token === "[" || token === "(") {
      open(token, token, false);
    } else if (token === "]" || token === ")") {
      if (stack.length === 1) throw new Refusal("numbers.unopened", { token });
      if (CLOSING[group.open] !== token) throw new Refusal("numbers.mismatched", { token, open: group.open });
      const done = stack.pop();
      group = stack[stack.length - 1];
      if (done.wrapper) unwrap(group, done);
      state.comma = false;
    } else {
      const written = token.replace(/^,+|,+$/g, "");
      const body = plain(written);
      if (token.startsWith(",")) state.comma = true;
      if (WRAPPER.test(body) && tokens[i + 1] === "(") {
        open("(", body, true);
        i += 1;
        continue;
      }
      const keyword = body.match(KEYWORD);
      if (keyword) i = skipKeyword(tokens, i, keyword[2]);
      else if (body) {
        const parts = splitWord(body, written, { code, points, lang });
        if (parts.length > 1) state.splitWord ??= written;
        for (const [k, part] of parts.entries()) {
          if (k) state.comma = true;
          push(group, number(part, written), state);
        }
      }
      state.comma = !body || token.endsWith(",");
    }
  }
  if (stack.length > 1) throw new Refusal("numbers.unclosed", { token: group.token });
  if (code && state.splitWord !== null && state.spaceOnly) {
    throw new Refusal("numbers.comma_in_code", { token: state.splitWord });
  }
  const items = root.items.length === 1 && Array.isArray(root.items[0]) ? root.items[0] : root.items;
  return { items, bracketed: root.items.some(Array.isArray) };
}

/** Add an item to a group, noting numbers separated by spaces alone (for the brackets' consistency check). */
function push(group, item, state) {
  const previous = group.items[group.items.length - 1];
  if (typeof previous === "number" && typeof item === "number" && !state.comma) state.spaceOnly = true;
  group.items.push(item);
  state.comma = false;
}

/** `array(...)` and `np.float32(...)` wrap, they do not nest: the wrapper's content takes its place. */
function unwrap(parent, done) {
  parent.items[parent.items.indexOf(done.items)] = done.items.length === 1 ? done.items[0] : done.items;
}

/** `dtype=float32` is one word; `shape=(2, 3)` runs to its closing bracket. */
function skipKeyword(tokens, i, value) {
  if (value) return i;
  let depth = 0;
  for (let j = i + 1; j < tokens.length; j++) {
    if (/^\s+$/.test(tokens[j])) continue;
    if (tokens[j] === "(" || tokens[j] === "[") depth += 1;
    else if (tokens[j] === ")" || tokens[j] === "]") depth -= 1;
    if (depth <= 0) return j;
  }
  return tokens.length;
}

/** Text with the page's minus as "-" and without the spaces that group digits ("−15 010" → "-15010"). */
function plain(text) {
  return text.replace(/\u2212/g, "-").replace(GROUP_SPACE, "$1");
}

/** The numbers in one word (no spaces or brackets in it) by the comma rule; refusals quote it as `written`. */
function splitWord(word, written, { code, points, lang }) {
  const commas = word.split(",").length - 1;
  if (!commas) return [word];
  if (code) return word.split(",").filter(Boolean);
  if (points) {
    const parts = word.split(",");
    if (parts.every((part) => part.includes("."))) return parts;
    throw new Refusal("numbers.point_and_comma", { token: written });
  }
  if (commas > 1) throw new Refusal("numbers.two_commas", { token: written });
  const [whole, fraction] = word.split(",");
  if (lang !== "ru" && /^[-+]?[1-9]\d{0,2}$/.test(whole) && /^\d{3}$/.test(fraction)) {
    throw new Refusal("numbers.grouping", { token: written, whole: whole + fraction, decimal: `${whole}.${fraction}` });
  }
  return [`${whole}.${fraction}`];
}

function number(part, word) {
  if (/^[-+]?(?:inf(?:inity)?|nan)$/i.test(part)) throw new Refusal("numbers.not_finite", { token: word });
  if (!NUMBER.test(part)) throw new Refusal("numbers.not_a_number", { token: word });
  const value = Number(part);
  if (!Number.isFinite(value)) throw new Refusal("numbers.not_finite", { token: word });
  if (Math.abs(value) > FLOAT32_MAX) throw new Refusal("numbers.too_large", { token: word });
  return value;
}

function shapeOfTree(items) {
  if (!items.some(Array.isArray)) return [items.length];
  if (!items.every(Array.isArray)) throw new Refusal("numbers.ragged", { a: items.length, b: 1 });
  const shapes = items.map(shapeOfTree);
  for (const shape of shapes) {
    if (shape.join() !== shapes[0].join()) throw new Refusal("numbers.ragged", { a: shapes[0][0], b: shape[0] });
  }
  return [items.length, ...shapes[0]];
}

/** Whether numbers pasted with `shape` (from their brackets, or null) can fill a tensor of shape `wanted`. */
export function fitsShape(shape, count, wanted) {
  const total = wanted.reduce((a, b) => a * b, 1);
  if (count !== total) return false;
  if (!shape || shape.length <= 1) return true;
  const core = (dims) => dims.slice(dims.findIndex((d) => d !== 1));
  return core(shape).join() === core(wanted).join();
}

// ---- writing numbers for people --------------------------------------------------------------------------

// Russian digit groups are narrow no-break spaces (U+202F): a browser's copy keeps them, where it turns a no-break
// space (U+00A0) into a plain one, so that "15 010" copied from the page and pasted back would read as 15 and 10
const SEPARATOR = { en: ",", ru: "\u202f" };
const DECIMAL = { en: ".", ru: "," };

/** Digit groups the language's way: "15,010" and "1,000" in English, "15 010" (U+202F) and "1000" in Russian. */
function group(digits, lang) {
  if (lang === "ru" && digits.length <= 4) return digits;
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, SEPARATOR[lang] ?? ",");
}

/** A count (parameters, numbers in a tensor): "15,010" / "15 010". */
export function formatCount(n, lang = "en") {
  const value = Number(n);
  if (!Number.isInteger(value)) return String(n);
  return (value < 0 ? "−" : "") + group(String(Math.abs(value)), lang);
}

/**
 * A formula the server wrote with English digit groups ("1,000 × 20 = 20,000"), grouped the language's way
 * ("1000 × 20 = 20 000" in Russian). Commas in shapes ("(None, 4)", "(4,)") are not digit groups.
 */
export function localizeFormula(text, lang = "en") {
  return String(text).replace(/\d{1,3}(?:,\d{3})+(?!\d)/g, (m) => formatCount(Number(m.replaceAll(",", "")), lang));
}

/**
 * A value for reading: at least `digits` (3) significant digits, more when the integer part has more
 * (1234.5 -> "1,235"); exponent form below 0.001 and from 1e6 ("1.11e−5"); the language's decimal mark
 * and grouping; "−" for minus.
 */
export function formatNumber(x, lang = "en", { digits = 3 } = {}) {
  if (typeof x !== "number") return String(x);
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const sign = x < 0 ? "−" : "";
  const a = Math.abs(x);
  const mark = DECIMAL[lang] ?? ".";
  if (Number.isInteger(a) && a < 1e15) return sign + group(String(a), lang);
  // trailing zeros go only when the shorter number is the same float32 ("0.5", not "0.018" for 0.017959)
  const trim = (text) => {
    const short = text.replace(/\.?0+$/, "");
    return Math.fround(Number(short)) === Math.fround(a) ? short : text;
  };
  if (a < 1e-3 || a >= 1e6) {
    const [mantissa, exponent] = a.toExponential(digits - 1).split("e");
    const short = mantissa.replace(/\.?0+$/, "");
    const written = Math.fround(Number(`${short}e${exponent}`)) === Math.fround(a) ? short : mantissa;
    return `${sign}${written.replace(".", mark)}e${exponent.replace("+", "").replace("-", "−")}`;
  }
  const whole = Math.floor(Math.log10(a)) + 1;
  let text = a.toPrecision(Math.min(21, Math.max(digits, whole)));
  if (text.includes("e")) text = String(Number(text));
  if (text.includes(".")) text = trim(text);
  const [int, frac] = text.split(".");
  return sign + group(int, lang) + (frac ? mark + frac : "");
}

/** The value formatNumber(x, lang, {digits}) shows, as a number (what a reader computes with). */
export function shownValue(x, digits = 3) {
  if (!Number.isFinite(x) || x === 0 || (Number.isInteger(x) && Math.abs(x) < 1e15)) return x;
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) return Number(x.toExponential(digits - 1));
  return Number(x.toPrecision(Math.min(21, Math.max(digits, Math.floor(Math.log10(a)) + 1))));
}

/** Half a unit in the last digit formatNumber(x, lang, {digits}) shows: how far the shown value may be from x. */
export function shownError(x, digits = 3) {
  if (!Number.isFinite(x) || x === 0 || (Number.isInteger(x) && Math.abs(x) < 1e15)) return 0;
  const a = Math.abs(x);
  const exponent = Math.floor(Math.log10(a));
  const places = a < 1e-3 || a >= 1e6 ? digits : Math.max(digits, exponent + 1);
  return 0.5 * 10 ** (exponent - places + 1);
}

// ---- float32 exactly, and as numpy prints it ---------------------------------------------------------------
// A decimal here is {digits, point}: value = 0.<digits> × 10^point, digits without leading or trailing zeros.

const bits = new DataView(new ArrayBuffer(4));

/** The exact decimal value of a finite, non-zero float32 magnitude. */
function exact(a) {
  bits.setFloat32(0, a);
  const word = bits.getUint32(0);
  const biased = (word >>> 23) & 0xff;
  let mantissa = BigInt(word & 0x7fffff);
  let power = -149;
  if (biased) {
    mantissa |= 0x800000n;
    power = biased - 150;
  }
  const digits = power >= 0 ? (mantissa << BigInt(power)).toString() : (mantissa * 5n ** BigInt(-power)).toString();
  return normal(digits, digits.length + Math.min(power, 0));
}

function normal(digits, point) {
  const lead = digits.match(/^0*/)[0].length;
  const trimmed = digits.slice(lead).replace(/0+$/, "");
  return trimmed ? { digits: trimmed, point: point - lead } : { digits: "", point: 0 };
}

/** Keep the first `n` digits, rounding half to even (as numpy's Dragon4 does). */
function roundDigits(dec, n) {
  if (n >= dec.digits.length) return dec;
  if (n < 0) return { digits: "", point: 0 };
  const kept = dec.digits.slice(0, n);
  const rest = dec.digits.slice(n);
  const last = n ? Number(kept[n - 1]) : 0;
  const up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || last % 2 === 1));
  if (!up) return normal(kept, dec.point);
  const bumped = (BigInt(kept || "0") + 1n).toString().padStart(n, "0");
  return normal(bumped, dec.point + (bumped.length - n));
}

const toNumber = (dec) => (dec.digits ? Number(`0.${dec.digits}e${dec.point}`) : 0);

/** The shortest decimal that reads back as the same float32 (the closest one when several are as short). */
function shortest(a) {
  const value = exact(a);
  for (let n = 1; n <= 9; n++) {
    const near = roundDigits(value, n);
    const candidates = [near, nudge(near, n, 1), nudge(near, n, -1)].filter(
      (dec) => dec.digits && Math.fround(toNumber(dec)) === a,
    );
    if (candidates.length) {
      candidates.sort((p, q) => Math.abs(toNumber(p) - a) - Math.abs(toNumber(q) - a));
      return candidates[0];
    }
  }
  return value;
}

/** `dec` moved by ±1 in its n-th significant digit. */
function nudge(dec, n, step) {
  const scaled = BigInt(dec.digits.padEnd(n, "0").slice(0, n)) + BigInt(step);
  if (scaled <= 0n) return { digits: "", point: 0 };
  const text = scaled.toString();
  return normal(text, dec.point + (text.length - n));
}

/** Integer and fractional digit strings of a decimal written positionally. */
function positional(dec) {
  if (!dec.digits) return ["0", ""];
  if (dec.point <= 0) return ["0", "0".repeat(-dec.point) + dec.digits];
  const padded = dec.digits.padEnd(dec.point, "0");
  return [padded.slice(0, dec.point), padded.slice(dec.point)];
}

/** numpy's dragon4_positional: unique digits, at most `precision` after the point, at least `minDigits`. */
export function dragon4Positional(x, { precision = -1, minDigits = 0, trim = ".", padLeft = 0, padRight = 0 } = {}) {
  const a = Math.abs(x);
  let [int, frac] = a ? positional(shortest(a)) : ["0", ""];
  if (a && precision >= 0 && frac.length > precision) [int, frac] = positional(roundPlaces(exact(a), precision));
  if (a && frac.length < minDigits) [int, frac] = positional(roundPlaces(exact(a), minDigits));
  frac = frac.padEnd(minDigits, "0");
  const head = (negative(x) ? "-" : "") + int;
  const tail = frac ? `.${frac}` : trim === "0" ? ".0" : trim === "-" ? "" : ".";
  return head.padStart(padLeft) + tail.padEnd(padRight ? padRight + 1 : 0);
}

/** numpy's dragon4_scientific: unique digits (at most `precision` after the point), exponent of `expDigits`. */
export function dragon4Scientific(x, { precision = -1, minDigits = 0, trim = ".", padLeft = 0, expDigits = 2 } = {}) {
  const a = Math.abs(x);
  let dec = a ? shortest(a) : { digits: "0", point: 1 };
  if (a && precision >= 0 && dec.digits.length - 1 > precision) dec = roundDigits(exact(a), precision + 1);
  if (a && dec.digits.length - 1 < minDigits) dec = roundDigits(exact(a), minDigits + 1);
  const digits = dec.digits.padEnd(minDigits + 1, "0");
  const head = (negative(x) ? "-" : "") + digits[0];
  const tail = digits.length > 1 ? `.${digits.slice(1)}` : trim === "-" ? "" : ".";
  const exponent = a ? dec.point - 1 : 0;
  return `${head.padStart(padLeft)}${tail}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(expDigits, "0")}`;
}

const negative = (x) => x < 0 || Object.is(x, -0);
const roundPlaces = (dec, places) => roundDigits(dec, dec.point + places);

/** The float32 value of x exactly as numpy prints it: str(np.float32(x)), e.g. "1.1095301", "6.0", "1.11e-05". */
export function fullNumber(x) {
  if (Number.isNaN(x)) return "nan";
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f > 0 ? "inf" : "-inf";
  const a = Math.abs(f);
  if (a === 0 || (a >= 1e-4 && a < 1e6)) return dragon4Positional(f, { trim: "0" });
  return dragon4Scientific(f, { trim: "-" });
}
