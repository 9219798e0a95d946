"""Small models that together use every layer type of the catalogue, for the code and import round trips.

Each sample sets arguments away from their defaults where it can, so a round trip that dropped or changed
one would show in the shapes or the parameter counts.
"""

from typing import Any

from app.config import get_settings
from app.errors import Invalid
from app.graph import build_plan
from app.layers import REGISTRY
from app.schemas import ModelSpec


def single(type_name: str, shape: Any, **args: Any) -> dict:
    return {
        "name": f"sample_{type_name.lower()}",
        "layers": [{"type": "Input", "args": {"shape": shape}}, {"type": type_name, "args": args}],
    }


def merge(type_name: str, shapes: list, **args: Any) -> dict:
    inputs = [{"type": "Input", "name": f"in_{k}", "args": {"shape": s}} for k, s in enumerate(shapes)]
    return {
        "name": f"sample_{type_name.lower()}",
        "layers": [
            *inputs,
            {"type": type_name, "args": args, "inputs": [f"in_{k}" for k in range(len(shapes))]},
        ],
    }


SAMPLES: dict[str, dict] = {
    "Activation": single("Activation", 4, activation="relu"),
    "Dense": single("Dense", [3, 4], units=3, activation="tanh", use_bias=False),
    "Dropout": single("Dropout", 4, rate=0.25),
    "Flatten": single("Flatten", [4, 3]),
    "Reshape": single("Reshape", 12, target_shape=[3, -1]),
    "Permute": single("Permute", [4, 3], dims=[2, 1]),
    "RepeatVector": single("RepeatVector", 4, n=3),
    "Embedding": {
        "name": "sample_embedding",
        "layers": [
            {"type": "Input", "args": {"shape": 6, "dtype": "int32"}},
            {
                "type": "Embedding",
                "args": {"input_dim": 50, "output_dim": 4, "embeddings_initializer": "he_normal"},
            },
        ],
    },
    "Concatenate": merge("Concatenate", [[4, 3], [4, 5]], axis=-1),
    "Add": merge("Add", [4, 4, 4]),
    "Subtract": merge("Subtract", [4, 4]),
    "Multiply": merge("Multiply", [4, 4]),
    "Average": merge("Average", [4, 4]),
    "Maximum": merge("Maximum", [4, 4]),
    "Minimum": merge("Minimum", [4, 4]),
    "Dot": merge("Dot", [4, 4], axes=1),
    "Conv1D": single("Conv1D", [10, 3], filters=4, kernel_size=3, strides=2, padding="same", activation="relu"),
    "Conv2D": single("Conv2D", [9, 9, 3], filters=4, kernel_size=[3, 2], dilation_rate=[2, 1]),
    "Conv1DTranspose": single("Conv1DTranspose", [5, 3], filters=2, kernel_size=3, strides=2),
    "Conv2DTranspose": single("Conv2DTranspose", [4, 4, 3], filters=2, kernel_size=[3, 3], strides=[2, 1]),
    "SeparableConv2D": single("SeparableConv2D", [8, 8, 3], filters=4, kernel_size=3, depth_multiplier=2),
    "DepthwiseConv2D": single("DepthwiseConv2D", [8, 8, 3], kernel_size=3, depth_multiplier=2, use_bias=False),
    "MaxPooling1D": single("MaxPooling1D", [9, 3], pool_size=3, strides=2),
    "MaxPooling2D": single("MaxPooling2D", [9, 9, 3], pool_size=[3, 2], padding="same"),
    "AveragePooling1D": single("AveragePooling1D", [8, 3], pool_size=2, strides=1),
    "AveragePooling2D": single("AveragePooling2D", [8, 8, 3], pool_size=[2, 2]),
    "GlobalMaxPooling1D": single("GlobalMaxPooling1D", [6, 3]),
    "GlobalAveragePooling1D": single("GlobalAveragePooling1D", [6, 3], keepdims=True),
    "GlobalMaxPooling2D": single("GlobalMaxPooling2D", [6, 6, 3], keepdims=True),
    "GlobalAveragePooling2D": single("GlobalAveragePooling2D", [6, 6, 3]),
    "UpSampling1D": single("UpSampling1D", [4, 3], size=3),
    "UpSampling2D": single("UpSampling2D", [4, 4, 3], size=[2, 3], interpolation="bilinear"),
    "ZeroPadding1D": single("ZeroPadding1D", [4, 3], padding=[1, 2]),
    "ZeroPadding2D": single("ZeroPadding2D", [4, 4, 3], padding=[[1, 0], [2, 1]]),
    "Cropping1D": single("Cropping1D", [8, 3], cropping=[1, 2]),
    "Cropping2D": single("Cropping2D", [8, 8, 3], cropping=[[1, 2], [0, 1]]),
    "BatchNormalization": single("BatchNormalization", [4, 3], momentum=0.9, center=False),
    "LayerNormalization": single("LayerNormalization", [4, 3], epsilon=0.01, scale=False),
    "SimpleRNN": single("SimpleRNN", [5, 3], units=3, go_backwards=True),
    "GRU": single("GRU", [5, 3], units=4, return_sequences=True, reset_after=False),
    "LSTM": {
        "name": "sample_lstm",
        "layers": [
            {"type": "Input", "name": "steps", "args": {"shape": [5, 3]}},
            {"type": "LSTM", "args": {"units": 2, "return_state": True, "activation": "relu"}},
            {"type": "Concatenate", "name": "states", "args": {}, "inputs": ["lstm:1", "lstm:2"]},
        ],
        "outputs": ["states", "lstm:0"],
    },
    "Bidirectional": single(
        "Bidirectional",
        [5, 3],
        layer={"type": "GRU", "args": {"units": 2, "return_sequences": True}},
        merge_mode="sum",
    ),
    "ReLU": single("ReLU", [4, 3], max_value=1.0, negative_slope=0.1, threshold=0.2),
    "LeakyReLU": single("LeakyReLU", 4, negative_slope=0.2),
    "PReLU": single("PReLU", [4, 3], shared_axes=[1]),
    "ELU": single("ELU", 4, alpha=0.5),
    "Softmax": single("Softmax", [4, 3], axis=1),
    "Rescaling": single("Rescaling", [4, 3], scale=[0.5, 2.0, -1.0], offset=1.0),
    "Normalization": single("Normalization", [4, 3], axis=[1, 2]),
    "CenterCrop": single("CenterCrop", [5, 6, 3], height=3, width=4),
    "Attention": merge("Attention", [[4, 3], [5, 2], [5, 3]], use_scale=True, return_attention_scores=True),
    "MultiHeadAttention": {
        "name": "sample_multiheadattention",
        "layers": [
            {"type": "Input", "name": "words", "args": {"shape": [4, 6]}},
            {
                "type": "MultiHeadAttention",
                "args": {
                    "num_heads": 2,
                    "key_dim": 3,
                    "value_dim": 2,
                    "use_causal_mask": True,
                    "return_attention_scores": True,
                },
                "inputs": ["words", "words"],
            },
        ],
        "outputs": ["multi_head_attention:0", "multi_head_attention:1"],
    },
    "GroupNormalization": single("GroupNormalization", [2, 32], groups=4, center=False),  # 32: the default groups
    "UnitNormalization": single("UnitNormalization", [3, 4], axis=[1, 2]),
    "GaussianNoise": single("GaussianNoise", 4, stddev=0.2),
    "SpatialDropout1D": single("SpatialDropout1D", [5, 3], rate=0.3),
    "SpatialDropout2D": single("SpatialDropout2D", [4, 4, 3], rate=0.3),
    "Conv3D": single("Conv3D", [4, 4, 4, 2], filters=2, kernel_size=[2, 3, 2], padding="same"),
    "MaxPooling3D": single("MaxPooling3D", [4, 4, 4, 2], pool_size=[2, 1, 2]),
    "AveragePooling3D": single("AveragePooling3D", [4, 4, 4, 2], pool_size=2, strides=1),
    "GlobalMaxPooling3D": single("GlobalMaxPooling3D", [3, 3, 3, 2]),
    "GlobalAveragePooling3D": single("GlobalAveragePooling3D", [3, 3, 3, 2], keepdims=True),
    "UpSampling3D": single("UpSampling3D", [2, 2, 2, 1], size=[1, 2, 3]),
    "ZeroPadding3D": single("ZeroPadding3D", [2, 2, 2, 1], padding=[[1, 0], [0, 2], [1, 1]]),
    "TimeDistributed": single(
        "TimeDistributed", [4, 3], layer={"type": "Dense", "args": {"units": 2, "activation": "tanh"}}
    ),
    "Resizing": single("Resizing", [4, 4, 3], height=3, width=5, interpolation="bicubic"),
}
"""A model per layer type; a type added to the catalogue later gets one from ``guessed``."""

