// static/js/answers.js: a question's fact read from Keras's answers, a learner's answer read the ways people type
// it, the verdict, the hint. The summary rows and the trace below are what the server (Keras) answered for the
// lesson steps dense-basic, lstm-return-state and upsampling2d-demo.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  argumentsIn,
  factOf,
  judge,
  questionFrom,
  questionsFrom,
  readCount,
  readShape,
  shownFact,
  withoutResults,
} from "../../static/js/answers.js";

const DENSE = {
  name: "dense",
  type: "Dense",
  output_shape: [null, 200],
  params: 13000,
  param_formula: "64 × 200 + 200 = 13,000",
  shape_formula: "(…, 64) → (…, units) = (…, 200)",
  args: { units: 200, activation: "relu", kernel_regularizer: null },
  inputs: ["input_layer"],
};
const LSTM = {
  name: "lstm",
  type: "LSTM",
  output_shape: [
    [null, 64],
    [null, 64],
    [null, 64],
  ],
  params: 21760,
  param_formula: "4 × (64 × (20 + 64) + 64) = 21,760",
  shape_formula: "(None, 10, 20) → (None, units) = (None, 64); h, c: (None, units) = (None, 64)",
  args: { units: 64, return_state: true },
  inputs: ["embedding"],
};
const UP = {
  name: "up_sampling2d",
  type: "UpSampling2D",
  output_shape: [null, 4, 4, 1],
  params: 0,
  param_formula: "0",
  shape_formula: "H, W: 2 × 2 = 4",
  args: { size: [2, 2], interpolation: "nearest" },
  inputs: ["input_layer"],
};
const summary = { layers: [DENSE, LSTM, UP] };
const prediction = {
  trace: [
    {
      name: "up_sampling2d",
      outputs: [
        {
          shape: [1, 4, 4, 1],
          data: [
            [
              [[4], [4], [2], [2]],
              [[4], [4], [2], [2]],
              [[3], [3], [6], [6]],
              [[3], [3], [6], [6]],
            ],
          ],
        },
      ],
    },
  ],
};
const ask = (value) => questionFrom(value);

test("a question's fact is what Keras answered, read from the summary and the prediction", () => {
  assert.deepEqual(factOf(ask({ kind: "shape", layer: "dense" }), summary, null).value, [null, 200]);
  assert.equal(factOf(ask({ kind: "params", layer: "lstm" }), summary, null).value, 21760);
  assert.equal(factOf(ask({ kind: "outputs", layer: "lstm" }), summary, null).value, 3);
  assert.deepEqual(factOf(ask({ kind: "shape", layer: "lstm", output: 2 }), summary, null).value, [null, 64]);
  const topLeft = ask({ kind: "value", layer: "up_sampling2d", cell: [0, 0, 0, 0] });
  assert.equal(factOf(topLeft, summary, prediction).value, 4);
  assert.equal(
    factOf(ask({ kind: "value", layer: "up_sampling2d", cell: [0, 1, 2, 0] }), summary, prediction).value,
    2,
  );
});

test("a fact the page does not have says why", () => {
  assert.equal(factOf(ask({ kind: "shape", layer: "gone" }), summary, null).missing, "question.no_layer");
  assert.equal(factOf(ask({ kind: "shape", layer: "dense", output: 1 }), summary, null).missing, "question.no_output");
  const cell = ask({ kind: "value", layer: "up_sampling2d", cell: [0, 0, 0, 0] });
  assert.equal(factOf(cell, summary, null).missing, "question.needs_run");
  const outside = ask({ kind: "value", layer: "up_sampling2d", cell: [0, 4, 0, 0] });
  assert.equal(factOf(outside, summary, prediction).missing, "question.no_cell");
});

test("a value inside a window the server sent is read at its place in the whole tensor", () => {
  const windowed = {
    trace: [
      {
        name: "up_sampling2d",
        outputs: [{ shape: [1, 400, 4, 1], window: { start: [0, 100, 0, 0] }, data: [[[[7]]]] }],
      },
    ],
  };
  const cell = ask({ kind: "value", layer: "up_sampling2d", cell: [0, 100, 0, 0] });
  assert.equal(factOf(cell, { layers: [{ ...UP, output_shape: [null, 400, 4, 1] }] }, windowed).value, 7);
});

test("shapes are read the ways people type them", () => {
  assert.deepEqual(readShape("(None, 4)"), [null, 4]);
  assert.deepEqual(readShape("None,4"), [null, 4]);
  assert.deepEqual(readShape("4"), [4]);
  assert.deepEqual(readShape("(4,)"), [4]);
  assert.deepEqual(readShape("[None, 64, 64, 3]"), [null, 64, 64, 3]);
  assert.deepEqual(readShape("64x64x3"), [64, 64, 3]);
  assert.deepEqual(readShape("64 × 64 × 3"), [64, 64, 3]);
  assert.equal(readShape("four"), null);
  assert.equal(readShape("4.5"), null);
});

test("a shape is right with or without the batch axis, and only then", () => {
  const q = ask({ kind: "shape", layer: "dense" });
  const fact = factOf(q, summary, null);
  for (const typed of ["(None, 200)", "None,200", "200", "(200,)", "none, 200"])
    assert.equal(judge(q, typed, fact, "en").verdict, "right", typed);
  for (const typed of ["(None, 20)", "(1, 200)", "(None, 200, 1)"])
    assert.equal(judge(q, typed, fact, "en").verdict, "wrong", typed);
  assert.deepEqual(judge(q, "a lot", fact, "en"), { verdict: "unreadable", key: "question.read_shape" });
  assert.deepEqual(judge(q, "  ", fact, "en"), { verdict: "unreadable", key: "question.empty" });
});

