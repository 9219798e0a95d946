/**
 * LSTM step by step, as Keras computes it. The kernel (features, 4·units), the recurrent kernel
 * (units, 4·units) and the bias (4·units) are each four blocks in Keras's order: i, f, c (here g), o.
 *   i = σ(x·Wi + h·Ui + bi)   f = σ(x·Wf + h·Uf + bf)   g = tanh(x·Wg + h·Ug + bg)   o = σ(…o)
 *   c = f·c_prev + i·g        h = o·tanh(c)
 * σ is recurrent_activation (sigmoid), tanh is activation.
 */
import { activate } from "./activations.js";

export const GATES = ["i", "f", "g", "o"];

export function lstmRun({
  sequence,
  kernel,
  recurrent,
  bias,
  units,
  activation = "tanh",
  recurrentActivation = "sigmoid",
  goBackwards = false,
}) {
  const features = kernel.shape[0];
  const order = sequence.map((_, t) => t);
  if (goBackwards) order.reverse();
  let h = new Array(units).fill(0);
  let c = new Array(units).fill(0);
  const steps = [];
  for (const t of order) {
    const x = sequence[t];
    const z = new Array(4 * units).fill(0);
    for (let j = 0; j < 4 * units; j++) {
      let s = bias ? bias.values[j] : 0;
      for (let k = 0; k < features; k++) s += x[k] * kernel.values[k * 4 * units + j];
      for (let k = 0; k < units; k++) s += h[k] * recurrent.values[k * 4 * units + j];
      z[j] = s;
    }
    const block = (g) => z.slice(g * units, (g + 1) * units);
    const i = activate(recurrentActivation, block(0));
    const f = activate(recurrentActivation, block(1));
    const g = activate(activation, block(2));
    const o = activate(recurrentActivation, block(3));
    const cNext = c.map((cp, u) => f[u] * cp + i[u] * g[u]);
    const squashed = activate(activation, cNext);
    const hNext = o.map((ou, u) => ou * squashed[u]);
    steps.push({ t, x, z, i, f, g, o, hPrev: h, cPrev: c, c: cNext, h: hNext });
    h = hNext;
    c = cNext;
  }
  return { steps, h, c };
}

/** What Keras hands back: [output] or [output, h, c] with return_state; output is every h or the last. */
export function lstmOutputs(run, { returnSequences = false, returnState = false }) {
  const output = returnSequences ? run.steps.map((s) => s.h) : run.h;
  return returnState ? [output, run.h, run.c] : [output];
}
