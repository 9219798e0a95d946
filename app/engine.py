"""Builds and runs real Keras models from a checked plan. Runs only inside worker processes.

The plan has already passed the allow-list, the argument checks and the limits (``app.graph``), so this
module only calls Keras layer classes with plain keyword arguments: nothing from the request is ever
deserialised by Keras. A prediction seeds Keras first, so the same request gives the same numbers in
any worker, before or after a restart.
"""

import io
import os
from collections.abc import Collection
from contextlib import redirect_stdout
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from .errors import strip_ansi  # noqa: E402
from .window import cut, tensor_name  # noqa: E402

CLEAR_EVERY = 200
"""Tasks between Keras state resets. ``clear_session()`` makes the next builds slower and its garbage
collection costs ~170 ms, while skipping it grows a worker by only ~10 kB per model: reset now and then."""

_tasks = 0


def _make_layer(type_name: str, name: str | None, kwargs: dict[str, Any], wrapper: str | None = None):
    """A Keras layer; ``wrapper``: the argument that holds a wrapped layer's ``{"type", "kwargs"}``."""
    kwargs = dict(kwargs)
    if wrapper is not None:
        inner = kwargs[wrapper]
        kwargs[wrapper] = _make_layer(inner["type"], None, inner["kwargs"])
    if name is not None:
        kwargs["name"] = name
    return getattr(keras.layers, type_name)(**kwargs)


def _next_task() -> None:
    global _tasks
    _tasks += 1
    if _tasks % CLEAR_EVERY == 0:
        keras.backend.clear_session()


def build(plan: dict, seed: int | None = None) -> tuple[keras.Model, dict[str, list]]:
    """The functional model of a plan, and every layer's output tensors by layer name.

    With a seed, the initial weights are the same in any worker, before or after a restart; seeding
    slows building (~12 ms), so a summary, which reads no weights, builds without one.
    """
    _next_task()
    if seed is not None:
        keras.utils.set_random_seed(seed)
    tensors: dict[str, list] = {}
    for entry in plan["layers"]:
        name, kwargs = entry["name"], entry["kwargs"]
        if entry["type"] == "Input":
            shape = kwargs["shape"]
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            tensors[name] = [keras.Input(shape=shape, dtype=kwargs.get("dtype", "float32"), name=name)]
            continue
        layer = _make_layer(entry["type"], name, kwargs, entry.get("wrapper"))
        ins = [t for ref in entry["inputs"] for t in _pick(tensors, ref)]
        out = layer(ins if entry["takes_list"] else ins[0])
        tensors[name] = list(out) if isinstance(out, (list, tuple)) else [out]
    inputs = [tensors[name][0] for name in plan["inputs"]]
    outputs = [t for ref in plan["outputs"] for t in _pick(tensors, ref)]
    model = keras.Model(
        inputs=inputs[0] if len(inputs) == 1 else inputs,
        outputs=outputs[0] if len(outputs) == 1 else outputs,
        name=plan["name"],
    )
    return model, tensors


def _pick(tensors: dict[str, list], ref) -> list:
    name, k = ref
    return tensors[name] if k is None else [tensors[name][k]]


def _shape(tensor) -> list:
    return [None if d is None else int(d) for d in tensor.shape]


def summary(plan: dict) -> dict:
    """What Keras itself says of the model: each layer's output shape and counts, and its summary text."""
    model, tensors = build(plan)
    layers = []
    for entry in plan["layers"]:
        layer = model.get_layer(entry["name"])
        shapes = [_shape(t) for t in tensors[entry["name"]]]
        layers.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "output_shape": shapes[0] if len(shapes) == 1 else shapes,
                "params": int(layer.count_params()),
                "trainable_params": int(sum(np.prod(w.shape) for w in layer.trainable_weights)),
            }
        )
    trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    total = int(model.count_params())
    return {
        "layers": layers,
        "total_params": total,
        "trainable_params": trainable,
        "non_trainable_params": total - trainable,
        "text": summary_text(model),
    }


def summary_text(model: keras.Model) -> str:
    lines: list[str] = []
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        model.summary(print_fn=lambda text, line_break=True: lines.append(text))
    return strip_ansi("\n".join(lines)).rstrip() + "\n"


