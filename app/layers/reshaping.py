"""Layers that resize the spatial axes without weights: repeat cells, add a border, or cut one off."""

from math import prod
from typing import Annotated, Literal

from .base import (
    Args,
    Expects,
    Inferred,
    NonNegativeInt,
    PositiveInt,
    Shape,
    ShapeError,
    Size2D,
    Size3D,
    arg,
    as_tuple,
    axes_formula,
    expect_rank,
    num,
    register,
    shape_text,
    spatial,
)

Pair = tuple[NonNegativeInt, NonNegativeInt]
Border1D = Annotated[
    NonNegativeInt | Pair,
    Expects(
        "a whole number ≥ 0, or a list of two (start, end)",
        "целое число ≥ 0 или список из двух (в начале, в конце)",
    ),
]
Border2D = Annotated[
    NonNegativeInt | Pair | tuple[Pair, Pair],
    Expects(
        "a whole number ≥ 0, a list of two (height, width), or two such pairs [[top, bottom], [left, right]]",
        "целое число ≥ 0, список из двух (высота, ширина) или две пары [[сверху, снизу], [слева, справа]]",
    ),
]

Border3D = Annotated[
    NonNegativeInt | tuple[NonNegativeInt, NonNegativeInt, NonNegativeInt] | tuple[Pair, Pair, Pair],
    Expects(
        "a whole number ≥ 0, a list of three (one per spatial axis), or three pairs [[start, end], …]",
        "целое число ≥ 0, список из трёх (по одному на пространственную ось) или три пары [[в начале, в конце], …]",
    ),
]


def border_pairs(value: int | tuple, rank: int) -> list[tuple[int, int]]:
    """``1`` → ``[(1, 1), (1, 1)]``; ``(1, 2)`` → ``[(1, 1), (2, 2)]`` in 2-D, ``[(1, 2)]`` in 1-D."""
    if isinstance(value, int):
        return [(value, value)] * rank
    if rank == 1:
        return [value]
    return [p if isinstance(p, tuple) else (p, p) for p in value]


class UpSampling1DArgs(Args):
    size: PositiveInt = arg(2, "How many times to repeat each step.", "Сколько раз повторить каждый шаг.", card=True)


class UpSampling2DArgs(Args):
    size: Size2D = arg(
        2,
        "How many times to enlarge height and width: 2, or [2, 3].",
        "Во сколько раз увеличить высоту и ширину: 2 или [2, 3].",
        card=True,
    )
    interpolation: Literal["nearest", "bilinear"] = arg(
        "nearest",
        "nearest: copy each pixel; bilinear: blend neighbouring pixels smoothly.",
        "nearest: копировать каждый пиксель; bilinear: плавно смешивать соседние пиксели.",
        card=True,
    )


class UpSampling3DArgs(Args):
    size: Size3D = arg(
        2,
        "How many times to repeat each cell along each spatial axis: 2, or [2, 2, 2].",
        "Сколько раз повторить каждую клетку вдоль каждой пространственной оси: 2 или [2, 2, 2].",
        card=True,
    )