SCORES_FLATTENED = {
    "name": "scores_flattened",
    "layers": [
        {"type": "Input", "name": "q", "args": {"shape": [4, 6]}},
        {"type": "Input", "name": "v", "args": {"shape": [5, 6]}},
        {
            "type": "MultiHeadAttention",
            "name": "mha",
            "args": {"num_heads": 2, "key_dim": 3, "return_attention_scores": True},
            "inputs": ["q", "v"],
        },
        {"type": "Flatten", "name": "flat", "inputs": ["mha:1"]},
        {"type": "Dense", "name": "out", "args": {"units": 2}},
    ],
    "outputs": ["out"],
}
"""Attention scores (2 heads, 4 query steps, 5 key steps) flattened into a Dense: Keras 3.15's own
MultiHeadAttention gives them the query's steps twice before anything runs (``app.mended``)."""


def guessed(type_name: str) -> dict | None:
    """A model for a layer type without a sample: required whole-number arguments set to 2, on the first
    input shape the type accepts (one input, or two for a merging layer). None if none works."""
    layer = REGISTRY[type_name]
    args = {name: 2 for name, field in layer.args.model_fields.items() if field.is_required()}
    for shape in ([6], [6, 3], [6, 6, 3], [6, 6, 6, 3]):
        count = max(layer.min_inputs, 1)
        spec = merge(type_name, [shape] * count, **args) if count > 1 else single(type_name, shape, **args)
        try:
            build_plan(ModelSpec.model_validate(spec), get_settings())
        except (Invalid, ValueError):
            continue
        return spec
    return None


def every_type() -> dict[str, dict]:
    """A sample model for each type in the catalogue (types not yet registered are skipped)."""
    out = {}
    for type_name in sorted(REGISTRY):
        if type_name == "Input":
            continue
        spec = SAMPLES.get(type_name) or guessed(type_name)
        if spec is not None:
            out[type_name] = spec
    return out
