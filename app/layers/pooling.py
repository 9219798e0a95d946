"""Pooling layers: summarise each window (or a whole axis) by its largest or average value. No weights."""

from math import prod
from typing import Any

from .base import (
    Args,
    Inferred,
    Padding,
    Shape,
    Size1D,
    Size2D,
    Size3D,
    arg,
    as_tuple,
    expect_rank,
    register,
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


class Pooling1DArgs(WindowArgs):
    pool_size: Size1D = arg(2, "Length of the window.", "Длина окна.", card=True)
    strides: Size1D | None = arg(None, *STRIDES, card=True)
    padding: Padding = arg("valid", *PADDING, card=True)


class Pooling2DArgs(WindowArgs):
    pool_size: Size2D = arg(
        2,
        "Size of the window: 2, or [2, 2] for height and width.",
        "Размер окна: 2 или [2, 2] — высота и ширина.",
        card=True,
    )
    strides: Size2D | None = arg(None, *STRIDES, card=True)
    padding: Padding = arg("valid", *PADDING, card=True)


class Pooling3DArgs(WindowArgs):
    pool_size: Size3D = arg(
        2,
        "Size of the window: 2, or [2, 2, 2] for the three spatial axes.",
        "Размер окна: 2 или [2, 2, 2] — по трём пространственным осям.",
        card=True,
    )
    strides: Size3D | None = arg(None, *STRIDES, card=True)
    padding: Padding = arg("valid", *PADDING, card=True)


class AveragePooling3DArgs(Pooling3DArgs):
    """Keras's AveragePooling3D, unlike the others, has no default window."""

    pool_size: Size3D = arg(
        ...,
        "Size of the window: 2, or [2, 2, 2] for the three spatial axes.",
        "Размер окна: 2 или [2, 2, 2] — по трём пространственным осям.",
        starter=2,
    )


class GlobalPoolingArgs(Args):
    keepdims: bool = arg(
        False,
        "Keep the pooled axes with size 1 instead of removing them.",
        "Оставить сжатые оси с размером 1, а не удалять их.",
        card=True,
    )


def pooling(name: str, rank: int):
    def infer(
        args: Pooling1DArgs | Pooling2DArgs | Pooling3DArgs | AveragePooling3DArgs, inputs: list[Shape]
    ) -> Inferred:
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


def window_help(kind: str, rank: int) -> tuple[str, str]:
    en = {"Max": "the largest value", "Average": "the average"}[kind]
    ru = {"Max": "наибольшее значение", "Average": "среднее"}[kind]
    where = {1: ("of a sequence", "последовательности"), 2: ("of an image", "изображения")}.get(
        rank, ("of a volume", "объёма")
    )
    return (
        f"Replaces each window {where[0]} by {en} in it, for every channel.",
        f"Заменяет каждое окно {where[1]} на {ru} в нём, для каждого канала.",
    )


def global_help(kind: str, rank: int) -> tuple[str, str]:
    en = {"Max": "its largest value", "Average": "its average"}[kind]
    ru = {"Max": "наибольшему значению", "Average": "среднему"}[kind]
    axes = {1: ("all steps", "все шаги"), 2: ("the whole image", "всё изображение")}.get(
        rank, ("the whole volume", "весь объём")
    )
    return (
        f"Summarises {axes[0]} of each channel by {en}: one number per channel.",
        f"Сводит {axes[1]} каждого канала к {ru}: одно число на канал.",
    )


for _rank in (1, 2, 3):
    for _kind, _short in (("Max", "Max"), ("Average", "Avg")):
        _name = f"{_kind}Pooling{_rank}D"
        register(
            _name,
            category="pooling",
            args={1: Pooling1DArgs, 2: Pooling2DArgs, 3: Pooling3DArgs}[_rank]
            if _name != "AveragePooling3D"
            else AveragePooling3DArgs,
            help=window_help(_kind, _rank),
            aliases=(f"{_short}Pool{_rank}D",),
        )(pooling(_name, _rank))
        _name = f"Global{_kind}Pooling{_rank}D"
        register(
            _name,
            category="pooling",
            args=GlobalPoolingArgs,
            help=global_help(_kind, _rank),
            aliases=(f"Global{_short}Pool{_rank}D",),
        )(global_pooling(_name, _rank))
