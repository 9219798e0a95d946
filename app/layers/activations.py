"""Activation layers: a function applied to every number on its own (PReLU learns its slopes), or, for
Softmax, to each row of numbers at once. The shape never changes."""

from math import prod
from typing import Annotated, Any

from pydantic import Field, create_model

from .base import (
    Args,
    Expects,
    Family,
    Infer,
    Inferred,
    Shape,
    ShapeError,
    Weight,
    arg,
    card_args,
    keeps_shape,
    known,
    num,
    shape_text,
    unchanged,
    weight_args,
)

HELP = {
    "ReLU": (
        "x if x ≥ threshold, else negative_slope · (x − threshold); capped at max_value when it is set.",
        "x, если x ≥ threshold, иначе negative_slope · (x − threshold); не больше max_value, если он задан.",
    ),
    "LeakyReLU": (
        "x for x ≥ 0, negative_slope · x for x < 0: negative numbers leak through, scaled down.",
        "x при x ≥ 0, negative_slope · x при x < 0: отрицательные числа проходят, уменьшенные.",
    ),
    "PReLU": (
        "x for x ≥ 0, α · x for x < 0, with the slopes α learned (one per number, or shared along axes).",
        "x при x ≥ 0, α · x при x < 0, где наклоны α обучаются (свой у каждого числа или общий вдоль осей).",
    ),
    "ELU": (
        "x for x > 0, alpha · (eˣ − 1) for x ≤ 0: a smooth curve instead of ReLU's corner.",
        "x при x > 0, alpha · (eˣ − 1) при x ≤ 0: плавная кривая вместо излома ReLU.",
    ),
    "Softmax": (
        "eˣ / Σ eˣ along an axis: turns scores into shares (probabilities) that add up to 1.",
        "eˣ / Σ eˣ вдоль оси: превращает оценки в доли (вероятности) с суммой 1.",
    ),
}
"""What each layer of the family does, in English and Russian."""
FAMILY = Family("activation", HELP)

Slope = Annotated[float, Field(ge=0, le=1e6), Expects("a number ≥ 0", "число ≥ 0")]
AnyNumber = Annotated[float, Field(ge=-1e6, le=1e6), Expects("a number", "число")]


# The activations that change each number on its own: all their arguments on the card (type, default, help in
# English and Russian), and the steps of work each number costs.
ELEMENTWISE: dict[str, tuple[dict[str, tuple[Any, Any, str, str]], int]] = {
    "ReLU": (
        {
            "max_value": (
                Slope | None,
                None,
                "Largest output: numbers above it become max_value (6: ReLU6, as in MobileNet); none: no upper limit.",
                "Наибольший выход: числа больше него становятся max_value (6 — ReLU6, как в MobileNet); нет — без предела.",
            ),
            "negative_slope": (
                Slope,
                0.0,
                "Slope below the threshold: 0 turns those numbers into 0; 0.1 keeps a tenth of them (leaky).",
                "Наклон ниже порога: 0 превращает такие числа в 0; 0.1 оставляет их десятую часть (leaky).",
            ),
            "threshold": (
                Slope,
                0.0,
                "Numbers below this value count as 'negative': they are zeroed (or scaled by negative_slope).",
                "Числа меньше этого значения считаются «отрицательными»: обнуляются (или умножаются на negative_slope).",
            ),
        },
        1,
    ),
    "LeakyReLU": (
        {
            "negative_slope": (
                Slope,
                0.3,
                "What negative numbers are multiplied by (0.3: a negative number keeps 30 % of itself).",
                "На что умножаются отрицательные числа (0.3 — отрицательное число сохраняет 30 % себя).",
            )
        },
        1,
    ),
    "ELU": (
        {
            "alpha": (
                AnyNumber,
                1.0,
                "Depth of the curve for negative numbers: outputs approach −alpha as x gets very negative.",
                "Глубина кривой для отрицательных чисел: выход стремится к −alpha при очень отрицательных x.",
            )
        },
        2,
    ),
}
for _name, (_args, _work) in ELEMENTWISE.items():
    FAMILY.layer(_name, card_args(f"{_name}Args", _args))(keeps_shape(_work))


SharedAxes = Annotated[
    tuple[Annotated[int, Field(ge=1, le=6)], ...],
    Field(min_length=1, max_length=6),
    Expects(
        "a list of axes counted from 1 (the batch axis is 0), for example [1, 2]",
        "список осей, считая с 1 (ось батча — 0), например [1, 2]",
    ),
]


