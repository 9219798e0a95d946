"""Pooling layers against Keras: window sizes, strides, paddings, odd lengths, and the global kinds."""

from itertools import product

import pytest
from layer_check import run

POOL1D = list(product([2, 3, 5], [None, 1, 2, 3], ["valid", "same"], [(9, 2), (None, 3), (4, 1)]))
POOL2D = list(
    product([2, 3, (2, 3)], [None, 1, 2, (1, 2)], ["valid", "same"], [(127, 127, 3), (5, 4, 2), (None, 7, 1)])
)


def pool_args(pool_size, strides, padding) -> dict:
    """The pooling layer's arguments; strides left out when None (Keras's default: the pool size)."""
    args = {"pool_size": pool_size, "padding": padding}
    if strides is not None:
        args["strides"] = strides
    return args


@pytest.mark.parametrize("name", ["MaxPooling1D", "AveragePooling1D"])
@pytest.mark.parametrize(("pool_size", "strides", "padding", "shape"), POOL1D)
def test_pooling1d_matches_keras(name, pool_size, strides, padding, shape):
    run(name, pool_args(pool_size, strides, padding), [shape], default_axis=1)


@pytest.mark.parametrize("name", ["MaxPooling2D", "AveragePooling2D"])
@pytest.mark.parametrize(("pool_size", "strides", "padding", "shape"), POOL2D)
def test_pooling2d_matches_keras(name, pool_size, strides, padding, shape):
    run(name, pool_args(pool_size, strides, padding), [shape])


@pytest.mark.parametrize("name", ["GlobalMaxPooling1D", "GlobalAveragePooling1D"])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("shape", [(9, 2), (None, 3), (4,), (4, 5, 6)])
def test_global_pooling1d_matches_keras(name, keepdims, shape):
    run(name, {"keepdims": keepdims}, [shape])


@pytest.mark.parametrize("name", ["GlobalMaxPooling2D", "GlobalAveragePooling2D"])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("shape", [(9, 9, 2), (None, 4, 3), (4, 5)])
def test_global_pooling2d_matches_keras(name, keepdims, shape):
    run(name, {"keepdims": keepdims}, [shape])


def test_lesson_formulas():
    inferred, _ = run("MaxPooling2D", {}, [(127, 127, 32)])
    assert inferred.shape_formula == "H, W: floor((127 − 2) / 2) + 1 = 63"
    inferred, _ = run("MaxPooling2D", {"padding": "same"}, [(127, 127, 32)])
    assert inferred.shape_formula == "H, W: ceil(127 / 2) = 64"
    inferred, _ = run("MaxPooling2D", {"pool_size": (2, 3)}, [(6, 6, 1)])
    assert inferred.shape_formula == "H: floor((6 − 2) / 2) + 1 = 3; W: floor((6 − 3) / 3) + 1 = 2"


@pytest.mark.parametrize("shape", [(4, 4, 4, 2), (5, 6, 7, 1), (None, 4, 4, 3), (1, 4, 4, 2), (4, 4, 2)])
@pytest.mark.parametrize("kind", ["MaxPooling3D", "AveragePooling3D"])
@pytest.mark.parametrize(
    "args",
    [{}, {"pool_size": 3, "strides": 1}, {"pool_size": [2, 1, 3], "padding": "same"}, {"strides": [1, 2, 2]}],
)
def test_3d_pooling_matches_keras(kind, args, shape):
    run(kind, {"pool_size": 2, **args} if kind == "AveragePooling3D" else args, [shape])  # Keras: no default


@pytest.mark.parametrize("shape", [(4, 4, 4, 2), (None, 3, 3, 5), (4, 4, 2)])
@pytest.mark.parametrize("kind", ["GlobalMaxPooling3D", "GlobalAveragePooling3D"])
@pytest.mark.parametrize("args", [{}, {"keepdims": True}])
def test_3d_global_pooling_matches_keras(kind, args, shape):
    run(kind, args, [shape])
