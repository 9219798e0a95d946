// static/js/i18n.js and strings/: one translator, one table per language with the same keys and placeholders.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  chooseLanguage,
  fillIn,
  language,
  LANGUAGES,
  loadLanguage,
  setLanguage,
  STRINGS,
  t,
  translator,
} from "../../static/js/i18n.js";

await Promise.all(LANGUAGES.map(loadLanguage)); // both tables, as a page in each language has its own

const placeholders = (text) => [...new Set([...text.matchAll(/\{(\w+)(?::[^}]*)?\}/g)].map((m) => m[1]))].sort();

test("Russian and English have the same keys, each with the same placeholders", () => {
  assert.deepEqual(Object.keys(STRINGS.ru).sort(), Object.keys(STRINGS.en).sort());
  for (const [key, text] of Object.entries(STRINGS.en)) {
    assert.ok(text.trim() && STRINGS.ru[key].trim(), key);
    assert.deepEqual(placeholders(STRINGS.ru[key]), placeholders(text), key);
  }
});

test("t speaks the language set last; a translator keeps its own", () => {
  assert.equal(setLanguage("ru"), "ru");
  assert.equal(language(), "ru");
  assert.equal(t("builder.title"), "Модель");
  assert.equal(translator("en")("builder.title"), "Model");
  assert.equal(setLanguage("de"), "en");
  assert.equal(t("builder.title"), "Model");
});

test("plurals: one, few, many in Russian; one, many in English", () => {
  assert.equal(fillIn("{n} {n:число|числа|чисел}", { n: 1 }), "1 число");
  assert.equal(fillIn("{n} {n:число|числа|чисел}", { n: 3 }), "3 числа");
  assert.equal(fillIn("{n} {n:число|числа|чисел}", { n: 12 }), "12 чисел");
  assert.equal(fillIn("{n} {n:число|числа|чисел}", { n: "15 021" }), "15 021 число");
  assert.equal(fillIn("{n} {n:cell|cells}", { n: 1 }), "1 cell");
  assert.equal(fillIn("{n} {n:cell|cells}", { n: 4 }), "4 cells");
});

test("the language: ?lang= first, then the server's pick, then the browser's", () => {
  assert.equal(chooseLanguage("ru", "en", ["en-US"]), "ru");
  assert.equal(chooseLanguage(null, "ru", ["en-US"]), "ru");
  assert.equal(chooseLanguage(null, "", ["de-DE", "ru-RU"]), "ru");
  assert.equal(chooseLanguage(null, "", ["de-DE"]), "en");
});
