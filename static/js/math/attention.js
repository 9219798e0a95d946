/**
 * Attention as Keras 3.15 computes it, on one sample (sequences as rows: steps × features).
 *
 * MultiHeadAttention: each head h projects the query, key and value (kernels (features, heads, size), biases
 * (heads, size)), scores every query step t against every key step s, Q·Kᵀ/√key_dim (the query is multiplied by
 * 1/√key_dim first, as Keras does), turns each row of scores into weights with a softmax in which masked places
 * count as −10⁹ and come out 0, and takes the weighted sum of the value rows. The heads' sums, side by side,
 * go through the output projection (kernel (heads, value_dim, out), bias (out)).
 * Masks: the causal mask keeps s ≤ t; a padding mask (from an Embedding with mask_zero) keeps the unmasked
 * steps of the query (rows) and of the value and key (columns).
 *
 * Attention: no projections and one head; scores are query · key (× scale with use_scale), or with
 * score_mode "concat" concat_score_weight · Σ tanh(query + key); masked places get −10⁹ added (in float32, as
 * Keras does) and are not zeroed after the softmax; a masked query step's output row is 0.
 */

const LARGE_NEGATIVE = -1e9;

const range = (n) => Array.from({ length: n }, (_, i) => i);

/** rows (steps, features) through an EinsumDense kernel (features, heads, size) and bias → [head][step][size]. */
export function project(rows, kernel, bias = null) {
  const [features, heads, size] = kernel.shape;
  return range(heads).map((head) =>
    rows.map((x) =>
      range(size).map((d) => {
        let sum = bias ? bias.values[head * size + d] : 0;
        for (let e = 0; e < features; e++) sum += x[e] * kernel.values[(e * heads + head) * size + d];
        return sum;
      }),
    ),
  );
}

/**
 * Which places (query step t, key step s) take part: null when nothing is masked, else rows of booleans.
 * queryMask, valueMask, keyMask: one 0/1 (or boolean) per step, or null.
 */
export function attentionMask({ steps, keySteps, causal = false, queryMask = null, valueMask = null, keyMask = null }) {
  if (!causal && !queryMask && !valueMask && !keyMask) return null;
  return range(steps).map((t) =>
    range(keySteps).map(
      (s) =>
        (!causal || s <= t) &&
        (!queryMask || Boolean(queryMask[t])) &&
        (!valueMask || Boolean(valueMask[s])) &&
        (!keyMask || Boolean(keyMask[s])),
    ),
  );
}

/**
 * A softmax of one row; masked places (keep[s] false) count as −10⁹ (Keras's where) and come out 0, unless
 * `zeroed` is false (Keras's fused attention): then a row masked whole weighs every place alike.
 */
export function maskedSoftmax(row, keep = null, zeroed = true) {
  const inside = row.map((v, s) => (keep && !keep[s] ? LARGE_NEGATIVE : v));
  const top = Math.max(...inside);
  const exps = inside.map((v) => Math.exp(v - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e, s) => (zeroed && keep && !keep[s] ? 0 : e / total));
}

/** weights (steps, keySteps) · rows (keySteps, size) → (steps, size). */
export function weightedSum(weights, rows) {
  const size = rows.length ? rows[0].length : 0;
  return weights.map((w) => range(size).map((j) => w.reduce((sum, ws, s) => sum + ws * rows[s][j], 0)));
}

/**
 * MultiHeadAttention on one sample. query (T, E), value (S, Ev), key (S, Ek; the value when not given);
 * weights by name: query/kernel, query/bias, key/kernel, …, attention_output/kernel, attention_output/bias
 * (the biases only with use_bias). fused: the layer's plain call (no scores returned, no dropout), which Keras
 * computes with its fused attention, where a query step masked whole weighs every value step alike. Returns {heads, keyDim, q, k, v ([head][step][size]), mask, scores and
 * weights ([head][T][S]), context ([head][T][value_dim]), joined (T, heads × value_dim), output (T, out)}.
 */
export function multiHeadAttention({
  query,
  value,
  key = value,
  weights,
  causal = false,
  queryMask = null,
  valueMask = null,
  keyMask = null,
  fused = false,
}) {
  const q = project(query, weights["query/kernel"], weights["query/bias"]);
  const k = project(key, weights["key/kernel"], weights["key/bias"]);
  const v = project(value, weights["value/kernel"], weights["value/bias"]);
  const heads = q.length;
  const keyDim = weights["query/kernel"].shape[2];
  const inverse = 1 / Math.sqrt(keyDim);
  const mask = attentionMask({ steps: query.length, keySteps: key.length, causal, queryMask, valueMask, keyMask });
  const scores = q.map((qh, head) =>
    qh.map((qt) => k[head].map((ks) => qt.reduce((sum, qd, d) => sum + qd * inverse * ks[d], 0))),
  );
  const attention = scores.map((sh) => sh.map((row, t) => maskedSoftmax(row, mask && mask[t], !fused)));
  const context = attention.map((wh, head) => weightedSum(wh, v[head]));
  const joined = query.map((_, t) => context.flatMap((ch) => ch[t]));
  const kernel = weights["attention_output/kernel"];
  const bias = weights["attention_output/bias"];
  const width = kernel.shape.slice(2).reduce((a, b) => a * b, 1);
  const output = joined.map((row) =>
    range(width).map((o) =>
      row.reduce((sum, x, i) => sum + x * kernel.values[i * width + o], bias ? bias.values[o] : 0),
    ),
  );
  return { heads, keyDim, q, k, v, mask, scores, weights: attention, context, joined, output };
}

/**
 * Attention (Luong's dot product or Bahdanau's concat) on one sample: query (T, D), value (S, Dv), key (S, D;
 * the value when not given); scale (use_scale) and concatWeight (score_mode "concat") are the layer's scalar
 * weights or null. Returns {mask, scores, weights (T, S), output (T, Dv)}.
 */
export function dotAttention({
  query,
  value,
  key = value,
  scale = null,
  scoreMode = "dot",
  concatWeight = null,
  causal = false,
  queryMask = null,
  valueMask = null,
}) {
  const scores = query.map((qt) =>
    key.map((ks) => {
      if (scoreMode === "concat") {
        const sum = qt.reduce((acc, qd, d) => acc + Math.tanh(scale === null ? qd + ks[d] : scale * (qd + ks[d])), 0);
        return concatWeight * sum;
      }
      const dot = qt.reduce((acc, qd, d) => acc + qd * ks[d], 0);
      return scale === null ? dot : dot * scale;
    }),
  );
  const mask = attentionMask({ steps: query.length, keySteps: key.length, causal, valueMask });
  const weights = scores.map((row, t) => {
    const shifted = row.map((v, s) => (mask && !mask[t][s] ? Math.fround(v + LARGE_NEGATIVE) : v));
    const top = Math.max(...shifted);
    const exps = shifted.map((v) => Math.exp(v - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  });
  const output = weightedSum(weights, value).map((row, t) => (queryMask && !queryMask[t] ? row.map(() => 0) : row));
  return { mask, scores, weights, output };
}
