/** Keras's activations by name (Keras 3 definitions), applied to one vector (softmax needs the whole row). */

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

function erf(x) {
  // Abramowitz & Stegun 7.1.26: error below 1.5e-7, finer than float32 output.
  const s = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return s * y;
}

const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const softplus = (x) => (x > 30 ? x : Math.log1p(Math.exp(x)));

const ELEMENTWISE = {
  linear: (x) => x,
  relu: (x) => Math.max(x, 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  leaky_relu: (x) => (x >= 0 ? x : 0.2 * x),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  sigmoid,
  hard_sigmoid: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
  tanh: Math.tanh,
  softplus,
  softsign: (x) => x / (1 + Math.abs(x)),
  swish: (x) => x * sigmoid(x),
  silu: (x) => x * sigmoid(x),
  mish: (x) => x * Math.tanh(softplus(x)),
  exponential: Math.exp,
};

/** The activation `name` (null: linear) applied to a vector; returns a new array. */
export function activate(name, vector) {
  const v = Array.from(vector);
  if (name === "softmax" || name === "log_softmax") {
    const top = Math.max(...v);
    const exps = v.map((x) => Math.exp(x - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return name === "softmax" ? exps.map((e) => e / total) : v.map((x) => x - top - Math.log(total));
  }
  const f = ELEMENTWISE[name ?? "linear"];
  if (!f) throw new Error(`unknown activation ${name}`);
  return v.map(f);
}
