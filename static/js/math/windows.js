/**
 * Where convolution and pooling windows sit, axis by axis, as Keras places them.
 * 'same' pads so that out = ceil(in / stride); when the padding is odd the extra zero goes
 * after (bottom/right). 'causal' (Conv1D) pads only before, so no output sees the future.
 */

export function axisWindows({ length, kernel, stride = 1, dilation = 1, padding = "valid" }) {
  const span = (kernel - 1) * dilation + 1;
  let out;
  let before = 0;
  if (padding === "same") {
    out = Math.ceil(length / stride);
    before = Math.floor(Math.max((out - 1) * stride + span - length, 0) / 2);
  } else if (padding === "causal") {
    before = span - 1;
    out = Math.floor((length - 1) / stride) + 1;
  } else {
    out = length >= span ? Math.floor((length - span) / stride) + 1 : 0;
  }
  const after = Math.max((out - 1) * stride + span - length - before, 0);
  return { length, kernel, stride, dilation, padding, span, out, before, after };
}

/** The input positions (-1 when the tap falls on padding) the window of output `o` reads. */
export function axisTaps(axis, o) {
  const start = o * axis.stride - axis.before;
  const taps = [];
  for (let t = 0; t < axis.kernel; t++) {
    const i = start + t * axis.dilation;
    taps.push(i >= 0 && i < axis.length ? i : -1);
  }
  return taps;
}

/** Two axes together: a 2-D window per output cell, as a list of {ky, kx, y, x} (y or x -1: padding). */
export function windows2d(rows, cols) {
  return {
    rows,
    cols,
    outShape: [rows.out, cols.out],
    taps(oy, ox) {
      const ys = axisTaps(rows, oy);
      const xs = axisTaps(cols, ox);
      const list = [];
      ys.forEach((y, ky) => xs.forEach((x, kx) => list.push({ ky, kx, y, x, inside: y >= 0 && x >= 0 })));
      return list;
    },
  };
}

/** Conv2D before its activation: input [H, W, C], kernel [kh, kw, C, F], bias [F] or null → [oh, ow, F]. */
export function conv2d(input, kernel, bias, geometry) {
  const [, W, C] = input.shape;
  const [, kw, , F] = kernel.shape;
  const [oh, ow] = geometry.outShape;
  const values = new Float64Array(oh * ow * F);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (const { ky, kx, y, x, inside } of geometry.taps(oy, ox)) {
        if (!inside) continue;
        for (let c = 0; c < C; c++) {
          const v = input.values[(y * W + x) * C + c];
          const k0 = ((ky * kw + kx) * C + c) * F;
          for (let f = 0; f < F; f++) values[(oy * ow + ox) * F + f] += v * kernel.values[k0 + f];
        }
      }
      if (bias) for (let f = 0; f < F; f++) values[(oy * ow + ox) * F + f] += bias.values[f];
    }
  }
  return { shape: [oh, ow, F], values };
}

/** One pooling window over channel c: the maximum (and where it is) or the mean of the taps inside. */
export function poolWindow(input, taps, c, mode) {
  const [, W, C] = input.shape;
  let best = -Infinity;
  let at = null;
  let sum = 0;
  let count = 0;
  for (const tap of taps) {
    if (!tap.inside) continue;
    const v = input.values[(tap.y * W + tap.x) * C + c];
    sum += v;
    count += 1;
    if (v > best) {
      best = v;
      at = tap;
    }
  }
  return mode === "max" ? { value: best, at, count } : { value: sum / count, at: null, count };
}

/** MaxPooling / AveragePooling over [H, W, C]; padding is never counted (as TensorFlow does). */
export function pool2d(input, geometry, mode) {
  const C = input.shape[2];
  const [oh, ow] = geometry.outShape;
  const values = new Float64Array(oh * ow * C);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const taps = geometry.taps(oy, ox);
      for (let c = 0; c < C; c++) values[(oy * ow + ox) * C + c] = poolWindow(input, taps, c, mode).value;
    }
  }
  return { shape: [oh, ow, C], values };
}
