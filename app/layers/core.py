"""Core layers: Input and Dense, where every model of the lesson starts, and the small tools around them."""

from math import prod
from typing import Annotated, Any, Literal

from pydantic import Field, create_model

from .base import (
    Activation,
    Args,
    Expects,
    Family,
    Inferred,
    KernelArgs,
    PositiveInt,
    Rate,
    Shape,
    ShapeError,
    Weight,
    arg,
    expect_rank,
    keeps_shape,
    known,
    num,
    required,
    shape_text,
    unchanged,
    weight_args,
)

HELP = {
    "Input": (
        "Where data enters the model; fixes the shape of one example.",
        "Вход модели: задаёт форму одного примера.",
    ),
    "Dense": (
        "output = activation(input · W + b) along the last axis.",
        "выход = activation(вход · W + b) по последней оси.",
    ),
    "Activation": (
        "Applies a function to every number; the shape stays the same.",
        "Применяет функцию к каждому числу; форма не меняется.",
    ),
    "Dropout": (
        "In training, zeroes a random share of numbers and scales up the rest; does nothing at prediction.",
        "При обучении обнуляет случайную долю чисел и увеличивает остальные; при предсказании не действует.",
    ),
    "GaussianNoise": (
        "In training, adds random noise (mean 0, spread stddev) to every number; does nothing at prediction.",
        "При обучении добавляет к каждому числу случайный шум (среднее 0, разброс stddev); при предсказании "
        "не действует.",
    ),
    **{
        f"SpatialDropout{rank}D": (
            f"In training, zeroes whole channels of a {en} (neighbouring numbers are alike, so single ones would not "
            "do); does nothing at prediction.",
            f"При обучении обнуляет целые каналы {ru} (соседние числа похожи, поэтому по одному не помогает); при "
            "предсказании не действует.",
        )
        for rank, en, ru in ((1, "sequence", "последовательности"), (2, "image", "изображения"))
    },
    "Flatten": (
        "Lays all the numbers of an example out in one row: (64, 100) → (6400,).",
        "Вытягивает все числа примера в одну строку: (64, 100) → (6400,).",
    ),
    "Reshape": (
        "Rearranges the same numbers into a new shape; their count must not change.",
        "Перекладывает те же числа в новую форму; их количество должно сохраниться.",
    ),
    "Permute": (
        "Reorders the axes of each example, like a transpose.",
        "Переставляет оси каждого примера, как транспонирование.",
    ),
    "RepeatVector": (
        "Repeats a vector n times, making a sequence: (features,) → (n, features).",
        "Повторяет вектор n раз, получая последовательность: (features,) → (n, features).",
    ),
    "Embedding": (
        "Turns each word index into a learned vector of output_dim numbers (a lookup table).",
        "Превращает индекс каждого слова в обучаемый вектор из output_dim чисел (таблица поиска).",
    ),
}
"""What each layer of the family does, in English and Russian."""
FAMILY = Family("core", HELP)

Dim = Annotated[int, Field(ge=1, le=1_000_000)] | None
InputShape = Annotated[
    Annotated[int, Field(ge=1, le=1_000_000)] | Annotated[list[Dim], Field(min_length=1, max_length=6)],
    Expects(
        "a whole number ≥ 1, or a list of 1 to 6 sizes (whole numbers ≥ 1, or null for any length)",
        "целое число ≥ 1 или список из 1–6 размеров (целые числа ≥ 1 или null — любая длина)",
    ),
]


class InputArgs(Args):
    shape: InputShape = required(
        [4],
        "Shape of one example, without the batch axis: 64, or [64, 64, 3].",
        "Форма одного примера без оси батча: 64 или [64, 64, 3].",
    )
    dtype: Literal["float32", "int32"] = arg(
        "float32",
        "Type of the numbers fed in (int32 for word indices).",
        "Тип входных чисел (int32 — индексы слов).",
        card=True,
    )


def input_shape(args: InputArgs) -> Shape:
    shape = args.shape
    return (None, shape) if isinstance(shape, int) else (None, *shape)


@FAMILY.layer("Input", InputArgs, aliases=("InputLayer",), inputs=(0, 0))
def infer_input(args: InputArgs, inputs: list[Shape]) -> Inferred:
    out = input_shape(args)
    return Inferred([out], shape_formula=f"shape {shape_text(out[1:])} → {shape_text(out)}")


DenseArgs = create_model(
    "DenseArgs",
    __base__=KernelArgs,
    units=(PositiveInt, required(2, "Number of outputs (neurons).", "Число выходов (нейронов).")),
)


