import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../static/js/forms.js";
import { fillIn, LANGUAGES, loadLanguage, STRINGS } from "../../static/js/i18n.js";

await Promise.all(LANGUAGES.map(loadLanguage)); // both tables, as a page in each language has its own

// ZeroPadding2D's `padding` as GET /api/layers describes it.
const PADDING = { name: "padding", kind: "size", length: 2, pairs: true, minimum: 0, maximum: 1000000, default: 1 };
const read = (text) =>
  parse(
    PADDING,
    text,
    () => "expected",
    (key) => key,
  );

test("padding and cropping: a number, two numbers, or two (before, after) pairs", () => {
  assert.deepEqual(read("1"), { value: 1 });
  assert.deepEqual(read("1, 2"), { value: [1, 2] });
  assert.deepEqual(read("(1,1),(2,2)"), {
    value: [
      [1, 1],
      [2, 2],
    ],
  });
  assert.deepEqual(read("[[1, 0], [2, 3]]"), {
    value: [
      [1, 0],
      [2, 3],
    ],
  });
  assert.deepEqual(read("((1, 0), (2, 3))"), {
    value: [
      [1, 0],
      [2, 3],
    ],
  });
  for (const bad of [
    "[[1, 1]]",
    "1, (2, 2)",
    "(1, 1, 1), (2, 2)",
    "(1, 1), (2, 2), (3, 3)",
    "(1, -1), (2, 2)",
    "a(1, 1), (2, 2)",
  ]) {
    assert.deepEqual(read(bad), { error: "expected" }, bad);
  }
});

test("counts of numbers take the word that fits them", () => {
  const ru = STRINGS.ru;
  assert.match(fillIn(ru["views.press_run"], { n: "1,021" }), /1,021 число;/);
  assert.match(fillIn(ru["views.press_run"], { n: "1,024" }), /1,024 числа;/);
  assert.match(fillIn(ru["data.too_many"], { n: "5,000" }), /^5,000 чисел/);
  assert.match(fillIn(ru["weights.too_many"], { n: "2,002" }), /2,002 веса;/);
});

test("each step button's accessible name starts with the word it shows (label in name)", () => {
  for (const lang of ["en", "ru"]) {
    const table = STRINGS[lang];
    for (const [name, shown] of [
      ["view.prev", "view.prevBtn"],
      ["view.next", "view.nextBtn"],
      ["view.play", "view.playBtn"],
    ]) {
      assert.ok(table[name].toLowerCase().startsWith(table[shown].toLowerCase()), `${lang} ${name}`);
    }
    assert.ok(table["view.play"].toLowerCase().includes(table["view.pauseBtn"].toLowerCase()), `${lang} pause`);
  }
});
