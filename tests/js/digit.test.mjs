// static/js/math/digit.js: a drawing prepared as scikit-learn's digits were (the ink's box fitted into a 32 × 32
// frame, centred, then each 4 × 4 block's inked pixels counted).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BLOCK,
  FRAME_PEN,
  countBlocks,
  inkBox,
  normalise,
  normaliseStrokes,
  prepare,
  prepareStrokes,
} from "../../static/js/math/digit.js";

/** RGBA bytes of a width × height canvas whose pixel (x, y) has alpha inked(x, y). */
function canvas(width, height, inked) {
  const bytes = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) bytes[(y * width + x) * 4 + 3] = inked(x, y);
  return bytes;
}

/** An "L" (a left bar and a bottom bar, `stroke` thick) in the box from (x, y), w wide and h high. */
const ell = (x, y, w, h, stroke) => (px, py) =>
  px >= x && px < x + w && py >= y && py < y + h && (px < x + stroke || py >= y + h - stroke) ? 255 : 0;

const rows = (cells) => Array.from({ length: 8 }, (_, r) => cells.slice(r * 8, r * 8 + 8));

test("a digit drawn small in a corner gives the cells of the same digit drawn big in the middle", () => {
  const big = prepare(canvas(256, 256, ell(40, 16, 160, 224, 28)), 256, 256, 8, 8, 16);
  const small = prepare(canvas(256, 256, ell(180, 150, 70, 98, 12.25)), 256, 256, 8, 8, 16);
  assert.deepEqual(small, big);
  // it fills the frame's height, kept at its proportions (160 / 224 of 32: 23 pixels wide) and centred
  const grid = rows(big);
  assert.ok(grid[0].some((v) => v > 0) && grid[7].some((v) => v > 0));
  assert.deepEqual(grid[7], [0, 12, 16, 16, 16, 16, 12, 0]);
  assert.deepEqual(
    grid.map((row) => row[0]),
    [0, 0, 0, 0, 0, 0, 0, 0],
  );
});

test("the ink's box fills the frame along its longer side, centred along the other", () => {
  // a bar twice as wide as high: all 32 columns, the middle 16 rows
  const frame = normalise(
    canvas(100, 100, (x, y) => (x >= 10 && x < 90 && y >= 50 && y < 90 ? 255 : 0)),
    100,
    100,
    32,
    32,
  );
  const inkedRows = [...Array(32).keys()].filter((y) => frame.slice(y * 32, y * 32 + 32).some(Boolean));
  assert.deepEqual(
    inkedRows,
    [...Array(16).keys()].map((k) => k + 8),
  );
  assert.ok(frame.slice(8 * 32, 9 * 32).every(Boolean));
  assert.deepEqual(countBlocks(frame, 8, 8, 16).slice(16, 24), Array(8).fill(16));
  assert.deepEqual(
    inkBox(
      canvas(10, 10, (x, y) => (x === 3 && y > 5 ? 255 : 0)),
      10,
      10,
    ),
    { x0: 3, y0: 6, x1: 4, y1: 10 },
  );
});

test("a frame pixel is ink when at least half of what it covers is; faint ink is not ink", () => {
  assert.equal(
    inkBox(
      canvas(8, 8, () => 127),
      8,
      8,
    ),
    null,
  );
  assert.deepEqual(
    prepare(
      canvas(8, 8, () => 100),
      8,
      8,
      8,
      8,
      16,
    ),
    Array(64).fill(0),
  );
  const full = prepare(
    canvas(64, 64, () => 200),
    64,
    64,
    8,
    8,
    16,
  );
  assert.deepEqual(full, Array(64).fill(16));
});

test("a cell counts the inked pixels of its 4 × 4 block; a scale that is not whole keeps fractions", () => {
  const frame = new Uint8Array(32 * 32);
  [0, 1, 2, 32, 33].forEach((p) => (frame[p] = 1)); // 5 pixels of block (0, 0)
  frame[32 * BLOCK * 7 + 31] = 1; // the last pixel of block (7, 7)
  const cells = countBlocks(frame, 8, 8, 16);
  assert.equal(cells[0], 5);
  assert.equal(cells[63], 1);
  assert.equal(
    cells.reduce((a, b) => a + b, 0),
    6,
  );
  assert.equal(countBlocks(frame, 8, 8, 1.5)[0], (5 / 16) * 1.5);
});

/** A "7" as strokes: across the top, then down to the bottom left; `scale` times the size, its corner at (x, y). */
const seven = (scale, x, y) => [
  [
    [x, y],
    [x + 100 * scale, y],
    [x + 40 * scale, y + 200 * scale],
  ],
];

test("strokes are fitted like ink, then drawn again with the scans' pen: small or big, the same cells", () => {
  const big = prepareStrokes(seven(1, 60, 20), 24, 8, 8, 16);
  assert.deepEqual(prepareStrokes(seven(0.4, 150, 140), 24 * 0.4, 8, 8, 16), big);
  // drawn small with the same (now relatively fat) pen, the top stroke in the frame is as thin as a big drawing's:
  // FRAME_PEN pixels (the box still takes in the whole pen, so the small one sits a little lower)
  const across = (frame) => [...Array(5).keys()].filter((y) => frame[y * 32 + 20]);
  const thin = across(normaliseStrokes(seven(1, 60, 20), 24, 32, 32));
  const fat = across(normaliseStrokes(seven(0.4, 150, 140), 24, 32, 32));
  assert.deepEqual(thin, [0, 1, 2]);
  assert.equal(fat.length, FRAME_PEN);
  assert.equal(fat[2] - fat[0], 2);
  const grid = rows(big);
  assert.ok(grid[0].some((v) => v > 0) && grid[7].some((v) => v > 0));
});

test("a dot is a pen-wide blot in the frame's middle; no strokes, no ink", () => {
  const dot = normaliseStrokes([[[30, 40]]], 10, 32, 32);
  assert.ok(dot[16 * 32 + 16] && !dot[0] && !dot[31 * 32 + 31]);
  assert.deepEqual(prepareStrokes([], 10, 8, 8, 16), Array(64).fill(0));
});
