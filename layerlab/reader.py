"""A live Keras model, read the way Layer Lab imports one: its JSON through ``app.importer``, never a deserialiser.

The model is written out by Keras itself (``to_json()``) and read back as plain data against the catalogue.
A layer the import would refuse (a custom class, a Lambda, an argument Layer Lab does not offer) does not
refuse the whole model here: it becomes an opaque box, an ``Input`` of the shape Keras gave its output, so
that the layers after it still get their shapes and formulas; Layer Lab never runs it (``Reading.runnable``
leaves it, and every layer fed by it, out of the run).
"""

import json
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np
from pydantic import ValidationError

from app import importer, messages
from app.errors import LayerLabError
from app.messages import Text
from app.schemas import ModelSpec


@dataclass
class Opaque:
    """A layer Layer Lab does not build: what Keras says of it, and why the import refuses it."""

    name: str
    type: str
    reason: Text
    output_shape: list
    params: int
    inputs: list[str]
    """The layers it is called on, as a summary row names them (``lstm``, ``lstm:1``)."""


@dataclass
class Reading:
    spec: dict
    """The layer list (``ModelSpec`` shape), an opaque layer standing in it as an ``Input`` of its name."""
    inputs: list[str]
    """The model's own inputs (not the opaque layers' stand-ins), in Keras's order."""
    opaque: dict[str, Opaque] = field(default_factory=dict)
    weights: dict[str, list[np.ndarray]] = field(default_factory=dict)
    """Every layer's actual weights (``layer.get_weights()``), by its name in the layer list."""
    order: list[str] = field(default_factory=list)
    """The layers' names in the model's own order (the layer list puts every ``Input`` first)."""

    def runnable(self) -> dict:
        """The layer list without the opaque layers and the layers they feed (what Layer Lab may run), whose
        outputs are its layers that feed no other (every one traced)."""
        blocked = set(self.opaque)
        kept: list[dict] = []
        for layer in self.spec["layers"]:
            refs = layer.get("inputs") or ([kept[-1]["name"]] if kept and layer["type"] != "Input" else [])
            if layer["name"] in blocked or any(ref.split(":")[0] in blocked for ref in refs):
                blocked.add(layer["name"])
                continue
            kept.append({**layer, "inputs": refs} if refs else layer)
        fed = {ref.split(":")[0] for layer in kept for ref in layer.get("inputs") or []}
        outputs = [layer["name"] for layer in kept if layer["name"] not in fed]
        return {
            **{k: v for k, v in self.spec.items() if k not in ("layers", "outputs")},
            "layers": kept,
            "outputs": outputs,
        }


