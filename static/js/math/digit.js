// A drawing prepared as scikit-learn's digits were (they come from NIST's forms, UCI "optdigits"): the ink's
// bounding box is size-normalised into a 32 × 32 frame, keeping its aspect ratio and centred; each frame pixel is
// ink or not; then every 4 × 4 block's inked pixels are counted, 0 to 16. No page code: the canvas passes its
// pixels in (draw.js), the node tests pass their own.

/** Frame pixels along a cell's side: 4, so a cell counts 0 to 16 inked pixels as the dataset's do. */
export const BLOCK = 4;
/** Samples along a frame pixel's side when it is read from the drawing (8 × 8 = 64 a pixel). */
const SAMPLES = 8;
/** Alpha (0–255) from which a drawing's pixel is ink, and a frame pixel's mean from which it is inked. */
const HALF = 128;

/** The inked pixels' bounding box, {x0, y0, x1, y1} (x1, y1 one past), of RGBA bytes; null when nothing is inked. */
export function inkBox(rgba, width, height) {
  let [x0, y0, x1, y1] = [width, height, 0, 0];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (rgba[(y * width + x) * 4 + 3] >= HALF) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x + 1);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y + 1);
      }
  return x1 > x0 ? { x0, y0, x1, y1 } : null;
}

/**
 * The frame (frameHeight × frameWidth, row-major, 1 = inked): the ink's bounding box scaled to fill the frame
 * along its longer side (the other keeps the box's proportions) and centred. A frame pixel is inked when at least
 * half of what it covers in the drawing is ink.
 */
export function normalise(rgba, width, height, frameHeight, frameWidth) {
  const box = inkBox(rgba, width, height);
  if (!box) return new Uint8Array(frameHeight * frameWidth);
  const { scale, left, top } = fit(box.x1 - box.x0, box.y1 - box.y0, frameWidth, frameHeight);
  return shrink(frameWidth, frameHeight, HALF, (sx, sy) => {
    const x = Math.floor(box.x0 + ((sx + 0.5) / SAMPLES - left) / scale);
    const y = Math.floor(box.y0 + ((sy + 0.5) / SAMPLES - top) / scale);
    return x < box.x0 || x >= box.x1 || y < box.y0 || y >= box.y1 ? 0 : rgba[(y * width + x) * 4 + 3];
  });
}

/** A box w × h scaled to fill a frame along its longer side (the other keeps its proportions), centred in it. */
function fit(w, h, frameWidth, frameHeight) {
  const scale = Math.min(frameWidth / w, frameHeight / h);
  return { scale, left: (frameWidth - w * scale) / 2, top: (frameHeight - h * scale) / 2 };
}

/**
 * The frame (frameHeight × frameWidth, row-major, 1 = inked) of samples taken SAMPLES × SAMPLES a frame pixel:
 * sampleAt(sx, sy) of sample column sx, row sy; a frame pixel is inked when its samples' mean is at least `half`.
 */
function shrink(frameWidth, frameHeight, half, sampleAt) {
  const frame = new Uint8Array(frameHeight * frameWidth);
  for (let Y = 0; Y < frameHeight; Y++)
    for (let X = 0; X < frameWidth; X++) {
      let sum = 0;
      for (let j = 0; j < SAMPLES; j++)
        for (let i = 0; i < SAMPLES; i++) sum += sampleAt(X * SAMPLES + i, Y * SAMPLES + j);
      frame[Y * frameWidth + X] = sum >= half * SAMPLES * SAMPLES ? 1 : 0;
    }
  return frame;
}

/**
 * A frame of (rows·BLOCK) × (cols·BLOCK) pixels down to rows × cols cells: each cell the inked share of its
 * BLOCK × BLOCK pixels times `ink` (16: the count itself, as the dataset's 0–16), whole when `ink` is.
 */
export function countBlocks(frame, rows, cols, ink) {
  const width = cols * BLOCK;
  const values = new Array(rows * cols).fill(0);
  frame.forEach((on, p) => {
    if (on) values[Math.floor(p / width / BLOCK) * cols + Math.floor((p % width) / BLOCK)] += 1;
  });
  const whole = Number.isInteger(ink);
  return values.map((count) => {
    const v = (count / (BLOCK * BLOCK)) * ink;
    return whole ? Math.round(v) : v;
  });
}

/** A drawing's RGBA bytes (width × height) as the model's rows × cols cells: normalised, then block-counted. */
export function prepare(rgba, width, height, rows, cols, ink) {
  return countBlocks(normalise(rgba, width, height, rows * BLOCK, cols * BLOCK), rows, cols, ink);
}

/** The pen the strokes are drawn again with in the frame: 3 frame pixels wide, as the scans' strokes are (2 to 4). */
export const FRAME_PEN = 3;

/**
 * The frame (frameHeight × frameWidth, row-major, 1 = inked) of a drawing made of strokes (each a list of [x, y]
 * points, one point a dot) drawn with a pen `pen` wide: the ink's bounding box (the points' box widened by half the
 * pen) fitted into the frame as `normalise` fits it, and the strokes drawn again there with FRAME_PEN, so a digit
 * drawn small gets the scans' thin strokes, not its own pen scaled up. A frame pixel is inked when at least half
 * of it is within the pen.
 */
export function normaliseStrokes(strokes, pen, frameHeight, frameWidth) {
  const points = strokes.flat();
  if (!points.length) return new Uint8Array(frameHeight * frameWidth);
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, y0] = [Math.min(...xs) - pen / 2, Math.min(...ys) - pen / 2];
  const [w, h] = [Math.max(...xs) + pen / 2 - x0, Math.max(...ys) + pen / 2 - y0];
  const { scale, left, top } = fit(w, h, frameWidth, frameHeight);
  // samples of the frame, SAMPLES along a pixel's side; a sample is ink within FRAME_PEN / 2 of a stroke
  const [sw, sh] = [frameWidth * SAMPLES, frameHeight * SAMPLES];
  const ink = new Uint8Array(sw * sh);
  const r = (FRAME_PEN / 2) * SAMPLES;
  const at = ([x, y]) => [(left + (x - x0) * scale) * SAMPLES, (top + (y - y0) * scale) * SAMPLES];
  for (const stroke of strokes)
    stroke.forEach((point, k) => {
      const [ax, ay] = at(point);
      const [bx, by] = at(stroke[Math.max(0, k - 1)]);
      const [dx, dy] = [bx - ax, by - ay];
      const length2 = dx * dx + dy * dy;
      for (let sy = Math.max(0, Math.floor(Math.min(ay, by) - r)); sy < Math.min(sh, Math.max(ay, by) + r); sy++)
        for (let sx = Math.max(0, Math.floor(Math.min(ax, bx) - r)); sx < Math.min(sw, Math.max(ax, bx) + r); sx++) {
          const [px, py] = [sx + 0.5 - ax, sy + 0.5 - ay];
          const along = length2 ? Math.min(1, Math.max(0, (px * dx + py * dy) / length2)) : 0;
          if ((px - along * dx) ** 2 + (py - along * dy) ** 2 <= r * r) ink[sy * sw + sx] = 1;
        }
    });
  return shrink(frameWidth, frameHeight, 0.5, (sx, sy) => ink[sy * sw + sx]);
}

/** A drawing made of strokes as the model's rows × cols cells: fitted, drawn again with the scans' pen, counted. */
export function prepareStrokes(strokes, pen, rows, cols, ink) {
  return countBlocks(normaliseStrokes(strokes, pen, rows * BLOCK, cols * BLOCK), rows, cols, ink);
}
