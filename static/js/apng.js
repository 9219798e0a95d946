// An animated PNG, written plainly: one RGBA frame per step (no filters), the first the whole picture, each later one
// the whole or a rectangle of it (drawn over the frame before, where its pixels are clear it shows that one), each
// frame's rows compressed by the browser's own zlib (CompressionStream "deflate"). Frames are added one at a time,
// so a long animation never holds more than one frame's pixels. Format: https://wiki.mozilla.org/APNG_Specification

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Big-endian fields: [value, bytes] pairs → bytes. */
function fields(...pairs) {
  const out = new Uint8Array(pairs.reduce((n, [, size]) => n + size, 0));
  let at = 0;
  for (const [value, size] of pairs) {
    for (let i = size - 1; i >= 0; i--) out[at + size - 1 - i] = (value >>> (8 * i)) & 255;
    at += size;
  }
  return out;
}

function chunk(type, ...bodies) {
  const length = bodies.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(12 + length);
  out.set(fields([length, 4]), 0);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  let at = 8;
  for (const body of bodies) {
    out.set(body, at);
    at += body.length;
  }
  out.set(fields([crc32(out.subarray(4, 8 + length)), 4]), 8 + length);
  return out;
}

async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** RGBA pixels → PNG scanlines, each led by filter type 0 (none). */
function scanlines(rgba, width, height) {
  const stride = width * 4;
  const out = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) out.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return out;
}

/**
 * An animation of `count` frames of width × height, each shown `delay` ms, looping. add(rgba, place) takes a
 * frame's pixels (an ImageData's data, in order): the whole picture, or with `place` {x, y, width, height, over}
 * the rectangle there, over: drawn over the frame before (APNG's blend_op OVER), else in its place; the first
 * frame is the whole picture. blob() gives the file once all `count` frames are in.
 */
export function createApng({ width, height, count, delay }) {
  const parts = [
    new Uint8Array(SIGNATURE),
    chunk("IHDR", fields([width, 4], [height, 4], [8, 1], [6, 1], [0, 1], [0, 1], [0, 1])),
    chunk("acTL", fields([count, 4], [0, 4])),
  ];
  let sequence = 0;
  let frames = 0;
  return {
    async add(rgba, { x = 0, y = 0, width: w = width, height: h = height, over = false } = {}) {
      if (frames >= count) throw new Error(`an animation of ${count} frames got one more`);
      if (frames === 0 && (x || y || w !== width || h !== height)) throw new Error("the first frame is the whole");
      if (x < 0 || y < 0 || x + w > width || y + h > height)
        throw new Error(`a frame out of the picture at ${x}, ${y}`);
      const data = await deflate(scanlines(rgba, w, h));
      const control = fields(
        [sequence++, 4],
        [w, 4],
        [h, 4],
        [x, 4],
        [y, 4],
        [Math.round(delay), 2],
        [1000, 2],
        [0, 1],
        [over ? 1 : 0, 1],
      );
      parts.push(chunk("fcTL", control));
      parts.push(frames === 0 ? chunk("IDAT", data) : chunk("fdAT", fields([sequence++, 4]), data));
      frames += 1;
    },
    blob() {
      if (frames !== count) throw new Error(`an animation of ${count} frames has ${frames}`);
      return new Blob([...parts, chunk("IEND")], { type: "image/png" });
    },
  };
}
