"""The public JSON contract: request bodies and answers, as pydantic models (they become the OpenAPI schema)."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,63}$"
REF_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,63}(:[0-9]{1,2})?$"
Ref = Annotated[str, Field(pattern=REF_PATTERN, max_length=70)]
TENSOR_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,63}(:[0-9]{1,2}|(/[A-Za-z][A-Za-z0-9_]{0,63}){1,2})?$"
TensorName = Annotated[str, Field(pattern=TENSOR_PATTERN, max_length=140)]
DIGEST_PATTERN = r"^[0-9a-f]{24}$"
Digest = Annotated[str, Field(pattern=DIGEST_PATTERN)]

Array = Any
"""A number, or nested lists of numbers (a tensor)."""

RESOLVED_ARGS = (
    'The layer\'s constructor arguments with every default filled in (`padding: "valid"`, '
    '`activation: "linear"` for none); a wrapper\'s `layer` is `{type, args}` resolved the same way.'
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LayerSpec(Strict):
    """One layer: a Keras class from the catalogue and its constructor arguments."""

    type: str = Field(description="Keras layer class name or alias, e.g. `Dense`, `MaxPool2D`.", max_length=64)
    name: str | None = Field(
        None,
        pattern=NAME_PATTERN,
        description="Layer name (letters, digits, `_`). Missing: generated Keras-style (`dense`, `dense_1`).",
    )
    args: dict[str, Any] = Field(
        default_factory=dict, description="Keras constructor arguments (see `GET /api/layers`)."
    )
    inputs: list[Ref] | None = Field(
        None,
        max_length=64,
        description="Names of the layers feeding this one (`name:k` for the k-th output). Missing: the previous layer.",
    )


class ModelSpec(Strict):
    """A model as a list of layers, in the order they are defined."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "mnist_mlp",
                    "layers": [
                        {"type": "Input", "name": "inp", "args": {"shape": [64]}},
                        {"type": "Dense", "args": {"units": 200, "activation": "relu"}},
                        {"type": "Dense", "name": "out", "args": {"units": 10, "activation": "softmax"}},
                    ],
                }
            ]
        },
    )

    name: str | None = Field(None, pattern=NAME_PATTERN, description="Model name (default `model`).")
    layers: list[LayerSpec] = Field(min_length=1, description="Layers in definition order; start with an `Input`.")
    outputs: list[Ref] | None = Field(
        None, max_length=64, description="References of the model's outputs. Missing: the last layer."
    )


class Window(Strict):
    max_numbers: int = Field(ge=1, description="A tensor with more numbers than this is sent as a window.")
    at: dict[TensorName, Annotated[list[Annotated[int, Field(ge=0)]], Field(max_length=8)]] = Field(
        default_factory=dict,
        description="Where a tensor's window begins, one index per axis (batch first; default all zeros), by its "
        "name in the answer: a layer (`conv2d`), one output of several (`lstm:1`), a weight (`conv2d/kernel`).",
    )


class PredictRequest(Strict):
    model: ModelSpec
    inputs: Array = Field(
        description="One array for a one-input model; a list of arrays, or `{input name: array}`, for several."
    )
    weights: dict[str, list[Array]] = Field(
        default_factory=dict,
        description="Weights to set, by layer name: what `layer.set_weights()` takes (e.g. kernel, then bias).",
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed for the initial weights: same seed, same numbers.")
    trace: bool | list[Annotated[str, Field(pattern=NAME_PATTERN)]] = Field(
        False,
        description="Also return every layer's outputs and weights (`true`), or only those of the layers named.",
    )
    window: Window | None = Field(
        None, description="Send tensors with more than `max_numbers` numbers as a window of at most that many."
    )
    held_weights: dict[TensorName, Digest] | None = Field(
        None,
        max_length=4096,
        description="The traced weights the client already holds, by name in the answer (`lstm/kernel`): the "
        "`digest` an earlier answer gave them. A weight whose numbers are still those comes back with `data: null` "
        "(the client keeps its own copy); a name the answer has not, or a digest that no longer fits, is sent "
        "whole. Present (`{}` too): every traced weight carries its `digest`. Missing: the answer is as without it.",
    )


class CodeRequest(Strict):
    model: ModelSpec
    inputs: Array | None = Field(
        None,
        description="The numbers to run, as a prediction takes them: the code then also sets them (and the weights), "
        "calls `model.predict` and checks its answer against what this server computed.",
    )
    weights: dict[str, list[Array]] = Field(default_factory=dict, description="Weights set by hand, by layer name.")
    seed: int = Field(
        0, ge=0, le=2**31 - 1, description="Seed for the initial weights (`keras.utils.set_random_seed`)."
    )
    variant: Literal["script", "notebook"] = Field(
        "script",
        description="`script`: the code checks its answer against this server's; `notebook`: a notebook cell that "
        "ends with `layerlab.show(model, x)`, the notebook widget (`pip install layer-lab`).",
    )


class LayerRow(BaseModel):
    name: str
    type: str
    output_shape: list[Any]
    params: int
    trainable_params: int
    inputs: list[str]
    args: dict[str, Any] = Field(description=RESOLVED_ARGS)
    param_formula: str
    shape_formula: str


class Summary(BaseModel):
    name: str
    layers: list[LayerRow]
    inputs: list[str]
    outputs: list[str]
    total_params: int
    trainable_params: int
    non_trainable_params: int
    text: str


class TensorWindow(BaseModel):
    start: list[int]
    shape: list[int]


class Tensor(BaseModel):
    name: str
    shape: list[int] = Field(description="The whole tensor's shape, even when `data` holds only a window of it.")
    data: Array = Field(description="The numbers; `null` for a weight the request said it holds (`held_weights`).")
    window: TensorWindow | None = Field(None, description="Present when `data` holds only this part of the tensor.")
    digest: str | None = Field(
        None,
        description="A traced weight's numbers as sent, hashed (when the request had `held_weights`): give it back "
        "in `held_weights` to be spared them next time.",
    )


class TraceLayer(BaseModel):
    name: str
    type: str
    args: dict[str, Any] = Field(description=RESOLVED_ARGS)
    outputs: list[Tensor]
    weights: list[Tensor]
    masks: list[list[Any] | None] | None = Field(
        None,
        description="The Keras mask of each output (one true or false per step, e.g. from an Embedding with "
        "mask_zero), or null where an output has none; absent when no output has one.",
    )


class Prediction(BaseModel):
    outputs: list[Tensor]
    inputs: list[Tensor]
    seed: int
    notes: list[str] = Field(description="What the server did to the request, e.g. added a batch axis.")
    notes_ru: list[str] = Field(description="The same notes in Russian, in the same order.")
    trace: list[TraceLayer] | None = None


class Error(BaseModel):
    ok: bool = False
    status: int
    error: str
    error_ru: str | None = None
    layer: str | int | None = None
    arg: str | None = None


class KernelRequest(Strict):
    model: ModelSpec
    layer: str = Field(description="The name of the layer (Conv2D, Conv2DTranspose or DepthwiseConv2D) to set.")
    preset: str = Field(description="The window (GET /api/kernels lists them): identity, box_blur, sobel_x, ….")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="The seed of `random`.")
