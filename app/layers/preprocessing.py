"""Preprocessing layers: turn raw numbers (pixels 0–255, measurements) into the range a model expects, or
bring images to one size. Normalization's mean and variance are given, never learned from data (no ``adapt``)."""

from math import prod
from typing import Annotated, Literal

from pydantic import Field

from .activations import check_axes
from .base import (
    Args,
    Expects,
    Family,
    Inferred,
    PositiveInt,
    Shape,
    ShapeError,
    Weight,
    arg,
    expect_rank,
    num,
    required,
    shape_text,
    spatial,
    unchanged,
)

HELP = {
    "Rescaling": (
        "output = input × scale + offset, number by number; no weights.",
        "выход = вход × scale + offset, число за числом; весов нет.",
    ),
    "Normalization": (
        "(input − mean) / √variance for every index of an axis, with a mean and variance you give.",
        "(вход − mean) / √variance для каждого индекса оси, со средним и дисперсией, которые вы задаёте.",
    ),
    "CenterCrop": (
        "Keeps the centre height × width of each image (an image smaller than that is first enlarged).",
        "Оставляет центральную часть height × width каждой картинки (меньшая картинка сначала увеличивается).",
    ),
    "Resizing": (
        "Resizes each image to height × width, computing the new pixels from the old ones.",
        "Меняет размер каждой картинки на height × width, вычисляя новые пиксели из старых.",
    ),
}
"""What each layer of the family does, in English and Russian."""
FAMILY = Family("preprocessing", HELP)

Number = Annotated[float, Field(ge=-1e9, le=1e9)]
Numbers = Annotated[
    Number | Annotated[tuple[Number, ...], Field(min_length=1, max_length=4096)],
    Expects("a number, or a list of numbers (one per channel)", "число или список чисел (по одному на канал)"),
]


def per_channel(layer: str, arg_name: str, value: float | tuple[float, ...], shape: Shape) -> None:
    """A list of numbers is matched with the last axis (numpy broadcasting): one per channel, or just one."""
    if isinstance(value, tuple) and len(value) != 1 and shape[-1] is not None and len(value) != shape[-1]:
        raise ShapeError(
            f"{layer}: {arg_name} lists {len(value)} numbers but the input {shape_text(shape)} has {shape[-1]} "
            "channels on its last axis; give one number, or one per channel",
            f"{layer}: в {arg_name} {len(value)} чисел, а у входа {shape_text(shape)} на последней оси "
            f"{shape[-1]} каналов; укажите одно число или по одному на канал",
        )


class RescalingArgs(Args):
    scale: Numbers = required(
        0.5,
        "What every number is multiplied by (1/255 turns pixels 0–255 into 0–1).",
        "На что умножается каждое число (1/255 превращает пиксели 0–255 в 0–1).",
    )
    offset: Numbers = arg(
        0.0,
        "What is added after scaling (scale 1/127.5 with offset −1 gives the range −1 to 1).",
        "Что прибавляется после умножения (scale 1/127.5 и offset −1 дают диапазон от −1 до 1).",
        card=True,
    )


