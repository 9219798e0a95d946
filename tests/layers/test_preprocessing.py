"""Preprocessing layers against Keras: shapes, Normalization's weights, refusals, and the numbers."""

import json

import keras
import numpy as np
import pytest
from layer_check import keras_layer, run
from pydantic import ValidationError

from app.layers import REGISTRY, ShapeError

X = np.linspace(0, 255, 2 * 4 * 5 * 3, dtype="float32").reshape(2, 4, 5, 3)


@pytest.mark.parametrize("shape", [(5,), (3, 4), (None, 3), (4, 5, 3)])
@pytest.mark.parametrize(
    "args",
    [
        {"scale": 1 / 255},
        {"scale": 1 / 127.5, "offset": -1.0},
        {"scale": [0.5, 1.0, 2.0]},
        {"scale": [2.0], "offset": [1.0, 2.0, 3.0], "trainable": False},
    ],
)
def test_rescaling_matches_keras(args, shape):
    name = "Rescaling"
    lists = [len(v) for v in args.values() if isinstance(v, list) and len(v) > 1]
    if lists and shape[-1] not in (None, *lists):  # Keras builds it, then fails on the first numbers
        with pytest.raises(Exception, match="channels"):
            REGISTRY[name].infer(REGISTRY[name].args(**args), [(None, *shape)])
        return
    run(name, args, [shape], default_axis=1)


@pytest.mark.parametrize("args", [{"scale": 1 / 255}, {"scale": 1 / 127.5, "offset": -1.0}, {"scale": [1, 2, 3]}])
def test_rescaling_numbers(args):
    layer = keras_layer("Rescaling", REGISTRY["Rescaling"].args(**args))
    expected = X * np.array(args["scale"], "float32") + np.float32(args.get("offset", 0.0))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(X)), expected, rtol=1e-6)


NORMALIZATION_CASES = [
    {},
    {"axis": -1},
    {"axis": 1},
    {"axis": [1, 2]},
    {"axis": None},
    {"axis": 0},
    {"axis": 4},
    {"mean": 3.0, "variance": 2.0},
    {"mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 9.0]},
    {"axis": None, "mean": 100.0, "variance": 400.0, "invert": True},
    {"axis": 1, "mean": [1.0, 2.0], "variance": [1.0, 2.0]},
]


@pytest.mark.parametrize("shape", [(3,), (4, 3), (None, 3), (2, None, 3)])
@pytest.mark.parametrize("args", NORMALIZATION_CASES)
def test_normalization_matches_keras(args, shape):
    inferred, _ = run("Normalization", args, [shape], default_axis=1)
    if inferred is not None and "mean" not in args:
        assert [w.name for w in inferred.weights] == ["mean", "variance", "count"]


@pytest.mark.parametrize(
    ("args", "shape"),
    [
        ({"mean": [1.0, 2.0], "variance": [1.0, 2.0]}, (3,)),
        ({"axis": None, "mean": [1.0], "variance": [1.0]}, (3,)),
        ({"mean": [1.0, 2.0, 3.0], "variance": 1.0}, (3,)),
        ({"mean": 1.0}, (3,)),
    ],
)
def test_normalization_refuses_what_keras_refuses(args, shape):
    assert run("Normalization", args, [shape]) == (None, None)


def test_normalization_formula():
    inferred, _ = run("Normalization", {"axis": 3}, [(224, 224, 3)])
    assert inferred.param_formula == "2 × 3 (μ, σ²) + 1 (count) = 7"
    assert inferred.trainable_params == 0


@pytest.mark.parametrize(
    ("args", "mean", "variance"),
    [
        ({"mean": [10.0, 20.0, 30.0], "variance": [4.0, 9.0, 16.0]}, [10.0, 20.0, 30.0], [4.0, 9.0, 16.0]),
        ({"mean": 5.0, "variance": 25.0, "invert": True}, 5.0, 25.0),
        ({"axis": None, "mean": 127.5, "variance": 5000.0}, 127.5, 5000.0),
    ],
)
def test_normalization_numbers_with_given_mean_and_variance(args, mean, variance):
    layer = keras_layer("Normalization", REGISTRY["Normalization"].args(**args))
    mean, std = np.array(mean, "float32"), np.sqrt(np.array(variance, "float32"))
    expected = X * std + mean if args.get("invert") else (X - mean) / std
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(X)), expected, rtol=1e-5)


