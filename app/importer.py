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

from .errors import Invalid
from .layers import REGISTRY, LayerType, resolve
from .layers.base import snake_case

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

CLASS_DEFAULTS: dict[str, dict[str, Any]] = {"SimpleRNN": {"implementation": 1}}
"""Defaults of arguments Layer Lab does not offer that differ from the shared table for one layer type."""

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

KINDS_RU = {"initializers": "инициализаторы", "regularizers": "регуляризаторы", "constraints": "ограничения"}

MODEL_CLASSES = ("Functional", "Model", "Sequential")
LAYER_MODULES = (None, "keras.layers", "tf_keras.layers", "tensorflow.keras.layers")
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
CALL_OPTIONS = ("training", "mask")
"""Call arguments Keras records for every layer; other call arguments cannot be written as a layer list."""

KERAS_PACKAGES = ("keras.", "tf_keras.")
MAX_DEPTH = 32
Ref = tuple[str, int]


def layer_list(config: dict, max_layers: int = 100) -> dict:
    """The layer list (``ModelSpec`` shape) of a model Keras serialised with ``to_json()``."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise Invalid(
            "expected what Keras's model.to_json() writes: an object with `class_name` and `config`",
            ru="ожидается то, что пишет model.to_json() в Keras: объект с полями `class_name` и `config`",
        )
    _check_depth(config)
    inner = config.get("config")
    layers = inner.get("layers") if isinstance(inner, dict) else inner
    if isinstance(layers, list) and len(layers) > max_layers:
        raise Invalid(
            f"the model has {len(layers)} layers; the limit is {max_layers}",
            ru=f"в модели {len(layers)} слоёв; предел — {max_layers}",
        )
    class_name = config["class_name"]
    if class_name in CODE_LAYERS:
        _refuse_code(class_name, None)
    if class_name not in MODEL_CLASSES or not _keras_module(config.get("module")):
        what = "a single layer" if resolve(str(class_name)) else f"class_name={class_name!r}"
        raise Invalid(
            f"expected a Keras Functional or Sequential model; received {what}"
            + ("" if _keras_module(config.get("module")) else f" from module {config.get('module')!r}"),
            ru=f"ожидается модель Keras типа Functional или Sequential; получено {what}",
        )
    _check_registered(config, None)
    body = config.get("config")
    if isinstance(body, list):  # Keras 2.0–2.2 wrote a Sequential's config as the bare list of layers
        body = {"layers": body}
    if not isinstance(body, dict) or not isinstance(body.get("layers"), list) or not body["layers"]:
        raise Invalid("the model's `config` has no `layers` list", ru="в `config` модели нет списка `layers`")
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
            raise Invalid(
                "the Sequential model has no input shape (it was never built): give it a keras.Input first, "
                "or call model.build(input_shape) before model.to_json()",
                ru="у модели Sequential нет формы входа (она не была построена): начните её с keras.Input "
                "или вызовите model.build(input_shape) перед model.to_json()",
            )
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
        layer_type, raw_name, args = _layer(entry)
        name = names.take(raw_name, layer_type.keras_name)
        spec = {"type": layer_type.name, "name": name, "args": args}
        converted.append((spec, _inbound(entry, name, layer_type.name)))

    def renamed(refs: list[tuple[str, int, int]]) -> list[Ref]:
        return [(names.renamed.get(name, name), k) for name, _, k in refs]

    wired = [(spec, renamed(refs)) for spec, refs in converted]
    outputs = renamed(_refs(body.get("output_layers")))
    if not outputs:
        raise Invalid("the model lists no `output_layers`", ru="в модели не указаны `output_layers`")
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
    where_en = f"layer '{name}' ({type_name}): " if name else ""
    where_ru = f"слой '{name}' ({type_name}): " if name else ""
    raise Invalid(
        f"{where_en}cannot read the reference {_short(item)}; expected [layer name, node index, tensor index]",
        ru=f"{where_ru}не удаётся прочитать ссылку {_short(item)}; ожидается [имя слоя, номер узла, номер тензора]",
        layer=name,
        arg="inputs" if name else "outputs",
    )


def _inbound(entry: dict, name: str, type_name: str) -> list[tuple[str, int, int]]:
    """The tensors a layer was called on: ``(layer name, node index, tensor index)`` each."""
    nodes = entry.get("inbound_nodes") or []
    if not isinstance(nodes, list):
        nodes = [] if nodes is None else [nodes]
    if len(nodes) != 1:
        raise Invalid(
            f"layer '{name}' ({type_name}) is called {len(nodes)} times in the model; "
            "a layer list calls each layer exactly once (shared layers are not supported)",
            ru=f"слой '{name}' ({type_name}) вызывается в модели {len(nodes)} раз; "
            "в списке слоёв каждый слой вызывается ровно один раз (общие слои не поддерживаются)",
            layer=name,
            arg="inputs",
        )
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
        raise Invalid(
            f"layer '{name}' ({type_name}) is called with a value that is not a tensor ({_short(value)}); "
            "a layer list connects layers by their inputs only",
            ru=f"слой '{name}' ({type_name}) вызывается со значением, которое не является тензором "
            f"({_short(value)}); в списке слоёв слои соединяются только входами",
            layer=name,
            arg="inputs",
        )


def _check_call_options(kwargs: Any, name: str, type_name: str) -> None:
    for key, value in kwargs.items() if isinstance(kwargs, dict) else [("call arguments", kwargs)]:
        if key not in CALL_OPTIONS or not (value is None or isinstance(value, bool)):
            raise Invalid(
                f"layer '{name}' ({type_name}) is called with `{key}`={_short(value)}; "
                "a layer list cannot pass call arguments (such as initial_state) between layers",
                ru=f"слой '{name}' ({type_name}) вызывается с `{key}`={_short(value)}; "
                "список слоёв не умеет передавать аргументы вызова (например, initial_state) между слоями",
                layer=name,
                arg=key,
            )


# Layers


def _input(entry: dict, names: "_Names") -> dict:
    _layer_type(entry)
    config = _config(entry)
    name = str(config.get("name") or entry.get("name") or "input_layer")
    shape = config.get("batch_shape") or config.get("batch_input_shape")
    if not isinstance(shape, list) or len(shape) < 2:
        raise Invalid(
            f"layer '{name}' (InputLayer) has no input shape",
            ru=f"у слоя '{name}' (InputLayer) нет формы входа",
            layer=name,
            arg="shape",
        )
    for key in ("sparse", "ragged"):
        if config.get(key):
            raise Invalid(
                f"layer '{name}' (InputLayer): {key} inputs are not supported",
                ru=f"слой '{name}' (InputLayer): входы {key} не поддерживаются",
                layer=name,
                arg=key,
            )
    return _input_entry(names.take(name, "input_layer"), shape, config.get("dtype"))


def _input_entry(name: str, batch_shape: list, dtype: Any) -> dict:
    args: dict[str, Any] = {"shape": list(batch_shape[1:])}
    dtype = _dtype_name(dtype)
    if dtype is not None and dtype.startswith(("int", "uint")):
        args["dtype"] = "int32"
    elif dtype not in (None, "float32", "float16", "float64", "bfloat16"):
        raise Invalid(
            f"layer '{name}' (InputLayer): dtype {dtype!r} is not supported; expected float32 or int32",
            ru=f"слой '{name}' (InputLayer): тип {dtype!r} не поддерживается; ожидается float32 или int32",
            layer=name,
            arg="dtype",
        )
    return {"type": "Input", "name": name, "args": args}


def _layer(entry: dict) -> tuple[LayerType, str, dict[str, Any]]:
    """A layer's type, its name as Keras wrote it, and the arguments worth keeping."""
    layer_type = _layer_type(entry)
    config = _config(entry)
    name = str(config.get("name") or entry.get("name") or layer_type.keras_name)
    who = (f"layer '{name}' ({layer_type.name})", f"слой '{name}' ({layer_type.name})")
    return layer_type, name, _args(layer_type, config, name, who)


