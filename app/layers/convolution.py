"""Convolution layers: a small window of weights slides along the input (1-D sequences, 2-D images)."""

from math import prod
from typing import Any, Literal

from pydantic import create_model

from .base import (
    ACTIVATION,
    SIZES,
    USE_BIAS,
    Activation,
    Args,
    Family,
    Infer,
    Inferred,
    KernelArgs,
    Padding,
    PositiveInt,
    Shape,
    ShapeError,
    Size2D,
    Weight,
    arg,
    as_tuple,
    axes_formula,
    expect_rank,
    kernel_args,
    known,
    num,
    required,
    sliding_axes,
    spatial,
    weight_args,
)

HELP = {
    "Conv1D": (
        "Slides learned windows (filters) along a sequence; each window gives one output channel.",
        "Сдвигает обучаемые окна (filters) вдоль последовательности; каждое окно даёт один канал выхода.",
    ),
    "Conv2D": (
        "Slides learned windows (filters) over an image; each window gives one output channel.",
        "Сдвигает обучаемые окна (filters) по изображению; каждое окно даёт один канал выхода.",
    ),
    "Conv3D": (
        "Slides learned 3-D windows (filters) through a volume (video frames, scans); each gives one channel.",
        "Сдвигает обучаемые трёхмерные окна (filters) по объёму (кадры видео, снимки); каждое даёт один канал.",
    ),
    "Conv1DTranspose": (
        "Undoes Conv1D's shrinking: stretches a sequence by strides, painting a learned window per step.",
        "Обратная к Conv1D: растягивает последовательность в strides раз, рисуя обучаемое окно на шаге.",
    ),
    "Conv2DTranspose": (
        "Undoes Conv2D's shrinking: enlarges an image by strides, painting a learned window per pixel.",
        "Обратная к Conv2D: увеличивает изображение в strides раз, рисуя обучаемое окно на пикселе.",
    ),
    "DepthwiseConv2D": (
        "Slides a separate window over each input channel on its own; channels are not mixed.",
        "Сдвигает отдельное окно по каждому входному каналу; каналы не смешиваются.",
    ),
    "SeparableConv2D": (
        "A cheap Conv2D: a window per input channel (depthwise), then a 1 × 1 convolution mixing channels.",
        "Экономный Conv2D: окно на каждый входной канал (depthwise), затем свёртка 1 × 1 смешивает каналы.",
    ),
}
"""What each layer of the family does, in English and Russian."""
FAMILY = Family("convolution", HELP)

FILTERS = ("Number of filters: the channels of the output.", "Число фильтров — каналов выхода.")
KERNEL_SIZE_1D = ("Length of the sliding window.", "Длина скользящего окна.")
KERNEL_SIZE = (
    "Size of the sliding window: 3, or [3, 3] for height and width.",
    "Размер скользящего окна: 3 или [3, 3] — высота и ширина.",
)
STRIDES = (
    "Step of the window; 2 halves the output length.",
    "Шаг окна; 2 уменьшает длину выхода вдвое.",
)
PADDING = (
    "valid: no padding, the output shrinks; same: pad with zeros so that output = ceil(input / strides).",
    "valid: без дополнения, выход уменьшается; same: дополнить нулями, чтобы выход = ceil(вход / strides).",
)
CAUSAL_PADDING = (
    PADDING[0] + " causal: pad only on the left, so step t sees no later steps.",
    PADDING[1] + " causal: дополнить только слева, чтобы шаг t не видел следующих шагов.",
)
DILATION = (
    "Gaps inside the window: 2 looks at every second cell (cannot go with strides > 1).",
    "Пропуски внутри окна: 2 смотрит на каждую вторую клетку (нельзя вместе со strides > 1).",
)
DEPTH_MULTIPLIER = (
    "Filters per input channel: output channels = input channels × depth_multiplier.",
    "Фильтров на каждый входной канал: каналов выхода = каналов входа × depth_multiplier.",
)


KERNEL_SIZES = {
    1: KERNEL_SIZE_1D,
    2: KERNEL_SIZE,
    3: (
        "Size of the sliding window: 3, or [3, 3, 3] for the three spatial axes.",
        "Размер скользящего окна: 3 или [3, 3, 3] — по трём пространственным осям.",
    ),
}
TRANSPOSE_PADDING = (
    "valid: the output grows by the window's overhang; same: output = input × strides.",
    "valid: выход длиннее на выступ окна; same: выход = вход × strides.",
)
TRANSPOSE_STRIDES = {
    1: ("Stretch factor: 2 doubles the output length.", "Во сколько раз растянуть: 2 удваивает длину."),
    2: ("Stretch factor: 2 doubles height and width.", "Во сколько раз растянуть: 2 удваивает высоту и ширину."),
}


