/** UpSampling and Concatenate: where each output number comes from. */
import { size, strides, unravel } from "../tensor.js";

/**
 * The input positions (with weights) that make output position `o` on an axis enlarged `factor`
 * times: 'nearest' copies floor(o / factor); 'bilinear' blends the two nearest input centres.
 */
export function upsampleSources(o, factor, length, interpolation = "nearest") {
  if (interpolation !== "bilinear") return [{ index: Math.floor(o / factor), weight: 1 }];
  const centre = Math.max((o + 0.5) / factor - 0.5, 0);
  const lo = Math.min(Math.floor(centre), length - 1);
  const hi = Math.min(lo + 1, length - 1);
  const w = centre - lo;
  return hi === lo || w === 0
    ? [{ index: lo, weight: 1 }]
    : [
        { index: lo, weight: 1 - w },
        { index: hi, weight: w },
      ];
}

/** Nearest upsampling of [H, W, C] by [sh, sw]: each number copied into an sh × sw block. */
export function upsample2d(input, [sh, sw]) {
  const [H, W, C] = input.shape;
  const out = { shape: [H * sh, W * sw, C], values: new Float64Array(H * sh * W * sw * C) };
  for (let y = 0; y < H * sh; y++) {
    for (let x = 0; x < W * sw; x++) {
      for (let c = 0; c < C; c++) {
        out.values[(y * W * sw + x) * C + c] = input.values[(Math.floor(y / sh) * W + Math.floor(x / sw)) * C + c];
      }
    }
  }
  return out;
}

/** For a flat output index of Concatenate along `axis`: which input it comes from and its flat index there. */
export function concatSource(shapes, axis, flat) {
  const outShape = [...shapes[0]];
  outShape[axis] = shapes.reduce((n, s) => n + s[axis], 0);
  const index = unravel(outShape, flat);
  let along = index[axis];
  for (let part = 0; part < shapes.length; part++) {
    if (along < shapes[part][axis]) {
      index[axis] = along;
      const st = strides(shapes[part]);
      return { part, flat: index.reduce((n, i, a) => n + i * st[a], 0) };
    }
    along -= shapes[part][axis];
  }
  throw new RangeError(`index ${flat} is outside ${size(outShape)} numbers`);
}