def _layer_type(entry: Any) -> LayerType:
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        raise Invalid(
            f"cannot read the layer {_short(entry)}; expected an object with `class_name` and `config`",
            ru=f"не удаётся прочитать слой {_short(entry)}; ожидается объект с `class_name` и `config`",
        )
    class_name = entry["class_name"]
    name = _config(entry).get("name") or entry.get("name")
    name = None if name is None else str(name)
    if class_name in CODE_LAYERS:
        _refuse_code(class_name, name)
    _check_registered(entry, name)
    if entry.get("module") not in LAYER_MODULES:
        raise Invalid(
            f"layer {name!r} ({class_name}) comes from module {entry.get('module')!r}; "
            "only Keras's own layers (module keras.layers) are accepted",
            ru=f"слой {name!r} ({class_name}) взят из модуля {entry.get('module')!r}; "
            "принимаются только слои самого Keras (модуль keras.layers)",
            layer=name,
        )
    layer_type = resolve(class_name)
    if layer_type is None:
        raise Invalid(
            f"layer {name!r}: {class_name} is not a layer type Layer Lab builds; "
            f"accepted: {', '.join(sorted(REGISTRY))}",
            ru=f"слой {name!r}: тип {class_name} Layer Lab не строит; допустимые: {', '.join(sorted(REGISTRY))}",
            layer=name,
        )
    return layer_type


