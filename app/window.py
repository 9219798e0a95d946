"""Which part of a big tensor an answer carries: a window of at most N numbers, from a start the client chose.

Pure arithmetic on shapes, shared by the web process (to count and check what an answer will carry before any
work) and the workers (to cut the window out of the real array, so only the window crosses the process boundary).
"""

from math import prod

Shape = tuple[int, ...]


def window_shape(shape: Shape, start: Shape, max_numbers: int) -> Shape | None:
    """The shape of the window that begins at ``start``, or ``None`` when the whole tensor fits in ``max_numbers``.

    The window reaches to the end of every axis, then shrinks until it fits: the first (batch) axis to one
    example, then the longest axis halved, again and again, and the axis halved last grown back as far as fits,
    so a 256 × 256 × 32 image read 65,536 numbers at a time comes in 32 × 64 × 32 blocks.
    """
    if prod(shape) <= max_numbers:
        return None
    extent = [d - s for d, s in zip(shape, start)]
    if extent and prod(extent) > max_numbers:
        extent[0] = max(1, min(extent[0], max_numbers // max(1, prod(extent[1:]))))
    last = 0
    while prod(extent) > max_numbers:
        last = max(range(len(extent)), key=lambda axis: (extent[axis], -axis))
        extent[last] = (extent[last] + 1) // 2
    others = prod(extent) // extent[last] if extent else 1
    extent[last] = min(shape[last] - start[last], max(extent[last], max_numbers // others))
    return tuple(extent)


def cut(array, start: Shape, shape: Shape):
    """The window of ``array`` that begins at ``start``, of ``shape``."""
    return array[tuple(slice(s, s + n) for s, n in zip(start, shape))]


def tensor_name(layer: str, k: int, count: int) -> str:
    """How an answer names a layer's k-th output tensor: ``dense``, or ``lstm:1`` when the layer has several."""
    return layer if count == 1 else f"{layer}:{k}"
