"""Kernel presets (app/layers/kernels.py): the textbook windows at 3 × 3, the same idea at any size, and where
each one goes in the three kernels' layouts."""

import numpy as np
import pytest

from app.config import get_settings
from app.graph import build_plan
from app.layers import kernels
from app.schemas import ModelSpec

TEXTBOOK_3X3 = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "box_blur": np.full((3, 3), 1 / 9),
    "gaussian_blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "sharpen": 2 * np.eye(3)[1][:, None] * np.eye(3)[1] - np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
}


@pytest.mark.parametrize("preset", TEXTBOOK_3X3)
def test_at_3_by_3_each_preset_is_the_textbook_window(preset):
    np.testing.assert_allclose(kernels.window(preset, 3, 3), TEXTBOOK_3X3[preset])


def test_at_5_by_5_sobel_is_the_5_tap_sobel_and_the_smooth_windows_keep_the_brightness():
    np.testing.assert_array_equal(kernels.window("sobel_x", 5, 5)[2], [-6, -12, 0, 12, 6])
    np.testing.assert_array_equal(kernels.window("sobel_y", 5, 5), kernels.window("sobel_x", 5, 5).T)
    for preset in ("identity", "box_blur", "gaussian_blur", "sharpen"):
        for kh, kw in [(5, 5), (3, 5), (1, 1), (2, 4)]:
            assert kernels.window(preset, kh, kw).sum() == pytest.approx(1)
    for preset in ("sobel_x", "sobel_y", "laplacian"):
        assert kernels.window(preset, 5, 3).sum() == pytest.approx(0)


def node(layer: dict, shape=(6, 6, 3)):
    spec = ModelSpec.model_validate({"layers": [{"type": "Input", "args": {"shape": list(shape)}}, layer]})
    return build_plan(spec, get_settings()).nodes[1]


def test_conv2d_filter_f_looks_at_channel_f_mod_c_and_the_bias_is_zero():
    conv = node({"type": "Conv2D", "args": {"filters": 4, "kernel_size": 3}})
    kernel, bias = kernels.kernel("Conv2D", conv.info, "sobel_x")
    assert kernel.shape == (3, 3, 3, 4) and kernel.dtype == np.float32
    for f in range(4):
        for c in range(3):
            expected = kernels.window("sobel_x", 3, 3) if c == f % 3 else np.zeros((3, 3))
            np.testing.assert_array_equal(kernel[:, :, c, f], expected)
    np.testing.assert_array_equal(bias, np.zeros(4))


def test_transpose_and_depthwise_kernels_put_the_window_on_their_own_axes():
    transpose = node({"type": "Conv2DTranspose", "args": {"filters": 2, "kernel_size": 3, "use_bias": False}})
    (kernel,) = kernels.kernel("Conv2DTranspose", transpose.info, "laplacian")
    assert kernel.shape == (3, 3, 2, 3)
    np.testing.assert_array_equal(kernel[:, :, 1, 1], TEXTBOOK_3X3["laplacian"])
    np.testing.assert_array_equal(kernel[:, :, 1, 0], np.zeros((3, 3)))
    depthwise = node({"type": "DepthwiseConv2D", "args": {"kernel_size": 3, "depth_multiplier": 2}})
    kernel, bias = kernels.kernel("DepthwiseConv2D", depthwise.info, "box_blur")
    assert kernel.shape == (3, 3, 3, 2) and bias.shape == (6,)
    np.testing.assert_allclose(kernel, np.full((3, 3, 3, 2), 1 / 9, dtype=np.float32))


def test_random_is_the_same_for_a_seed_and_new_for_another():
    conv = node({"type": "Conv2D", "args": {"filters": 2, "kernel_size": 3}})
    first, again, other = (kernels.kernel("Conv2D", conv.info, "random", seed)[0] for seed in (3, 3, 4))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other) and np.abs(first).max() <= 1
