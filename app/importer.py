"""From what Keras's ``model.to_json()`` wrote to a Layer Lab layer list, without Keras.

The JSON is read as plain data and checked against the allow-list: nothing in it is ever handed to a
Keras deserialiser, so a crafted file cannot name a class or a function for Keras to import. Reads the
Keras 3 format (``inbound_nodes`` of ``{"args": [...]}`` with ``keras_history``) and the tf.keras 2 format
(``inbound_nodes: [[["name", 0, 0, {}]]]``, ``batch_input_shape``), Functional and Sequential models.

Keras writes every constructor argument, set or not. Those that still hold Keras's default are dropped
(the argument models' defaults, and the tables below for arguments Layer Lab does not offer), so the
layer list shows what the author chose; any other argument must be one the catalogue accepts, or the
model is refused with the layer and the argument named.
"""

import math
import re
from typing import Any, NoReturn

from pydantic import BaseModel, ValidationError

from . import messages
from .errors import Invalid
from .layers import REGISTRY, LayerType, resolve
from .layers.base import VarianceScalingConfig, snake_case
from .messages import Text

KERAS_DEFAULTS: dict[str, Any] = {
    # What Keras writes for an argument nobody set, where Layer Lab does not offer the argument (the defaults
    # of those it offers come from the argument models: ``LayerType.defaults``). Initializers by snake_case name.
    "data_format": "channels_last",
    "dilation_rate": 1,
    "groups": 1,
    "output_padding": None,
    "beta_initializer": "zeros",
    "gamma_initializer": "ones",
    "moving_mean_initializer": "zeros",
    "moving_variance_initializer": "ones",
    "stateful": False,
    "unroll": False,
    "zero_output_for_mask": False,
    "renorm": False,
    "renorm_clipping": None,
    "renorm_momentum": 0.99,
    "synchronized": False,
    "rms_scaling": False,
    "seed": None,
    "noise_shape": None,
    "fill_mode": "constant",
    "use_gate": False,
    "attention_axes": None,
    "sliding_window": None,
    "flash_attention": None,
    "quantization_config": None,
    "lora_rank": None,
    "lora_alpha": None,
    # tf.keras 2 only
    "time_major": False,
    "implementation": 2,
    "fused": None,
    "virtual_batch_size": None,
    "adjustment": None,
}
"""Keras's default for each argument it writes and Layer Lab does not offer, where all layer types share it."""


class Either(tuple):
    """A default Keras writes in more than one way."""


CLASS_DEFAULTS: dict[str, dict[str, Any]] = {
    "SimpleRNN": {"implementation": 1},
    "MultiHeadAttention": {"attention_axes": Either((None, [1]))},  # [1] once built on sequences
}
"""Defaults of arguments Layer Lab does not offer that differ from the shared table for one layer type."""

SAME_AS: dict[str, dict[str, str]] = {"MultiHeadAttention": {"value_dim": "key_dim"}}
"""Arguments whose default is another argument's value."""

IGNORED_KEYS = {"name", "build_config", "batch_input_shape", "batch_shape", "input_length"}
"""Written by Keras but not arguments of the layer: the input shape is the Input's business
(tf.keras 2's Embedding restated it as ``input_length``)."""

INITIALIZER_DEFAULTS: dict[str, dict[str, Any]] = {
    "RandomUniform": {"minval": -0.05, "maxval": 0.05},
    "RandomNormal": {"mean": 0.0, "stddev": 0.05},
    "TruncatedNormal": {"mean": 0.0, "stddev": 0.05},
    "Orthogonal": {"gain": 1.0},
    "Zeros": {},
    "Ones": {},
    "GlorotUniform": {},
    "GlorotNormal": {},
    "HeUniform": {},
    "HeNormal": {},
    "LecunUniform": {},
    "LecunNormal": {},
}
"""Initializers a name can stand for, with the settings the name implies (others must be null, e.g. seed)."""