class Refused(ValueError):
    """Layer Lab cannot read this model (or these numbers); the message says why, in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


def refused(error: LayerLabError) -> Refused:
    return Refused(Text(error.message, error.message_ru or error.message))


def read(model: Any, max_layers: int) -> Reading:
    functional = _functional(model)
    try:
        config = json.loads(functional.to_json())
    except Exception as exc:  # a custom layer's get_config() may raise anything
        raise Refused(messages.text("widget.config", error=str(exc))) from None
    return _read(config, {layer.name: layer for layer in functional.layers}, max_layers)


def read_layer(layer: Any, data: Any, max_layers: int) -> Reading:
    """One layer of a model on its own: a model of an ``Input`` (the shape Keras built the layer for, else the
    data's) and that layer, written as Keras writes a model, without calling the layer on anything."""
    if not isinstance(layer, keras.layers.Layer) or isinstance(layer, keras.Model):
        raise Refused(messages.text("widget.not_a_layer", type=type(layer).__name__))
    try:
        entry = keras.saving.serialize_keras_object(layer)
    except Exception as exc:
        raise Refused(messages.text("widget.config", error=str(exc))) from None
    shape = (entry.get("build_config") or {}).get("input_shape")
    if not isinstance(shape, list) or not shape or isinstance(shape[0], list):
        if data is None:
            raise Refused(messages.text("widget.layer_unbuilt", name=repr(layer.name)))
        shape = [None, *np.shape(data)[1:]]
    dtype = "int32" if data is not None and np.issubdtype(np.asarray(data).dtype, np.integer) else "float32"
    source = f"{layer.name}_input"
    tensor = {
        "class_name": "__keras_tensor__",
        "config": {"shape": shape, "dtype": dtype, "keras_history": [source, 0, 0]},
    }
    config = {
        "module": "keras",
        "class_name": "Functional",
        "config": {
            "name": layer.name,
            "layers": [
                {"class_name": "InputLayer", "config": {"name": source, "batch_shape": shape, "dtype": dtype}},
                {**entry, "name": layer.name, "inbound_nodes": [{"args": [tensor], "kwargs": {}}]},
            ],
            "input_layers": [[source, 0, 0]],
            "output_layers": [[layer.name, 0, k] for k in range(_output_count(layer))],
        },
    }
    return _read(config, {layer.name: layer}, max_layers)


def _output_count(layer: Any) -> int:
    """How many tensors the layer gave where the model called it (an LSTM with return_state: 3)."""
    try:
        output = layer.output
    except (AttributeError, ValueError):  # never called, or called in several places
        return 1
    return len(output) if isinstance(output, (list, tuple)) else 1


def _read(config: dict, layers: dict[str, Any], max_layers: int) -> Reading:
    """``config`` as ``to_json()`` writes it, ``layers`` the live layers by name."""
    opaque: dict[str, Opaque] = {}
    entries = config.get("config", {}).get("layers", [])
    for k, entry in enumerate(entries):
        if not isinstance(entry, dict) or entry.get("class_name") == "InputLayer":
            continue
        reason = importer.refusal(entry)
        if reason is None:
            continue
        name = str(entry.get("name") or entry.get("config", {}).get("name"))
        entries[k] = _stand_in(name, layers[name], reason, _sources(entry), opaque)
    try:
        spec = importer.layer_list(config, max_layers)
        if opaque:
            _keep_connected(spec)
        ModelSpec.model_validate(spec)
    except LayerLabError as exc:
        raise refused(exc) from None
    except ValidationError as exc:
        raise Refused(messages.text("widget.config", error=str(exc.errors()[0]["msg"]))) from None
    by_clean = {importer.clean_name(name): layer for name, layer in layers.items()}
    weights = {}
    for entry in spec["layers"]:
        layer = layers.get(entry["name"]) or by_clean.get(entry["name"])
        if entry["type"] != "Input" and entry["name"] not in opaque and layer is not None and layer.weights:
            weights[entry["name"]] = [np.asarray(w) for w in layer.get_weights()]
    inputs = [entry["name"] for entry in spec["layers"] if entry["type"] == "Input" and entry["name"] not in opaque]
    order = [importer.clean_name(str(entry.get("name") or entry.get("config", {}).get("name"))) for entry in entries]
    return Reading(spec, inputs, opaque, weights, order)


def _functional(model: Any) -> keras.Model:
    if isinstance(model, keras.layers.Layer) and not isinstance(model, keras.Model):
        raise Refused(messages.text("widget.a_layer", type=type(model).__name__))
    if not isinstance(model, keras.Model):
        raise Refused(messages.text("widget.not_a_model", type=type(model).__name__))
    if isinstance(model, keras.Sequential):
        try:
            inputs, outputs = model.inputs, model.outputs
        except (AttributeError, ValueError):
            inputs = outputs = None
        if not inputs:
            raise Refused(messages.text("widget.unbuilt", name=model.name))
        return keras.Model(inputs, outputs, name=model.name)
    return model


def _keep_connected(spec: dict) -> None:
    """A layer that fed only an opaque one leads to no output of the layer list any more: it becomes one."""
    layers = spec["layers"]
    fed: set[str] = set()
    for k, layer in enumerate(layers):
        refs = layer.get("inputs") or ([layers[k - 1]["name"]] if k and layer["type"] != "Input" else [])
        fed.update(ref.split(":")[0] for ref in refs)
    outputs = spec.get("outputs") or [layers[-1]["name"]]
    ends = [layer["name"] for layer in layers if layer["name"] not in fed and layer["type"] != "Input"]
    spec["outputs"] = outputs + [name for name in ends if name not in {ref.split(":")[0] for ref in outputs}]


def _sources(entry: dict) -> list[str]:
    """The tensors a layer was called on, from the ``keras_history`` of each in its JSON."""
    found: list[str] = []
    stack = [entry.get("inbound_nodes")]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            history = (
                value.get("config", {}).get("keras_history") if value.get("class_name") == "__keras_tensor__" else None
            )
            if isinstance(history, list) and len(history) == 3:
                name, k = importer.clean_name(str(history[0])), history[2]
                found.append(f"{name}:{k}" if k else name)
            else:
                stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return found


def _stand_in(name: str, layer: Any, reason: LayerLabError, inputs: list[str], opaque: dict[str, Opaque]) -> dict:
    """An ``Input`` of the opaque layer's name and output shape, as Keras writes one."""
    output = layer.output
    if isinstance(output, (list, tuple)):
        raise Refused(messages.text("widget.opaque_outputs", name=repr(name), type=type(layer).__name__))
    shape = [None if d is None else int(d) for d in output.shape]
    opaque[importer.clean_name(name)] = Opaque(
        name=importer.clean_name(name),
        type=type(layer).__name__,
        reason=Text(reason.message, reason.message_ru or reason.message),
        output_shape=shape,
        params=int(layer.count_params()) if layer.built else 0,
        inputs=inputs,
    )
    dtype = "int32" if "int" in str(output.dtype) else "float32"
    return {"class_name": "InputLayer", "config": {"name": name, "batch_shape": shape, "dtype": dtype}}
