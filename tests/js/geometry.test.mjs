import { test } from "node:test";
import assert from "node:assert/strict";
import { axisWindows, axisTaps } from "../../static/js/math/windows.js";
import { transposeAxis } from "../../static/js/math/transpose.js";
import { upsampleSources } from "../../static/js/math/resize.js";

test("the lesson's output sizes: 128 → 126 valid, 128 same, 64 with strides 2, 124 dilated, 63 pooled", () => {
  assert.equal(axisWindows({ length: 128, kernel: 3 }).out, 126);
  assert.equal(axisWindows({ length: 128, kernel: 3, padding: "same" }).out, 128);
  assert.equal(axisWindows({ length: 128, kernel: 3, stride: 2, padding: "same" }).out, 64);
  assert.equal(axisWindows({ length: 128, kernel: 3, dilation: 2 }).out, 124);
  assert.equal(axisWindows({ length: 127, kernel: 2, stride: 2 }).out, 63);
  assert.equal(axisWindows({ length: 127, kernel: 2, stride: 2, padding: "same" }).out, 64);
});

test("'same' padding puts the odd extra zero after (bottom/right)", () => {
  const axis = axisWindows({ length: 4, kernel: 2, padding: "same" });
  assert.deepEqual([axis.before, axis.after], [0, 1]);
  assert.deepEqual(axisTaps(axis, 3), [3, -1]);
  const k3 = axisWindows({ length: 5, kernel: 3, stride: 2, padding: "same" });
  assert.deepEqual([k3.out, k3.before, k3.after], [3, 1, 1]);
});

test("dilation spreads the taps; causal padding is all before", () => {
  assert.deepEqual(axisTaps(axisWindows({ length: 5, kernel: 2, dilation: 2 }), 1), [1, 3]);
  const causal = axisWindows({ length: 5, kernel: 3, padding: "causal" });
  assert.deepEqual([causal.out, causal.before, causal.after], [5, 2, 0]);
  assert.deepEqual(axisTaps(causal, 0), [-1, -1, 0]);
});

test("transposed axis: sizes, crop and what each spread cell holds", () => {
  const nb = transposeAxis({ length: 2, kernel: 1, stride: 3, padding: "same" });
  assert.deepEqual([nb.out, nb.crop, nb.display], [6, 0, 6]);
  assert.deepEqual(
    Array.from({ length: 6 }, (_, r) => nb.source(r)),
    [0, "zero", "zero", 1, "pad", "pad"],
  );
  const k3 = transposeAxis({ length: 3, kernel: 3, stride: 2, padding: "same" });
  assert.deepEqual([k3.out, k3.crop], [6, 0]);
  assert.deepEqual(
    Array.from({ length: k3.display }, (_, r) => k3.source(r)),
    ["pad", "pad", 0, "zero", 1, "zero", 2, "pad"],
  );
  const valid = transposeAxis({ length: 2, kernel: 3, stride: 2 });
  assert.equal(valid.out, 5);
});

test("upsampling sources: nearest copies, bilinear blends neighbours", () => {
  assert.deepEqual(upsampleSources(3, 2, 2), [{ index: 1, weight: 1 }]);
  assert.deepEqual(upsampleSources(1, 2, 2, "bilinear"), [
    { index: 0, weight: 0.75 },
    { index: 1, weight: 0.25 },
  ]);
  assert.deepEqual(upsampleSources(0, 2, 2, "bilinear"), [{ index: 0, weight: 1 }]);
});
