"""Normalisation layers: rescale numbers to mean 0 and spread 1, then let γ and β adjust them."""

from math import prod

from .activations import Axes, along_axes, check_axes
from .base import (
    Args,
    Family,
    Inferred,
    PositiveFloat,
    Rate,
    Shape,
    ShapeError,
    Weight,
    arg,
    num,
    shape_text,
)

HELP = {
    "BatchNormalization": (
        "Normalises each feature over the batch while training, and by running averages at prediction.",
        "Нормализует каждый признак по батчу при обучении и по скользящим средним при предсказании.",
    ),
    "LayerNormalization": (
        "Normalises the features of each example on its own (no batch statistics).",
        "Нормализует признаки каждого примера отдельно (без статистики по батчу).",
    ),
    "GroupNormalization": (
        "Normalises each group of channels of each example on its own (between LayerNormalization and "
        "per-channel normalisation).",
        "Нормализует каждую группу каналов каждого примера отдельно (нечто среднее между LayerNormalization и "
        "нормализацией по каналу).",
    ),
    "UnitNormalization": (
        "Divides each vector along the axis by its length: x / √(Σ x²), so every vector has length 1.",
        "Делит каждый вектор вдоль оси на его длину: x / √(Σ x²), и длина каждого вектора становится 1.",
    ),
}
"""What each layer of the family does, in English and Russian."""
FAMILY = Family("normalization", HELP)

AXIS = (
    "Axis of the features that get their own γ and β, counting the batch axis as 0 (-1: the last).",
    "Ось признаков, у каждого из которых свои γ и β, считая ось батча нулевой (-1 — последняя).",
)
EPSILON = (
    "Small number added to the variance so that nothing is divided by zero.",
    "Малое число, добавляемое к дисперсии, чтобы не делить на ноль.",
)
CENTER = ("Learn a shift β added after normalising.", "Обучать сдвиг β, добавляемый после нормализации.")
SCALE = ("Learn a scale γ applied after normalising.", "Обучать масштаб γ, применяемый после нормализации.")


class BatchNormalizationArgs(Args):
    axis: int = arg(-1, *AXIS, ge=-6, le=6, card=True)
    momentum: Rate = arg(
        0.99,
        "How slowly the running mean and variance (used at prediction) follow each batch.",
        "Насколько медленно скользящие среднее и дисперсия (для предсказания) следуют за каждым батчем.",
    )
    epsilon: PositiveFloat = arg(0.001, *EPSILON)
    center: bool = arg(True, *CENTER)
    scale: bool = arg(True, *SCALE)


class LayerNormalizationArgs(Args):
    axis: int = arg(-1, *AXIS, ge=-6, le=6, card=True)
    epsilon: PositiveFloat = arg(0.001, *EPSILON)
    center: bool = arg(True, *CENTER)
    scale: bool = arg(True, *SCALE)


def feature_size(name: str, axis: int, shape: Shape) -> int | None:
    """The size of the normalised axis, which must exist and not be the batch axis (an example is
    normalised on its own)."""
    check_axes(name, axis, shape)
    return shape[axis]


def weight_size(name: str, axis: int, shape: Shape) -> int:
    """The size of the normalised axis when weights are made from it: it must be known."""
    size = feature_size(name, axis, shape)
    if size is None:
        raise ShapeError(
            f"{name} needs the size of axis {axis} to make its weights; in {shape_text(shape)} it is None",
            f"{name} нужен размер оси {axis}, чтобы создать веса; в {shape_text(shape)} он равен None",
        )
    return size


def affine(
    args: "BatchNormalizationArgs | LayerNormalizationArgs | GroupNormalizationArgs", n: int
) -> tuple[list[Weight], list[str]]:
    """γ (gamma) and β (beta), the trainable scale and shift, in Keras's order."""
    names = [(name, symbol) for name, symbol, on in (("gamma", "γ", args.scale), ("beta", "β", args.center)) if on]
    weights = [Weight(name, (n,)) for name, _ in names]
    terms = [f"{len(names)} × {num(n)} ({', '.join(s for _, s in names)})"] if names else []
    return weights, terms


def finish(shape: Shape, weights: list[Weight], terms: list[str]) -> Inferred:
    total = sum(w.size for w in weights)
    return Inferred(
        [shape],
        weights,
        param_formula=" + ".join(terms) + f" = {num(total)}" if terms else "0",
        shape_formula=f"{shape_text(shape)} → {shape_text(shape)}",
        work=2 * prod(d or 1 for d in shape[1:]),
    )


@FAMILY.layer("BatchNormalization", BatchNormalizationArgs)
def infer_batch_normalization(args: BatchNormalizationArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    n = weight_size("BatchNormalization", args.axis, shape)
    weights, terms = affine(args, n)
    weights += [
        Weight("moving_mean", (n,), trainable=False),
        Weight("moving_variance", (n,), trainable=False),
    ]
    terms.append(f"2 × {num(n)} (μ, σ²)")
    return finish(shape, weights, terms)


@FAMILY.layer("LayerNormalization", LayerNormalizationArgs)
def infer_layer_normalization(args: LayerNormalizationArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    if args.center or args.scale:
        weights, terms = affine(args, weight_size("LayerNormalization", args.axis, shape))
    else:
        feature_size("LayerNormalization", args.axis, shape)  # the axis must exist even with no weights
        weights, terms = [], []
    return finish(shape, weights, terms)


class GroupNormalizationArgs(Args):
    groups: int = arg(
        32,
        "Groups the channels are split into; each group is normalised on its own (-1: each channel alone).",
        "На сколько групп делятся каналы; каждая группа нормализуется отдельно (-1 — каждый канал сам по себе).",
        ge=-1,
        le=1_000_000,
        card=True,
    )
    axis: int = arg(-1, *AXIS, ge=-6, le=6, card=True)
    epsilon: PositiveFloat = arg(0.001, *EPSILON)
    center: bool = arg(True, *CENTER)
    scale: bool = arg(True, *SCALE)


@FAMILY.layer("GroupNormalization", GroupNormalizationArgs)
def infer_group_normalization(args: GroupNormalizationArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    n = weight_size("GroupNormalization", args.axis, shape)
    groups = n if args.groups == -1 else args.groups
    if groups < 1 or groups > n or n % groups:
        raise ShapeError(
            f"GroupNormalization cannot split the {n} channels of axis {args.axis} into groups={args.groups} equal "
            f"groups (input shape {shape_text(shape)}): groups must divide {n}",
            f"GroupNormalization не может разделить {n} каналов оси {args.axis} на groups={args.groups} равных групп "
            f"(форма входа {shape_text(shape)}): groups должно делить {n}",
        )
    weights, terms = affine(args, n)
    return finish(shape, weights, terms)


class UnitNormalizationArgs(Args):
    axis: Axes = arg(
        -1,
        "Axis (or axes) along which each vector is scaled to length 1 (-1: the last).",
        "Ось (или оси), вдоль которой каждый вектор приводится к длине 1 (-1 — последняя).",
        card=True,
    )


FAMILY.layer("UnitNormalization", UnitNormalizationArgs)(along_axes("UnitNormalization", 2))
