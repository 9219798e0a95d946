/**
 * Conv2DTranspose two ways. Scatter: every input number stamps kernel × number onto the output,
 * `strides` apart. Gather (how the lesson explains it): spread the input with strides − 1 zeros
 * between its numbers, pad it, and slide the kernel turned by 180° over it. Both give Keras's numbers.
 */

/** One axis: Keras's output length and how much of the full result 'same' crops off the front. */
export function transposeAxis({ length, kernel, stride = 1, padding = "valid" }) {
  const overhang = Math.max(kernel - stride, 0);
  const out = length * stride + (padding === "same" ? 0 : overhang);
  const crop = padding === "same" ? Math.floor(overhang / 2) : 0;
  const lo = crop - (kernel - 1);
  const last = (length - 1) * stride;
  return {
    length,
    kernel,
    stride,
    padding,
    out,
    crop,
    lo,
    display: out + kernel - 1,
    /** Display row r of the spread grid: an input index, "zero" (inserted) or "pad" (around). */
    source(r) {
      const t = r + lo;
      if (t < 0 || t > last) return "pad";
      return t % stride === 0 ? t / stride : "zero";
    },
  };
}

/** Input [H, W, C] spread by strides: strides − 1 zeros between neighbours, shape [(H−1)·sh+1, (W−1)·sw+1, C]. */
export function spread(input, [sh, sw]) {
  const [H, W, C] = input.shape;
  const h = (H - 1) * sh + 1;
  const w = (W - 1) * sw + 1;
  const values = new Float64Array(h * w * C);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < C; c++) values[(y * sh * w + x * sw) * C + c] = input.values[(y * W + x) * C + c];
    }
  }
  return { shape: [h, w, C], values };
}

/** Kernel [kh, kw, F, C] (Keras's layout for transposed convolutions). */
export function transposeConvScatter(input, kernel, bias, rows, cols) {
  const [H, W, C] = input.shape;
  const [kh, kw, F] = kernel.shape;
  const [oh, ow] = [rows.out, cols.out];
  const values = new Float64Array(oh * ow * F);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let a = 0; a < kh; a++) {
        const oy = y * rows.stride + a - rows.crop;
        if (oy < 0 || oy >= oh) continue;
        for (let b = 0; b < kw; b++) {
          const ox = x * cols.stride + b - cols.crop;
          if (ox < 0 || ox >= ow) continue;
          for (let f = 0; f < F; f++) {
            for (let c = 0; c < C; c++) {
              values[(oy * ow + ox) * F + f] +=
                input.values[(y * W + x) * C + c] * kernel.values[((a * kw + b) * F + f) * C + c];
            }
          }
        }
      }
    }
  }
  if (bias) for (let p = 0; p < oh * ow; p++) for (let f = 0; f < F; f++) values[p * F + f] += bias.values[f];
  return { shape: [oh, ow, F], values };
}

/**
 * The window of output (oy, ox) on the spread, padded grid: display rows oy … oy+kh−1. Each tap
 * pairs a display cell with the kernel weight it meets, the kernel being turned by 180°.
 */
export function transposeTaps(rows, cols, oy, ox) {
  const taps = [];
  for (let a = 0; a < rows.kernel; a++) {
    for (let b = 0; b < cols.kernel; b++) {
      const r = oy + a;
      const c = ox + b;
      const sy = rows.source(r);
      const sx = cols.source(c);
      const kind = sy === "pad" || sx === "pad" ? "pad" : sy === "zero" || sx === "zero" ? "zero" : "input";
      taps.push({ r, c, ky: rows.kernel - 1 - a, kx: cols.kernel - 1 - b, kind, y: sy, x: sx });
    }
  }
  return taps;
}

/** Output (oy, ox, f) by gathering: Σ over the window and the input channels, plus bias. */
export function transposeGather(input, kernel, bias, rows, cols, oy, ox, f) {
  const [, W, C] = input.shape;
  const [, kw, F] = kernel.shape;
  let total = bias ? bias.values[f] : 0;
  for (const tap of transposeTaps(rows, cols, oy, ox)) {
    if (tap.kind !== "input") continue;
    for (let c = 0; c < C; c++) {
      total += input.values[(tap.y * W + tap.x) * C + c] * kernel.values[((tap.ky * kw + tap.kx) * F + f) * C + c];
    }
  }
  return total;
}