test("counts are read with the language's digit groups", () => {
  assert.equal(readCount("13000", "en"), 13000);
  assert.equal(readCount("13,000", "en"), 13000);
  assert.equal(readCount("13 000", "ru"), 13000);
  assert.equal(readCount("13\u00a0000", "ru"), 13000);
  assert.equal(readCount("13_000", "en"), 13000);
  assert.equal(readCount("13,000", "ru"), null, "a decimal comma in Russian: not a whole number");
  assert.equal(readCount("13,00", "en"), null);
  const q = ask({ kind: "params", layer: "dense" });
  assert.equal(judge(q, "13 000", factOf(q, summary, null), "ru").verdict, "right");
  assert.equal(judge(q, "12 800", factOf(q, summary, null), "ru").verdict, "wrong");
  assert.equal(judge(q, "many", factOf(q, summary, null), "ru").key, "question.read_count");
});

test("a number is right to the three significant digits the page shows, decimal comma or point", () => {
  const q = ask({ kind: "value", layer: "x", cell: [0] });
  const fact = { value: 7.199999809265137 };
  for (const typed of ["7.2", "7,2", "7.20", "7.2000"])
    assert.equal(judge(q, typed, fact, "ru").verdict, "right", typed);
  assert.equal(judge(q, "7.3", fact, "en").verdict, "wrong");
  assert.equal(judge(q, "0.333", { value: 0.33333334 }, "en").verdict, "right");
  assert.equal(judge(q, "0,33", { value: 0.33333334 }, "ru").verdict, "wrong", "two digits are not the page's three");
  const refused = judge(q, "1,2,3", fact, "en");
  assert.equal(refused.verdict, "unreadable");
  assert.deepEqual([refused.key, refused.vars.token], ["numbers.two_commas", "1,2,3"]);
});

test("the hint is the layer's formula with its results left out, and the arguments it names", () => {
  assert.equal(withoutResults("64 × 200 + 200 = 13,000"), "64 × 200 + 200 = ?");
  assert.equal(withoutResults("H, W: 128 − 3 + 1 = 126; C: filters = 32"), "H, W: 128 − 3 + 1 = ?; C: filters = ?");
  assert.equal(withoutResults(LSTM.shape_formula), "(None, 10, 20) → (None, units) = ?; h, c: (None, units) = ?");
  assert.equal(withoutResults("shape (64,) → (None, 64)"), "shape (64,) → ?");
  assert.equal(withoutResults("0"), null, "a layer without weights has nothing to hint with");
});

test("the hint of a layer that keeps its input's shape leaves the result out: the input and the rule only", () => {
  const attention = "(None, 8, 4) → (None, 8, 4) = (None, 8, 4)";
  assert.equal(withoutResults(attention), "(None, 8, 4) → ?");
  assert.equal(withoutResults(`${attention}; scores = (None, 2, 8, 8)`), "(None, 8, 4) → ?; scores = ?");
  assert.equal(withoutResults("(None, 8, 4) → (None, 8, 4)"), "(None, 8, 4) → ?");
  assert.equal(withoutResults("5 × (None, 4) → 5 × (None, 3) = (None, 5, 3)"), "5 × (None, 4) → ?");
  assert.equal(withoutResults("(…, 8) → (…, 8, output_dim) = (…, 8, 4)"), "(…, 8) → (…, 8, output_dim) = ?");
  for (const hint of [withoutResults(attention), withoutResults("(None, 8, 4) → (None, 8, 4)")]) {
    assert.equal(hint.split("(None, 8, 4)").length - 1, 1, `${hint}: the output shape is not written out`);
  }
  assert.equal(argumentsIn(DENSE.shape_formula, DENSE.args), "units = 200");
  assert.equal(argumentsIn("H, W: 2 × 2 = ?", UP.args), "");
});

test("the answer is written as Keras prints it, in the language's digits", () => {
  assert.equal(shownFact(ask({ kind: "shape", layer: "dense" }), { value: [null, 200] }, "en"), "(None, 200)");
  assert.equal(shownFact(ask({ kind: "params", layer: "dense" }), { value: 13000 }, "ru"), "13\u202f000");
  assert.equal(
    shownFact(ask({ kind: "outputs", layer: "lstm" }), { value: 3, row: LSTM }, "en"),
    "3 — (None, 64), (None, 64), (None, 64)",
  );
  assert.equal(shownFact(ask({ kind: "value", layer: "x", cell: [0] }), { value: 7.199999809265137 }, "ru"), "7,2");
});

test("a link's questions are checked: unknown kinds, bad cells and too many are dropped", () => {
  assert.deepEqual(questionsFrom([{ kind: "shape", layer: "dense" }]), [{ kind: "shape", layer: "dense", output: 0 }]);
  assert.equal(questionsFrom([{ kind: "size", layer: "dense" }]), null);
  assert.equal(questionsFrom([{ kind: "value", layer: "dense", cell: [-1] }]), null);
  assert.equal(questionsFrom([{ kind: "value", layer: "dense" }]), null);
  assert.equal(questionsFrom("dense"), null);
  assert.equal(questionsFrom(Array.from({ length: 99 }, () => ({ kind: "params", layer: "d" }))).length, 30);
});
