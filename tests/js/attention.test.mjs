// The attention arithmetic against what Keras computes inside MultiHeadAttention and Attention, step by step
// (attention-fixtures.json, written by attention_fixtures.py from the layers' own parts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fromNested } from "../../static/js/tensor.js";
import { attentionMask, dotAttention, maskedSoftmax, multiHeadAttention } from "../../static/js/math/attention.js";

const { cases: CASES } = JSON.parse(readFileSync(new URL("./attention-fixtures.json", import.meta.url), "utf8"));

const flat = (x) => (Array.isArray(x) ? x.flatMap(flat) : [x]);

const FLOAT32_EPSILON = 2 ** -23;

/** Equal to float32 precision: within 2 float32 epsilons of the numbers' size (Keras adds in float32; the
 * worst seen is 2.1 × 2⁻²⁴). */
function close(got, want, what) {
  const a = flat(got);
  const b = flat(want);
  assert.equal(a.length, b.length, `${what}: ${a.length} numbers, Keras has ${b.length}`);
  const scale = Math.max(1, ...b.map(Math.abs));
  const worst = Math.max(0, ...a.map((v, i) => Math.abs(v - b[i])));
  assert.ok(worst <= 2 * FLOAT32_EPSILON * scale, `${what}: largest difference ${worst} (scale ${scale})`);
}

/** Keras's (T, heads, size) as [head][T][size]. */
const byHead = (rows) => rows[0].map((_, head) => rows.map((row) => row[head]));

const tensors = (weights) => Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, fromNested(w)]));

const multiHead = Object.entries(CASES).filter(([, fx]) => fx.layer === "MultiHeadAttention");
const plain = Object.entries(CASES).filter(([, fx]) => fx.layer === "Attention");

function runMultiHead(fx, fused = false) {
  const [query, value, key] = fx.inputs;
  return multiHeadAttention({
    query,
    value,
    key,
    weights: tensors(fx.weights),
    causal: Boolean(fx.args.use_causal_mask),
    queryMask: fx.masks.query ?? null,
    valueMask: fx.masks.value ?? null,
    fused,
  });
}

for (const [name, fx] of multiHead) {
  test(`MultiHeadAttention step by step gives Keras's numbers: ${name}`, () => {
    const run = runMultiHead(fx);
    close(run.q, byHead(fx.query), "query projection per head");
    close(run.k, byHead(fx.key), "key projection per head");
    close(run.v, byHead(fx.value), "value projection per head");
    close(run.scores, fx.scores, "scores Q·Kᵀ/√d");
    close(run.weights, fx.weightsOfAttention, "softmax weights");
    close(run.context, byHead(fx.context), "weighted sum per head");
    close(run.output, fx.output, "output projection");
  });

  test(`MultiHeadAttention's plain call (Keras's fused attention) gives Keras's output: ${name}`, () => {
    close(runMultiHead(fx, true).output, fx.outputFused, "output of the plain call");
  });

  test(`MultiHeadAttention's mask is Keras's: ${name}`, () => {
    const run = runMultiHead(fx);
    if (fx.mask === null) assert.equal(run.mask, null);
    else
      assert.deepEqual(
        run.mask,
        fx.mask.map((row) => row.map(Boolean)),
      );
  });
}

for (const [name, fx] of plain) {
  test(`Attention gives Keras's scores, weights and output: ${name}`, () => {
    const [query, value, key] = fx.inputs;
    const run = dotAttention({
      query,
      value,
      key,
      scale: fx.weights.scale ?? null,
      scoreMode: fx.args.score_mode ?? "dot",
      concatWeight: fx.weights.concat_score_weight ?? null,
      causal: Boolean(fx.args.use_causal_mask),
      queryMask: fx.masks.query ?? null,
      valueMask: fx.masks.value ?? null,
    });
    close(run.scores, fx.scores, "scores");
    close(run.weights, fx.weightsOfAttention, "softmax weights");
    close(run.output, fx.output, "output");
    close(run.output, fx.outputFused, "output without the scores");
    if (fx.mask === null) assert.equal(run.mask, null);
    else
      assert.deepEqual(
        run.mask,
        fx.mask.map((row) => row.map(Boolean)),
      );
  });
}

test("the causal mask keeps each step and the ones before it", () => {
  const mask = attentionMask({ steps: 3, keySteps: 4, causal: true });
  assert.deepEqual(mask, [
    [true, false, false, false],
    [true, true, false, false],
    [true, true, true, false],
  ]);
});

test("a masked place weighs 0 and the rest still add up to 1; a row masked whole weighs 0 everywhere", () => {
  const weights = maskedSoftmax([1, 2, 3], [true, false, true]);
  assert.equal(weights[1], 0);
  assert.ok(Math.abs(weights[0] + weights[2] - 1) < 1e-15);
  assert.deepEqual(maskedSoftmax([1, 2], [false, false]), [0, 0]);
});

test("the fixtures cover every kind of mask: causal, padding, both, none", () => {
  const kinds = Object.values(CASES).map((fx) => [Boolean(fx.args.use_causal_mask), Boolean(fx.masks.value)]);
  for (const kind of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ]) {
    assert.ok(
      kinds.some((k) => k[0] === kind[0] && k[1] === kind[1]),
      `no case with causal ${kind[0]}, padding ${kind[1]}`,
    );
  }
});