def _args(layer_type: LayerType, config: dict, name: str, who: tuple[str, str]) -> dict[str, Any]:
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
                _refuse_arg(
                    who,
                    name,
                    key,
                    f"layers compute in float32; received {_short(value)}",
                    f"слои считают во float32; получено {_short(value)}",
                )
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
            _refuse_arg(
                who,
                name,
                key,
                f"`{key}`={_short(value)} is not an argument Layer Lab accepts for {layer_type.name}; "
                f"accepted: {', '.join(fields)}",
                f"аргумент `{key}`={_short(value)} не принимается для {layer_type.name}; "
                f"допустимые: {', '.join(fields)}",
            )
        args[key] = value
    return args


def _own_defaults(layer_type: LayerType) -> dict[str, Any]:
    """The argument model's defaults, named as Keras writes them (``uniform`` is ``random_uniform``)."""
    return {
        key: INITIALIZER_ALIASES.get(value, value) if key.endswith("_initializer") else value
        for key, value in layer_type.defaults.items()
    }


def _plain(key: str, value: Any, name: str, who: tuple[str, str]) -> Any:
    """A config value as the layer list writes it: objects Keras serialised become names, or are refused."""
    if key.endswith("_initializer"):
        return _initializer(value, key, name, who)
    if key.endswith(("_regularizer", "_constraint")):
        table = REGULARIZERS if key.endswith("_regularizer") else CONSTRAINTS
        return _named_object(value, table, key, name, who)
    if isinstance(value, dict):
        _refuse_arg(
            who,
            name,
            key,
            f"`{key}` holds a serialised Python object ({value.get('class_name', 'dict')}); "
            "only plain values (numbers, strings, lists) are accepted",
            f"`{key}` содержит сериализованный объект Python ({value.get('class_name', 'dict')}); "
            "принимаются только простые значения (числа, строки, списки)",
        )
    if key == "axis" and isinstance(value, list) and len(value) == 1:
        return value[0]  # tf.keras 2 normalisation layers wrote axis=-1 as [-1] (or the positive axis)
    return value


def _initializer(value: Any, key: str, name: str, who: tuple[str, str]) -> Any:
    if value is None or isinstance(value, str):
        return INITIALIZER_ALIASES.get(value, value) if isinstance(value, str) else value
    if not isinstance(value, dict):
        _refuse_arg(
            who,
            name,
            key,
            f"cannot read the initializer {_short(value)}",
            f"не удаётся прочитать инициализатор {_short(value)}",
        )
    class_name, config = _object_parts(value, key, name, who)
    if class_name == "VarianceScaling":
        rest = {k: v for k, v in config.items() if k not in ("scale", "mode", "distribution")}
        setting = (config.get("scale", 1.0), config.get("mode"), config.get("distribution"))
        found = next((n for s, n in VARIANCE_SCALING.items() if _same(list(setting), list(s))), None)
        if found and all(v is None for v in rest.values()):
            return found
    elif class_name in INITIALIZER_DEFAULTS and _default_ish(config, INITIALIZER_DEFAULTS[class_name]):
        return snake_case(class_name)
    _refuse_settings(who, name, key, class_name, config, "initializers")


def _named_object(value: Any, table: dict, key: str, name: str, who: tuple[str, str]) -> Any:
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, dict):
        _refuse_arg(who, name, key, f"cannot read {_short(value)}", f"не удаётся прочитать {_short(value)}")
    class_name, config = _object_parts(value, key, name, who)
    if class_name in table and _default_ish(config, table[class_name][1]):
        return table[class_name][0]
    kind = "regularizers" if key.endswith("_regularizer") else "constraints"
    _refuse_settings(who, name, key, class_name, config, kind)


def _object_parts(value: dict, key: str, name: str, who: tuple[str, str]) -> tuple[str, dict]:
    class_name = value.get("class_name")
    if value.get("module") not in OBJECT_MODULES or value.get("registered_name") not in (None, class_name):
        _refuse_arg(
            who,
            name,
            key,
            f"`{key}` is a custom object ({value.get('registered_name') or value.get('module')}); "
            "only Keras's own are accepted",
            f"`{key}` — пользовательский объект ({value.get('registered_name') or value.get('module')}); "
            "принимаются только объекты самого Keras",
        )
    config = value.get("config") or {}
    if not isinstance(class_name, str) or not isinstance(config, dict):
        _refuse_arg(who, name, key, f"cannot read {_short(value)}", f"не удаётся прочитать {_short(value)}")
    return class_name, config


