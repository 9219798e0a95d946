"""Up-sampling, zero padding and cropping against Keras, in every form their arguments take."""

import pytest
from layer_check import run

SHAPES_1D = [(5, 2), (None, 3), (1, 1)]
SHAPES_2D = [(5, 4, 2), (None, 3, 1), (2, 2, 3)]
BORDERS_2D = [0, 1, 2, (1, 2), (0, 3), ((1, 0), (2, 1)), ((0, 0), (1, 1)), ((2, 2), (0, 1))]


@pytest.mark.parametrize("size", [1, 2, 3])
@pytest.mark.parametrize("shape", SHAPES_1D)
def test_upsampling1d_matches_keras(size, shape):
    run("UpSampling1D", {"size": size}, [shape], default_axis=1)


@pytest.mark.parametrize("size", [1, 2, (2, 3), (3, 1)])
@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
@pytest.mark.parametrize("shape", SHAPES_2D)
def test_upsampling2d_matches_keras(size, interpolation, shape):
    run("UpSampling2D", {"size": size, "interpolation": interpolation}, [shape])


@pytest.mark.parametrize("padding", [0, 1, 3, (1, 2), (0, 2)])
@pytest.mark.parametrize("shape", SHAPES_1D)
def test_zero_padding1d_matches_keras(padding, shape):
    run("ZeroPadding1D", {"padding": padding}, [shape], default_axis=1)


@pytest.mark.parametrize("padding", BORDERS_2D)
@pytest.mark.parametrize("shape", SHAPES_2D)
def test_zero_padding2d_matches_keras(padding, shape):
    run("ZeroPadding2D", {"padding": padding}, [shape])


@pytest.mark.parametrize("cropping", BORDERS_2D)
@pytest.mark.parametrize("shape", SHAPES_2D)
def test_cropping2d_matches_keras(cropping, shape):
    run("Cropping2D", {"cropping": cropping}, [shape])


@pytest.mark.parametrize(
    ("name", "args", "shape"),
    [
        ("UpSampling1D", {}, (4, 4, 2)),
        ("UpSampling2D", {}, (4, 2)),
        ("ZeroPadding1D", {}, (4,)),
        ("ZeroPadding2D", {}, (4, 2)),
        ("Cropping2D", {"cropping": 2}, (4, 5, 2)),
        ("Cropping2D", {"cropping": ((1, 2), (0, 0))}, (3, 5, 2)),
    ],
)
def test_refusals_match_keras(name, args, shape):
    inferred, _ = run(name, args, [shape])
    assert inferred is None


def test_json_lists_are_accepted_as_pairs():
    from app.layers import REGISTRY

    args = REGISTRY["ZeroPadding2D"].args(padding=[[1, 2], [3, 4]])
    assert args.padding == ((1, 2), (3, 4))


def test_lesson_formulas():
    inferred, _ = run("UpSampling2D", {}, [(2, 2, 3)])
    assert inferred.shape_formula == "H, W: 2 × 2 = 4"
    inferred, _ = run("Cropping2D", {"cropping": ((1, 0), (2, 1))}, [(5, 4, 2)])
    assert inferred.shape_formula == "H: 5 − 1 − 0 = 4; W: 4 − 2 − 1 = 1"


@pytest.mark.parametrize("shape", [(2, 3, 4, 2), (None, 2, 2, 1), (2, 2, 1)])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("UpSampling3D", {}),
        ("UpSampling3D", {"size": [1, 2, 3]}),
        ("ZeroPadding3D", {}),
        ("ZeroPadding3D", {"padding": [1, 0, 2]}),
        ("ZeroPadding3D", {"padding": [[1, 0], [0, 2], [2, 2]]}),
    ],
)
def test_3d_resizing_layers_match_keras(name, args, shape):
    run(name, args, [shape])


@pytest.mark.parametrize("shape", [(8, 3), (None, 2), (3, 3), (2, 3), (8,), (4, 4, 3)])
@pytest.mark.parametrize("cropping", [1, [2, 0], [0, 3], [1, 2]])
def test_cropping1d_matches_keras(cropping, shape):
    inferred, _ = run("Cropping1D", {"cropping": cropping}, [shape])
    if inferred is not None and shape[0] is not None:
        a, b = (cropping, cropping) if isinstance(cropping, int) else cropping
        assert inferred.outputs[0][1] == shape[0] - a - b
