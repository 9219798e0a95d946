"""BatchNormalization and LayerNormalization against Keras, with trainable and non-trainable weights apart."""

from itertools import product

import keras
import numpy as np
import pytest
from layer_check import check_error, run

from app.layers import REGISTRY, ShapeError

SHAPES = [(5,), (3, 4), (None, 4), (4, 4, 3), (None, 2, 6)]
AXES = [-1, 1, 2, -2, 3, 0, -4]
FLAGS = list(product([True, False], [True, False]))


@pytest.mark.parametrize("name", ["BatchNormalization", "LayerNormalization"])
@pytest.mark.parametrize(("center", "scale"), FLAGS)
@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("shape", SHAPES)
def test_normalization_matches_keras(name, center, scale, axis, shape):
    args = {"axis": axis, "center": center, "scale": scale}
    rank = len(shape) + 1
    if -rank <= axis < rank and axis % rank == 0:
        # Keras would let a weightless LayerNormalization mix the examples of a batch; we never do.
        kind = REGISTRY[name]
        with pytest.raises(ShapeError) as caught:
            kind.infer(kind.args(**args), [(None, *shape)])
        check_error(caught.value)
        return
    run(name, args, [shape])


@pytest.mark.parametrize("name", ["BatchNormalization", "LayerNormalization"])
def test_frozen_normalization_matches_keras(name):
    run(name, {"trainable": False, "momentum": 0.9} if name[0] == "B" else {"trainable": False}, [(4, 4, 3)])


def test_batch_normalization_formula_separates_the_moving_statistics():
    inferred, _ = run("BatchNormalization", {}, [(8, 8, 32)])
    assert inferred.param_formula == "2 × 32 (γ, β) + 2 × 32 (μ, σ²) = 128"
    assert (inferred.params, inferred.trainable_params) == (128, 64)
    inferred, _ = run("BatchNormalization", {"center": False}, [(8, 8, 32)])
    assert inferred.param_formula == "1 × 32 (γ) + 2 × 32 (μ, σ²) = 96"
    inferred, _ = run("LayerNormalization", {"center": False, "scale": False}, [(8, 8, 32)])
    assert inferred.param_formula == "0"


@pytest.mark.parametrize("shape", [(4, 6), (3, 3, 8), (None, 4), (5, 3)])
@pytest.mark.parametrize(
    "args",
    [
        {"groups": 2},
        {"groups": 4, "center": False},
        {"groups": -1, "scale": False, "epsilon": 0.01},
        {"groups": 32},
        {"groups": 3, "axis": 1},
        {"groups": 1, "center": False, "scale": False, "trainable": False},
    ],
)
def test_group_normalization_matches_keras(args, shape):
    run("GroupNormalization", args, [shape])


@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4)])
@pytest.mark.parametrize("axis", [-1, 1, [1, 2]])
def test_unit_normalization_matches_keras(axis, shape):
    if any(a >= len(shape) + 1 for a in np.atleast_1d(axis)):
        with pytest.raises(ShapeError, match="cannot use axis"):  # Keras builds it and fails on the numbers
            REGISTRY["UnitNormalization"].infer(REGISTRY["UnitNormalization"].args(axis=axis), [(None, *shape)])
        return
    run("UnitNormalization", {"axis": axis}, [shape])
    x = np.arange(1, 1 + np.prod(shape), dtype="float32").reshape((1, *shape))
    axes = tuple(np.atleast_1d(axis))
    layer = keras.layers.UnitNormalization(axis=axis)
    expected = x / np.sqrt((x**2).sum(axis=axes, keepdims=True))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(x)), expected, rtol=1e-6)
