// static/js/draw.js: a drawing's pixels shrink to the model's cells as scikit-learn's digits were made.
import { test } from "node:test";
import assert from "node:assert/strict";
import { shrink } from "../../static/js/draw.js";

/** RGBA bytes of a width × height canvas whose pixel (x, y) has alpha inked(x, y). */
function canvas(width, height, inked) {
  const bytes = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) bytes[(y * width + x) * 4 + 3] = inked(x, y);
  return bytes;
}

test("a cell is its share of ink times the scale: a 4 × 4 block of a 32 × 32 scan counts its inked pixels", () => {
  // the scan's left half inked: cells of columns 0-3 are 16, the others 0
  const half = shrink(
    canvas(32, 32, (x) => (x < 16 ? 255 : 0)),
    32,
    32,
    8,
    8,
    16,
  );
  assert.deepEqual(half.slice(0, 8), [16, 16, 16, 16, 0, 0, 0, 0]);
  // 5 of the 16 pixels of cell (0, 0) inked: 5, a whole number as the dataset's are
  const five = shrink(
    canvas(32, 32, (x, y) => (x < 4 && y < 4 && y * 4 + x < 5 ? 255 : 0)),
    32,
    32,
    8,
    8,
    16,
  );
  assert.equal(five[0], 5);
  assert.equal(
    five.reduce((a, b) => a + b, 0),
    5,
  );
});

test("half-transparent ink counts half; a scale that is not whole keeps fractions", () => {
  assert.deepEqual(
    shrink(
      canvas(4, 4, () => 128),
      4,
      4,
      2,
      2,
      16,
    ),
    [8, 8, 8, 8],
  );
  const [v] = shrink(
    canvas(2, 2, (x, y) => (x + y === 0 ? 255 : 0)),
    2,
    2,
    1,
    1,
    1.5,
  );
  assert.equal(v, 0.375);
});
