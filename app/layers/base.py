"""The pieces every layer description is made of.

A layer type is a pydantic model of its constructor arguments (the allow-list: anything not declared
is refused) plus one ``infer`` function that works out, without Keras, what the layer will do to the
shapes it receives: its output shapes, its weights, and the two formulas a learner reads. The engine
checks limits with these numbers before it allocates anything; the tests check them against Keras.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from math import ceil, prod
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

Shape = tuple[int | None, ...]
"""A full tensor shape, batch axis first (always ``None`` in a model)."""


class ShapeError(ValueError):
    """The layer cannot take the shapes it is given; the message says, in both languages, what it expected."""

    def __init__(self, en: str, ru: str):
        super().__init__(en)
        self.en = en
        self.ru = ru


@dataclass(frozen=True)
class Expects:
    """What a learner should type for an argument, in words (used in error messages)."""

    en: str
    ru: str


def arg(default: Any, en: str, ru: str, *, card: bool = False, **constraints: Any) -> Any:
    """An optional constructor argument: its default and its one-line help in English and Russian. ``card``: a
    layer's card on the page shows it first; the rest sit under "more settings"."""
    return Field(default, description=en, json_schema_extra={"help_ru": ru, "card": card}, **constraints)


def required(starter: Any, en: str, ru: str, **constraints: Any) -> Any:
    """A required constructor argument: the value a new card starts with (small, so that a learner can see every
    number) and its one-line help in English and Russian. A card shows it first."""
    extra = {"help_ru": ru, "card": True, "starter": starter}
    return Field(..., description=en, json_schema_extra=extra, **constraints)


def meta(field: FieldInfo) -> dict[str, Any]:
    """What ``arg`` or ``required`` declared beside the English help: ``help_ru``, ``card``, ``starter``."""
    extra = field.json_schema_extra
    return extra if isinstance(extra, dict) else {}


PositiveInt = Annotated[
    int,
    Field(ge=1, le=1_000_000),
    Expects("a whole number ≥ 1 (at most 1,000,000)", "целое число ≥ 1 (не больше 1\u202f000\u202f000)"),
]
NonNegativeInt = Annotated[
    int,
    Field(ge=0, le=1_000_000),
    Expects("a whole number ≥ 0 (at most 1,000,000)", "целое число ≥ 0 (не больше 1\u202f000\u202f000)"),
]
Size1D = Annotated[
    PositiveInt | tuple[PositiveInt],
    Expects("a whole number ≥ 1", "целое число ≥ 1"),
]
Size2D = Annotated[
    PositiveInt | tuple[PositiveInt, PositiveInt],
    Expects(
        "a whole number ≥ 1, or a list of two such numbers (height, width)",
        "целое число ≥ 1 или список из двух таких чисел (высота, ширина)",
    ),
]
Size3D = Annotated[
    PositiveInt | tuple[PositiveInt, PositiveInt, PositiveInt],
    Expects(
        "a whole number ≥ 1, or a list of three such numbers (one per spatial axis)",
        "целое число ≥ 1 или список из трёх таких чисел (по одному на пространственную ось)",
    ),
]
Rate = Annotated[
    float,
    Field(ge=0, lt=1),
    Expects("a number from 0 up to (not including) 1", "число от 0 до 1 (не включая 1)"),
]
PositiveFloat = Annotated[float, Field(gt=0, le=1e6), Expects("a number > 0", "число > 0")]
Padding = Literal["valid", "same"]
SIZES: dict[int, Any] = {1: Size1D, 2: Size2D, 3: Size3D}  # a size per spatial axis, by their number

Activation = Literal[
    "linear",
    "relu",
    "relu6",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "sigmoid",
    "hard_sigmoid",
    "tanh",
    "softmax",
    "log_softmax",
    "softplus",
    "softsign",
    "swish",
    "silu",
    "hard_silu",
    "hard_swish",
    "mish",
    "exponential",
]
VectorInitializerName = Literal[
    "uniform",
    "normal",
    "zeros",
    "ones",
    "glorot_uniform",
    "glorot_normal",
    "he_uniform",
    "he_normal",
    "lecun_uniform",
    "lecun_normal",
    "random_uniform",
    "random_normal",
    "truncated_normal",
]
InitializerName = Literal[VectorInitializerName, "orthogonal"]


class VarianceScalingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: PositiveFloat = 1.0
    mode: Literal["fan_in", "fan_out", "fan_avg"] = "fan_in"
    distribution: Literal["truncated_normal", "untruncated_normal", "uniform"] = "truncated_normal"


class VarianceScaling(BaseModel):
    """The one initializer given by its settings rather than a name (EfficientNet's ``fan_out`` kernels), written
    as Keras writes it: ``{"class_name": "VarianceScaling", "config": {"scale", "mode", "distribution"}}``. Built
    by Keras's own class from these three checked values, never deserialised."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    class_name: Literal["VarianceScaling"]
    config: VarianceScalingConfig


Initializer = InitializerName | VarianceScaling
VectorInitializer = VectorInitializerName | VarianceScaling
"""For a 1-D weight (a bias): Keras's orthogonal initializer needs at least two axes."""
Regularizer = Literal["l1", "l2", "l1l2", "orthogonal_regularizer"]
Constraint = Literal["max_norm", "min_max_norm", "non_neg", "unit_norm"]

ACTIVATIONS: tuple[str, ...] = get_args(Activation)
INITIALIZERS: tuple[str, ...] = get_args(InitializerName)
REGULARIZERS: tuple[str, ...] = get_args(Regularizer)
CONSTRAINTS: tuple[str, ...] = get_args(Constraint)


class Args(BaseModel):
    """Arguments every layer takes. Unknown ones are refused, never passed to Keras."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    trainable: bool = arg(
        True,
        "Whether training may change this layer's weights (false: they count as non-trainable).",
        "Можно ли обучению менять веса слоя (false: они считаются необучаемыми).",
    )

    def resolved(self) -> dict[str, Any]:
        """Every argument with its default filled in, as JSON; a wrapped layer as ``{"type", "args"}``
        resolved the same way. What the page reads, so that no view guesses a default."""
        out = self.model_dump(mode="json")
        if "activation" in out and out["activation"] is None:
            out["activation"] = "linear"  # what Keras itself reports for activation=None
        for key in type(self).model_fields:
            value = getattr(self, key)
            if isinstance(getattr(value, "args", None), Args):
                out[key] = {"type": value.type, "args": value.args.resolved()}
        return out


def card_args(name: str, fields: dict[str, tuple[Any, Any, str, str]]) -> type[Args]:
    """The arguments of a layer that the card shows, each ``field: (type, default, English help, Russian help)``."""
    declared: dict[str, Any] = {
        field: (kind, arg(default, en, ru, card=True)) for field, (kind, default, en, ru) in fields.items()
    }
    return create_model(name, __base__=Args, **declared)


Words = tuple[str, str]
"""A help text in English and Russian."""
WeightWords = tuple[Words, Words, Words]
"""What the arguments of one weight say: how it starts, the penalty on it, the limit applied to it."""


WEIGHTS: dict[str, WeightWords] = {
    "kernel": (
        ("How the kernel's first values are drawn.", "Как выбираются начальные значения ядра."),
        ("Penalty on the kernel during training.", "Штраф на ядро при обучении."),
        ("Limit applied to the kernel after each update.", "Ограничение ядра после каждого шага обучения."),
    ),
    "bias": (
        ("How the bias starts.", "Начальные значения смещения."),
        ("Penalty on the bias during training.", "Штраф на смещение при обучении."),
        ("Limit applied to the bias after each update.", "Ограничение смещения после каждого шага обучения."),
    ),
    "projection kernels": (
        ("How the projection kernels start.", "Как выбираются начальные значения ядер проекций."),
        ("Penalty on the kernels during training.", "Штраф на ядра при обучении."),
        ("Limit applied to the kernels after each update.", "Ограничение ядер после каждого шага обучения."),
    ),
    "projection biases": (
        ("How the biases start.", "Начальные значения смещений."),
        ("Penalty on the biases during training.", "Штраф на смещения при обучении."),
        ("Limit applied to the biases after each update.", "Ограничение смещений после каждого шага обучения."),
    ),
    "per-channel windows": (
        ("How the per-channel windows start.", "Начальные значения окон каждого канала."),
        ("Penalty on the per-channel windows.", "Штраф на окна каналов при обучении."),
        ("Limit applied to the per-channel windows.", "Ограничение окон каналов после каждого шага."),
    ),
    "depthwise bias": (
        ("How the bias starts.", "Начальные значения смещения."),
        ("Penalty on the bias.", "Штраф на смещение при обучении."),
        ("Limit applied to the bias.", "Ограничение смещения после каждого шага."),
    ),
    "1 × 1 mixing kernel": (
        ("How the 1 × 1 mixing kernel starts.", "Начальные значения ядра смешивания 1 × 1."),
        ("Penalty on the 1 × 1 mixing kernel.", "Штраф на ядро смешивания 1 × 1."),
        ("Limit applied to the 1 × 1 mixing kernel.", "Ограничение ядра смешивания 1 × 1."),
    ),
    "slopes": (
        ("How the learned slopes start.", "Начальные значения обучаемых наклонов."),
        ("Penalty on the slopes during training.", "Штраф на наклоны при обучении."),
        ("Limit applied to the slopes after each update.", "Ограничение наклонов после каждого шага обучения."),
    ),
    "word vectors": (
        ("How the word vectors start.", "Как выбираются начальные векторы слов."),
        ("Penalty on the word vectors during training.", "Штраф на векторы слов при обучении."),
        ("Limit applied to the word vectors after each update.", "Ограничение векторов слов после каждого шага."),
    ),
}
"""What the arguments of each weight say, by the weight's name in words (the layers word them each their own way)."""


