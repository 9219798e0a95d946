"""Convolution layers against Keras over many kernels, strides, paddings, dilations and input sizes."""

from itertools import product

import pytest
from layer_check import run


def cases(**options):
    keys = list(options)
    return [dict(zip(keys, values, strict=True)) for values in product(*options.values())]


def split(case: dict) -> tuple[dict, list[tuple]]:
    args = {k: v for k, v in case.items() if k != "shape"}
    if args.pop("variant", 0) == 1:
        args.update(use_bias=False, trainable=False)
    return args, [case["shape"]]


CONV1D = cases(
    filters=[4],
    kernel_size=[1, 3, 5],
    strides=[1, 2, 3],
    padding=["valid", "same", "causal"],
    dilation_rate=[1, 2],
    variant=[0, 1],
    shape=[(9, 2), (None, 3), (4, 1)],
)
CONV2D = cases(
    filters=[5],
    kernel_size=[1, 3, (3, 2), 5],
    strides=[1, 2, (2, 1)],
    padding=["valid", "same"],
    dilation_rate=[1, 2, (1, 2)],
    variant=[0, 1],
    shape=[(9, 9, 3), (8, 7, 2), (None, 6, 1), (4, 4, 3)],
)


@pytest.mark.parametrize("case", CONV1D, ids=str)
def test_conv1d_matches_keras(case):
    run("Conv1D", *split(case), default_axis=1)


@pytest.mark.parametrize("case", CONV2D[::2], ids=str)
def test_conv2d_matches_keras(case):
    run("Conv2D", *split(case))


TRANSPOSE1D = cases(
    filters=[3],
    kernel_size=[1, 3, 4],
    strides=[1, 2, 3],
    padding=["valid", "same"],
    variant=[0, 1],
    shape=[(5, 2), (None, 3)],
)
TRANSPOSE2D = cases(
    filters=[3],
    kernel_size=[3, (2, 3), 1],
    strides=[1, 2, (2, 3)],
    padding=["valid", "same"],
    variant=[0, 1],
    shape=[(4, 5, 2), (None, 3, 1)],
)


@pytest.mark.parametrize("case", TRANSPOSE1D, ids=str)
def test_conv1d_transpose_matches_keras(case):
    run("Conv1DTranspose", *split(case), default_axis=1)


@pytest.mark.parametrize("case", TRANSPOSE2D, ids=str)
def test_conv2d_transpose_matches_keras(case):
    run("Conv2DTranspose", *split(case))


DEPTHWISE = cases(
    kernel_size=[3, (2, 3)],
    strides=[1, 2],
    padding=["valid", "same"],
    depth_multiplier=[1, 2],
    dilation_rate=[1, 2],
    variant=[0, 1],
    shape=[(9, 9, 3), (4, 5, 2)],
)


@pytest.mark.parametrize("case", DEPTHWISE[::2], ids=str)
def test_depthwise_conv2d_matches_keras(case):
    run("DepthwiseConv2D", *split(case))


@pytest.mark.parametrize("case", DEPTHWISE[1::2], ids=str)
def test_separable_conv2d_matches_keras(case):
    run("SeparableConv2D", *split({**case, "filters": 4}))


@pytest.mark.parametrize(
    ("name", "args", "shape"),
    [
        ("Conv2D", {"filters": 2, "kernel_size": 3}, (8, 8)),
        ("Conv2D", {"filters": 2, "kernel_size": 3}, (8, 8, None)),
        ("Conv1D", {"filters": 2, "kernel_size": 3}, (8, 8, 2)),
        (
            "Conv1D",
            {"filters": 2, "kernel_size": 3, "padding": "causal", "strides": 2, "dilation_rate": 2},
            (9, 2),
        ),
        ("Conv2DTranspose", {"filters": 2, "kernel_size": 3}, (8,)),
        ("DepthwiseConv2D", {"kernel_size": 3}, (8, 8, None)),
        ("SeparableConv2D", {"filters": 2, "kernel_size": 9}, (8, 8, 2)),
    ],
)
def test_refusals_match_keras(name, args, shape):
    inferred, _ = run(name, args, [shape])
    assert inferred is None


def test_lesson_formulas():
    inferred, _ = run("Conv2D", {"filters": 32, "kernel_size": 3, "padding": "same"}, [(128, 128, 3)])
    assert inferred.param_formula == "3 × 3 × 3 × 32 + 32 = 896"
    assert inferred.shape_formula == "H, W: ceil(128 / 1) = 128; C: filters = 32"
    inferred, _ = run("Conv2D", {"filters": 32, "kernel_size": 3, "dilation_rate": 2}, [(128, 128, 3)])
    assert inferred.shape_formula == "H, W: 128 − 2·(3 − 1) = 124; C: filters = 32"
    inferred, _ = run("Conv2D", {"filters": 32, "kernel_size": 3, "strides": 2, "padding": "same"}, [(128, 128, 3)])
    assert inferred.shape_formula == "H, W: ceil(128 / 2) = 64; C: filters = 32"
    inferred, _ = run("Conv2DTranspose", {"filters": 8, "kernel_size": 3, "strides": 2}, [(10, 10, 4)])
    assert inferred.shape_formula == "H, W: 10·2 + max(3 − 2, 0) = 21; C: filters = 8"
    inferred, _ = run("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2}, [(10, 10, 4)])
    assert inferred.param_formula == "3 × 3 × 4 × 2 + 8 = 80"
    inferred, _ = run("SeparableConv2D", {"filters": 16, "kernel_size": 3}, [(10, 10, 4)])
    assert inferred.param_formula == "3 × 3 × 4 × 1 + 4 × 1 × 16 + 16 = 116"


def test_work_counts_each_multiply_add_once():
    inferred, _ = run("Conv2D", {"filters": 32, "kernel_size": 3, "padding": "same"}, [(128, 128, 3)])
    assert inferred.work == 128 * 128 * 3 * 3 * 3 * 32
    args = {"filters": 32, "kernel_size": 3, "strides": 2, "padding": "same"}
    inferred, _ = run("Conv2DTranspose", args, [(128, 128, 3)])
    assert inferred.work == 128 * 128 * 3 * 3 * 3 * 32
    inferred, _ = run("SeparableConv2D", {"filters": 8, "kernel_size": 3}, [(10, 10, 4)])
    assert inferred.work == 8 * 8 * (3 * 3 * 4 + 4 * 8)


@pytest.mark.parametrize("shape", [(6, 6, 6, 2), (5, 7, 4, 3), (None, 6, 6, 1), (2, 6, 6, 1), (6, 6, 2)])
@pytest.mark.parametrize(
    "args",
    [
        {"filters": 2, "kernel_size": 2},
        {"filters": 3, "kernel_size": [3, 2, 1], "strides": [2, 1, 1], "padding": "same"},
        {"filters": 1, "kernel_size": 3, "dilation_rate": 2, "use_bias": False},
        {"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
        {"filters": 4, "kernel_size": 1, "activation": "relu", "trainable": False},
    ],
)
def test_conv3d_matches_keras(args, shape):
    inferred, _ = run("Conv3D", args, [shape], default_axis=-1)
    if inferred is not None:
        kernel = args["kernel_size"]
        kernel = (kernel,) * 3 if isinstance(kernel, int) else tuple(kernel)
        assert inferred.weights[0].shape == (*kernel, shape[-1], args["filters"])
