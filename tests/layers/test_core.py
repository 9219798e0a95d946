"""Core layers against Keras: shapes, weights, counts and formulas."""

from math import prod

import keras
import pytest
from layer_check import last_number, run

from app.layers import REGISTRY, ShapeError


@pytest.mark.parametrize("shape", [(5,), (3, 4), (None, 4), (2, 3, 4)])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("Activation", {"activation": "relu"}),
        ("Activation", {"activation": "softmax", "trainable": False}),
        ("Dropout", {"rate": 0.5}),
        ("Dropout", {"rate": 0.0}),
        ("Flatten", {}),
        ("Dense", {"units": 7}),
        ("Dense", {"units": 3, "use_bias": False, "trainable": False}),
        ("Embedding", {"input_dim": 100, "output_dim": 5}),
        ("Embedding", {"input_dim": 1000, "output_dim": 20, "mask_zero": True, "trainable": False}),
        ("RepeatVector", {"n": 3}),
    ],
)
def test_shape_preserving_and_simple_layers_match_keras(name, args, shape):
    dtype = "int32" if name == "Embedding" else "float32"
    inferred, _ = run(name, args, [shape], default_axis=1, dtype=dtype)
    if name == "Flatten" and inferred:
        assert inferred.outputs[0][1] == (None if None in shape else prod(shape))


def test_flatten_formula_reads_as_the_lesson():
    inferred, _ = run("Flatten", {}, [(64, 100)], default_axis=1)
    assert inferred.shape_formula == "64 × 100 = 6,400"


def test_dense_formula_reads_as_the_lesson():
    inferred, _ = run("Dense", {"units": 200}, [(64,)])
    assert inferred.param_formula == "64 × 200 + 200 = 13,000"


def test_embedding_formulas():
    inferred, _ = run("Embedding", {"input_dim": 1000, "output_dim": 20}, [(100,)], dtype="int32")
    assert inferred.param_formula == "1,000 × 20 = 20,000"
    assert inferred.shape_formula == "(…, 100) → (…, 100, output_dim) = (…, 100, 20)"


RESHAPE_CASES = [
    ((64,), (8, 8)),
    ((64,), (-1, 4)),
    ((64,), (4, -1, 2)),
    ((3, 4), (12,)),
    ((3, 4), (-1,)),
    ((3, 4), (2, 6)),
    ((3, 4), (5, 2)),
    ((3, 4), (-1, 5)),
    ((3, 4), (-1, -1)),
    ((3, 4), (0, 12)),
    ((None, 4), (-1, 2)),
    ((None, 4), (2, 2)),
    ((2, 3, 4), (4, 3, 2)),
    ((2, 3, 4), (6, -1)),
]


@pytest.mark.parametrize(("shape", "target"), RESHAPE_CASES)
def test_reshape_matches_keras(shape, target):
    inferred, _ = run("Reshape", {"target_shape": target}, [shape])
    if inferred is None or None in shape:
        return
    pieces = inferred.shape_formula.split("; ")
    assert last_number(pieces[0]) == prod(inferred.outputs[0][1:])
    if -1 in target:
        assert last_number(pieces[1]) == inferred.outputs[0][1 + target.index(-1)]


def test_reshape_error_names_both_sizes():
    with pytest.raises(ShapeError) as caught:
        REGISTRY["Reshape"].infer(REGISTRY["Reshape"].args(target_shape=(5, 2)), [(None, 3, 4)])
    assert "12" in caught.value.en and "10" in caught.value.en
    assert "12" in caught.value.ru and "10" in caught.value.ru


@pytest.mark.parametrize(
    ("shape", "dims"),
    [
        ((3, 4), (2, 1)),
        ((3, 4), (1, 2)),
        ((2, 3, 4), (3, 1, 2)),
        ((2, None, 4), (2, 3, 1)),
        ((3, 4), (1, 1)),
        ((3, 4), (2, 3)),
        ((3, 4), (1,)),
        ((3, 4), (3, 2, 1)),
    ],
)
def test_permute_matches_keras(shape, dims):
    inferred, _ = run("Permute", {"dims": dims}, [shape])
    if inferred:
        assert inferred.shape_formula.endswith(f"= (None, {', '.join(str(d) for d in inferred.outputs[0][1:])})")


def test_repeat_vector_refuses_a_sequence():
    inferred, _ = run("RepeatVector", {"n": 2}, [(3, 4)])
    assert inferred is None


def test_unknown_arguments_are_refused():
    from pydantic import ValidationError

    for name, bad in [
        ("Dense", {"units": 3, "dtype": "float16"}),
        ("Reshape", {"target_shape": (4,), "name": "x"}),
    ]:
        with pytest.raises(ValidationError):
            REGISTRY[name].args(**bad)


@pytest.mark.parametrize("shape", [(5, 3), (4, 4, 2), (None, 3), (6,)])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("SpatialDropout1D", {"rate": 0.5}),
        ("SpatialDropout2D", {"rate": 0.2}),
        ("GaussianNoise", {"stddev": 0.1}),
        ("GaussianNoise", {"stddev": 0.0, "trainable": False}),
    ],
)
def test_training_only_noise_layers_match_keras(name, args, shape):
    run(name, args, [shape])


@pytest.mark.parametrize("name", ["SpatialDropout1D", "SpatialDropout2D"])
def test_spatial_dropout_refuses_trainable_false_which_keras_does_not_take(name):
    shape = (None, 5, 3) if name.endswith("1D") else (None, 4, 4, 3)
    with pytest.raises(ShapeError, match="takes no `trainable`"):
        REGISTRY[name].infer(REGISTRY[name].args(rate=0.5, trainable=False), [shape])
    with pytest.raises(TypeError):
        getattr(keras.layers, name)(rate=0.5, trainable=False)
