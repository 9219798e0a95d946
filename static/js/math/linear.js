/** Dense and Embedding: a matrix product and a row lookup. */

/** rows [N, F] · W [F, U] + b [U] (before the activation) → [N, U]: each row through the same W. */
export function dense(rows, kernel, bias) {
  const [N, F] = rows.shape;
  const U = kernel.shape[1];
  const values = new Float64Array(N * U);
  for (let n = 0; n < N; n++) {
    for (let u = 0; u < U; u++) {
      let s = bias ? bias.values[u] : 0;
      for (let k = 0; k < F; k++) s += rows.values[n * F + k] * kernel.values[k * U + u];
      values[n * U + u] = s;
    }
  }
  return { shape: [N, U], values };
}

/** Any tensor [..., F] seen as rows [N, F]: Dense treats every leading position alike. */
export function asRows(t) {
  const F = t.shape.length ? t.shape[t.shape.length - 1] : 1;
  return { shape: [t.values.length / F, F], values: t.values };
}

/** Embedding: each index picks row `index` of the matrix [input_dim, output_dim]. */
export function lookup(indices, matrix) {
  const D = matrix.shape[1];
  const values = new Float64Array(indices.length * D);
  indices.forEach((index, n) => values.set(matrix.values.subarray(index * D, (index + 1) * D), n * D));
  return { shape: [indices.length, D], values };
}
