"""Recurrent layers: read a sequence step by step, carrying a memory (the state) from one step to the next."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .base import (
    Activation,
    Args,
    Expects,
    Family,
    Inferred,
    Initializer,
    PositiveInt,
    Rate,
    Shape,
    VectorInitializer,
    Weight,
    arg,
    expect_rank,
    known,
    num,
    required,
    shape_text,
)

HELP = {
    "SimpleRNN": (
        "The plainest recurrent layer: new state = activation(input · W + state · U + b).",
        "Простейший рекуррентный слой: новое состояние = activation(вход · W + состояние · U + b).",
    ),
    "GRU": (
        "A recurrent layer with 3 gates (update, reset, candidate) that decide what to keep in memory.",
        "Рекуррентный слой с 3 вентилями (обновления, сброса, кандидат), решающими, что хранить в памяти.",
    ),
    "LSTM": (
        "A recurrent layer with 4 gates and two states (h and the cell c): keeps memory over long sequences.",
        "Рекуррентный слой с 4 вентилями и двумя состояниями (h и ячейка c): помнит длинные цепочки.",
    ),
    "Bidirectional": (
        "Runs a copy of a recurrent layer forwards and another backwards, then joins their outputs.",
        "Запускает копию рекуррентного слоя вперёд и другую назад, затем соединяет их выходы.",
    ),
}
"""What each layer of the family does, in English and Russian."""
FAMILY = Family("recurrent", HELP)


class RecurrentArgs(Args):
    units: PositiveInt = required(
        2, "Size of the memory (state) and of each output.", "Размер памяти (состояния) и выхода."
    )
    activation: Activation = arg(
        "tanh",
        "Function that makes the new state.",
        "Функция, из которой получается новое состояние.",
        card=True,
    )
    use_bias: bool = arg(True, "Whether the layer adds bias vectors.", "Добавляет ли слой векторы смещения.")
    kernel_initializer: Initializer = arg(
        "glorot_uniform", "How the input weights start.", "Начальные значения весов для входа."
    )
    recurrent_initializer: Initializer = arg(
        "orthogonal",
        "How the state-to-state weights start.",
        "Начальные значения весов от состояния к состоянию.",
    )
    bias_initializer: VectorInitializer = arg("zeros", "How the bias starts.", "Начальные значения смещения.")
    dropout: Rate = arg(0.0, "Share of the input zeroed during training.", "Доля входа, обнуляемая при обучении.")
    recurrent_dropout: Rate = arg(
        0.0,
        "Share of the carried state zeroed during training.",
        "Доля переносимого состояния, обнуляемая при обучении.",
    )
    return_sequences: bool = arg(
        False,
        "Output the state after every step (steps, units), not only the last one (units,).",
        "Выдавать состояние после каждого шага (steps, units), а не только последнее (units,).",
        card=True,
    )
    return_state: bool = arg(
        False,
        "Also output the final state(s) as extra outputs.",
        "Дополнительно выдавать конечные состояния отдельными выходами.",
        card=True,
    )
    go_backwards: bool = arg(
        False, "Read the sequence from its end to its start.", "Читать последовательность с конца к началу."
    )


class SimpleRNNArgs(RecurrentArgs):
    pass


class GatedArgs(RecurrentArgs):
    recurrent_activation: Activation = arg(
        "sigmoid",
        "Function of the gates (how much to keep or let in).",
        "Функция вентилей (сколько сохранить или впустить).",
    )


class GRUArgs(GatedArgs):
    reset_after: bool = arg(
        True,
        "Apply the reset gate after the state multiplication (Keras default; two bias rows).",
        "Применять вентиль сброса после умножения состояния (по умолчанию в Keras; две строки смещения).",
    )


class LSTMArgs(GatedArgs):
    unit_forget_bias: bool = arg(
        True,
        "Start the forget gate's bias at 1, so the cell remembers at first.",
        "Начинать смещение вентиля забывания с 1, чтобы ячейка сначала помнила.",
    )


GATES = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}
STATES = {"SimpleRNN": "h", "GRU": "h", "LSTM": "h, c"}


def cell(name: str, args: RecurrentArgs, features: int) -> tuple[list[Weight], str]:
    """The weights of one recurrent cell, in Keras's order, and the formula of their count (no total)."""
    gates, units = GATES[name], args.units
    width = gates * units
    weights = [Weight("kernel", (features, width)), Weight("recurrent_kernel", (units, width))]
    terms = f"{num(units)} × ({num(features)} + {num(units)})"
    if args.use_bias:
        two_rows = isinstance(args, GRUArgs) and args.reset_after
        weights.append(Weight("bias", (2, width) if two_rows else (width,)))
        terms = f"{terms} + {'2 × ' if two_rows else ''}{num(units)}"
        if gates > 1:
            terms = f"({terms})"
    return weights, f"{gates} × {terms}" if gates > 1 else terms