VARIANCE_SCALING = {
    (1.0, "fan_avg", "uniform"): "glorot_uniform",
    (1.0, "fan_avg", "truncated_normal"): "glorot_normal",
    (2.0, "fan_in", "uniform"): "he_uniform",
    (2.0, "fan_in", "truncated_normal"): "he_normal",
    (1.0, "fan_in", "uniform"): "lecun_uniform",
    (1.0, "fan_in", "truncated_normal"): "lecun_normal",
}
"""tf.keras 1 wrote the named initializers as VarianceScaling(scale, mode, distribution)."""

INITIALIZER_ALIASES = {"uniform": "random_uniform", "normal": "random_normal"}

REGULARIZERS = {
    "L1": ("l1", {"l1": 0.01}),
    "L2": ("l2", {"l2": 0.01}),
    "L1L2": ("l1l2", {"l1": 0.0, "l2": 0.0}),
    "OrthogonalRegularizer": ("orthogonal_regularizer", {"factor": 0.01, "mode": "rows"}),
}
CONSTRAINTS = {
    "MaxNorm": ("max_norm", {"max_value": 2, "axis": 0}),
    "MinMaxNorm": ("min_max_norm", {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}),
    "NonNeg": ("non_neg", {}),
    "UnitNorm": ("unit_norm", {"axis": 0}),
}
"""Regularizers and constraints a name can stand for, with the settings the name implies."""

KINDS = {
    "initializers": "import.initializers",
    "regularizers": "import.regularizers",
    "constraints": "import.constraints",
}

MODEL_CLASSES = ("Functional", "Model", "Sequential")
LAYER_MODULES = (None, "keras.layers", "tf_keras.layers", "tensorflow.keras.layers", "app.mended")
"""Where a layer's class may come from: Keras's layers, or Layer Lab's mended classes (``app.mended``, named as
Keras's own), which a model the engine built names in its JSON; read as the Keras class of that name."""
OBJECT_MODULES = (
    None,
    "keras",
    "keras.initializers",
    "keras.regularizers",
    "keras.constraints",
    "keras.mixed_precision",
    "tf_keras.initializers",
    "tf_keras.regularizers",
    "tf_keras.constraints",
)
CODE_LAYERS = ("Lambda", "TFOpLambda", "SlicingOpLambda")
OPERATIONS_MODULE = "keras.src.ops.numpy"
OPERATIONS = ("Add", "Subtract", "Multiply")
"""Keras 3 records ``x + 3.0`` in a model as a node of class ``Add`` from this module (MobileNetV3's hard sigmoid)."""
APPLICATION_MODULES = ("keras.src.applications.", "keras.applications.")
CALL_OPTIONS = ("training", "mask")
"""Call arguments Keras records for every layer; other call arguments cannot be written as a layer list."""

KERAS_PACKAGES = ("keras.", "tf_keras.")
MAX_DEPTH = 32
Ref = tuple[str, int]


