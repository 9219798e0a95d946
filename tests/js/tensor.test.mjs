// static/js/tensor.js: the page's one tensor module.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  FILLS,
  flatten,
  fromNested,
  indexAt,
  layout,
  locate,
  offset,
  pageCombos,
  shapeOf,
  toNested,
  tuple,
  unravel,
} from "../../static/js/tensor.js";
import { formatShape, formatShapes } from "../../static/js/format.js";

const CUBE = [
  [
    [1, 2],
    [3, 4],
  ],
  [
    [5, 6],
    [7, 8],
  ],
];

test("nested ↔ flat, offsets and indices", () => {
  const t = fromNested(CUBE);
  assert.deepEqual(t.shape, [2, 2, 2]);
  assert.deepEqual(Array.from(t.values), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(toNested(t), CUBE);
  assert.deepEqual(toNested({ shape: [2, 2], values: [1, 2, 3, 4] }), [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(flatten(CUBE), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(offset([2, 2, 2], [1, 0, 1]), 5);
  assert.deepEqual(unravel([2, 2, 2], 5), [1, 0, 1]);
  assert.deepEqual(tuple(3, 2), [3, 3]);
  assert.deepEqual(tuple([2, 1], 2), [2, 1]);
  assert.ok(Number.isNaN(fromNested([1, null]).values[1]));
});

test("shapeOf refuses ragged arrays and what is not a number", () => {
  assert.deepEqual(shapeOf(CUBE), [2, 2, 2]);
  assert.equal(shapeOf([[1, 2], [3]]), null);
  assert.equal(shapeOf([1, "2"]), null);
  assert.equal(shapeOf([1, NaN]), null);
  assert.deepEqual(shapeOf(5), []);
});

test("a sample is laid out as a row, a matrix, or one page per channel", () => {
  assert.deepEqual(layout([7]), { rows: null, cols: 0, pages: [] });
  assert.deepEqual(layout([3, 4]), { rows: 0, cols: 1, pages: [] });
  const image = layout([4, 5, 3]);
  assert.deepEqual(image, { rows: 0, cols: 1, pages: [2] });
  assert.equal(pageCombos([4, 5, 3], image).length, 3);
  assert.deepEqual(indexAt([4, 5, 3], image, [2], 1, 4), [1, 4, 2]);
  assert.deepEqual(locate(image, [1, 4, 2]), { page: "2", r: 1, c: 4 });
});

test("a batch is one page per example; a kernel is its window, one page per channel pair", () => {
  assert.deepEqual(layout([2, 4], "batch"), { rows: 0, cols: 1, pages: [] });
  assert.deepEqual(layout([2, 3, 4], "batch"), { rows: 1, cols: 2, pages: [0] });
  const images = layout([2, 6, 6, 3], "batch");
  assert.deepEqual(images, { rows: 1, cols: 2, pages: [0, 3] });
  assert.deepEqual(pageCombos([2, 6, 6, 3], images).slice(0, 4), [
    [0, 0],
    [0, 1],
    [0, 2],
    [1, 0],
  ]);
  assert.deepEqual(indexAt([2, 6, 6, 3], images, [1, 2], 5, 4), [1, 5, 4, 2]);
  const kernel = layout([3, 3, 2, 4], "kernel");
  assert.deepEqual(kernel, { rows: 0, cols: 1, pages: [2, 3] });
  assert.equal(pageCombos([3, 3, 2, 4], kernel).length, 8);
  assert.deepEqual(layout([4, 2], "kernel"), { rows: 0, cols: 1, pages: [] });
});

test("fills: zeros, ones, 0 1 2 …, and seeded random numbers that repeat", () => {
  assert.deepEqual(FILLS.arange(4), [0, 1, 2, 3]);
  assert.deepEqual(FILLS.random(5, { seed: 3 }), FILLS.random(5, { seed: 3 }));
  assert.notDeepEqual(FILLS.random(5, { seed: 3 }), FILLS.random(5, { seed: 4 }));
  assert.ok(FILLS.random(50, { integer: true, high: 10 }).every((v) => Number.isInteger(v) && v >= 0 && v < 10));
});

test("shapes are written as Keras prints them, in the summary and the views alike", () => {
  assert.equal(formatShape([4]), "(4,)");
  assert.equal(formatShape([null, 4]), "(None, 4)");
  assert.equal(formatShape([]), "()");
  assert.equal(
    formatShapes([
      [null, 4, 2],
      [null, 2],
      [null, 2],
    ]),
    "(None, 4, 2) (None, 2) (None, 2)",
  );
  assert.equal(formatShapes([null, 10]), "(None, 10)");
});
