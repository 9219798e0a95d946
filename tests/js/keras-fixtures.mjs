// Real Keras numbers, fetched once from Layer Lab's own server (Keras 3.15, TensorFlow backend):
// POST /api/models/predict with trace: true, for each model (`layers`) and `body` in keras-fixtures.json (seed
// given where the weights were Keras's own initial ones); `weights` and `outputs` are the traced layer's. Kept as
// data so the JS math is checked against Keras without a server. Each fixture adds `args`, the traced layer's, and
// `inputs`, the InputLayer outputs: they echo `body.inputs` (batched when they are not already).
import { readFileSync } from "node:fs";

const depth = (x) => (Array.isArray(x) ? 1 + depth(x[0]) : 0);

/** One fixture: the model's layers, the request body, and the traced layer's weights and outputs Keras answered. */
function fixture({ layers, body, weights, outputs }) {
  const inputs = layers
    .filter((layer) => layer.type === "Input")
    .map(({ name, args: { shape } }) => {
      const data = Array.isArray(body.inputs) ? body.inputs : body.inputs[name];
      const batched = depth(data) > shape.length;
      return { name, shape: [batched ? data.length : 1, ...shape], data: batched ? data : [data] };
    });
  return { model: { layers }, body, args: layers.at(-1).args, inputs, weights, outputs };
}

const RAW = JSON.parse(readFileSync(new URL("./keras-fixtures.json", import.meta.url), "utf8"));

export const KERAS = Object.fromEntries(Object.entries(RAW).map(([name, raw]) => [name, fixture(raw)]));