def filter_args(name: str, rank: int, **fields: Any) -> type[Args]:
    """The arguments of a convolution with ``filters`` over ``rank`` spatial axes, a size per axis."""
    size = SIZES[rank]
    kernel_size = (size, required(2, *KERNEL_SIZES[rank]))
    return create_model(
        name,
        __base__=KernelArgs,
        filters=(PositiveInt, required(1, *FILTERS)),
        kernel_size=kernel_size,
        **fields,
    )


def conv_args(rank: int) -> type[Args]:
    """Conv1D's, Conv2D's or Conv3D's arguments (only Conv1D pads causally)."""
    size = SIZES[rank]
    padding: Any = Literal["valid", "same", "causal"] if rank == 1 else Padding
    return filter_args(
        f"Conv{rank}DArgs",
        rank,
        strides=(size, arg(1, *STRIDES, card=True)),
        padding=(padding, arg("valid", *(CAUSAL_PADDING if rank == 1 else PADDING), card=True)),
        dilation_rate=(size, arg(1, *DILATION, card=True)),
    )


def transpose_args(rank: int) -> type[Args]:
    """Conv1DTranspose's or Conv2DTranspose's arguments."""
    return filter_args(
        f"Conv{rank}DTransposeArgs",
        rank,
        strides=(SIZES[rank], arg(1, *TRANSPOSE_STRIDES[rank], card=True)),
        padding=(Padding, arg("valid", *TRANSPOSE_PADDING, card=True)),
    )


class DepthwiseWindow(Args):
    """DepthwiseConv2D's window: the arguments it begins with, before those of its weights."""

    activation: Activation | None = arg(None, *ACTIVATION, card=True)
    kernel_size: Size2D = required(2, *KERNEL_SIZE)
    strides: Size2D = arg(1, *STRIDES, card=True)
    padding: Padding = arg("valid", *PADDING, card=True)
    depth_multiplier: PositiveInt = arg(1, *DEPTH_MULTIPLIER, card=True)
    dilation_rate: Size2D = arg(
        1,
        "Gaps inside the window: 2 looks at every second cell.",
        "Пропуски внутри окна: 2 смотрит на каждую вторую клетку.",
        card=True,
    )


DepthwiseConv2DArgs = create_model(
    "DepthwiseConv2DArgs",
    __base__=DepthwiseWindow,
    __doc__="DepthwiseConv2D names its kernel arguments ``depthwise_*`` instead of ``kernel_*``.",
    **kernel_args(
        USE_BIAS,
        "per-channel windows",
        "depthwise bias",
        ("Penalty on the layer's output.", "Штраф на выход слоя при обучении."),
        name="depthwise",
    ),
)
SeparableConv2DArgs = create_model(
    "SeparableConv2DArgs",
    __base__=DepthwiseConv2DArgs,
    filters=(PositiveInt, required(1, *FILTERS)),
    **weight_args(pointwise=("glorot_uniform", "1 × 1 mixing kernel")),
)


def slide(
    name: str,
    args: Any,
    shape: Shape,
    rank: int,
    dilation_allowed_with_strides: bool = False,
):
    """Output lengths of the spatial axes and their formulas, after Keras's own checks."""
    expect_rank(shape, rank + 2, name, spatial(rank))
    channels = known(shape[-1], name, shape)
    kernel = as_tuple(args.kernel_size, rank)
    strides = as_tuple(args.strides, rank)
    dilation = as_tuple(args.dilation_rate, rank)
    if not dilation_allowed_with_strides and max(strides) > 1 and max(dilation) > 1:
        raise ShapeError(
            f"{name} cannot combine strides > 1 with dilation_rate > 1; received "
            f"strides={args.strides}, dilation_rate={args.dilation_rate}",
            f"{name} не может сочетать strides > 1 и dilation_rate > 1; получено "
            f"strides={args.strides}, dilation_rate={args.dilation_rate}",
        )
    lengths, formula = sliding_axes(name, shape, kernel, strides, args.padding, dilation)
    return channels, kernel, lengths, formula


def cells(lengths) -> int:
    """Positions along the spatial axes (an unknown length counts as 1)."""
    return prod(d or 1 for d in lengths)


def bias(units: int, use_bias: bool) -> tuple[list[Weight], str]:
    return ([Weight("bias", (units,))], f" + {num(units)}") if use_bias else ([], "")


def finish(
    shape: Shape,
    lengths: list,
    spatial: str,
    channel: str,
    channels_out: int,
    weights: list[Weight],
    terms: str,
    work: int,
) -> Inferred:
    """The output shape and both formulas of any convolution."""
    total = sum(w.size for w in weights)
    return Inferred(
        [(shape[0], *lengths, channels_out)],
        weights,
        param_formula=f"{terms} = {num(total)}",
        shape_formula=f"{spatial}; C: {channel}",
        work=work,
    )


