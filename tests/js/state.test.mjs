// static/js/state.js: a link carries the model, the numbers, the weights (and where they came from), the seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Catalogue } from "../../static/js/catalogue.js";
import { modelFrom } from "../../static/js/model.js";
import { applyDecoded, createState, decodeHash, encodeState, snapshotOf } from "../../static/js/state.js";

const catalogue = new Catalogue({ categories: {}, layers: [] });

test("a link decodes to exactly the state it was made from", async () => {
  const state = createState();
  state.model = modelFrom({ layers: [{ type: "Input", name: "x", args: { shape: [2] } }] }, catalogue);
  state.data = { x: { shape: [1, 2], values: [0.5, -1] } };
  state.weights = { d: { signature: "sig", from: "step", tensors: [{ name: "kernel", shape: [2], values: [1, 2] }] } };
  Object.assign(state, { seed: 3, selected: "x", example: "first" });
  const hash = await encodeState(state);
  assert.match(hash, /^lab=z\./);
  const again = createState();
  applyDecoded(again, await decodeHash(`#${hash}`), catalogue);
  assert.deepEqual(snapshotOf(again), snapshotOf(state));
  assert.equal(again.weights.d.from, "step");
});

test("what is not a Layer Lab link decodes to null; bad values fall back", async () => {
  assert.equal(await decodeHash("#section-2"), null);
  const state = createState();
  applyDecoded(state, { s: -4, v: 12, e: null }, catalogue);
  assert.deepEqual([state.seed, state.selected, state.example], [0, null, null]);
});

test("an exercise link carries its questions, checked, and a plain link none", async () => {
  const state = createState();
  state.model = modelFrom({ layers: [{ type: "Input", name: "x", args: { shape: [2] } }] }, catalogue);
  state.exercise = [
    { kind: "shape", layer: "x", output: 0 },
    { kind: "value", layer: "x", output: 0, cell: [0, 1] },
  ];
  const again = createState();
  applyDecoded(again, await decodeHash(`#${await encodeState(state)}`), catalogue);
  assert.deepEqual(again.exercise, state.exercise);
  const plain = createState();
  applyDecoded(plain, await decodeHash(`#${await encodeState(createState())}`), catalogue);
  assert.equal(plain.exercise, null);
  applyDecoded(plain, { x: [{ kind: "shape", layer: "x" }, { kind: "answer", layer: "x" }, "<b>"] }, catalogue);
  assert.deepEqual(plain.exercise, [{ kind: "shape", layer: "x", output: 0 }]);
});
