"""Layers that resize the spatial axes without weights: repeat cells, add a border, or cut one off."""

from collections.abc import Callable, Sequence
from math import prod
from typing import Annotated, Any, Literal

from .base import (
    Expects,
    Family,
    Infer,
    Inferred,
    NonNegativeInt,
    PositiveInt,
    Shape,
    ShapeError,
    Size2D,
    Size3D,
    as_tuple,
    axes_formula,
    card_args,
    expect_rank,
    num,
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


def repeated(name: str, args: Any, shape: Shape, n: int | None, s: int) -> tuple[int | None, str]:
    return (None if n is None else n * s), f"× {s}"


def padded(name: str, args: Any, shape: Shape, n: int | None, border: tuple[int, int]) -> tuple[int | None, str]:
    a, b = border
    return (None if n is None else n + a + b), f"+ {a} + {b}"


def cropped(name: str, args: Any, shape: Shape, n: int | None, border: tuple[int, int]) -> tuple[int | None, str]:
    a, b = border
    if n is not None and n - a - b < 1:
        raise ShapeError(
            f"{name} would cut {a} + {b} cells off an axis of length {n}, leaving nothing "
            f"(input shape {shape_text(shape)}, cropping={args.cropping})",
            f"{name} срезал бы {a} + {b} клеток с оси длиной {n}, и ничего бы не осталось "
            f"(форма входа {shape_text(shape)}, cropping={args.cropping})",
        )
    return (None if n is None else n - a - b), f"− {a} − {b}"


# What each kind does to a spatial axis, from which argument, read how (one value per axis).
KINDS: dict[str, tuple[Callable[..., tuple[int | None, str]], str, Callable[[Any, int], Sequence[Any]]]] = {
    "UpSampling": (repeated, "size", as_tuple),
    "ZeroPadding": (padded, "padding", border_pairs),
    "Cropping": (cropped, "cropping", border_pairs),
}


def resizing(name: str, rank: int) -> Infer:
    """The shapes of a layer that changes each spatial axis on its own (``UpSampling2D``: each one × size)."""
    rule, field, per_axis = KINDS[name[:-2]]

    def infer(args: Any, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        expect_rank(shape, rank + 2, name, spatial(rank))
        lengths, texts = [], []
        for n, part in zip(shape[1:-1], per_axis(getattr(args, field), rank), strict=True):
            length, change = rule(name, args, shape, n, part)
            lengths.append(length)
            texts.append(f"{num(n)} {change} = {num(length)}")
        out = (shape[0], *lengths, shape[-1])
        return Inferred([out], shape_formula=axes_formula(texts), work=prod(d or 1 for d in out[1:]))

    return infer


# name: (its arguments: each one's type, default and help in English and Russian), the layer's help.
RESIZING: dict[str, tuple[dict[str, tuple[Any, Any, str, str]], tuple[str, str]]] = {
    "UpSampling1D": (
        {"size": (PositiveInt, 2, "How many times to repeat each step.", "Сколько раз повторить каждый шаг.")},
        ("Repeats each step of a sequence size times.", "Повторяет каждый шаг последовательности size раз."),
    ),
    "UpSampling2D": (
        {
            "size": (
                Size2D,
                2,
                "How many times to enlarge height and width: 2, or [2, 3].",
                "Во сколько раз увеличить высоту и ширину: 2 или [2, 3].",
            ),
            "interpolation": (
                Literal["nearest", "bilinear"],
                "nearest",
                "nearest: copy each pixel; bilinear: blend neighbouring pixels smoothly.",
                "nearest: копировать каждый пиксель; bilinear: плавно смешивать соседние пиксели.",
            ),
        },
        (
            "Enlarges an image by repeating (or blending) its pixels; no weights.",
            "Увеличивает изображение, повторяя (или смешивая) пиксели; весов нет.",
        ),
    ),
    "UpSampling3D": (
        {
            "size": (
                Size3D,
                2,
                "How many times to repeat each cell along each spatial axis: 2, or [2, 2, 2].",
                "Сколько раз повторить каждую клетку вдоль каждой пространственной оси: 2 или [2, 2, 2].",
            )
        },
        (
            "Enlarges a volume by repeating each cell along its three spatial axes; no weights.",
            "Увеличивает объём, повторяя каждую клетку вдоль трёх пространственных осей; весов нет.",
        ),
    ),
    "ZeroPadding1D": (
        {
            "padding": (
                Border1D,
                1,
                "Zeros to add at the start and end: 1, or [start, end].",
                "Сколько нулей добавить в начале и в конце: 1 или [в начале, в конце].",
            )
        },
        ("Adds zeros at the start and end of a sequence.", "Добавляет нули в начало и конец последовательности."),
    ),
    "ZeroPadding2D": (
        {
            "padding": (
                Border2D,
                1,
                "Rows and columns of zeros around the image: 1, [height, width], or [[top, bottom], [left, right]].",
                "Строки и столбцы нулей вокруг картинки: 1, [высота, ширина] или [[сверху, снизу], [слева, справа]].",
            )
        },
        ("Adds a border of zeros around an image.", "Добавляет рамку из нулей вокруг изображения."),
    ),
    "ZeroPadding3D": (
        {
            "padding": (
                Border3D,
                1,
                "Zeros to add on each side of each spatial axis: 1, [1, 2, 1], or [[1, 1], [2, 2], [0, 1]].",
                "Сколько нулей добавить с каждой стороны каждой пространственной оси: 1, [1, 2, 1] или [[1, 1], [2, 2], [0, 1]].",
            )
        },
        ("Adds a border of zeros around a volume.", "Добавляет рамку из нулей вокруг объёма."),
    ),
    "Cropping1D": (
        {
            "cropping": (
                Border1D,
                1,
                "Steps to cut off the start and end: 1, or [start, end].",
                "Сколько шагов срезать в начале и в конце: 1 или [в начале, в конце].",
            )
        },
        ("Cuts steps off the start and end of a sequence.", "Срезает шаги с начала и конца последовательности."),
    ),
    "Cropping2D": (
        {
            "cropping": (
                Border2D,
                0,
                "Rows and columns to cut off the edges: 1, [height, width], or [[top, bottom], [left, right]].",
                "Строки и столбцы, срезаемые с краёв: 1, [высота, ширина] или [[сверху, снизу], [слева, справа]].",
            )
        },
        ("Cuts rows and columns off the edges of an image.", "Срезает строки и столбцы с краёв изображения."),
    ),
}

FAMILY = Family("reshaping", {name: help for name, (_, help) in RESIZING.items()})
for _name, (_args, _) in RESIZING.items():
    FAMILY.layer(
        _name,
        card_args(f"{_name}Args", _args),
        moves_numbers=_name != "UpSampling2D",  # its bilinear interpolation blends numbers
    )(resizing(_name, int(_name[-2])))
