// The JS math against real Keras numbers (see keras-fixtures.mjs for where they came from).
import { test } from "node:test";
import assert from "node:assert/strict";
import { KERAS } from "./keras-fixtures.mjs";
import { fromNested, sample, tuple, maxAbsDiff, toNested } from "../../static/js/tensor.js";
import { axisWindows, windows2d, conv2d, pool2d } from "../../static/js/math/windows.js";
import { transposeAxis, transposeConvScatter, transposeGather, spread } from "../../static/js/math/transpose.js";
import { lstmRun, lstmOutputs } from "../../static/js/math/lstm.js";
import { activate } from "../../static/js/math/activations.js";
import { dense, asRows, lookup } from "../../static/js/math/linear.js";
import { upsample2d, concatSource } from "../../static/js/math/resize.js";

const TOLERANCE = 1e-5;
const first = (tensor) => sample(fromNested(tensor.data, tensor.shape), 0);
const weight = (fx, name) => fromNested(fx.weights[name].data, fx.weights[name].shape);
const close = (got, want, message) => assert.ok(maxAbsDiff(got, want) < TOLERANCE, `${message}: ${got} vs ${want}`);

function transposeCase(fx) {
  const input = first(fx.inputs[0]);
  const kernel = weight(fx, "kernel");
  const [kh, kw] = kernel.shape;
  const [sh, sw] = tuple(fx.args.strides ?? 1, 2);
  const padding = fx.args.padding ?? "valid";
  const rows = transposeAxis({ length: input.shape[0], kernel: kh, stride: sh, padding });
  const cols = transposeAxis({ length: input.shape[1], kernel: kw, stride: sw, padding });
  return { input, kernel, bias: weight(fx, "bias"), rows, cols, want: first(fx.outputs[0]) };
}

for (const name of [
  "conv2dtranspose_notebook",
  "conv2dtranspose_k3s2same",
  "conv2dtranspose_k2x3s2x1valid_2ch",
  "conv2dtranspose_k5s2same",
]) {
  test(`transposed convolution by scatter gives Keras's numbers: ${name}`, () => {
    const { input, kernel, bias, rows, cols, want } = transposeCase(KERAS[name]);
    const got = transposeConvScatter(input, kernel, bias, rows, cols);
    assert.deepEqual(got.shape, want.shape);
    close(got.values, want.values, name);
  });

  test(`transposed convolution by sliding the turned kernel over the spread input agrees: ${name}`, () => {
    const { input, kernel, bias, rows, cols, want } = transposeCase(KERAS[name]);
    const [oh, ow, F] = want.shape;
    const got = [];
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++)
        for (let f = 0; f < F; f++) {
          got.push(transposeGather(input, kernel, bias, rows, cols, y, x, f));
        }
    close(got, want.values, name);
  });
}

