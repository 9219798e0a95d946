// static/js/notebook.js: the widget loads the page's own modules from their text, each import pointed at the
// module it names, so the views run unchanged from inside a notebook.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { moduleLoader, rewriteImports } from "../../static/js/notebook.js";
import STRINGS_RU from "../../static/js/strings/ru.js";
import widgetWords from "../../static/js/strings/widget.js";

const STATIC = fileURLToPath(new URL("../../static/", import.meta.url));
const dataUrl = (code) => `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`;

/** What the kernel sends (layerlab/widget.py): every module under static/js and static/vendor, by its path. */
function sources() {
  const out = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".js")) out[relative(STATIC, path)] = readFileSync(path, "utf8");
    }
  };
  walk(join(STATIC, "js"));
  walk(join(STATIC, "vendor"));
  return out;
}

test("every relative specifier is replaced by the URL of the module it names, resolved from the importer", () => {
  const code = [
    'import { h } from "../dom.js";',
    'import * as conv from "./conv.js";',
    'export { frame } from "./frame.js";',
    'import "../side.js";',
    'const later = () => import("../math/lstm.js");',
    'const text = "from here";',
    'const style = new URL("../css/picture.css", import.meta.url);',
  ].join("\n");
  const asked = [];
  const out = rewriteImports(code, "js/views/index.js", (path) => (asked.push(path), `blob:${path}`));
  assert.deepEqual(asked, ["js/dom.js", "js/views/conv.js", "js/views/frame.js", "js/side.js", "js/math/lstm.js"]);
  assert.match(out, /from "blob:js\/dom\.js"/);
  assert.match(out, /import\("blob:js\/math\/lstm\.js"\)/);
  assert.match(out, /"from here"/);
  assert.match(out, /new URL\("\.\.\/css\/picture\.css", "layerlab:\/js\/views\/index\.js"\)/);
});

test("the page's views, summary, graph (with its vendored dagre) and translator load from their text", async () => {
  const { load } = moduleLoader(sources(), dataUrl);
  const views = await load("js/views/index.js");
  assert.equal(typeof views.mountView, "function");
  assert.equal(typeof views.contextFor, "function");
  const i18n = await load("js/i18n.js");
  assert.equal(await i18n.loadLanguage("ru"), "ru");
  assert.equal(i18n.translator("ru")("summary.params"), STRINGS_RU["summary.params"]);
  assert.equal(typeof (await load("js/summary.js")).renderSummary, "function");
  assert.equal(typeof (await load("js/graph.js")).createGraph, "function");
});

test("each loader has modules of its own: two widgets keep two languages", async () => {
  // as URL.createObjectURL does, every module made gets a URL no other has
  let made = 0;
  const fresh = (code) => dataUrl(`${code}\n// ${++made}`);
  const all = sources();
  const [a, b] = [moduleLoader(all, fresh), moduleLoader(all, fresh)];
  const [first, second] = [await a.load("js/i18n.js"), await b.load("js/i18n.js")];
  first.setLanguage("ru");
  second.setLanguage("en");
  assert.equal(first.language(), "ru");
  assert.equal(second.language(), "en");
});

test("a module the widget was not sent, and modules importing each other, are refused by name", () => {
  assert.throws(() => moduleLoader({ "a.js": 'import "./gone.js";' }, dataUrl).urlOf("a.js"), /no module gone\.js/);
  const cycle = { "a.js": 'import "./b.js";', "b.js": 'import "./a.js";' };
  assert.throws(() => moduleLoader(cycle, dataUrl).urlOf("a.js"), /cycle through a\.js/);
});

test("the widget's own words are there in both languages, Russian in Russian", () => {
  assert.deepEqual(Object.keys(widgetWords.ru).sort(), Object.keys(widgetWords.en).sort());
  for (const key of Object.keys(widgetWords.en)) {
    assert.ok(widgetWords.en[key] && !/[а-яё]/i.test(widgetWords.en[key]), key);
    assert.match(widgetWords.ru[key], /[а-яё]/i, key);
  }
  assert.ok(!Object.keys(widgetWords.en).some((key) => key in STRINGS_RU), "a widget word is in the page's table too");
});
