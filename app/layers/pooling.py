"""Pooling layers: summarise each window (or a whole axis) by its largest or average value. No weights."""

from math import prod
from typing import Any

from pydantic import create_model

from .base import (
    SIZES,
    Args,
    Family,
    Inferred,
    Padding,
    Shape,
    arg,
    as_tuple,
    expect_rank,
    required,
    shape_text,
    sliding_axes,
    spatial,
)

PADDING = (
    "valid: only whole windows, floor((input − pool_size) / strides) + 1; same: ceil(input / strides).",
    "valid: только целые окна, floor((вход − pool_size) / strides) + 1; same: ceil(вход / strides).",
)
STRIDES = (
    "Step of the window; none: the same as pool_size, so windows do not overlap.",
    "Шаг окна; нет — равен pool_size, и окна не перекрываются.",
)


class WindowArgs(Args):
    def resolved(self) -> dict[str, Any]:
        out = super().resolved()
        if out["strides"] is None:
            out["strides"] = out["pool_size"]
        return out


POOL_SIZES = {
    1: ("Length of the window.", "Длина окна."),
    2: ("Size of the window: 2, or [2, 2] for height and width.", "Размер окна: 2 или [2, 2] — высота и ширина."),
    3: (
        "Size of the window: 2, or [2, 2, 2] for the three spatial axes.",
        "Размер окна: 2 или [2, 2, 2] — по трём пространственным осям.",
    ),
}


def pooling_args(name: str, rank: int, no_default: bool = False) -> type[Args]:
    """A pooling layer's arguments over ``rank`` spatial axes; ``no_default``: no default window (AveragePooling3D)."""
    size = SIZES[rank]
    pool_size = required(2, *POOL_SIZES[rank]) if no_default else arg(2, *POOL_SIZES[rank], card=True)
    return create_model(
        name,
        __base__=WindowArgs,
        __doc__="Keras's AveragePooling3D, unlike the others, has no default window." if no_default else None,
        pool_size=(size, pool_size),
        strides=(size | None, arg(None, *STRIDES, card=True)),
        padding=(Padding, arg("valid", *PADDING, card=True)),
    )


POOLING_ARGS = {rank: pooling_args(f"Pooling{rank}DArgs", rank) for rank in (1, 2, 3)}
AveragePooling3DArgs = pooling_args("AveragePooling3DArgs", 3, no_default=True)


class GlobalPoolingArgs(Args):
    keepdims: bool = arg(
        False,
        "Keep the pooled axes with size 1 instead of removing them.",
        "Оставить сжатые оси с размером 1, а не удалять их.",
        card=True,
    )


def pooling(name: str, rank: int):
    def infer(args: Any, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        expect_rank(shape, rank + 2, name, spatial(rank))
        pool = as_tuple(args.pool_size, rank)
        strides = pool if args.strides is None else as_tuple(args.strides, rank)
        lengths, formula = sliding_axes(name, shape, pool, strides, args.padding)
        out_shape = (shape[0], *lengths, shape[-1])
        return Inferred(
            [out_shape],
            shape_formula=formula,
            work=prod(d or 1 for d in out_shape[1:]) * prod(pool),
        )

    return infer


def global_pooling(name: str, rank: int):
    def infer(args: GlobalPoolingArgs, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        expect_rank(shape, rank + 2, name, spatial(rank))
        out = (shape[0], *([1] * rank), shape[-1]) if args.keepdims else (shape[0], shape[-1])
        return Inferred(
            [out],
            shape_formula=f"{shape_text(shape)} → {shape_text(out)}",
            work=prod(d or 1 for d in shape[1:]),
        )

    return infer


# What a window (or, for the global kinds, a whole axis) becomes, and where it lies, in English and Russian.
BY = {
    "Max": (("the largest value", "наибольшее значение"), ("its largest value", "наибольшему значению")),
    "Average": (("the average", "среднее"), ("its average", "среднему")),
}
WHERE = {
    1: (("of a sequence", "последовательности"), ("all steps", "все шаги")),
    2: (("of an image", "изображения"), ("the whole image", "всё изображение")),
    3: (("of a volume", "объёма"), ("the whole volume", "весь объём")),
}


def pooling_help(kind: str, rank: int, whole: bool) -> tuple[str, str]:
    (en, ru), (where_en, where_ru) = BY[kind][whole], WHERE[rank][whole]
    if whole:
        return (
            f"Summarises {where_en} of each channel by {en}: one number per channel.",
            f"Сводит {where_ru} каждого канала к {ru}: одно число на канал.",
        )
    return (
        f"Replaces each window {where_en} by {en} in it, for every channel.",
        f"Заменяет каждое окно {where_ru} на {ru} в нём, для каждого канала.",
    )


FAMILY = Family(
    "pooling",
    {
        f"{prefix}{kind}Pooling{rank}D": pooling_help(kind, rank, whole=prefix == "Global")
        for rank in (1, 2, 3)
        for kind in BY
        for prefix in ("", "Global")
    },
)

for _rank in (1, 2, 3):
    for _kind, _short in (("Max", "Max"), ("Average", "Avg")):
        _name = f"{_kind}Pooling{_rank}D"
        _args = AveragePooling3DArgs if _name == "AveragePooling3D" else POOLING_ARGS[_rank]
        FAMILY.layer(_name, _args, aliases=(f"{_short}Pool{_rank}D",))(pooling(_name, _rank))
        _name = f"Global{_kind}Pooling{_rank}D"
        FAMILY.layer(_name, GlobalPoolingArgs, aliases=(f"Global{_short}Pool{_rank}D",))(global_pooling(_name, _rank))