def weight_args(output: Words | None = None, **weights: tuple[str, str]) -> dict[str, Any]:
    """The arguments Keras gives each weight a layer owns (``alpha=("zeros", "slopes")``: the weight ``alpha``,
    how it starts, and its words in ``WEIGHTS``), as fields for ``create_model``, in Keras's order: every
    initializer, every regularizer (then, with ``output``'s help, the one on the layer's output), every
    constraint."""
    words = {weight: WEIGHTS[name] for weight, (_, name) in weights.items()}
    fields: dict[str, Any] = {}
    for weight, (initializer, _) in weights.items():
        kind = VectorInitializer if weight == "bias" else Initializer
        fields[f"{weight}_initializer"] = (kind, arg(initializer, *words[weight][0]))
    for weight in weights:
        fields[f"{weight}_regularizer"] = (Regularizer | None, arg(None, *words[weight][1]))
    if output is not None:
        fields["activity_regularizer"] = (Regularizer | None, arg(None, *output))
    for weight in weights:
        fields[f"{weight}_constraint"] = (Constraint | None, arg(None, *words[weight][2]))
    return fields


def kernel_args(use_bias: Words, kernel: str, bias: str, output: Words, name: str = "kernel") -> dict[str, Any]:
    """``use_bias``, then the arguments of a kernel (Keras's ``kernel_*``, or ``name``) and its bias, with their
    help: the words of ``use_bias`` and of the output's penalty, and the names of the kernel's and the bias's
    words in ``WEIGHTS``."""
    return {
        "use_bias": (bool, arg(True, *use_bias)),
        **weight_args(output, **{name: ("glorot_uniform", kernel)}, bias=("zeros", bias)),
    }


ACTIVATION = (
    "Function applied to each output number (none: linear).",
    "Функция, применяемая к каждому выходному числу (нет: линейная).",
)
USE_BIAS = ("Whether the layer adds a bias vector.", "Добавляет ли слой вектор смещения.")
OUTPUT = ("Penalty on the layer's output during training.", "Штраф на выход слоя при обучении.")

KernelArgs = create_model(
    "KernelArgs",
    __base__=Args,
    __doc__="The arguments of a layer that owns a kernel and a bias.",
    activation=(Activation | None, arg(None, *ACTIVATION, card=True)),
    **kernel_args(USE_BIAS, "kernel", "bias", OUTPUT),
)


@dataclass(frozen=True)
class Weight:
    name: str
    shape: tuple[int, ...]
    trainable: bool = True

    @property
    def size(self) -> int:
        return prod(self.shape)


@dataclass
class Inferred:
    """What a layer does to shapes, worked out without building it."""

    outputs: list[Shape]
    weights: list[Weight] = field(default_factory=list)
    param_formula: str = "0"
    shape_formula: str = ""
    work: int = 0
    """Multiply-adds per sample, roughly: what the work limit counts."""
    steps: int = 0
    """Time steps a recurrent layer runs over: what the sequence limit counts."""

    @property
    def params(self) -> int:
        return sum(w.size for w in self.weights)

    @property
    def trainable_params(self) -> int:
        return sum(w.size for w in self.weights if w.trainable)