test("the notebook's Conv2DTranspose: 2×2 spread by 3 into a 6×6 with zeros", () => {
  const fx = KERAS.conv2dtranspose_notebook;
  assert.deepEqual(
    toNested(first(fx.outputs[0])).map((row) => row.map((c) => c[0])),
    [
      [4, 0, 0, 2, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [3, 0, 0, 6, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ],
  );
  const spreadInput = spread(first(fx.inputs[0]), [3, 3]);
  assert.deepEqual(spreadInput.shape, [4, 4, 1]);
  assert.deepEqual(Array.from(spreadInput.values), [4, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 6]);
});

test("the notebook's UpSampling2D copies each number into a 2×2 block, as Keras does", () => {
  const fx = KERAS.upsampling2d;
  const got = upsample2d(first(fx.inputs[0]), tuple(fx.args.size ?? 2, 2));
  const want = first(fx.outputs[0]);
  assert.deepEqual(got.shape, [4, 4, 1]);
  assert.deepEqual(Array.from(got.values), Array.from(want.values));
  assert.deepEqual(Array.from(want.values), [4, 4, 2, 2, 4, 4, 2, 2, 3, 3, 6, 6, 3, 3, 6, 6]);
});

function lstmCase(fx) {
  const input = first(fx.inputs[0]);
  const sequence = toNested(input);
  const args = fx.args;
  const run = lstmRun({
    sequence,
    kernel: weight(fx, "kernel"),
    recurrent: weight(fx, "recurrent_kernel"),
    bias: fx.weights.bias ? weight(fx, "bias") : null,
    units: args.units,
    activation: args.activation ?? "tanh",
    recurrentActivation: args.recurrent_activation ?? "sigmoid",
  });
  return { run, outputs: lstmOutputs(run, { returnSequences: args.return_sequences, returnState: args.return_state }) };
}

test("LSTM gates computed in JS reproduce Keras's sequence, h and c (return_sequences + return_state)", () => {
  const fx = KERAS.lstm_seq_state;
  const { run, outputs } = lstmCase(fx);
  assert.equal(run.steps.length, 4);
  assert.equal(outputs.length, 3);
  outputs.forEach((got, k) => close(got.flat(), first(fx.outputs[k]).values, `output ${k}`));
  for (const step of run.steps) {
    step.i.concat(step.f, step.o).forEach((gate) => assert.ok(gate > 0 && gate < 1));
    step.c.forEach((c, u) => assert.ok(Math.abs(c - (step.f[u] * step.cPrev[u] + step.i[u] * step.g[u])) < 1e-12));
  }
});

test("LSTM with relu and hard_sigmoid on two features matches Keras's last h", () => {
  const fx = KERAS.lstm_2feat;
  const { outputs } = lstmCase(fx);
  assert.equal(outputs.length, 1);
  close(outputs[0], first(fx.outputs[0]).values, "h");
});

function convCase(fx, rank) {
  let input = first(fx.inputs[0]);
  let kernel = weight(fx, "kernel");
  let want = first(fx.outputs[0]);
  if (rank === 1) {
    input = { shape: [input.shape[0], 1, input.shape[1]], values: input.values };
    kernel = { shape: [kernel.shape[0], 1, ...kernel.shape.slice(1)], values: kernel.values };
  }
  const [s, d] = [tuple(fx.args.strides ?? 1, rank), tuple(fx.args.dilation_rate ?? 1, rank)];
  const k = tuple(fx.args.kernel_size, rank);
  const padding = fx.args.padding ?? "valid";
  const rows = axisWindows({ length: input.shape[0], kernel: k[0], stride: s[0], dilation: d[0], padding });
  const cols =
    rank === 1
      ? axisWindows({ length: 1, kernel: 1 })
      : axisWindows({ length: input.shape[1], kernel: k[1], stride: s[1], dilation: d[1], padding });
  const got = conv2d(input, kernel, weight(fx, "bias"), windows2d(rows, cols));
  return { got, want };
}

for (const [name, rank] of [
  ["conv2d_k3s2same", 2],
  ["conv2d_dilated", 2],
  ["conv1d_causal", 1],
  ["conv1d_s2same", 1],
]) {
  test(`convolution windows (padding, strides, dilation) give Keras's numbers: ${name}`, () => {
    const { got, want } = convCase(KERAS[name], rank);
    assert.equal(got.values.length, want.values.length);
    close(got.values, want.values, name);
  });
}

for (const [name, mode] of [
  ["maxpool_same", "max"],
  ["avgpool_same", "mean"],
]) {
  test(`pooling windows give Keras's numbers, padding not counted: ${name}`, () => {
    const fx = KERAS[name];
    const input = first(fx.inputs[0]);
    const k = tuple(fx.args.pool_size ?? 2, 2);
    const s = tuple(fx.args.strides ?? k, 2);
    const geo = windows2d(
      axisWindows({ length: input.shape[0], kernel: k[0], stride: s[0], padding: fx.args.padding }),
      axisWindows({ length: input.shape[1], kernel: k[1], stride: s[1], padding: fx.args.padding }),
    );
    const got = pool2d(input, geo, mode);
    const want = first(fx.outputs[0]);
    assert.deepEqual(got.shape, want.shape);
    close(got.values, want.values, name);
  });
}

test("MaxPooling1D: strides default to pool_size only when not given", () => {
  const fx = KERAS.maxpool1d;
  const input = first(fx.inputs[0]);
  const geo = windows2d(axisWindows({ length: 7, kernel: 3, stride: 2 }), axisWindows({ length: 1, kernel: 1 }));
  const got = pool2d({ shape: [7, 1, 1], values: input.values }, geo, "max");
  close(got.values, first(fx.outputs[0]).values, "maxpool1d");
});

test("the notebook's Dense on a 3-D input: every row through the same W", () => {
  const fx = KERAS.dense_notebook;
  const batch = fromNested(fx.inputs[0].data, fx.inputs[0].shape);
  const got = dense(asRows(batch), weight(fx, "kernel"), weight(fx, "bias"));
  const want = fromNested(fx.outputs[0].data, fx.outputs[0].shape);
  close(got.values, want.values, "dense");
  assert.deepEqual(
    Array.from(want.values, (v) => Math.round(v * 10) / 10),
    [6, 10, 6, 10, 6, 10, 7.2, 12, 7.2, 12, 7.2, 12],
  );
});

test("Embedding looks up one row of the matrix per index", () => {
  const fx = KERAS.embedding;
  const indices = Array.from(first(fx.inputs[0]).values);
  const got = lookup(indices, weight(fx, "embeddings"));
  assert.deepEqual(Array.from(got.values), Array.from(first(fx.outputs[0]).values));
});

test("Flatten and Reshape keep the element order", () => {
  for (const name of ["flatten", "reshape"]) {
    const fx = KERAS[name];
    assert.deepEqual(Array.from(first(fx.outputs[0]).values), Array.from(first(fx.inputs[0]).values));
  }
});

test("Concatenate: each output number found in its input part", () => {
  const fx = KERAS.concatenate;
  const parts = fx.inputs.map(first);
  const want = first(fx.outputs[0]);
  want.values.forEach((v, flat) => {
    const { part, flat: at } = concatSource(
      parts.map((p) => p.shape),
      1,
      flat,
    );
    assert.equal(parts[part].values[at], v);
  });
});

test("softmax rows sum to one", () => {
  const p = activate("softmax", [1, 2, 3]);
  assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-12);
});