def layer_list(config: dict, max_layers: int = 100) -> dict:
    """The layer list (``ModelSpec`` shape) of a model Keras serialised with ``to_json()``."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise messages.invalid("import.not_keras_json")
    _check_depth(config)
    inner = config.get("config")
    layers = inner.get("layers") if isinstance(inner, dict) else inner
    if isinstance(layers, list) and len(layers) > max_layers:
        raise messages.invalid("model.too_many_layers", count=len(layers), limit=max_layers)
    class_name = config["class_name"]
    if class_name in CODE_LAYERS:
        _refuse_code(class_name, None)
    if class_name not in MODEL_CLASSES or not _keras_module(config.get("module")):
        what = messages.text("import.a_layer") if resolve(str(class_name)) else f"class_name={class_name!r}"
        if not _keras_module(config.get("module")):
            what = messages.text("import.from_module", what=what, module=repr(config.get("module")))
        raise messages.invalid("import.not_a_model", what=what)
    _check_registered(config, None)
    body = config.get("config")
    if isinstance(body, list):  # Keras 2.0–2.2 wrote a Sequential's config as the bare list of layers
        body = {"layers": body}
    if not isinstance(body, dict) or not isinstance(body.get("layers"), list) or not body["layers"]:
        raise messages.invalid("import.no_layers")
    _check_application_classes(body["layers"])
    names = _Names()
    if class_name == "Sequential":
        layers, outputs = _sequential(body, names)
    else:
        layers, outputs = _functional(body, names)
    spec: dict[str, Any] = {}
    model_name = body.get("name")
    if isinstance(model_name, str):
        spec["name"] = _clean(model_name, "model")
    spec["layers"] = layers
    if outputs is not None:
        spec["outputs"] = outputs
    return spec


def refusal(entry: dict) -> Invalid | None:
    """Why the import would refuse this one layer of a model (its type, module or arguments), or None: the
    notebook widget (``layerlab``) shows such a layer as an opaque box instead of refusing the whole model."""
    if isinstance(entry, dict) and entry.get("module") == OPERATIONS_MODULE:
        try:
            _operation(entry, _Names())
        except Invalid as exc:
            return exc
        return None
    try:
        _layer(entry)
    except Invalid as exc:
        return exc
    return None


# Models


def _sequential(body: dict, names: "_Names") -> tuple[list[dict], None]:
    entries = body["layers"]
    first = entries[0]
    layers: list[dict] = []
    if _class(first) == "InputLayer":
        layers.append(_input(first, names))
        entries = entries[1:]
    else:
        shape = _config(first).get("batch_input_shape") or _config(first).get("batch_shape")
        shape = shape or body.get("build_input_shape")
        if not isinstance(shape, list) or len(shape) < 2:
            raise messages.invalid("import.unbuilt")
        layers.append(_input_entry(names.take("", "input_layer"), shape, None))
    for entry in entries:
        layer_type, name, args = _layer(entry)
        name = names.take(name, layer_type.keras_name)
        layers.append({"type": layer_type.name, "name": name, "args": args})
    return layers, None


def _functional(body: dict, names: "_Names") -> tuple[list[dict], list[str] | None]:
    converted: list[tuple[dict, list[tuple[str, int, int]]]] = []
    for entry in body["layers"]:
        if _class(entry) == "InputLayer":
            converted.append((_input(entry, names), []))
            continue
        if isinstance(entry, dict) and entry.get("module") == OPERATIONS_MODULE:
            converted.append(_operation(entry, names))
            continue
        layer_type, raw_name, args = _layer(entry)
        name = names.take(raw_name, layer_type.keras_name)
        entry = _call_arguments(entry, layer_type, args)
        spec = {"type": layer_type.name, "name": name, "args": args}
        converted.append((spec, _inbound(entry, name, layer_type.name)))

    def renamed(refs: list[tuple[str, int, int]]) -> list[Ref]:
        return [(names.renamed.get(name, name), k) for name, _, k in refs]

    wired = [(spec, renamed(refs)) for spec, refs in converted]
    outputs = renamed(_refs(body.get("output_layers")))
    if not outputs:
        raise messages.invalid("import.no_outputs")
    multi = _multi_output(wired, outputs)
    # The model's inputs in the order Keras lists them: Layer Lab orders inputs by their place in the list.
    order = [name for name, _ in renamed(_refs(body.get("input_layers")))]
    inputs = [c for c in wired if c[0]["type"] == "Input"]
    inputs.sort(key=lambda c: order.index(c[0]["name"]) if c[0]["name"] in order else len(order))
    layers: list[dict] = []
    for spec, refs in inputs + [c for c in wired if c[0]["type"] != "Input"]:
        if spec["type"] != "Input":
            texts = [_ref_text(name, k, multi) for name, k in refs]
            if not layers or texts != [layers[-1]["name"]]:
                spec["inputs"] = texts
        layers.append(spec)
    texts = [_ref_text(name, k, multi) for name, k in outputs]
    return layers, None if texts == [layers[-1]["name"]] else texts


def _call_arguments(entry: dict, layer_type: LayerType, args: dict[str, Any]) -> dict:
    """The arguments Keras recorded with the call (``use_causal_mask``) that Layer Lab takes as the layer's own
    (``call_args``), moved into ``args`` when they are not the default; the entry without them."""
    nodes = entry.get("inbound_nodes")
    if not layer_type.call_args or not isinstance(nodes, list) or len(nodes) != 1 or not isinstance(nodes[0], dict):
        return entry
    kwargs = dict(nodes[0].get("kwargs") or {})
    for key in layer_type.call_args:
        value = kwargs.pop(key, False)
        if value is not False:
            args[key] = value
    return {**entry, "inbound_nodes": [{**nodes[0], "kwargs": kwargs}]}


def _operation(entry: dict, names: "_Names") -> tuple[dict, list[tuple[str, int, int]]]:
    """An arithmetic operation Keras recorded as a node of the model (``x + 3.0``, ``x * y``), as the layer that
    computes the same numbers: between two tensors the merging layer (Add, Subtract, Multiply); between a tensor
    and a number a Rescaling (``x * scale + offset``), which gives exactly the same float32 values."""
    class_name = str(entry.get("class_name"))
    raw = str(_config(entry).get("name") or entry.get("name") or snake_case(class_name))
    nodes = entry.get("inbound_nodes")
    node = nodes[0] if isinstance(nodes, list) and len(nodes) == 1 and isinstance(nodes[0], dict) else {}
    called = node.get("args")
    values: list[Any] = called if isinstance(called, list) else []
    tensors = [v for v in values if isinstance(v, dict) and v.get("class_name") == "__keras_tensor__"]
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]
    if class_name not in OPERATIONS or node.get("kwargs") or len(values) != 2 or len(tensors) + len(numbers) != 2:
        raise messages.invalid("import.operation", layer=raw, name=repr(raw), type=class_name, values=_short(values))
    refs: list[tuple[str, int, int]] = []
    _collect_tensors(tensors, refs, raw, class_name)
    if len(tensors) == 2:
        return {"type": class_name, "name": names.take(raw, snake_case(class_name)), "args": {}}, refs
    c, first = float(numbers[0]), values[0] is tensors[0]
    scale, offset = {
        "Add": (1.0, c),
        "Multiply": (c, 0.0),
        "Subtract": (1.0, -c) if first else (-1.0, c),
    }[class_name]
    args: dict[str, Any] = {"scale": scale} if offset == 0 else {"scale": scale, "offset": offset}
    return {"type": "Rescaling", "name": names.take(raw, "rescaling"), "args": args}, refs


def _check_application_classes(entries: list) -> None:
    """A layer class that Keras defines inside one of its applications (ConvNeXt's LayerScale) is not a layer of
    keras.layers: named before anything else is read, so the message says why the whole model is refused."""
    for entry in entries:
        module = entry.get("module") if isinstance(entry, dict) else None
        if isinstance(module, str) and module.startswith(APPLICATION_MODULES):
            class_name, name = entry.get("class_name"), _config(entry).get("name") or entry.get("name")
            raise messages.invalid(
                "import.application_class", layer=name, name=repr(name), type=class_name, where=module.split(".")[-1]
            )


def _multi_output(wired: list[tuple[dict, list[Ref]]], outputs: list[Ref]) -> set[str]:
    """Layers that give several tensors: recurrent layers returning their state, or any layer whose second or
    later output is used. References to them always say which output (``lstm:0``)."""
    multi = set()
    for spec, refs in wired:
        args, wrapper = spec["args"], REGISTRY[spec["type"]].wrapper
        inner = args.get(wrapper, {}) if wrapper else {}
        if args.get("return_state") or inner.get("args", {}).get("return_state"):
            multi.add(spec["name"])
        multi.update(name for name, k in refs if k > 0)
    multi.update(name for name, k in outputs if k > 0)
    return multi


def _ref_text(name: str, k: int, multi: set[str]) -> str:
    return f"{name}:{k}" if k > 0 or name in multi else name


def _refs(value: Any) -> list[tuple[str, int, int]]:
    """``input_layers`` / ``output_layers``: ``[name, node, k]``, a list of them, or a dict of them."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list) and value and isinstance(value[0], str):
        value = [value]
    return [_history(item, None, "") for item in (value if isinstance(value, list) else [])]


def _history(item: Any, name: str | None, type_name: str) -> tuple[str, int, int]:
    """A reference to a tensor: ``[layer name, node index, tensor index]`` (tf.keras 2 adds call options)."""
    if (
        isinstance(item, list)
        and len(item) >= 3
        and isinstance(item[0], str)
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in item[1:3])
    ):
        if len(item) > 3 and isinstance(item[3], dict) and name is not None:
            _check_call_options(item[3], name, type_name)
        return item[0], item[1], item[2]
    if name is None:
        raise messages.invalid("import.bad_output_ref", arg="outputs", ref=_short(item))
    raise messages.invalid("import.bad_ref", layer=name, arg="inputs", who=_who(name, type_name), ref=_short(item))


