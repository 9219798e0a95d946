// static/js/api.js: the server's one error shape, and one more try for requests that change nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, createApi } from "../../static/js/api.js";
import { LANGUAGES, loadLanguage } from "../../static/js/i18n.js";

await Promise.all(LANGUAGES.map(loadLanguage)); // both tables, as a page in each language has its own

/** A fetch that answers from a list: a status number, "down" (a network error), or a body for 200. */
function fetcher(answers) {
  const seen = [];
  const fetch = async (path, init) => {
    seen.push([init.method, path]);
    const next = answers.shift();
    if (next === "down") throw new TypeError("Failed to fetch");
    if (typeof next === "number")
      return new Response(JSON.stringify({ status: next, error: `bad ${next}` }), { status: next });
    return new Response(JSON.stringify(next), { status: 200 });
  };
  return { fetch, seen };
}

test("a GET, a summary and a predict are tried once more after a network error, a 502 or a 503", async () => {
  for (const [first, call] of [
    ["down", (api) => api.layers()],
    [502, (api) => api.summary({ layers: [] })],
    [503, (api) => api.predict({})],
  ]) {
    const { fetch, seen } = fetcher([first, { ok: true }]);
    assert.deepEqual(await call(createApi(fetch, { retryAfter: 1 })), { ok: true });
    assert.equal(seen.length, 2);
  }
});

test("only once; and never for an import or a refusal", async () => {
  const twice = fetcher(["down", "down"]);
  await assert.rejects(createApi(twice.fetch, { retryAfter: 1 }).examples(), (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 0);
    assert.match(error.text("ru"), /Сервер недоступен/);
    return true;
  });
  assert.equal(twice.seen.length, 2);
  const imported = fetcher([503]);
  await assert.rejects(createApi(imported.fetch, { retryAfter: 1 }).importModel({}), /bad 503/);
  assert.equal(imported.seen.length, 1);
  const refused = fetcher([422]);
  await assert.rejects(createApi(refused.fetch, { retryAfter: 1 }).summary({}), (error) => error.status === 422);
  assert.equal(refused.seen.length, 1);
});

test("an aborted request is not tried again", async () => {
  const controller = new AbortController();
  const { fetch, seen } = fetcher([502, { ok: true }]);
  const asked = createApi(fetch, { retryAfter: 50 }).predict({}, controller.signal);
  controller.abort();
  await assert.rejects(asked, (error) => error.name === "AbortError");
  assert.equal(seen.length, 1);
});
