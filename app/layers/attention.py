"""Attention layers: every position of the query looks at every position of the value, weighting each by how
well its key matches (a softmax of scores), and takes the weighted sum. Inputs: query, value, and optionally key
(the value when not given); for self-attention give the same layer twice: ``"inputs": ["x", "x"]``."""

from math import prod
from typing import Annotated, Any, Literal

from pydantic import create_model

from .base import (
    OUTPUT,
    Args,
    Expects,
    Family,
    Inferred,
    PositiveInt,
    Rate,
    Shape,
    ShapeError,
    Weight,
    arg,
    expect_rank,
    kernel_args,
    known,
    num,
    required,
    shape_text,
)

HELP = {
    "Attention": (
        "Dot-product attention: weights = softmax(query · keyᵀ), output = weights · value. No projections.",
        "Внимание по скалярному произведению: веса = softmax(query · keyᵀ), выход = веса · value. Без проекций.",
    ),
    "MultiHeadAttention": (
        "Each head projects query, key and value, weighs the values by softmax(Q·Kᵀ/√key_dim); the heads are "
        "joined and projected to the output.",
        "Каждая голова проецирует query, key и value и взвешивает значения по softmax(Q·Kᵀ/√key_dim); головы "
        "объединяются и проецируются в выход.",
    ),
}
"""What each layer of the family does, in English and Russian."""
FAMILY = Family("attention", HELP)

CAUSAL = (
    "Each query position looks only at itself and earlier positions (a decoder, which must not see the future).",
    "Каждая позиция запроса смотрит только на себя и более ранние позиции (декодер, которому нельзя видеть будущее).",
)
SCORES = (
    "Also output the attention weights (the softmax of the scores), one row per query position.",
    "Дополнительно выдавать веса внимания (softmax от оценок), строка на каждую позицию запроса.",
)
DROPOUT = ("Share of attention weights zeroed during training.", "Доля весов внимания, обнуляемых при обучении.")
CALL_ARGS = ("use_causal_mask", "return_attention_scores")
"""Arguments Keras takes when the layer is called, not when it is made."""


MATCHED = {
    1: (
        "value",
        "key",
        "needs a value and a key with the same number of steps (one key per value)",
        "нужны value и key с одинаковым числом шагов (по ключу на каждое значение)",
    ),
    2: (
        "query",
        "key",
        "compares each query with each key, so they need the same number of features",
        "сравнивает каждый запрос с каждым ключом, поэтому им нужно одинаковое число признаков",
    ),
}
"""What two of the inputs must share along an axis: their names, and why, in English and Russian."""


def sequences(layer: str, inputs: list[Shape], matched: tuple[int, ...] = (1,)) -> tuple[Shape, Shape, Shape]:
    """Query, value and key (the value when not given), each (batch, steps, features), checked to share the axes
    ``matched`` names in ``MATCHED`` (value and key always have the same number of steps)."""
    for shape in inputs:
        expect_rank(shape, 3, layer, "sequence")
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) > 2 else value
    named = {"query": query, "value": value, "key": key}
    for axis in matched:
        first, second, en, ru = MATCHED[axis]
        a, b = named[first], named[second]
        if a[axis] is not None and b[axis] is not None and a[axis] != b[axis]:
            raise ShapeError(
                f"{layer} {en}; received {first} {shape_text(a)} and {second} {shape_text(b)}",
                f"{layer} {ru}; получены {first} {shape_text(a)} и {second} {shape_text(b)}",
            )
    return query, value, key


def with_scores(outputs: list[Shape], scores: Shape, formula: str, returned: bool) -> tuple[list[Shape], str]:
    if not returned:
        return outputs, formula
    return [*outputs, scores], f"{formula}; scores = {shape_text(scores)}"


class AttentionArgs(Args):
    use_scale: bool = arg(
        False,
        "Learn one number that multiplies every score (a learned temperature).",
        "Обучать одно число, на которое умножается каждая оценка (обучаемая «температура»).",
        card=True,
    )
    score_mode: Literal["dot", "concat"] = arg(
        "dot",
        "dot: score = query · key; concat: score = Σ tanh(query + key) (Bahdanau's additive attention).",
        "dot: оценка = query · key; concat: оценка = Σ tanh(query + key) (аддитивное внимание Бахданау).",
        card=True,
    )
    dropout: Rate = arg(0.0, *DROPOUT)
    use_causal_mask: bool = arg(False, *CAUSAL, card=True)
    return_attention_scores: bool = arg(False, *SCORES, card=True)


@FAMILY.layer("Attention", AttentionArgs, inputs=(2, 3), call_args=CALL_ARGS)
def infer_attention(args: AttentionArgs, inputs: list[Shape]) -> Inferred:
    query, value, key = sequences("Attention", inputs, matched=(1, 2))
    weights = [
        Weight(name, ())
        for name, on in (("scale", args.use_scale), ("concat_score_weight", args.score_mode == "concat"))
        if on
    ]
    out = (query[0], query[1], value[2])
    scores = (query[0], query[1], key[1])
    outputs, formula = with_scores(
        [out],
        scores,
        f"(None, {num(query[1])}, ·) · (None, {num(value[1])}, {num(value[2])}) → {shape_text(out)}",
        args.return_attention_scores,
    )
    steps = (query[1] or 1) * (key[1] or 1)
    return Inferred(
        outputs,
        weights,
        param_formula=" + ".join(f"1 ({w.name})" for w in weights) + f" = {len(weights)}" if weights else "0",
        shape_formula=formula,
        work=steps * ((query[2] or 1) + (value[2] or 1)),
    )


