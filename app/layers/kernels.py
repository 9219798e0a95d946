"""Kernel presets: windows that mean something (identity, blurs, sharpen, edges), for the layers that slide one.

A preset is a kh × kw window worked out for any kernel size (binomial rows for the smooth ones, their differences
for the edges: at 3 × 3 the textbook Sobel and Laplacian). It becomes the layer's whole kernel, the weights the
predict API takes: Conv2D's filter f looks at input channel f mod C through the window; Conv2DTranspose's does the
same the other way round; DepthwiseConv2D puts the window on every channel. Biases are zero. "random" is seeded.
"""

from collections.abc import Callable
from math import comb

import numpy as np

from .. import messages
from ..graph import Plan
from .base import Inferred

SMOOTH = ("identity", "box_blur", "gaussian_blur", "sharpen")
EDGES = ("sobel_x", "sobel_y", "laplacian")
PRESETS = (*SMOOTH, *EDGES, "random")
KERNEL_LAYOUT = {"Conv2D": "in_out", "Conv2DTranspose": "out_in", "DepthwiseConv2D": "depthwise"}
"""The layer types with presets and the order of their kernel's last two axes."""


def _binomial(n: int) -> np.ndarray:
    """Row n of Pascal's triangle, normalised: [1, 2, 1] / 4 for n = 3."""
    row = np.array([comb(n - 1, k) for k in range(n)], dtype=np.float64)
    return row / row.sum()


def _derivative(n: int) -> np.ndarray:
    """The difference of the binomial row below: [-1, 0, 1] for 3, [-1, -2, 0, 2, 1] for 5 (zeros for 1)."""
    if n < 2:
        return np.zeros(n)
    below = [comb(n - 2, k) for k in range(n - 1)]
    return np.array([(below[k - 1] if k else 0) - (below[k] if k < n - 1 else 0) for k in range(n)], dtype=np.float64)


def _second(n: int) -> np.ndarray:
    """The second difference: [1, -2, 1] for 3 (zeros below 3)."""
    if n < 3:
        return np.zeros(n)
    return np.convolve(_derivative(n - 1), [-1, 1])


def _identity(kh: int, kw: int) -> np.ndarray:
    window = np.zeros((kh, kw))
    window[kh // 2, kw // 2] = 1
    return window


WINDOWS: dict[str, Callable[[int, int], np.ndarray]] = {
    "identity": _identity,
    "box_blur": lambda kh, kw: np.full((kh, kw), 1 / (kh * kw)),
    "gaussian_blur": lambda kh, kw: np.outer(_binomial(kh), _binomial(kw)),
    "sharpen": lambda kh, kw: 2 * _identity(kh, kw) - np.outer(_binomial(kh), _binomial(kw)),
    "sobel_x": lambda kh, kw: np.outer(_binomial(kh) * 2 ** (kh - 1), _derivative(kw)),
    "sobel_y": lambda kh, kw: np.outer(_derivative(kh), _binomial(kw) * 2 ** (kw - 1)),
    "laplacian": lambda kh, kw: (
        np.outer(_identity(kh, 1)[:, 0], _second(kw)) + np.outer(_second(kh), _identity(1, kw)[0])
    ),
}
"""Each preset's kh × kw window (all but "random")."""


def window(preset: str, kh: int, kw: int) -> np.ndarray:
    return WINDOWS[preset](kh, kw)


def kernel(layer_type: str, info: Inferred, preset: str, seed: int = 0) -> list[np.ndarray]:
    """The layer's weights (kernel, then the bias when it has one) for ``preset``, in ``info``'s shapes."""
    kernel_shape = info.weights[0].shape
    kh, kw, a, b = kernel_shape
    if preset == "random":
        values = np.round(np.random.default_rng(seed).uniform(-1, 1, kernel_shape), 2)
    else:
        values = np.zeros(kernel_shape)
        layout = KERNEL_LAYOUT[layer_type]
        w = window(preset, kh, kw)
        if layout == "depthwise":
            values[:] = w[:, :, None, None]
        elif layout == "in_out":
            for f in range(b):
                values[:, :, f % a, f] = w
        else:
            for f in range(a):
                values[:, :, f, f % b] = w
    return [values.astype(np.float32), *(np.zeros(w.shape, np.float32) for w in info.weights[1:])]


def preset_weights(plan: Plan, layer: str, preset: str, seed: int = 0) -> list[dict]:
    """Layer ``layer`` of ``plan`` with ``preset`` as its kernel: each weight as {name, shape, data}, in the order
    the predict API's ``weights`` takes them."""
    node = next((n for n in plan.nodes if n.name == layer), None)
    if node is None:
        raise messages.invalid(
            "kernel.no_layer", arg="layer", name=repr(layer), layers=", ".join(n.name for n in plan.nodes)
        )
    if preset not in PRESETS:
        raise messages.invalid("kernel.unknown_preset", arg="preset", preset=repr(preset), presets=", ".join(PRESETS))
    if node.type not in KERNEL_LAYOUT:
        raise messages.invalid(
            "kernel.no_presets",
            arg="layer",
            layer=layer,
            name=repr(layer),
            type=node.type,
            types=", ".join(KERNEL_LAYOUT),
        )
    arrays = kernel(node.type, node.info, preset, seed)
    return [
        {"name": w.name, "shape": list(w.shape), "data": array.tolist()} for w, array in zip(node.info.weights, arrays)
    ]