def _inbound(entry: dict, name: str, type_name: str) -> list[tuple[str, int, int]]:
    """The tensors a layer was called on: ``(layer name, node index, tensor index)`` each."""
    nodes = entry.get("inbound_nodes") or []
    if not isinstance(nodes, list):
        nodes = [] if nodes is None else [nodes]
    if len(nodes) != 1:
        raise messages.invalid("import.shared", layer=name, arg="inputs", who=_who(name, type_name), count=len(nodes))
    node = nodes[0]
    if isinstance(node, dict):  # Keras 3: {"args": [...], "kwargs": {...}}
        refs: list[tuple[str, int, int]] = []
        _collect_tensors(node.get("args", []), refs, name, type_name)
        _check_call_options(node.get("kwargs") or {}, name, type_name)
        return refs
    # tf.keras 2: [["name", node, k, {call options}], ...]
    return [_history(item, name, type_name) for item in (node if isinstance(node, list) else [node])]


def _collect_tensors(value: Any, refs: list, name: str, type_name: str) -> None:
    if isinstance(value, list):
        for item in value:
            _collect_tensors(item, refs, name, type_name)
    elif isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        config = value.get("config")
        refs.append(_history(config.get("keras_history") if isinstance(config, dict) else None, name, type_name))
    else:
        raise messages.invalid(
            "import.not_a_tensor", layer=name, arg="inputs", who=_who(name, type_name), value=_short(value)
        )