OutputShape = Annotated[
    PositiveInt | tuple[PositiveInt, ...],
    Expects(
        "a whole number ≥ 1 (the features of each output position), or a list of such numbers",
        "целое число ≥ 1 (признаки каждой позиции выхода) или список таких чисел",
    ),
]


class Heads(Args):
    """MultiHeadAttention's heads: the arguments it begins with, before those of its projections."""

    num_heads: PositiveInt = required(
        2,
        "Number of heads: attentions that run side by side, each with its own projections.",
        "Число голов: внимания, работающие рядом, у каждого свои проекции.",
    )
    key_dim: PositiveInt = required(
        2,
        "Size of each head's query and key (scores are divided by √key_dim).",
        "Размер запроса и ключа каждой головы (оценки делятся на √key_dim).",
    )
    value_dim: PositiveInt | None = arg(
        None,
        "Size of each head's value; none: the same as key_dim.",
        "Размер значения каждой головы; нет — как key_dim.",
        card=True,
    )
    output_shape: OutputShape | None = arg(
        None,
        "Features of each output position; none: the query's features, so the output fits the query.",
        "Признаки каждой позиции выхода; нет — как у запроса, и выход совпадает по форме с запросом.",
        card=True,
    )
    dropout: Rate = arg(0.0, *DROPOUT)


MultiHeadAttentionArgs = create_model(
    "MultiHeadAttentionArgs",
    __base__=Heads,
    **kernel_args(
        ("Whether the projections add bias vectors.", "Добавляют ли проекции векторы смещения."),
        "projection kernels",
        "projection biases",
        OUTPUT,
    ),
    use_causal_mask=(bool, arg(False, *CAUSAL, card=True)),
    return_attention_scores=(
        bool,
        arg(
            False,
            "Also output the attention weights of every head: (batch, heads, query steps, value steps).",
            "Дополнительно выдавать веса внимания каждой головы: (батч, головы, шаги запроса, шаги значения).",
            card=True,
        ),
    ),
)


@FAMILY.layer("MultiHeadAttention", MultiHeadAttentionArgs, inputs=(2, 3), call_args=CALL_ARGS, spread_inputs=True)
def infer_multi_head_attention(args: Any, inputs: list[Shape]) -> Inferred:
    query, value, key = sequences("MultiHeadAttention", inputs)
    layer = "MultiHeadAttention"
    eq, ev, ek = known(query[2], layer, query), known(value[2], layer, value), known(key[2], layer, key)
    heads, kd = args.num_heads, args.key_dim
    vd = args.value_dim or kd
    out_dims = (
        (eq,)
        if args.output_shape is None
        else (args.output_shape,)
        if isinstance(args.output_shape, int)
        else args.output_shape
    )
    weights = [Weight("query/kernel", (eq, heads, kd))]
    bias = args.use_bias
    if bias:
        weights.append(Weight("query/bias", (heads, kd)))
    weights.append(Weight("key/kernel", (ek, heads, kd)))
    if bias:
        weights.append(Weight("key/bias", (heads, kd)))
    weights.append(Weight("value/kernel", (ev, heads, vd)))
    if bias:
        weights.append(Weight("value/bias", (heads, vd)))
    weights.append(Weight("attention_output/kernel", (heads, vd, *out_dims)))
    if bias:
        weights.append(Weight("attention_output/bias", out_dims))
    plus = f" + {heads} × {kd}" if bias else ""
    terms = [
        f"({num(eq)} × {heads} × {kd}{plus}) (Q)",
        f"({num(ek)} × {heads} × {kd}{plus}) (K)",
        f"({num(ev)} × {heads} × {vd}{' + ' + str(heads) + ' × ' + str(vd) if bias else ''}) (V)",
        f"({heads} × {vd} × {' × '.join(num(d) for d in out_dims)}"
        + (f" + {' × '.join(num(d) for d in out_dims)}" if bias else "")
        + ") (O)",
    ]
    total = sum(w.size for w in weights)
    out = (query[0], query[1], *out_dims)
    scores = (query[0], heads, query[1], key[1])
    formula = f"(None, {num(query[1])}, {num(eq)}) → (None, {num(query[1])}, {', '.join(num(d) for d in out_dims)})"
    outputs, formula = with_scores([out], scores, f"{formula} = {shape_text(out)}", args.return_attention_scores)
    tq, tk = query[1] or 1, key[1] or 1
    return Inferred(
        outputs,
        weights,
        param_formula=" + ".join(terms) + f" = {num(total)}",
        shape_formula=formula,
        work=heads * (tq * eq * kd + tk * ek * kd + tk * ev * vd + tq * tk * (kd + vd) + tq * vd * prod(out_dims)),
    )