@FAMILY.layer("Rescaling", RescalingArgs)
def infer_rescaling(args: RescalingArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    per_channel("Rescaling", "scale", args.scale, shape)
    per_channel("Rescaling", "offset", args.offset, shape)
    return unchanged(shape)


NormAxes = Annotated[
    Annotated[int, Field(ge=-6, le=6)] | Annotated[tuple[Annotated[int, Field(ge=-6, le=6)], ...], Field(max_length=6)],
    Expects(
        "an axis (-1: the last), a list of axes, or null (one mean for all numbers), counting the batch axis as 0",
        "ось (-1 — последняя), список осей или null (одно среднее на все числа), считая ось батча нулевой",
    ),
]


class NormalizationArgs(Args):
    axis: NormAxes | None = arg(
        -1,
        "Axis whose every index has its own mean and variance (-1: a mean per channel); null: one for all.",
        "Ось, у каждого индекса которой свои среднее и дисперсия (-1 — на каждый канал); null — одни на все числа.",
        card=True,
    )
    mean: Numbers | None = arg(
        None,
        "The mean to subtract: one number, or one per index of `axis`. None: weights `mean` (0) and "
        "`variance` (1) that you can set (Layer Lab never adapts them to data).",
        "Вычитаемое среднее: одно число или по одному на индекс `axis`. None: веса `mean` (0) и `variance` (1), "
        "которые можно задать (Layer Lab никогда не подгоняет их под данные).",
        card=True,
    )
    variance: Numbers | None = arg(
        None,
        "The variance to divide by (its square root): given together with `mean`, the same length.",
        "Дисперсия, на корень из которой делится число: задаётся вместе с `mean`, той же длины.",
        card=True,
    )
    invert: bool = arg(
        False,
        "Undo a normalisation instead: input × √variance + mean.",
        "Обратное преобразование: вход × √variance + mean.",
    )


@FAMILY.layer("Normalization", NormalizationArgs)
def infer_normalization(args: NormalizationArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    kept = check_axes("Normalization", () if args.axis is None else args.axis, shape)
    for axis in kept:
        if shape[axis] is None:
            raise ShapeError(
                f"Normalization needs the size of axis {axis} to hold a mean per index; in {shape_text(shape)} "
                "it is None",
                f"Normalization нужен размер оси {axis}, чтобы хранить среднее на каждый индекс; в "
                f"{shape_text(shape)} он равен None",
            )
    sizes = tuple(shape[axis] or 0 for axis in kept)
    if (args.mean is None) != (args.variance is None):
        raise ShapeError(
            "Normalization needs `mean` and `variance` together (or neither); received only "
            + ("`mean`" if args.variance is None else "`variance`")
            + f", for an input of shape {shape_text(shape)}",
            "Normalization нужны `mean` и `variance` вместе (или ни одного); получено только "
            + ("`mean`" if args.variance is None else "`variance`")
            + f", для входа формы {shape_text(shape)}",
        )
    work = 2 * prod(d or 1 for d in shape[1:])
    same = f"{shape_text(shape)} → {shape_text(shape)}"
    if args.mean is not None:
        for name, value in (("mean", args.mean), ("variance", args.variance)):
            if isinstance(value, tuple) and (not sizes or len(value) not in (1, sizes[-1])):
                wanted = f"one number, or {num(sizes[-1])} (one per index)" if sizes else "one number"
                wanted_ru = f"одно число или {num(sizes[-1])} (по одному на индекс)" if sizes else "одно число"
                raise ShapeError(
                    f"Normalization: {name} lists {len(value)} numbers; with axis={args.axis} an input of shape "
                    f"{shape_text(shape)} needs {wanted}",
                    f"Normalization: в {name} {len(value)} чисел; при axis={args.axis} для входа формы "
                    f"{shape_text(shape)} нужно {wanted_ru}",
                )
        if isinstance(args.mean, tuple) != isinstance(args.variance, tuple) or (
            isinstance(args.mean, tuple) and isinstance(args.variance, tuple) and len(args.mean) != len(args.variance)
        ):
            raise ShapeError(
                f"Normalization needs `mean` and `variance` of the same length; received {len(_list(args.mean))} "
                f"and {len(_list(args.variance))} numbers (input shape {shape_text(shape)})",
                f"Normalization нужны `mean` и `variance` одной длины; получено {len(_list(args.mean))} и "
                f"{len(_list(args.variance))} чисел (форма входа {shape_text(shape)})",
            )
        return unchanged(shape, 2)
    n = prod(sizes)
    weights = [
        Weight("mean", sizes, trainable=False),
        Weight("variance", sizes, trainable=False),
        Weight("count", (), trainable=False),
    ]
    return Inferred(
        [shape],
        weights,
        param_formula=f"2 × {num(n)} (μ, σ²) + 1 (count) = {num(2 * n + 1)}",
        shape_formula=same,
        work=work,
    )


def _list(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


class CenterCropArgs(Args):
    height: PositiveInt = required(2, "Height of the part kept.", "Высота оставляемой части.")
    width: PositiveInt = required(2, "Width of the part kept.", "Ширина оставляемой части.")


@FAMILY.layer("CenterCrop", CenterCropArgs)
def infer_center_crop(args: CenterCropArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    return resized("CenterCrop", args.height, args.width, shape)


def resized(layer: str, height: int, width: int, shape: Shape) -> Inferred:
    expect_rank(shape, 4, layer, spatial(2))
    out = (shape[0], height, width, shape[-1])
    return Inferred(
        [out],
        shape_formula=f"H: {num(shape[1])} → height = {height}; W: {num(shape[2])} → width = {width}",
        work=4 * prod(d or 1 for d in out[1:]),
    )


class ResizingArgs(Args):
    height: PositiveInt = required(4, "Height of the output image.", "Высота выходной картинки.")
    width: PositiveInt = required(4, "Width of the output image.", "Ширина выходной картинки.")
    interpolation: Literal["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5"] = arg(
        "bilinear",
        "How new pixels are computed: bilinear blends the 4 nearest, nearest copies one, bicubic blends 16.",
        "Как вычисляются новые пиксели: bilinear смешивает 4 ближайших, nearest копирует один, bicubic смешивает 16.",
        card=True,
    )
    crop_to_aspect_ratio: bool = arg(
        False,
        "Cut the image to the output's proportions first, so nothing is stretched.",
        "Сначала обрезать картинку до пропорций выхода, чтобы ничего не растянулось.",
    )
    pad_to_aspect_ratio: bool = arg(
        False,
        "Pad the image to the output's proportions first (with fill_value), so nothing is stretched.",
        "Сначала дополнить картинку до пропорций выхода (числом fill_value), чтобы ничего не растянулось.",
    )
    fill_value: float = arg(
        0.0,
        "The number the padding holds (with pad_to_aspect_ratio).",
        "Число в дополненных клетках (при pad_to_aspect_ratio).",
        ge=-1e9,
        le=1e9,
    )
    antialias: bool = arg(
        False,
        "Smooth before shrinking, so fine patterns do not turn into stripes.",
        "Сглаживать перед уменьшением, чтобы мелкий узор не превращался в полосы.",
    )


@FAMILY.layer("Resizing", ResizingArgs)
def infer_resizing(args: ResizingArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    if args.crop_to_aspect_ratio and args.pad_to_aspect_ratio:
        raise ShapeError(
            "Resizing can either crop or pad to the aspect ratio, not both: "
            f"crop_to_aspect_ratio and pad_to_aspect_ratio are both true (input shape {shape_text(shape)})",
            "Resizing может либо обрезать, либо дополнять до пропорций, но не то и другое: "
            f"crop_to_aspect_ratio и pad_to_aspect_ratio оба true (форма входа {shape_text(shape)})",
        )
    return resized("Resizing", args.height, args.width, shape)