def _check_call_options(kwargs: Any, name: str, type_name: str) -> None:
    for key, value in kwargs.items() if isinstance(kwargs, dict) else [("call arguments", kwargs)]:
        if key not in CALL_OPTIONS or not (value is None or isinstance(value, bool)):
            raise messages.invalid(
                "import.call_argument", layer=name, arg=key, who=_who(name, type_name), value=_short(value)
            )


# Layers


def _input(entry: dict, names: "_Names") -> dict:
    _layer_type(entry)
    config = _config(entry)
    name = str(config.get("name") or entry.get("name") or "input_layer")
    shape = config.get("batch_shape") or config.get("batch_input_shape")
    if not isinstance(shape, list) or len(shape) < 2:
        raise messages.invalid("import.no_input_shape", layer=name, arg="shape", who=_who(name, "InputLayer"))
    for key in ("sparse", "ragged"):
        if config.get(key):
            raise messages.invalid("import.input_kind", layer=name, arg=key, who=_who(name, "InputLayer"))
    return _input_entry(names.take(name, "input_layer"), shape, config.get("dtype"))


def _input_entry(name: str, batch_shape: list, dtype: Any) -> dict:
    args: dict[str, Any] = {"shape": list(batch_shape[1:])}
    dtype = _dtype_name(dtype)
    if dtype is not None and dtype.startswith(("int", "uint")):
        args["dtype"] = "int32"
    elif dtype not in (None, "float32", "float16", "float64", "bfloat16"):
        raise messages.invalid(
            "import.input_dtype", layer=name, arg="dtype", who=_who(name, "InputLayer"), dtype=repr(dtype)
        )
    return {"type": "Input", "name": name, "args": args}