def test_normalization_with_weights_set_uses_them_once_finalised():
    """Without `mean`, the weights hold them; the engine finalises the layer after set_weights, as
    Keras's own weight loading does."""
    layer = keras_layer("Normalization", REGISTRY["Normalization"].args())
    layer.build(X.shape)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(X)), X)  # mean 0, variance 1
    layer.set_weights([np.array([1, 2, 3], "float32"), np.array([4, 4, 4], "float32"), np.array(0)])
    layer.finalize_state()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(X)), (X - [1, 2, 3]) / 2, rtol=1e-6)


@pytest.mark.parametrize("shape", [(4, 5, 3), (8, 8, 1), (2, 3, 2), (None, None, 3), (5, 3), (5,)])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("CenterCrop", {"height": 2, "width": 3}),
        ("CenterCrop", {"height": 6, "width": 6}),
        ("Resizing", {"height": 2, "width": 3}),
        ("Resizing", {"height": 10, "width": 7, "interpolation": "nearest"}),
        ("Resizing", {"height": 3, "width": 3, "interpolation": "bicubic", "crop_to_aspect_ratio": True}),
        ("Resizing", {"height": 3, "width": 6, "pad_to_aspect_ratio": True, "fill_value": 1.0}),
        ("Resizing", {"height": 2, "width": 2, "interpolation": "area", "antialias": True}),
    ],
)
def test_image_resizing_matches_keras(name, args, shape):
    if len(shape) != 3:  # Keras reads a 3-D input as one image without a batch axis: never what a model means
        with pytest.raises(Exception, match="4-D"):
            REGISTRY[name].infer(REGISTRY[name].args(**args), [(None, *shape)])
        return
    run(name, args, [shape])


@pytest.mark.parametrize(
    "args", [{"height": 2, "width": 3}, {"height": 4, "width": 5}, {"height": 6, "width": 8}, {"height": 1, "width": 5}]
)
def test_center_crop_numbers(args):
    out = keras.ops.convert_to_numpy(keras_layer("CenterCrop", REGISTRY["CenterCrop"].args(**args))(X))
    assert out.shape == (2, args["height"], args["width"], 3)
    h, w = args["height"], args["width"]
    if h <= 4 and w <= 5:
        top, left = (4 - h) // 2, (5 - w) // 2
        np.testing.assert_array_equal(out, X[:, top : top + h, left : left + w])


@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
def test_resizing_numbers(interpolation):
    x = np.arange(16, dtype="float32").reshape(1, 2, 2, 4)
    args = REGISTRY["Resizing"].args(height=4, width=4, interpolation=interpolation)
    out = keras.ops.convert_to_numpy(keras_layer("Resizing", args)(x))
    if interpolation == "nearest":
        np.testing.assert_array_equal(out, x.repeat(2, axis=1).repeat(2, axis=2))
    else:  # pixel centres: new cell i of 4 sits at (i + 0.5) / 2 − 0.5 of the old axis, clamped to its ends
        m = np.array([[1, 0], [0.75, 0.25], [0.25, 0.75], [0, 1]], "float32")
        np.testing.assert_allclose(out, np.einsum("ia,jb,nabc->nijc", m, m, x), rtol=1e-6)


def test_resizing_refuses_crop_and_pad_together():
    """Keras builds such a layer and fails on the first numbers; Layer Lab refuses it before."""
    args = REGISTRY["Resizing"].args(height=2, width=2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(ShapeError, match="crop_to_aspect_ratio and pad_to_aspect_ratio"):
        REGISTRY["Resizing"].infer(args, [(None, 4, 4, 3)])
    with pytest.raises(ValueError, match="pad_to_aspect_ratio"):
        keras_layer("Resizing", args)(X)


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("Rescaling", {}),
        ("Rescaling", {"scale": "1/255"}),
        ("Rescaling", {"scale": []}),
        ("Normalization", {"mean": "0"}),
        ("Resizing", {"height": 0, "width": 2}),
        ("Resizing", {"height": 2, "width": 2, "interpolation": "cubic"}),
        ("CenterCrop", {"height": 2}),
    ],
)
def test_bad_arguments_are_refused(name, bad):
    with pytest.raises(ValidationError):
        REGISTRY[name].args.model_validate_json(json.dumps(bad), strict=True)  # as the graph reads them