@FAMILY.layer("Dense", DenseArgs)
def infer_dense(args: Any, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    if len(shape) < 2:
        raise ShapeError(
            f"Dense expects an input with at least one axis besides the batch; received {shape_text(shape)}",
            f"Dense ожидает вход хотя бы с одной осью кроме батча; получено {shape_text(shape)}",
        )
    n, units = known(shape[-1], "Dense", shape), args.units
    weights = [Weight("kernel", (n, units))]
    formula = f"{n} × {units}"
    if args.use_bias:
        weights.append(Weight("bias", (units,)))
        formula += f" + {units}"
    total = n * units + (units if args.use_bias else 0)
    out = (*shape[:-1], units)
    return Inferred(
        [out],
        weights,
        param_formula=f"{formula} = {num(total)}",
        shape_formula=f"(…, {n}) → (…, units) = (…, {units})",
        work=prod(d or 1 for d in shape[1:]) * units,
    )


def size(shape: Shape) -> int:
    """Numbers in one example (unknown axes count as 1): a rough measure of work."""
    return prod(d or 1 for d in shape[1:])


class ActivationArgs(Args):
    activation: Activation = required(
        "linear", "Function applied to each number on its own.", "Функция, применяемая к каждому числу отдельно."
    )


FAMILY.layer("Activation", ActivationArgs)(keeps_shape())


NoiseShape = Annotated[
    list[Annotated[int, Field(ge=1, le=1_000_000)] | None],
    Field(min_length=1, max_length=7),
    Expects(
        "a list of sizes, batch axis first (whole numbers ≥ 1, or null for the input's own size)",
        "список размеров, начиная с оси батча (целые числа ≥ 1 или null — размер самого входа)",
    ),
]


class DropoutArgs(Args):
    rate: Rate = required(
        0.5,
        "Share of numbers set to zero during training (0.5: half).",
        "Доля чисел, обнуляемых при обучении (0.5 — половина).",
    )
    noise_shape: NoiseShape | None = arg(
        None,
        "Shape of the random mask, batch axis first; 1 on an axis shares one draw along it ([null, 1, 1, 1]: "
        "a whole example at once, EfficientNet's 'stochastic depth'). None: each number on its own.",
        "Форма случайной маски, сначала ось батча; 1 на оси — одно решение вдоль неё ([null, 1, 1, 1] — весь "
        "пример сразу, «стохастическая глубина» EfficientNet). None — каждое число отдельно.",
    )


FAMILY.layer("Dropout", DropoutArgs, moves_numbers=True)(keeps_shape())


class SpatialDropoutArgs(Args):
    rate: Rate = required(
        0.5,
        "Share of channels set to zero, whole, during training (0.5: half of them).",
        "Доля каналов, обнуляемых целиком при обучении (0.5 — половина).",
    )


def spatial_dropout(name: str, rank: int):
    def infer(args: SpatialDropoutArgs, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        expect_rank(shape, rank + 2, name, "channels1d" if rank == 1 else "channels2d")
        if not args.trainable:
            raise ShapeError(
                f"{name} has no weights to freeze, and Keras's {name} takes no `trainable`: leave it true "
                f"(input shape {shape_text(shape)})",
                f"у {name} нет весов, которые можно заморозить, и {name} в Keras не принимает `trainable`: оставьте "
                f"true (форма входа {shape_text(shape)})",
            )
        return unchanged(shape)

    return infer


for _rank in (1, 2):
    FAMILY.layer(f"SpatialDropout{_rank}D", SpatialDropoutArgs, moves_numbers=True)(
        spatial_dropout(f"SpatialDropout{_rank}D", _rank)
    )


class GaussianNoiseArgs(Args):
    stddev: Annotated[float, Field(ge=0, le=1), Expects("a number from 0 to 1", "число от 0 до 1")] = required(
        0.1,
        "Spread of the random noise added to every number during training (0 to 1).",
        "Разброс случайного шума, добавляемого к каждому числу при обучении (от 0 до 1).",
    )


FAMILY.layer("GaussianNoise", GaussianNoiseArgs, moves_numbers=True)(keeps_shape())


def product_formula(dims: Shape) -> tuple[int | None, str]:
    """``64 × 100 = 6,400``: how many numbers the axes hold together (None if any is unknown)."""
    known = [d for d in dims if d is not None]
    total = prod(known) if len(known) == len(dims) else None
    terms = [num(d) for d in dims]
    return total, terms[0] if len(terms) == 1 else f"{' × '.join(terms)} = {num(total)}"


@FAMILY.layer("Flatten", Args, moves_numbers=True)
def infer_flatten(args: Args, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    total, formula = product_formula(shape[1:])
    return Inferred([(shape[0], total)], shape_formula=formula)


TargetDim = Annotated[int, Field(ge=-1, le=1_000_000)]
TargetShape = Annotated[
    tuple[TargetDim, ...],
    Field(min_length=1, max_length=6),
    Expects(
        "a list of 1 to 6 sizes (whole numbers ≥ 1; one of them may be -1)",
        "список из 1–6 размеров (целые числа ≥ 1; один из них может быть -1)",
    ),
]


class ReshapeArgs(Args):
    target_shape: TargetShape = required(
        [-1],
        "New shape of one example, without the batch axis; -1 once means 'work this size out'.",
        "Новая форма одного примера без оси батча; -1 (один раз) — «вычисли этот размер сам».",
    )


@FAMILY.layer("Reshape", ReshapeArgs, moves_numbers=True)
def infer_reshape(args: ReshapeArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    target = args.target_shape
    wanted = shape_text(target)
    if 0 in target or target.count(-1) > 1:
        raise ShapeError(
            f"target_shape {wanted} may hold sizes ≥ 1 and at most one -1",
            f"target_shape {wanted} может содержать размеры ≥ 1 и не больше одного -1",
        )
    total, formula = product_formula(shape[1:])
    known_part = prod(d for d in target if d != -1)
    if total is None:
        out = tuple(None if d == -1 else d for d in target)
        unknown = f"; −1 = None / {num(known_part)} = None" if -1 in target else ""
        return Inferred([(shape[0], *out)], shape_formula=f"{formula}{unknown}")
    if -1 in target:
        if total % known_part:
            raise ShapeError(
                f"Reshape cannot fill {wanted} with the {num(total)} numbers of an input of shape "
                f"{shape_text(shape)}: {num(total)} is not divisible by {num(known_part)}",
                f"Reshape не может разложить {num(total)} чисел входа формы {shape_text(shape)} в {wanted}: "
                f"{num(total)} не делится на {num(known_part)}",
            )
        missing = total // known_part
        out = tuple(missing if d == -1 else d for d in target)
        return Inferred(
            [(shape[0], *out)],
            shape_formula=f"{formula}; −1 = {num(total)} / {num(known_part)} = {num(missing)}",
        )
    if known_part != total:
        raise ShapeError(
            f"Reshape must keep the number of values: the input {shape_text(shape)} holds {num(total)}, "
            f"target_shape {wanted} holds {num(known_part)}",
            f"Reshape должен сохранить количество чисел: во входе {shape_text(shape)} их {num(total)}, "
            f"в target_shape {wanted} — {num(known_part)}",
        )
    products = [" × ".join(num(d) for d in dims) for dims in (shape[1:], target) if len(dims) > 1]
    return Inferred([(shape[0], *target)], shape_formula=" = ".join([*products, num(total)]))


Dims = Annotated[
    tuple[PositiveInt, ...],
    Field(min_length=1, max_length=6),
    Expects(
        "an order of the axes 1, 2, …, for example [2, 1]",
        "порядок осей 1, 2, …, например [2, 1]",
    ),
]


class PermuteArgs(Args):
    dims: Dims = required(
        [2, 1],
        "New order of the axes, counted from 1 (the batch axis stays first): [2, 1] swaps two axes.",
        "Новый порядок осей, считая с 1 (ось батча остаётся первой): [2, 1] меняет две оси местами.",
    )


@FAMILY.layer("Permute", PermuteArgs, moves_numbers=True)
def infer_permute(args: PermuteArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    dims, axes = args.dims, len(shape) - 1
    if sorted(dims) != list(range(1, axes + 1)):
        order = shape_text(tuple(range(1, axes + 1)))
        raise ShapeError(
            f"Permute needs dims to list each of the axes {order} exactly once for an input of shape "
            f"{shape_text(shape)}; received dims={shape_text(dims)}",
            f"Permute требует, чтобы dims перечислял каждую из осей {order} ровно один раз для входа формы "
            f"{shape_text(shape)}; получено dims={shape_text(dims)}",
        )
    out = (shape[0], *(shape[d] for d in dims))
    return Inferred([out], shape_formula=f"{shape_text(shape)}[{', '.join(map(str, (0, *dims)))}] = {shape_text(out)}")


class RepeatVectorArgs(Args):
    n: PositiveInt = required(2, "How many times to repeat the vector.", "Сколько раз повторить вектор.")


@FAMILY.layer("RepeatVector", RepeatVectorArgs, moves_numbers=True)
def infer_repeat_vector(args: RepeatVectorArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    expect_rank(shape, 2, "RepeatVector", "features")
    out = (shape[0], args.n, shape[1])
    return Inferred(
        [out],
        shape_formula=f"(None, {num(shape[1])}) → (None, n, {num(shape[1])}) = {shape_text(out)}",
        work=size(out),
    )


class EmbeddingTable(Args):
    """The size of the table of word vectors: the arguments an Embedding begins with."""

    input_dim: PositiveInt = required(
        10,
        "Vocabulary size: word indices go from 0 to input_dim − 1.",
        "Размер словаря: индексы слов от 0 до input_dim − 1.",
    )
    output_dim: PositiveInt = required(2, "Length of the vector for each word.", "Длина вектора для каждого слова.")


EmbeddingArgs = create_model(
    "EmbeddingArgs",
    __base__=EmbeddingTable,
    **weight_args(embeddings=("uniform", "word vectors")),
    mask_zero=(
        bool,
        arg(
            False,
            "Treat index 0 as padding that later layers skip.",
            "Считать индекс 0 заполнителем, который следующие слои пропускают.",
        ),
    ),
)


@FAMILY.layer("Embedding", EmbeddingArgs)
def infer_embedding(args: EmbeddingTable, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    rows, cols = args.input_dim, args.output_dim
    out = (*shape, cols)
    tail = ", ".join(num(d) for d in shape[1:])
    return Inferred(
        [out],
        [Weight("embeddings", (rows, cols))],
        param_formula=f"{num(rows)} × {num(cols)} = {num(rows * cols)}",
        shape_formula=f"(…, {tail}) → (…, {tail}, output_dim) = (…, {tail}, {num(cols)})",
        work=size(out),
    )