def _layer(entry: dict) -> tuple[LayerType, str, dict[str, Any]]:
    """A layer's type, its name as Keras wrote it, and the arguments worth keeping."""
    layer_type = _layer_type(entry)
    config = _config(entry)
    name = str(config.get("name") or entry.get("name") or layer_type.keras_name)
    return layer_type, name, _args(layer_type, config, name, _who(name, layer_type.name))


def _layer_type(entry: Any) -> LayerType:
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        raise messages.invalid("import.bad_layer", value=_short(entry))
    class_name = entry["class_name"]
    name = _config(entry).get("name") or entry.get("name")
    name = None if name is None else str(name)
    if class_name in CODE_LAYERS:
        _refuse_code(class_name, name)
    _check_registered(entry, name)
    if class_name in MODEL_CLASSES:  # Keras writes a model used as a layer from module keras or keras.src.models
        raise messages.invalid("import.nested_model", layer=name, who=_who(name, class_name))
    if entry.get("module") not in LAYER_MODULES:
        raise messages.invalid(
            "import.foreign_module", layer=name, who=_who(name, class_name), module=repr(entry.get("module"))
        )
    layer_type = resolve(class_name)
    if layer_type is None:
        raise messages.invalid(
            "import.unknown_type", layer=name, name=repr(name), type=class_name, types=", ".join(sorted(REGISTRY))
        )
    return layer_type


def _args(layer_type: LayerType, config: dict, name: str, who: Text) -> dict[str, Any]:
    fields = layer_type.args.model_fields
    defaults = {**KERAS_DEFAULTS, **CLASS_DEFAULTS.get(layer_type.name, {}), **_own_defaults(layer_type)}
    if "pool_size" in config:
        defaults["strides"] = config["pool_size"]  # pooling: Keras writes strides = the window size
    args: dict[str, Any] = {}
    for key, value in config.items():
        if key in IGNORED_KEYS:
            continue
        if key == "trainable":
            if value is False:
                args[key] = False
            continue
        if key == "dtype":
            if _dtype_name(value) not in (None, "float32"):
                raise messages.invalid("import.dtype", layer=name, arg=key, who=who, value=_short(value))
            continue
        if key == "backward_layer":
            _check_backward(value, config.get(layer_type.wrapper), name, who)
            continue
        value = _nested(value, name, who) if key == layer_type.wrapper else _plain(key, value, name, who)
        if value is None and key.endswith(("_regularizer", "_constraint")):
            continue
        required = key in fields and fields[key].is_required()
        if not required and key in defaults and _same(value, defaults[key]):
            continue
        if key not in fields:
            raise messages.invalid(
                "import.not_accepted",
                layer=name,
                arg=key,
                who=who,
                value=_short(value),
                type=layer_type.name,
                accepted=", ".join(fields),
            )
        args[key] = value
    for key, other in SAME_AS.get(layer_type.name, {}).items():
        if key in args and _same(args[key], config.get(other)):
            del args[key]  # Keras writes the default it resolved: value_dim = key_dim
    return args


def _own_defaults(layer_type: LayerType) -> dict[str, Any]:
    """The argument model's defaults, named as Keras writes them (``uniform`` is ``random_uniform``)."""
    return {
        key: INITIALIZER_ALIASES.get(value, value) if key.endswith("_initializer") else value
        for key, value in layer_type.defaults.items()
    }


def _plain(key: str, value: Any, name: str, who: Text) -> Any:
    """A config value as the layer list writes it: objects Keras serialised become names, or are refused."""
    if key.endswith("_initializer"):
        return _initializer(value, key, name, who)
    if key.endswith(("_regularizer", "_constraint")):
        table = REGULARIZERS if key.endswith("_regularizer") else CONSTRAINTS
        return _named_object(value, table, key, name, who)
    if isinstance(value, dict):
        raise messages.invalid(
            "import.python_object", layer=name, arg=key, who=who, kind=str(value.get("class_name", "dict"))
        )
    if key == "axis" and isinstance(value, list) and len(value) == 1:
        return value[0]  # tf.keras 2 normalisation layers wrote axis=-1 as [-1] (or the positive axis)
    return value