def predict(
    plan: dict,
    inputs: list[np.ndarray],
    weights: dict[str, list[np.ndarray]],
    seed: int,
    trace: Collection[str] = (),
    windows: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
) -> dict:
    """Run the model once on the data (``model(x)``, not ``predict``: no per-call setup cost).

    ``trace`` names the layers whose outputs and weights come back too; ``windows`` the part of each big tensor
    that is sent (cut out here, so only that part crosses the process boundary)."""
    model, tensors = build(plan, seed)
    for name, values in weights.items():
        model.get_layer(name).set_weights(values)
    feed = inputs[0] if len(inputs) == 1 else inputs
    windows = windows or {}

    def sent(name: str, value) -> np.ndarray:
        array = value.numpy() if hasattr(value, "numpy") else value
        return _array(cut(array, *windows[name]) if name in windows else array)

    if not trace:
        result = model(feed, training=False)
        results = result if isinstance(result, (list, tuple)) else [result]
        names = [
            tensor_name(name, k, len(tensors[name])) for name, pick in plan["outputs"] for k in _ks(tensors, name, pick)
        ]
        return {"outputs": [sent(n, r) for n, r in zip(names, results)]}
    flat = [t for name in trace for t in tensors[name]]
    output_refs = [(name, k) for name, pick in plan["outputs"] for k in _ks(tensors, name, pick)]
    extra = [tensors[name][k] for name, k in output_refs if name not in trace]
    probe = keras.Model(inputs=model.inputs[0] if len(model.inputs) == 1 else model.inputs, outputs=flat + extra)
    values = probe(feed, training=False)
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    by_layer: dict[str, list] = {}
    position = 0
    for name in trace:
        count = len(tensors[name])
        by_layer[name] = values[position : position + count]
        position += count
    rest = iter(values[position:])
    outputs = [
        sent(tensor_name(name, k, len(tensors[name])), by_layer[name][k] if name in by_layer else next(rest))
        for name, k in output_refs
    ]
    layers = []
    for entry in plan["layers"]:
        if entry["name"] not in by_layer:
            continue
        name = entry["name"]
        layer = model.get_layer(name)
        # the plan's names (`kernel`, `forward/kernel`): Keras's paths repeat the layer name and lose direction
        labels = entry.get("weights") or []
        if len(labels) != len(layer.weights):
            labels = [w.path.split("/")[-1] for w in layer.weights]
        count = len(by_layer[name])
        layers.append(
            {
                "name": name,
                "type": type(layer).__name__,
                "outputs": [sent(tensor_name(name, k, count), v) for k, v in enumerate(by_layer[name])],
                "weights": [(label, sent(f"{name}/{label}", w.numpy())) for label, w in zip(labels, layer.weights)],
            }
        )
    return {"outputs": outputs, "trace": layers}


def _ks(tensors: dict[str, list], name: str, pick: int | None) -> range | list[int]:
    return range(len(tensors[name])) if pick is None else [pick]


def _array(value) -> np.ndarray:
    return np.ascontiguousarray(keras.ops.convert_to_numpy(value))


def run(task: dict) -> dict:
    """The worker's entry point: one task in, plain data out; a Keras refusal becomes ``{"error": ...}``."""
    try:
        if task["kind"] == "summary":
            return summary(task["plan"])
        if task["kind"] == "predict":
            return predict(task["plan"], task["inputs"], task["weights"], task["seed"], task["trace"], task["windows"])
        if task["kind"] == "ping":
            return {"pid": os.getpid()}
        raise ValueError(f"unknown task kind {task['kind']!r}")
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        return {"error": strip_ansi(str(exc)).strip()}
    except Exception as exc:  # TensorFlow's own errors (e.g. InvalidArgumentError) carry the user's mistake too
        return {"error": strip_ansi(getattr(exc, "message", None) or str(exc)).strip()}


def warm_up() -> None:
    """Pay the first-model costs (graph tracing, kernel selection) before the first request does."""
    plan = {
        "name": "warm",
        "layers": [
            {"name": "i", "type": "Input", "kwargs": {"shape": [4, 4, 1]}, "inputs": [], "takes_list": False},
            {
                "name": "c",
                "type": "Conv2D",
                "kwargs": {"filters": 1, "kernel_size": 2},
                "inputs": [("i", None)],
                "takes_list": False,
            },
            {"name": "f", "type": "Flatten", "kwargs": {}, "inputs": [("c", None)], "takes_list": False},
            {"name": "d", "type": "Dense", "kwargs": {"units": 1}, "inputs": [("f", None)], "takes_list": False},
        ],
        "inputs": ["i"],
        "outputs": [("d", None)],
    }
    summary(plan)
    predict(plan, [np.zeros((1, 4, 4, 1), "float32")], {}, 0, ["i", "c", "f", "d"], {})