def _default_ish(config: dict, defaults: dict) -> bool:
    """Every setting is the one the name implies, or unset (seed: null)."""
    return all(
        _same(value, defaults[k]) if k in defaults else value is None or (k == "dtype" and value == "float32")
        for k, value in config.items()
    )


def _nested(value: Any, name: str, who: tuple[str, str]) -> dict:
    """The layer a wrapper holds (the argument its ``wrapper`` names), as ``{"type", "args"}``."""
    layer_type = _layer_type(value)
    # Bidirectional sets zero_output_for_mask on the layer it wraps itself (it only matters with masks).
    inner = {k: v for k, v in _config(value).items() if k != "zero_output_for_mask"}
    inner_who = (f"{who[0]}, inner layer {layer_type.name}", f"{who[1]}, внутренний слой {layer_type.name}")
    return {"type": layer_type.name, "args": _args(layer_type, inner, name, inner_who)}


def _check_backward(backward: Any, forward: Any, name: str, who: tuple[str, str]) -> None:
    """Keras 3 writes the backward copy a Bidirectional makes itself; only a different one is refused."""
    if backward is None:
        return
    mirrored = _nested(backward, name, who)
    mirrored["args"].pop("go_backwards", None)
    own = _nested(forward, name, who)
    own["args"].pop("go_backwards", None)
    if mirrored != own:
        _refuse_arg(
            who,
            name,
            "backward_layer",
            "a separate backward_layer is not supported; the backward direction is a copy of `layer`",
            "отдельный backward_layer не поддерживается; обратное направление — копия `layer`",
        )


# Small helpers


def _check_depth(config: dict) -> None:
    """Keras files nest about a dozen levels deep; a deeper one is refused before anything recurses."""
    stack: list[tuple[Any, int]] = [(config, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Invalid(
                f"the model JSON nests deeper than {MAX_DEPTH} levels; Keras never writes that",
                ru=f"JSON модели вложен глубже {MAX_DEPTH} уровней; Keras такого не пишет",
            )
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
        raise Invalid(
            f"layer {name!r} is a custom class registered as {registered!r}; only Keras's own layers are accepted",
            ru=f"слой {name!r} — пользовательский класс, зарегистрированный как {registered!r}; "
            "принимаются только слои самого Keras",
            layer=name,
        )


def _refuse_code(class_name: str, name: Any) -> NoReturn:
    raise Invalid(
        f"layer {name!r} is a {class_name}: Lambda layers run arbitrary code and are not accepted; "
        "rebuild that step from catalogue layers",
        ru=f"слой {name!r} — {class_name}: слои Lambda выполняют произвольный код и не принимаются; "
        "соберите этот шаг из слоёв каталога",
        layer=name,
    )


def _refuse_arg(who: tuple[str, str], name: str, key: str, en: str, ru: str) -> NoReturn:
    raise Invalid(f"{who[0]}: {en}", ru=f"{who[1]}: {ru}", layer=name, arg=key)


def _refuse_settings(who: tuple[str, str], name: str, key: str, class_name: str, config: dict, kind: str) -> NoReturn:
    kind_ru = KINDS_RU[kind]
    _refuse_arg(
        who,
        name,
        key,
        f"`{key}` is {class_name} with settings {_short(config)}; Layer Lab accepts {kind} by name only, "
        "with Keras's default settings",
        f"`{key}` — {class_name} с настройками {_short(config)}; Layer Lab принимает {kind_ru} только "
        "по имени, с настройками Keras по умолчанию",
    )


def _dtype_name(value: Any) -> str | None:
    """``"float32"``, or the policy dict Keras 3 / tf.keras 2.13+ writes around it."""
    if isinstance(value, dict):
        config = value.get("config")
        value = config.get("name") if isinstance(config, dict) else repr(value)
    return value if isinstance(value, str) or value is None else repr(value)


def _same(value: Any, default: Any) -> bool:
    """Equal as Keras means it: ``[1, 1]`` is the default ``1``, ``0.009999999776`` is ``0.01``."""
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
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _clean(raw: str, fallback: str) -> str:
    """A Keras name as a layer-list name: letters, digits and ``_``, starting with a letter."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", raw)[:64]
    if not name or not name[0].isalpha():
        name = (fallback + "_" + name)[:64]
    return name


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