def upsampling(name: str, rank: int):
    def infer(args: UpSampling1DArgs | UpSampling2DArgs | UpSampling3DArgs, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        expect_rank(shape, rank + 2, name, spatial(rank))
        lengths, texts = [], []
        for n, s in zip(shape[1:-1], as_tuple(args.size, rank), strict=True):
            lengths.append(None if n is None else n * s)
            texts.append(f"{num(n)} × {s} = {num(lengths[-1])}")
        out = (shape[0], *lengths, shape[-1])
        return Inferred([out], shape_formula=axes_formula(texts), work=prod(d or 1 for d in out[1:]))

    return infer


register(
    "UpSampling1D",
    category="reshaping",
    args=UpSampling1DArgs,
    moves_numbers=True,
    help=("Repeats each step of a sequence size times.", "Повторяет каждый шаг последовательности size раз."),
)(upsampling("UpSampling1D", 1))
register(
    "UpSampling2D",
    category="reshaping",
    args=UpSampling2DArgs,
    help=(
        "Enlarges an image by repeating (or blending) its pixels; no weights.",
        "Увеличивает изображение, повторяя (или смешивая) пиксели; весов нет.",
    ),
)(upsampling("UpSampling2D", 2))

register(
    "UpSampling3D",
    category="reshaping",
    args=UpSampling3DArgs,
    moves_numbers=True,
    help=(
        "Enlarges a volume by repeating each cell along its three spatial axes; no weights.",
        "Увеличивает объём, повторяя каждую клетку вдоль трёх пространственных осей; весов нет.",
    ),
)(upsampling("UpSampling3D", 3))


class ZeroPadding1DArgs(Args):
    padding: Border1D = arg(
        1,
        "Zeros to add at the start and end: 1, or [start, end].",
        "Сколько нулей добавить в начале и в конце: 1 или [в начале, в конце].",
        card=True,
    )


class ZeroPadding2DArgs(Args):
    padding: Border2D = arg(
        1,
        "Rows and columns of zeros around the image: 1, [height, width], or [[top, bottom], [left, right]].",
        "Строки и столбцы нулей вокруг картинки: 1, [высота, ширина] или [[сверху, снизу], [слева, справа]].",
        card=True,
    )


class ZeroPadding3DArgs(Args):
    padding: Border3D = arg(
        1,
        "Zeros to add on each side of each spatial axis: 1, [1, 2, 1], or [[1, 1], [2, 2], [0, 1]].",
        "Сколько нулей добавить с каждой стороны каждой пространственной оси: 1, [1, 2, 1] или [[1, 1], [2, 2], [0, 1]].",
        card=True,
    )


class Cropping1DArgs(Args):
    cropping: Border1D = arg(
        1,
        "Steps to cut off the start and end: 1, or [start, end].",
        "Сколько шагов срезать в начале и в конце: 1 или [в начале, в конце].",
        card=True,
    )


class Cropping2DArgs(Args):
    cropping: Border2D = arg(
        0,
        "Rows and columns to cut off the edges: 1, [height, width], or [[top, bottom], [left, right]].",
        "Строки и столбцы, срезаемые с краёв: 1, [высота, ширина] или [[сверху, снизу], [слева, справа]].",
        card=True,
    )


def zero_padding(name: str, rank: int):
    def infer(args: ZeroPadding1DArgs | ZeroPadding2DArgs | ZeroPadding3DArgs, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        expect_rank(shape, rank + 2, name, spatial(rank))
        lengths, texts = [], []
        for n, (a, b) in zip(shape[1:-1], border_pairs(args.padding, rank), strict=True):
            lengths.append(None if n is None else n + a + b)
            texts.append(f"{num(n)} + {a} + {b} = {num(lengths[-1])}")
        out = (shape[0], *lengths, shape[-1])
        return Inferred([out], shape_formula=axes_formula(texts), work=prod(d or 1 for d in out[1:]))

    return infer


register(
    "ZeroPadding1D",
    category="reshaping",
    args=ZeroPadding1DArgs,
    moves_numbers=True,
    help=(
        "Adds zeros at the start and end of a sequence.",
        "Добавляет нули в начало и конец последовательности.",
    ),
)(zero_padding("ZeroPadding1D", 1))
register(
    "ZeroPadding2D",
    category="reshaping",
    args=ZeroPadding2DArgs,
    moves_numbers=True,
    help=("Adds a border of zeros around an image.", "Добавляет рамку из нулей вокруг изображения."),
)(zero_padding("ZeroPadding2D", 2))


register(
    "ZeroPadding3D",
    category="reshaping",
    args=ZeroPadding3DArgs,
    moves_numbers=True,
    help=("Adds a border of zeros around a volume.", "Добавляет рамку из нулей вокруг объёма."),
)(zero_padding("ZeroPadding3D", 3))


def cropping(name: str, rank: int):
    def infer(args: Cropping1DArgs | Cropping2DArgs, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        expect_rank(shape, rank + 2, name, spatial(rank))
        lengths, texts = [], []
        for n, (a, b) in zip(shape[1:-1], border_pairs(args.cropping, rank), strict=True):
            if n is not None and n - a - b < 1:
                raise ShapeError(
                    f"{name} would cut {a} + {b} cells off an axis of length {n}, leaving nothing "
                    f"(input shape {shape_text(shape)}, cropping={args.cropping})",
                    f"{name} срезал бы {a} + {b} клеток с оси длиной {n}, и ничего бы не осталось "
                    f"(форма входа {shape_text(shape)}, cropping={args.cropping})",
                )
            lengths.append(None if n is None else n - a - b)
            texts.append(f"{num(n)} − {a} − {b} = {num(lengths[-1])}")
        out = (shape[0], *lengths, shape[-1])
        return Inferred([out], shape_formula=axes_formula(texts), work=prod(d or 1 for d in out[1:]))

    return infer


register(
    "Cropping1D",
    category="reshaping",
    args=Cropping1DArgs,
    moves_numbers=True,
    help=("Cuts steps off the start and end of a sequence.", "Срезает шаги с начала и конца последовательности."),
)(cropping("Cropping1D", 1))
register(
    "Cropping2D",
    category="reshaping",
    args=Cropping2DArgs,
    moves_numbers=True,
    help=(
        "Cuts rows and columns off the edges of an image.",
        "Срезает строки и столбцы с краёв изображения.",
    ),
)(cropping("Cropping2D", 2))