PReLUArgs = create_model(
    "PReLUArgs",
    __base__=Args,
    **weight_args(alpha=("zeros", "slopes")),
    shared_axes=(
        SharedAxes | None,
        arg(
            None,
            "Axes along which one slope is shared ([1, 2] in an image: one slope per channel); none: a slope per number.",
            "Оси, вдоль которых наклон общий ([1, 2] в картинке — один наклон на канал); нет — свой наклон у каждого числа.",
            card=True,
        ),
    ),
)


@FAMILY.layer("PReLU", PReLUArgs)
def infer_prelu(args: Any, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    shared = set(args.shared_axes or ())
    axes = len(shape) - 1
    outside = sorted(a for a in shared if a > axes)
    if outside:
        raise ShapeError(
            f"PReLU cannot share its slopes along axis {outside[0]}: an input of shape {shape_text(shape)} has axes "
            f"1 to {axes} besides the batch axis 0",
            f"PReLU не может сделать наклон общим вдоль оси {outside[0]}: у входа формы {shape_text(shape)} есть "
            f"оси от 1 до {axes} кроме оси батча 0",
        )
    alpha = tuple(1 if i in shared else known(d, "PReLU", shape) for i, d in enumerate(shape[1:], start=1))
    if args.alpha_initializer == "orthogonal" and len(alpha) < 2:
        raise ShapeError(
            f"PReLU cannot start its slopes α of shape {shape_text(alpha)} with alpha_initializer='orthogonal': an "
            f"orthogonal start needs at least two axes; choose another initializer, or give PReLU an input with more "
            f"axes than {shape_text(shape)}",
            f"PReLU не может задать начальные наклоны α формы {shape_text(alpha)} через "
            f"alpha_initializer='orthogonal': ортогональному началу нужны хотя бы две оси; выберите другой "
            f"инициализатор или подайте на PReLU вход с большим числом осей, чем {shape_text(shape)}",
        )
    size = prod(alpha)
    terms = " × ".join(num(d) for d in alpha)
    return Inferred(
        [shape],
        [Weight("alpha", alpha)],
        param_formula=f"{terms} (α) = {num(size)}" if len(alpha) > 1 else f"{terms} (α)",
        shape_formula=f"{shape_text(shape)} → {shape_text(shape)}",
        work=2 * prod(d or 1 for d in shape[1:]),
    )


Axes = Annotated[
    Annotated[int, Field(ge=-6, le=6)] | Annotated[tuple[Annotated[int, Field(ge=-6, le=6)], ...], Field(min_length=1)],
    Expects(
        "an axis (-1: the last), or a list of axes, counting the batch axis as 0",
        "ось (-1 — последняя) или список осей, считая ось батча нулевой",
    ),
]


class SoftmaxArgs(Args):
    axis: Axes = arg(
        -1,
        "Axis whose numbers are turned into shares that add up to 1 (-1: the last).",
        "Ось, числа вдоль которой превращаются в доли с суммой 1 (-1 — последняя).",
        card=True,
    )


def check_axes(layer: str, axes: int | tuple[int, ...], shape: Shape) -> list[int]:
    """Axes of the input (one, or several), batch axis excluded, as positive numbers; refuses any the input does
    not have."""
    rank = len(shape)
    axes = axes if isinstance(axes, tuple) else (axes,)
    for axis in axes:
        if not -rank <= axis < rank or axis % rank == 0:
            raise ShapeError(
                f"{layer} cannot use axis={axis}: an input of shape {shape_text(shape)} has axes 1 to {rank - 1} "
                f"(or -1 to -{rank - 1}) besides the batch axis 0",
                f"{layer} не может использовать axis={axis}: у входа формы {shape_text(shape)} есть оси от 1 до "
                f"{rank - 1} (или от -1 до -{rank - 1}) кроме оси батча 0",
            )
    return sorted({axis % rank for axis in axes})


def along_axes(layer: str, work_per_number: int) -> Infer:
    """The ``infer`` of a layer that works along ``args.axis`` (one axis or several, which the input must have)
    and keeps its input's shape."""

    def infer(args: Any, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        check_axes(layer, args.axis, shape)
        return unchanged(shape, work_per_number)

    return infer


FAMILY.layer("Softmax", SoftmaxArgs)(along_axes("Softmax", 3))