def _initializer(value: Any, key: str, name: str, who: Text) -> Any:
    if value is None or isinstance(value, str):
        return INITIALIZER_ALIASES.get(value, value) if isinstance(value, str) else value
    if not isinstance(value, dict):
        raise messages.invalid("import.bad_initializer", layer=name, arg=key, who=who, value=_short(value))
    class_name, config = _object_parts(value, key, name, who)
    if class_name == "VarianceScaling":
        rest = {k: v for k, v in config.items() if k not in ("scale", "mode", "distribution")}
        setting = (config.get("scale", 1.0), config.get("mode"), config.get("distribution"))
        found = next((n for s, n in VARIANCE_SCALING.items() if _same(list(setting), list(s))), None)
        settings = {"scale": setting[0], "mode": setting[1], "distribution": setting[2]}
        if all(v is None for v in rest.values()) and (found or _valid(VarianceScalingConfig, settings)):
            return found or {"class_name": "VarianceScaling", "config": settings}
    elif class_name in INITIALIZER_DEFAULTS and _default_ish(config, INITIALIZER_DEFAULTS[class_name]):
        return snake_case(class_name)
    elif class_name == "Constant" and set(config) <= {"value"}:
        found = next((n for v, n in ((0.0, "zeros"), (1.0, "ones")) if _same(config.get("value"), v)), None)
        if found:
            return found  # EfficientNetV2's bias: Constant(0.0) is zeros
    raise _settings(who, name, key, class_name, config, "initializers")


def _valid(model: type[BaseModel], value: dict) -> bool:
    try:
        model.model_validate(value, strict=True)
    except ValidationError:
        return False
    return True


def _named_object(value: Any, table: dict, key: str, name: str, who: Text) -> Any:
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, dict):
        raise messages.invalid("import.unreadable", layer=name, arg=key, who=who, value=_short(value))
    class_name, config = _object_parts(value, key, name, who)
    if class_name in table and _default_ish(config, table[class_name][1]):
        return table[class_name][0]
    kind = "regularizers" if key.endswith("_regularizer") else "constraints"
    raise _settings(who, name, key, class_name, config, kind)


def _object_parts(value: dict, key: str, name: str, who: Text) -> tuple[str, dict]:
    class_name = value.get("class_name")
    if value.get("module") not in OBJECT_MODULES or value.get("registered_name") not in (None, class_name):
        custom = str(value.get("registered_name") or value.get("module"))
        raise messages.invalid("import.custom_object", layer=name, arg=key, who=who, custom=custom)
    config = value.get("config") or {}
    if not isinstance(class_name, str) or not isinstance(config, dict):
        raise messages.invalid("import.unreadable", layer=name, arg=key, who=who, value=_short(value))
    return class_name, config


def _default_ish(config: dict, defaults: dict) -> bool:
    """Every setting is the one the name implies, or unset (seed: null)."""
    return all(
        _same(value, defaults[k]) if k in defaults else value is None or (k == "dtype" and value == "float32")
        for k, value in config.items()
    )


def _nested(value: Any, name: str, who: Text) -> dict:
    """The layer a wrapper holds (the argument its ``wrapper`` names), as ``{"type", "args"}``."""
    layer_type = _layer_type(value)
    # Bidirectional sets zero_output_for_mask on the layer it wraps itself (it only matters with masks).
    inner = {k: v for k, v in _config(value).items() if k != "zero_output_for_mask"}
    inner_who = messages.text("import.inner_who", who=who, type=layer_type.name)
    return {"type": layer_type.name, "args": _args(layer_type, inner, name, inner_who)}


def _check_backward(backward: Any, forward: Any, name: str, who: Text) -> None:
    """Keras 3 writes the backward copy a Bidirectional makes itself; only a different one is refused."""
    if backward is None:
        return
    mirrored = _nested(backward, name, who)
    mirrored["args"].pop("go_backwards", None)
    own = _nested(forward, name, who)
    own["args"].pop("go_backwards", None)
    if mirrored != own:
        raise messages.invalid("import.backward_layer", layer=name, arg="backward_layer", who=who)


