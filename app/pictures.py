"""The pictures shipped with the project (``static/pictures/<name>.png``) and the PNG bytes they are made of.

A lesson step that opens with a picture names it (``inputs = {picture = "shapes"}``); its numbers are the picture's
pixels as Keras's ``img_to_array`` gives them: (height, width, channels), 0 to 255. The page reads the same file
in the browser and gets the same numbers (tests/browser/test_pictures.py compares them). Only 8-bit greyscale or
RGB PNGs without interlacing are read: the files ``scripts/make_pictures.py`` writes.
"""

import struct
import zlib
from functools import cache
from pathlib import Path

import numpy as np

FOLDER = Path(__file__).resolve().parent.parent / "static" / "pictures"
SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3}
"""PNG colour type → channels: greyscale, RGB."""


class PictureError(ValueError):
    """A picture that is not there or not a PNG this module reads."""


def names() -> list[str]:
    """The shipped pictures, by name."""
    return sorted(path.stem for path in FOLDER.glob("*.png"))


@cache
def pixels(name: str) -> np.ndarray:
    """The shipped picture ``name`` as uint8 (height, width, channels)."""
    path = FOLDER / f"{name}.png"
    if name not in names():
        raise PictureError(f"expected the name of a shipped picture ({', '.join(names())}); got {name!r}")
    array = read_png(path.read_bytes())
    array.setflags(write=False)
    return array


def read_png(data: bytes) -> np.ndarray:
    """An 8-bit greyscale or RGB PNG as uint8 (height, width, channels)."""
    if not data.startswith(SIGNATURE):
        raise PictureError("not a PNG file")
    at, header, idat = len(SIGNATURE), None, b""
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if header is None:
        raise PictureError("a PNG without its IHDR header")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise PictureError("expected an 8-bit greyscale or RGB PNG without interlacing")
    channels = CHANNELS[colour]
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, stride + 1)
    rows = np.zeros((height, stride), dtype=np.int32)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        up = rows[y - 1] if y else np.zeros(stride, dtype=np.int32)
        if kind in (0, 2):
            rows[y] = (line + (up if kind == 2 else 0)) & 255
        else:
            rows[y] = _unfilter_left(kind, line, up, channels)
    return rows.astype(np.uint8).reshape(height, width, channels)


def _unfilter_left(kind: int, line: np.ndarray, up: np.ndarray, channels: int) -> np.ndarray:
    """Filters 1 (sub), 3 (average) and 4 (Paeth) depend on the byte to the left: one byte at a time."""
    if kind not in (1, 3, 4):
        raise PictureError(f"a PNG row with an unknown filter type {kind}")
    out = np.zeros_like(line)
    for x in range(len(line)):
        left = out[x - channels] if x >= channels else 0
        corner = up[x - channels] if x >= channels else 0
        if kind == 1:
            guess = left
        elif kind == 3:
            guess = (left + up[x]) // 2
        else:
            guess = _paeth(left, up[x], corner)
        out[x] = (line[x] + guess) & 255
    return out


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def write_png(array: np.ndarray) -> bytes:
    """uint8 (height, width, 1 or 3) as a PNG; each row with the filter that packs it best (as encoders do)."""
    height, width, channels = array.shape
    colour = {v: k for k, v in CHANNELS.items()}[channels]
    rows = array.reshape(height, width * channels).astype(np.int32)
    lines = []
    for y in range(height):
        line, up = rows[y], rows[y - 1] if y else np.zeros_like(rows[y])
        left = np.concatenate([np.zeros(channels, dtype=np.int32), line[:-channels]])
        corner = np.concatenate([np.zeros(channels, dtype=np.int32), up[:-channels]])
        paeth = np.array([_paeth(a, b, c) for a, b, c in zip(left, up, corner)], dtype=np.int32)
        choices = [line, line - left, line - up, line - (left + up) // 2, line - paeth]
        kind = min(range(5), key=lambda k: int(np.abs(((choices[k] + 128) & 255) - 128).sum()))
        lines.append(bytes([kind]) + (choices[kind] & 255).astype(np.uint8).tobytes())
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    chunks = [(b"IHDR", header), (b"IDAT", zlib.compress(b"".join(lines), 9)), (b"IEND", b"")]
    return SIGNATURE + b"".join(
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)) for kind, body in chunks
    )
