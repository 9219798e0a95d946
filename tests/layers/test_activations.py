"""Activation layers against Keras: shapes, PReLU's weights, the refusals, and every output number against
the formula the help states."""

import json

import keras
import numpy as np
import pytest
from layer_check import keras_layer, run
from pydantic import ValidationError

from app.layers import REGISTRY, ShapeError

SHAPES = [(5,), (3, 4), (None, 4), (2, 3, 4)]
X = np.linspace(-3, 3, 24, dtype="float32").reshape(1, 2, 3, 4)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("ReLU", {}),
        ("ReLU", {"max_value": 6.0}),
        ("ReLU", {"max_value": 1.0, "negative_slope": 0.1, "threshold": 0.5}),
        ("ReLU", {"threshold": 2.0, "trainable": False}),
        ("LeakyReLU", {}),
        ("LeakyReLU", {"negative_slope": 0.0}),
        ("LeakyReLU", {"negative_slope": 2.5}),
        ("ELU", {}),
        ("ELU", {"alpha": 0.5}),
        ("ELU", {"alpha": -1.0}),
        ("Softmax", {}),
        ("Softmax", {"axis": 1}),
        ("Softmax", {"axis": -2}),
        ("Softmax", {"axis": 3}),
        ("Softmax", {"axis": 0}),
        ("Softmax", {"axis": [1, 2]}),
        ("PReLU", {}),
        ("PReLU", {"shared_axes": [1]}),
        ("PReLU", {"shared_axes": [1, 2]}),
        ("PReLU", {"shared_axes": [2, 3], "trainable": False}),
        ("PReLU", {"shared_axes": [4]}),
        ("PReLU", {"alpha_initializer": "ones", "alpha_regularizer": "l2", "alpha_constraint": "non_neg"}),
        ("PReLU", {"alpha_initializer": "orthogonal"}),
        ("PReLU", {"alpha_initializer": "orthogonal", "shared_axes": [1]}),
    ],
)
def test_activation_layers_match_keras(name, args, shape):
    rank = len(shape) + 1
    if name == "Softmax" and any(not -rank < a < rank or a % rank == 0 for a in np.atleast_1d(args.get("axis", -1))):
        # The batch axis (Keras would mix the examples of a batch) or an axis the input lacks (Keras builds
        # the layer, then fails on the first numbers): refused before anything runs.
        with pytest.raises(ShapeError, match="batch axis 0"):
            REGISTRY[name].infer(REGISTRY[name].args(**args), [(None, *shape)])
        return
    inferred, _ = run(name, args, [shape], default_axis=1)
    if name == "PReLU" and inferred is not None:
        shared = set(args.get("shared_axes", ()))
        assert inferred.weights[0].shape == tuple(1 if i in shared else d for i, d in enumerate(shape, start=1))


def keras_out(name: str, args: dict, x: np.ndarray, weights=None) -> np.ndarray:
    kind = REGISTRY[name]
    layer = keras_layer(name, kind.args(**args))
    layer.build(x.shape)
    if weights is not None:
        layer.set_weights(weights)
    return keras.ops.convert_to_numpy(layer(x))


def relu(x, max_value=None, negative_slope=0.0, threshold=0.0):
    out = np.where(x >= threshold, x, negative_slope * (x - threshold))
    return out if max_value is None else np.minimum(out, max_value)


@pytest.mark.parametrize(
    "args",
    [{}, {"max_value": 6.0}, {"max_value": 1.0}, {"negative_slope": 0.2}, {"threshold": 1.5, "negative_slope": 0.5}],
)
def test_relu_numbers_follow_the_help(args):
    np.testing.assert_allclose(keras_out("ReLU", args, X), relu(X, **args), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("slope", [0.3, 0.0, 0.01, 1.5])
def test_leaky_relu_numbers_follow_the_help(slope):
    args = {} if slope == 0.3 else {"negative_slope": slope}
    np.testing.assert_allclose(keras_out("LeakyReLU", args, X), np.where(X >= 0, X, slope * X), rtol=1e-6)


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0])
def test_elu_numbers_follow_the_help(alpha):
    expected = np.where(X > 0, X, alpha * (np.exp(X) - 1))
    np.testing.assert_allclose(keras_out("ELU", {"alpha": alpha}, X), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("axis", [-1, 1, 2, [2, 3]])
def test_softmax_numbers_follow_the_help(axis):
    axes = tuple(axis) if isinstance(axis, list) else axis
    e = np.exp(X - X.max(axis=axes, keepdims=True))
    np.testing.assert_allclose(keras_out("Softmax", {"axis": axis}, X), e / e.sum(axis=axes, keepdims=True), rtol=1e-5)


@pytest.mark.parametrize("shared", [None, [1], [1, 2], [3]])
def test_prelu_with_given_slopes(shared):
    args = {} if shared is None else {"shared_axes": shared}
    inferred = REGISTRY["PReLU"].infer(REGISTRY["PReLU"].args(**args), [(None, 2, 3, 4)])
    alpha = np.linspace(-0.5, 0.5, inferred.params, dtype="float32").reshape(inferred.weights[0].shape)
    out = keras_out("PReLU", args, X, [alpha])
    np.testing.assert_allclose(out, np.where(X >= 0, X, alpha * X), rtol=1e-6, atol=1e-7)


def test_prelu_formula_counts_its_slopes():
    inferred, _ = run("PReLU", {"shared_axes": [1, 2]}, [(8, 8, 16)])
    assert inferred.param_formula == "1 × 1 × 16 (α) = 16"
    inferred, _ = run("PReLU", {}, [(5,)])
    assert inferred.param_formula == "5 (α)"


def test_prelu_refuses_an_orthogonal_start_for_slopes_of_one_axis_as_keras_does():
    assert run("PReLU", {"alpha_initializer": "orthogonal"}, [(5,)]) == (None, None)
    with pytest.raises(ShapeError) as refused:
        REGISTRY["PReLU"].infer(REGISTRY["PReLU"].args(alpha_initializer="orthogonal"), [(None, 5)])
    assert "(5,)" in refused.value.en and "'orthogonal'" in refused.value.en and "две оси" in refused.value.ru
    inferred, _ = run("PReLU", {"alpha_initializer": "orthogonal"}, [(3, 5)])
    assert inferred.weights[0].shape == (3, 5)


def test_prelu_needs_known_sizes_except_on_shared_axes():
    assert run("PReLU", {}, [(None, 4)]) == (None, None)
    inferred, _ = run("PReLU", {"shared_axes": [1]}, [(None, 4)])
    assert inferred.weights[0].shape == (1, 4)


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("ReLU", {"max_value": -1.0}),
        ("ReLU", {"negative_slope": -0.1}),
        ("ReLU", {"threshold": -2.0}),
        ("ReLU", {"negative_slope": None}),
        ("LeakyReLU", {"negative_slope": -0.3}),
        ("LeakyReLU", {"alpha": 0.3}),
        ("PReLU", {"shared_axes": [0]}),
        ("PReLU", {"shared_axes": []}),
        ("Softmax", {"axis": []}),
        ("ELU", {"alpha": "one"}),
    ],
)
def test_bad_arguments_are_refused_as_keras_refuses_them(name, bad):
    with pytest.raises(ValidationError):
        REGISTRY[name].args.model_validate_json(json.dumps(bad), strict=True)  # as the graph reads them
    if name in ("ReLU", "LeakyReLU") and "alpha" not in bad:
        with pytest.raises(ValueError):
            getattr(keras.layers, name)(**bad)