# Small helpers


def _check_depth(config: dict) -> None:
    """Keras files nest about a dozen levels deep; a deeper one is refused before anything recurses."""
    stack: list[tuple[Any, int]] = [(config, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise messages.invalid("import.too_deep", limit=MAX_DEPTH)
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _class(entry: Any) -> str | None:
    return entry.get("class_name") if isinstance(entry, dict) else None


def _config(entry: Any) -> dict:
    config = entry.get("config") if isinstance(entry, dict) else None
    return config if isinstance(config, dict) else {}


def _keras_module(module: Any) -> bool:
    return module is None or module in ("keras", "tf_keras") or str(module).startswith(KERAS_PACKAGES)


def _check_registered(entry: dict, name: Any) -> None:
    registered = entry.get("registered_name")
    if registered not in (None, entry.get("class_name")):
        raise messages.invalid("import.custom_class", layer=name, name=repr(name), registered=repr(registered))


def _refuse_code(class_name: str, name: Any) -> NoReturn:
    raise messages.invalid("import.code", layer=name, name=repr(name), type=class_name)


def _who(name: str | None, type_name: str) -> Text:
    """``layer 'dense' (Dense)``; ``layer (Dense)`` when it has no name."""
    return messages.text("who.layer", label=f"({type_name})" if name is None else f"{name!r} ({type_name})")


def _settings(who: Text, name: str, key: str, class_name: str, config: dict, kind: str) -> Invalid:
    return messages.invalid(
        "import.settings",
        layer=name,
        arg=key,
        who=who,
        type=class_name,
        settings=_short(config),
        kind=messages.text(KINDS[kind]),
    )


def _dtype_name(value: Any) -> str | None:
    """``"float32"``, or the policy dict Keras 3 / tf.keras 2.13+ writes around it."""
    if isinstance(value, dict):
        config = value.get("config")
        value = config.get("name") if isinstance(config, dict) else repr(value)
    return value if isinstance(value, str) or value is None else repr(value)


def _same(value: Any, default: Any) -> bool:
    """Equal as Keras means it: ``[1, 1]`` is the default ``1``, ``0.009999999776`` is ``0.01``."""
    if isinstance(default, Either):
        return any(_same(value, d) for d in default)
    if isinstance(value, bool) or isinstance(default, bool) or value is None or default is None:
        return value is default
    if isinstance(value, list) and isinstance(default, list):
        return len(value) == len(default) and all(_same(v, d) for v, d in zip(value, default, strict=True))
    if isinstance(value, list):
        return bool(value) and all(_same(v, default) for v in value)
    if isinstance(value, (int, float)) and isinstance(default, (int, float)):
        return math.isclose(value, default, rel_tol=1e-6, abs_tol=1e-12)
    return value == default


def _short(value: Any) -> str:
    """A value's repr, cut to 80 characters."""
    return messages.received(repr(value))


def _clean(raw: str, fallback: str) -> str:
    """A Keras name as a layer-list name: letters, digits and ``_``, starting with a letter."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", raw)[:64]
    if not name or not name[0].isalpha():
        name = (fallback + "_" + name)[:64]
    return name


def clean_name(raw: str) -> str:
    """The name a layer of this Keras name gets in the layer list (when no other layer took it first)."""
    return _clean(raw, "layer")


class _Names:
    """Layer names, made valid and unique; remembers what it renamed so references follow."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.renamed: dict[str, str] = {}
        self.next_suffix: dict[str, int] = {}

    def take(self, raw: str, fallback: str) -> str:
        name = _clean(raw, fallback) if raw else fallback
        base = name
        while name in self.taken:
            k = self.next_suffix.get(base, 1)
            self.next_suffix[base] = k + 1
            name = f"{base[:60]}_{k}"
        self.taken.add(name)
        if raw:
            self.renamed[raw] = name
        return name
