"""Build the real Keras layer beside our ``infer`` and check that they agree on everything a learner sees."""

import os
import re
from math import prod

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
from tensorflow.errors import InvalidArgumentError

from app.layers import REGISTRY, Inferred, ShapeError

AXES = {"H": 1, "W": 2, "D": 3, "C": -1}
"""Axis letters the formulas use, and the output axis each one names."""


def keras_layer(name: str, args) -> keras.layers.Layer:
    kwargs = {k: v for k, v in args.model_dump(exclude_unset=True).items() if k not in REGISTRY[name].call_args}
    if kwargs.get("trainable") is True:
        del kwargs["trainable"]  # as the engine makes layers: Keras's default (SpatialDropout takes none)
    wrapper = REGISTRY[name].wrapper
    if wrapper is not None:
        inner = kwargs.pop(wrapper)
        kwargs[wrapper] = getattr(keras.layers, inner["type"])(**inner.get("args", {}))
    return getattr(keras.layers, name)(**kwargs)


def keras_call(name: str, args, inputs: list):
    """Call the layer as the engine does: its inputs as one list or (``spread_inputs``) as separate arguments,
    and its call arguments (``use_causal_mask``) by name."""
    kind = REGISTRY[name]
    call = {k: getattr(args, k) for k in kind.call_args if k in args.model_fields_set}
    layer = keras_layer(name, args)
    if kind.spread_inputs:
        return layer, layer(*inputs, **call)
    return layer, layer(inputs if kind.max_inputs != 1 else inputs[0], **call)


def value(text: str):
    """``6,400`` → 6400, ``None`` → None, ``(None, 3, 4)`` → (None, 3, 4), ``(…, 10, 5)`` → (…, 10, 5)."""
    text = text.strip()
    if text.startswith("("):
        inner = [t.strip() for t in text.strip("()").split(",") if t.strip()]
        return tuple(... if t == "…" else value(t) for t in inner)
    return None if text == "None" else int(text.replace(",", ""))


def last_number(formula: str) -> int:
    """``2 × 32 (γ, β) + 2 × 32 (μ, σ²) = 128`` → 128; ``0`` → 0."""
    return value(formula.rsplit("=", 1)[-1].split("(")[0])


def matches(shape: tuple, expected: tuple) -> bool:
    if expected and expected[0] is ...:
        return tuple(shape[len(shape) - len(expected) + 1 :]) == expected[1:]
    return tuple(shape) == expected


def check_shape_formula(formula: str, outputs: list[tuple], default_axis: int | None) -> None:
    """The value after the last ``=`` of each piece is the output dim (or shape) that piece explains."""
    assert formula, "every layer explains its output shape"
    for piece in formula.split("; "):
        if "=" not in piece:
            continue
        label, _, _ = piece.partition(": ")
        got = value(piece.rsplit("=", 1)[1])
        if isinstance(got, tuple):
            assert any(matches(shape, got) for shape in outputs), (piece, outputs)
            continue
        letters = label.split(", ") if ": " in piece else []
        axes = [AXES[x] for x in letters if x in AXES] or ([default_axis] if default_axis is not None else [])
        for axis in axes:
            assert outputs[0][axis] == got, (piece, outputs[0], axis)


def run(name: str, raw_args: dict, input_shapes: list[tuple], default_axis: int | None = None, dtype="float32"):
    """Compare ``infer`` with Keras for one layer on inputs of these shapes (without the batch axis).

    Returns the Inferred (None when both refused) and the built Keras layer.
    """
    kind = REGISTRY[name]
    args = kind.args(**raw_args)
    shapes = [(None, *s) for s in input_shapes]
    try:
        inferred: Inferred | None = kind.infer(args, shapes)
        ours = None
    except ShapeError as error:
        inferred, ours = None, error
    keras.backend.clear_session(free_memory=False)
    try:
        layer, out = keras_call(name, args, [keras.Input(shape=s, dtype=dtype) for s in input_shapes])
        theirs = None
    except (ValueError, TypeError, IndexError, InvalidArgumentError) as error:  # the last: broadcasting at build
        layer, theirs = None, error
    if ours is not None or theirs is not None:
        assert ours is not None, f"Keras refuses {name}({raw_args}) on {shapes} but infer accepts: {theirs}"
        assert theirs is not None, f"infer refuses {name}({raw_args}) on {shapes} but Keras accepts: {ours}"
        check_error(ours)
        return None, None
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    assert [tuple(o.shape) for o in outs] == inferred.outputs
    assert [(w.path.rsplit("/", 1)[1], tuple(w.shape)) for w in layer.weights] == [
        (w.name.rsplit("/", 1)[-1], w.shape) for w in inferred.weights
    ]
    # a weight trains only if its layer does (MultiHeadAttention's inner projections keep their own flag)
    trains = [w.trainable and layer.trainable for w in layer.weights]
    assert trains == [w.trainable and args.trainable for w in inferred.weights]
    assert layer.count_params() == inferred.params
    trainable = sum(prod(w.shape) for w in layer.trainable_weights)
    assert trainable == (inferred.trainable_params if args.trainable else 0)
    assert last_number(inferred.param_formula) == inferred.params, inferred.param_formula
    check_shape_formula(inferred.shape_formula, inferred.outputs, default_axis)
    assert inferred.work >= 0
    return inferred, layer


CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def check_error(error: ShapeError) -> None:
    """Both languages, each saying something concrete (a number or a shape)."""
    assert error.en and error.ru and error.en != error.ru
    assert CYRILLIC.search(error.ru) and not CYRILLIC.search(error.en)
    assert re.search(r"\d", error.en) and re.search(r"\d", error.ru)
