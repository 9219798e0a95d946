// Reading typed numbers and writing them back: the comma rule, numpy's printouts, float32 as numpy prints it.
import { readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { LANGUAGES, loadLanguage, STRINGS } from "../../static/js/i18n.js";
import {
  fitsShape,
  formatCount,
  formatNumber,
  fullNumber,
  localizeFormula,
  parseNumber,
  parseNumbers,
  shownError,
  shownValue,
} from "../../static/js/numbers.js";
import { numpyRepr, predictRepr } from "../../static/js/numpy.js";

await Promise.all(LANGUAGES.map(loadLanguage)); // both tables, as a page in each language has its own

// How numpy prints float32 values and arrays: written by tests/js/numpy_fixtures.py (NaN and ±Infinity as strings).
const NON_FINITE = new Set(["NaN", "Infinity", "-Infinity"]);
const NUMPY = JSON.parse(readFileSync(new URL("./numpy-fixtures.json", import.meta.url), "utf8"), (key, value) =>
  NON_FINITE.has(value) ? Number(value) : value,
);

const read = (text, lang = "en") => {
  const { numbers, shape, error } = parseNumbers(text, lang);
  assert.equal(error, null, `${JSON.stringify(text)} was refused: ${error?.message}`);
  return { numbers, shape };
};
const refused = (text, lang = "en") => {
  const { numbers, error } = parseNumbers(text, lang);
  assert.ok(error, `${JSON.stringify(text)} was read as ${JSON.stringify(numbers)}`);
  return error;
};

test("decimal commas: '0,5 0,25' is two numbers, in both languages", () => {
  for (const lang of ["en", "ru"]) {
    assert.deepEqual(read("0,5 0,25", lang).numbers, [0.5, 0.25]);
    assert.deepEqual(read("1,5, 2,5", lang).numbers, [1.5, 2.5]);
    assert.deepEqual(read("1, 2, 3", lang).numbers, [1, 2, 3]);
    assert.deepEqual(read("1;2;3", lang).numbers, [1, 2, 3]);
    assert.deepEqual(read("0,5; 0,25\n-1,75\t2", lang).numbers, [0.5, 0.25, -1.75, 2]);
  }
});

test("commas that could mean two things are refused, naming the number", () => {
  const two = refused("1,2,3");
  assert.equal(two.key, "numbers.two_commas");
  assert.match(two.message, /“1,2,3”/);
  const grouping = refused("15,010");
  assert.equal(grouping.key, "numbers.grouping");
  assert.match(grouping.message, /15010 or 15\.010/);
  assert.deepEqual(read("15,010", "ru").numbers, [15.01]);
  assert.deepEqual(read("0,500").numbers, [0.5]);
  assert.equal(refused("1,5 2.5").key, "numbers.point_and_comma");
  assert.equal(refused("1,234.5").key, "numbers.point_and_comma");
  assert.deepEqual(read("0.5,0.25").numbers, [0.5, 0.25]);
  assert.equal(refused("[0,5 0,25]").key, "numbers.comma_in_code");
  assert.equal(refused("[[0 1], [0,5]]").key, "numbers.comma_in_code");
  assert.match(refused("[0,5 0,25]", "ru").message, /в скобках запятые разделяют числа/);
});

test("code keeps its commas as separators: JSON, Python lists, numpy", () => {
  assert.deepEqual(read("[[1,2],[3,4]]"), { numbers: [1, 2, 3, 4], shape: [2, 2] });
  assert.deepEqual(read("[0.5,0.25]"), { numbers: [0.5, 0.25], shape: [2] });
  assert.deepEqual(read("[[4, 2], [3, 6]]"), { numbers: [4, 2, 3, 6], shape: [2, 2] });
  assert.deepEqual(read("(1, 2)"), { numbers: [1, 2], shape: [2] });
});

test("minus as the page writes it, and digits grouped as the Russian page writes them", () => {
  assert.deepEqual(read("−0,5 −1e−3", "ru").numbers, [-0.5, -0.001]);
  assert.deepEqual(read("−2.5 +3").numbers, [-2.5, 3]);
  assert.deepEqual(read(`15\u00a0010 1\u202f234\u202f567,5`, "ru").numbers, [15010, 1234567.5]);
  assert.deepEqual(read(`−15\u00a0010,5`, "ru").numbers, [-15010.5]);
  assert.deepEqual(read(formatNumber(-15010, "ru"), "ru").numbers, [-15010]);
});

test("a refusal quotes the number as it was pasted: the page's minus, digits grouped by spaces", () => {
  assert.deepEqual(refused("−4,5 2.5").vars.token, "−4,5");
  assert.match(refused("−4,5 2.5", "ru").message, /^«−4,5»/);
  assert.equal(refused("1 −1e39").vars.token, "−1e39");
  assert.equal(refused("−abc").vars.token, "−abc");
  assert.equal(refused(`−15\u00a0010,5,5`, "ru").vars.token, `−15\u00a0010,5,5`);
  assert.equal(refused("[−1,5 2]").vars.token, "−1,5");
  assert.equal(refused("−1,500").vars.token, "−1,500");
});

test("numpy's printed arrays, as the notebook shows them", () => {
  const notebook = "array([[ 6. , 10. ],\n       [ 7.2, 12. ]])";
  assert.deepEqual(read(notebook), { numbers: [6, 10, 7.2, 12], shape: [2, 2] });
  assert.deepEqual(read(notebook, "ru"), { numbers: [6, 10, 7.2, 12], shape: [2, 2] });
  const typed = "array([[[0.1, 0.2]],\n\n       [[0.3, 0.4]]], dtype=float32)";
  assert.deepEqual(read(typed), { numbers: [0.1, 0.2, 0.3, 0.4], shape: [2, 1, 2] });
  assert.deepEqual(read("[[ 6.   10. ]\n [ 7.2  12. ]]").shape, [2, 2]);
  assert.deepEqual(read("np.float32(1.5)").numbers, [1.5]);
  assert.equal(refused("array([], shape=(2, 0), dtype=float32)").key, "numbers.empty");
  const several = "[array([1., 2.], dtype=float32), array([3., 4.], dtype=float32)]";
  assert.deepEqual(read(several), { numbers: [1, 2, 3, 4], shape: [2, 2] });
  assert.deepEqual(read("tf.Tensor(\n[[1. 2.]], shape=(1, 2), dtype=float32)"), { numbers: [1, 2], shape: [1, 2] });
  for (const fixture of NUMPY.arrays.filter((a) => a.values.length && a.values.length <= 1000)) {
    if (fixture.values.some((v) => !Number.isFinite(v))) continue;
    const { numbers, shape } = read(fixture.repr);
    assert.deepEqual(shape ?? [], fixture.shape.length ? fixture.shape : []);
    // numpy prints at most 8 decimals, so a value can come back rounded there
    const near = (v, x) => Math.abs(v - x) <= 5e-9 + Math.abs(x) * 1e-7;
    numbers.forEach((v, i) => assert.ok(near(v, fixture.values[i]), `${fixture.repr}: number ${i}`));
  }
  assert.equal(refused(NUMPY.arrays.find((a) => a.values.length > 1000).repr).key, "numbers.summarized");
});

test("what is not a number is named, in the page's language", () => {
  const en = refused("1 2 abc 4");
  assert.equal(en.key, "numbers.not_a_number");
  assert.equal(en.message, "“abc” is not a number (a number looks like 2, −0.5 or 1e-3).");
  assert.equal(refused("1 2 abc", "ru").message, "«abc» — не число (число выглядит так: 2, −0,5 или 1e-3).");
  assert.equal(refused("nan").key, "numbers.not_finite");
  assert.equal(refused("1e39").key, "numbers.too_large");
  assert.equal(refused("").key, "numbers.empty");
  assert.equal(refused("[1, 2").key, "numbers.unclosed");
  assert.equal(refused("1, 2]").key, "numbers.unopened");
  assert.equal(refused("[1, 2)").key, "numbers.mismatched");
  assert.equal(refused("[[1, 2], [3]]").key, "numbers.ragged");
  assert.equal(refused("[1, 2, ..., 9]").key, "numbers.summarized");
  const keys = (lang) => Object.keys(STRINGS[lang]).filter((k) => k.startsWith("numbers."));
  assert.deepEqual(keys("ru").sort(), keys("en").sort());
});

test("one number for one cell", () => {
  // the browser's copy of the Russian page's "15 010" has a plain space: one number where one is wanted
  assert.deepEqual(parseNumber("15 010", "ru"), { value: 15010, error: null });
  assert.deepEqual(parseNumber(" −1 234 567,5 ", "ru"), { value: -1234567.5, error: null });
  assert.equal(parseNumber("15 010").error.key, "numbers.one_number");
  assert.equal(parseNumber("15 01", "ru").error.key, "numbers.one_number");
  assert.equal(parseNumber("1 2", "ru").error.key, "numbers.one_number");
  assert.deepEqual(parseNumber("0,5"), { value: 0.5, error: null });
  assert.deepEqual(parseNumber(" −3 ", "ru"), { value: -3, error: null });
  assert.equal(parseNumber("1 2").error.key, "numbers.one_number");
  assert.match(parseNumber("1 2", "ru").error.message, /2 числа/);
  assert.equal(parseNumber("x").error.key, "numbers.not_a_number");
});

test("pasted brackets must fit the shape they fill", () => {
  assert.ok(fitsShape([2, 2], 4, [1, 2, 2]));
  assert.ok(fitsShape(null, 4, [1, 2, 2]));
  assert.ok(fitsShape([4], 4, [1, 2, 2]));
  assert.ok(!fitsShape([2, 3], 6, [1, 3, 2]));
  assert.ok(!fitsShape(null, 3, [1, 2, 2]));
});

test("values for reading: at least three significant digits, the language's marks", () => {
  const cases = [
    [1.1095301, "1.11", "1,11"],
    [0.021345, "0.0213", "0,0213"],
    [1.11e-5, "1.11e−5", "1,11e−5"],
    [-0.5, "−0.5", "−0,5"],
    [15010, "15,010", "15\u202f010"],
    [1000, "1,000", "1000"],
    [1234.56, "1,235", "1235"],
    [-15010.5, "−15,011", "−15\u202f011"],
    [25000000.5, "2.5e7", "2,5e7"],
    [25000000, "25,000,000", "25\u202f000\u202f000"],
    [0.1, "0.1", "0,1"],
    [123.456, "123", "123"],
    [0, "0", "0"],
  ];
  for (const [x, en, ru] of cases) {
    assert.equal(formatNumber(x, "en"), en, `${x} in English`);
    assert.equal(formatNumber(x, "ru"), ru, `${x} in Russian`);
  }
  assert.equal(formatNumber(0.2345678, "en", { digits: 5 }), "0.23457");
  assert.equal(formatCount(15010, "en"), "15,010");
  assert.equal(formatCount(15010, "ru"), "15\u202f010");
  assert.equal(formatCount(2147200, "ru"), "2\u202f147\u202f200");
});

test("every number the page writes is read back as the same number", () => {
  for (const [x] of NUMPY.scalars.slice(0, 400)) {
    for (const lang of ["en", "ru"]) {
      const { value, error } = parseNumber(fullNumber(x), lang);
      assert.equal(error, null, `${fullNumber(x)} in ${lang}`);
      assert.equal(Math.fround(value), x);
      assert.equal(parseNumber(formatNumber(x, "ru"), "ru").error, null, formatNumber(x, "ru"));
    }
  }
});

test("the full float32 value exactly as numpy prints it", () => {
  assert.equal(fullNumber(1.1095301), "1.1095301");
  assert.equal(fullNumber(6), "6.0");
  const wrong = NUMPY.scalars.filter(([x, text]) => fullNumber(x) !== text);
  assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} of ${NUMPY.scalars.length} differ from numpy`);
});

test("arrays exactly as numpy's repr prints them", () => {
  for (const fixture of NUMPY.arrays) {
    assert.equal(numpyRepr(fixture.values, fixture.shape, fixture.dtype), fixture.repr);
  }
});

test("several outputs as a notebook shows model.predict's list (the lesson's cell In [37])", () => {
  const notebook = [
    "[array([[[-0.01553788],",
    "         [-0.03938013],",
    "         [-0.06631017],",
    "         [-0.09259953]]], dtype=float32),",
    " array([[-0.09259953]], dtype=float32),",
    " array([[-0.23518857]], dtype=float32)]",
  ].join("\n");
  const outputs = [
    { values: [-0.01553788, -0.03938013, -0.06631017, -0.09259953], shape: [1, 4, 1] },
    { values: [-0.09259953], shape: [1, 1] },
    { values: [-0.23518857], shape: [1, 1] },
  ];
  assert.equal(predictRepr(outputs), notebook);
  assert.equal(
    predictRepr([outputs[1], outputs[2]]),
    "[array([[-0.09259953]], dtype=float32), array([[-0.23518857]], dtype=float32)]",
  );
  assert.equal(predictRepr([outputs[0]]), numpyRepr(outputs[0].values, outputs[0].shape));
});

test("the value a reader sees, and how far it may be from the real one", () => {
  assert.equal(shownValue(1.1095301), 1.11);
  assert.equal(shownValue(0.021345), 0.0213);
  assert.equal(shownValue(1.1095301, 5), 1.1095);
  assert.equal(shownValue(1.11e-5), 1.11e-5);
  assert.equal(shownError(1.1095301), 0.005);
  assert.equal(shownError(3), 0);
  for (const [x] of NUMPY.scalars.slice(0, 300)) {
    for (const digits of [3, 5]) {
      assert.ok(Math.abs(shownValue(x, digits) - x) <= shownError(x, digits) * (1 + 1e-9), `${x} at ${digits}`);
      assert.equal(parseNumber(formatNumber(x, "ru", { digits }), "ru").value, shownValue(x, digits));
    }
  }
});

test("a server formula's digit groups follow the language, shapes keep their commas", () => {
  const formula = "1,000 × 20 + 20 = 20,020; (None, 4) and (4,) and 15,010";
  assert.equal(localizeFormula(formula, "en"), formula);
  assert.equal(localizeFormula(formula, "ru"), "1000 × 20 + 20 = 20\u202f020; (None, 4) and (4,) and 15\u202f010");
  assert.equal(localizeFormula("3 × 3 × 3 × 32 + 32 = 896", "ru"), "3 × 3 × 3 × 32 + 32 = 896");
  assert.equal(localizeFormula("1,234,567 − 2", "ru"), "1\u202f234\u202f567 − 2");
});