def with_filters(
    args: Any, shape: Shape, lengths: list, spatial: str, kernel: tuple[int, ...], terms: str, work: int
) -> Inferred:
    """A convolution with ``filters`` output channels: its kernel of shape ``kernel``, and a bias if it has one."""
    extra, plus = bias(args.filters, args.use_bias)
    channel, weights = f"filters = {num(args.filters)}", [Weight("kernel", kernel), *extra]
    return finish(shape, lengths, spatial, channel, args.filters, weights, f"{terms}{plus}", work)


def conv(name: str, rank: int) -> Infer:
    def infer(args: Any, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        channels, kernel, lengths, spatial = slide(name, args, shape, rank)
        filters = args.filters
        window = " × ".join(str(k) for k in kernel)
        terms = f"{window} × {num(channels)} × {num(filters)}"
        work = cells(lengths) * prod(kernel) * channels * filters
        return with_filters(args, shape, lengths, spatial, (*kernel, channels, filters), terms, work)

    return infer


def transpose_length(n: int | None, k: int, s: int, padding: str) -> tuple[int | None, str]:
    """Keras's output length of a transposed convolution without output_padding."""
    if n is None:
        return None, "None"
    if padding == "same":
        return n * s, f"{n}·{s} = {n * s}"
    out = n * s + max(k - s, 0)
    return out, f"{n}·{s} + max({k} − {s}, 0) = {out}"


def conv_transpose(name: str, rank: int) -> Infer:
    def infer(args: Any, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        expect_rank(shape, rank + 2, name, spatial(rank))
        channels, filters = known(shape[-1], name, shape), args.filters
        kernel, strides = as_tuple(args.kernel_size, rank), as_tuple(args.strides, rank)
        lengths, texts = [], []
        for n, k, s in zip(shape[1:-1], kernel, strides, strict=True):
            out, text = transpose_length(n, k, s, args.padding)
            lengths.append(out)
            texts.append(text)
        window = " × ".join(str(k) for k in kernel)
        terms = f"{window} × {num(filters)} × {num(channels)}"
        work = cells(shape[1:-1]) * prod(kernel) * channels * filters
        return with_filters(args, shape, lengths, axes_formula(texts), (*kernel, filters, channels), terms, work)

    return infer


# Each has the alias Keras 2 spelt ConvolutionND.
for _rank in (1, 2, 3):
    FAMILY.layer(f"Conv{_rank}D", conv_args(_rank), aliases=(f"Convolution{_rank}D",))(conv(f"Conv{_rank}D", _rank))
for _rank in (1, 2):
    _name = f"Conv{_rank}DTranspose"
    FAMILY.layer(_name, transpose_args(_rank), aliases=(f"Convolution{_rank}DTranspose",))(conv_transpose(_name, _rank))


@FAMILY.layer("DepthwiseConv2D", DepthwiseConv2DArgs)
def infer_depthwise_conv2d(args: Any, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    channels, kernel, lengths, spatial = slide("DepthwiseConv2D", args, shape, 2, True)
    dm = args.depth_multiplier
    out_channels = channels * dm
    extra, plus = bias(out_channels, args.use_bias)
    return finish(
        shape,
        lengths,
        spatial,
        f"{num(channels)} × {dm} = {num(out_channels)}",
        out_channels,
        [Weight("kernel", (*kernel, channels, dm)), *extra],
        f"{kernel[0]} × {kernel[1]} × {num(channels)} × {dm}{plus}",
        cells(lengths) * prod(kernel) * out_channels,
    )


@FAMILY.layer("SeparableConv2D", SeparableConv2DArgs, aliases=("SeparableConvolution2D",))
def infer_separable_conv2d(args: Any, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    channels, kernel, lengths, spatial = slide("SeparableConv2D", args, shape, 2, True)
    dm, filters = args.depth_multiplier, args.filters
    extra, plus = bias(filters, args.use_bias)
    weights = [
        Weight("depthwise_kernel", (*kernel, channels, dm)),
        Weight("pointwise_kernel", (1, 1, channels * dm, filters)),
        *extra,
    ]
    return finish(
        shape,
        lengths,
        spatial,
        f"filters = {num(filters)}",
        filters,
        weights,
        f"{kernel[0]} × {kernel[1]} × {num(channels)} × {dm} + {num(channels)} × {dm} × {num(filters)}{plus}",
        cells(lengths) * (prod(kernel) * channels * dm + channels * dm * filters),
    )