Infer = Callable[[Any, list[Shape]], Inferred]


def unchanged(shape: Shape, work_per_number: int = 1) -> Inferred:
    """A layer that changes values but never the shape (activations, Dropout, noise, normalisation)."""
    return Inferred(
        [shape],
        shape_formula=f"{shape_text(shape)} → {shape_text(shape)}",
        work=work_per_number * prod(d or 1 for d in shape[1:]),
    )


def keeps_shape(work_per_number: int = 1) -> Infer:
    """The ``infer`` of a one-input layer whose output has its input's shape."""

    def infer(args: Any, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        return unchanged(shape, work_per_number)

    return infer


@dataclass(frozen=True)
class LayerType:
    """One entry of the allow-list."""

    name: str
    category: str
    args: type[Args]
    infer: Infer
    help_en: str
    help_ru: str
    aliases: tuple[str, ...] = ()
    min_inputs: int = 1
    max_inputs: int | None = 1
    """``None``: any number (merging layers)."""
    moves_numbers: bool = False
    """Its output holds only its input's numbers (and zeros), moved or repeated, never changed (at prediction)."""
    wrapper: str | None = None
    """The argument that holds a wrapped layer ``{"type", "args"}`` (Bidirectional's ``layer``), or None."""
    call_args: tuple[str, ...] = ()
    """Arguments Keras takes when the layer is called, not when it is made (``use_causal_mask``)."""
    spread_inputs: bool = False
    """Its inputs are separate call arguments (``query, value, key``), not one list."""

    @property
    def starters(self) -> dict[str, Any]:
        """The arguments a new card starts with: a starter for each required argument."""
        return {key: meta(f)["starter"] for key, f in self.args.model_fields.items() if "starter" in meta(f)}

    @cached_property
    def defaults(self) -> dict[str, Any]:
        """Every optional argument's default, resolved as the page sees it (``activation: "linear"``)."""
        optional = {key for key, field in self.args.model_fields.items() if not field.is_required()}
        resolved = self.args.model_validate(self.starters).resolved()
        return {key: value for key, value in resolved.items() if key in optional}

    @property
    def keras_name(self) -> str:
        """The name Keras gives an unnamed layer of this type (``Conv2DTranspose`` → ``conv2d_transpose``)."""
        return "input_layer" if self.name == "Input" else snake_case(self.name)


def snake_case(name: str) -> str:
    """Keras's own rule (``naming.to_snake_case``): ``Conv2DTranspose`` → ``conv2d_transpose``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


# Formatting numbers and formulas the way a learner reads them.


def num(n: int | None) -> str:
    """``13000`` → ``13,000``; ``None`` (an unknown length) stays ``None``."""
    return "None" if n is None else f"{n:,}"


def shape_text(shape: Shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def as_tuple(value: int | tuple[int, ...], n: int) -> tuple[int, ...]:
    return (value,) * n if isinstance(value, int) else tuple(value)


AXES = {
    "features": ("batch, features", "батч, признаки"),
    "sequence": ("batch, steps, features", "батч, шаги, признаки"),
    "channels1d": ("batch, steps, channels", "батч, шаги, каналы"),
    "channels2d": ("batch, height, width, channels", "батч, высота, ширина, каналы"),
    "channels3d": ("batch, depth, height, width, channels", "батч, глубина, высота, ширина, каналы"),
}
"""The axes a layer expects, in words, by layout: what a wrong-rank message names."""


def spatial(rank: int) -> str:
    """The layout of a convolution, pooling or resizing layer over ``rank`` spatial axes."""
    return f"channels{rank}d"


def expect_rank(shape: Shape, rank: int, layer: str, layout: str) -> None:
    """Refuse an input of the wrong rank, saying what this layer expects (``rank`` counts the batch axis)."""
    if len(shape) != rank:
        en, ru = AXES[layout]
        raise ShapeError(
            f"{layer} expects a {rank}-D input counting the batch axis ({en}); received shape {shape_text(shape)}",
            f"{layer} ожидает {rank}-мерный вход вместе с осью батча ({ru}); получена форма {shape_text(shape)}",
        )


def known(dim: int | None, layer: str, shape: Shape | None = None) -> int:
    """The last axis must have a known size for weights to be made from it."""
    if dim is None:
        received = f" (input shape {shape_text(shape)})" if shape else ""
        received_ru = f" (форма входа {shape_text(shape)})" if shape else ""
        raise ShapeError(
            f"{layer} needs the size of the last input axis to make its weights; it is None{received}",
            f"{layer} нужен размер последней оси входа, чтобы создать веса; он равен None{received_ru}",
        )
    return dim


def window_length(n: int | None, kernel: int, stride: int, padding: str, dilation: int = 1) -> tuple[int | None, str]:
    """Output length of a sliding window (convolution or pooling) along one axis, with the formula."""
    if n is None:
        return None, "None"
    if padding in ("same", "causal"):
        out = ceil(n / stride)
        return out, f"ceil({n} / {stride}) = {out}"
    span = dilation * (kernel - 1) + 1
    out = (n - span) // stride + 1
    if out < 1:
        raise ShapeError(
            f"a window of {span} cells does not fit in an axis of length {n} with padding='valid': "
            "make the input larger, the window smaller, or use padding='same'",
            f"окно из {span} клеток не помещается в ось длиной {n} при padding='valid': "
            "увеличьте вход, уменьшите окно или выберите padding='same'",
        )
    if stride == 1 and dilation == 1:
        text = f"{n} − {kernel} + 1 = {out}"
    elif stride == 1:
        text = f"{n} − {dilation}·({kernel} − 1) = {out}"
    elif dilation == 1:
        text = f"floor(({n} − {kernel}) / {stride}) + 1 = {out}"
    else:
        text = f"floor(({n} − {dilation}·({kernel} − 1) − 1) / {stride}) + 1 = {out}"
    return out, text


def sliding_axes(
    layer: str,
    shape: Shape,
    windows: tuple[int, ...],
    strides: tuple[int, ...],
    padding: str,
    dilations: tuple[int, ...] | None = None,
) -> tuple[list[int | None], str]:
    """Output lengths of every spatial axis (between batch and channels) under a sliding window, with
    the formula; a window that does not fit is refused naming the layer and the input shape."""
    lengths, texts = [], []
    for n, k, s, d in zip(shape[1:-1], windows, strides, dilations or (1,) * len(windows), strict=True):
        try:
            out, text = window_length(n, k, s, padding, d)
        except ShapeError as error:
            raise ShapeError(
                f"{layer} cannot take an input of shape {shape_text(shape)}: {error.en}",
                f"{layer} не может принять вход формы {shape_text(shape)}: {error.ru}",
            ) from None
        lengths.append(out)
        texts.append(text)
    return lengths, axes_formula(texts)


def axes_formula(texts: list[str]) -> str:
    """One formula per spatial axis (``H: …; W: …``), or one when all axes share it.

    Axis letters, not words, so a formula reads the same in every language.
    """
    if len(texts) == 1:
        return texts[0]
    names = "HWD"[: len(texts)] if len(texts) <= 3 else [f"axis {i + 1}" for i in range(len(texts))]
    if len(set(texts)) == 1:
        return f"{', '.join(names)}: {texts[0]}"
    return "; ".join(f"{n}: {t}" for n, t in zip(names, texts, strict=True))


REGISTRY: dict[str, LayerType] = {}
"""Every layer type Layer Lab builds, by Keras class name: the one allow-list."""


@dataclass(frozen=True)
class Family:
    """The layer types of one family file: their category, and each one's help in English and Russian, by name."""

    category: str
    help: dict[str, tuple[str, str]]

    def layer(
        self, name: str, args: type[Args], inputs: tuple[int, int | None] = (1, 1), **options: Any
    ) -> Callable[[Infer], Infer]:
        """Add a layer type to the allow-list (``options``: the rest of ``LayerType``, such as ``aliases``);
        decorates the function that infers its shapes."""
        en, ru = self.help[name]

        def add(infer: Infer) -> Infer:
            REGISTRY[name] = LayerType(
                name, self.category, args, infer, en, ru, min_inputs=inputs[0], max_inputs=inputs[1], **options
            )
            return infer

        return add