def sequence(name: str, shape: Shape) -> tuple[int | None, int]:
    expect_rank(shape, 3, name, "sequence")
    return shape[1], known(shape[2], name, shape)


def outputs(name: str, args: RecurrentArgs, shape: Shape, width: int, width_text: str, copies: int = 1):
    """Main output, then the final states; with the formula that explains them."""
    steps = shape[1]
    if args.return_sequences:
        main: Shape = (shape[0], steps, width)
        formula = f"{shape_text(shape)} → (None, {num(steps)}, {width_text}) = {shape_text(main)}"
    else:
        main = (shape[0], width)
        formula = f"{shape_text(shape)} → (None, {width_text}) = {shape_text(main)}"
    shapes = [main]
    if args.return_state:
        state = (shape[0], args.units)
        count = len(STATES[name].split(", ")) * copies
        shapes += [state] * count
        labels = (
            STATES[name] if copies == 1 else ", ".join(f"{s}_{side}" for side in "fb" for s in STATES[name].split(", "))
        )
        formula += f"; {labels}: (None, units) = {shape_text(state)}"
    return shapes, formula


def work(name: str, args: RecurrentArgs, steps: int | None, features: int) -> int:
    return (steps or 1) * GATES[name] * args.units * (features + args.units)


def stepped(
    shapes: list[Shape], weights: list[Weight], terms: str, formula: str, cost: int, steps: int | None
) -> Inferred:
    """What a recurrent layer infers: its outputs, its weights (``terms`` = their count), the steps it runs."""
    total = sum(w.size for w in weights)
    return Inferred(
        shapes, weights, param_formula=f"{terms} = {num(total)}", shape_formula=formula, work=cost, steps=steps or 0
    )


def recurrent(name: str):
    def infer(args: RecurrentArgs, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        steps, features = sequence(name, shape)
        weights, terms = cell(name, args, features)
        shapes, formula = outputs(name, args, shape, args.units, "units")
        return stepped(shapes, weights, terms, formula, work(name, args, steps, features), steps)

    return infer


FAMILY.layer("SimpleRNN", SimpleRNNArgs)(recurrent("SimpleRNN"))
FAMILY.layer("GRU", GRUArgs)(recurrent("GRU"))
FAMILY.layer("LSTM", LSTMArgs)(recurrent("LSTM"))


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LSTMSpec(_Spec):
    type: Literal["LSTM"]
    args: LSTMArgs


class GRUSpec(_Spec):
    type: Literal["GRU"]
    args: GRUArgs


class SimpleRNNSpec(_Spec):
    type: Literal["SimpleRNN"]
    args: SimpleRNNArgs


RecurrentSpec = Annotated[
    LSTMSpec | GRUSpec | SimpleRNNSpec,
    Field(discriminator="type"),
    Expects(
        'a recurrent layer: {"type": "LSTM", "GRU" or "SimpleRNN", "args": {"units": …}}',
        'рекуррентный слой: {"type": "LSTM", "GRU" или "SimpleRNN", "args": {"units": …}}',
    ),
]

MERGE_WIDTH = {"concat": "2·units", "sum": "units", "mul": "units", "ave": "units"}


class BidirectionalArgs(Args):
    layer: RecurrentSpec = required(
        {"type": "LSTM", "args": {"units": 2}},
        'The recurrent layer to run both ways, e.g. {"type": "LSTM", "args": {"units": 64}}.',
        'Рекуррентный слой, который пройдёт в обе стороны, например {"type": "LSTM", "args": {"units": 64}}.',
    )
    merge_mode: Literal["concat", "sum", "mul", "ave"] = arg(
        "concat",
        "How to join the two directions: concat (side by side), sum, mul or ave. (Keras's None, two separate "
        "outputs, is not offered: here every layer has one main output.)",
        "Как соединить два направления: concat (рядом), sum, mul или ave. (None из Keras — два отдельных "
        "выхода — не предлагается: здесь у каждого слоя один главный выход.)",
        card=True,
    )


@FAMILY.layer("Bidirectional", BidirectionalArgs, wrapper="layer")
def infer_bidirectional(args: BidirectionalArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    name, inner = args.layer.type, args.layer.args
    steps, features = sequence("Bidirectional", shape)
    weights, terms = cell(name, inner, features)
    both = [Weight(f"{side}/{w.name}", w.shape, w.trainable) for side in ("forward", "backward") for w in weights]
    width = 2 * inner.units if args.merge_mode == "concat" else inner.units
    shapes, formula = outputs(name, inner, shape, width, MERGE_WIDTH[args.merge_mode], copies=2)
    return stepped(shapes, both, f"2 × ({terms})", formula, 2 * work(name, inner, steps, features), steps)
