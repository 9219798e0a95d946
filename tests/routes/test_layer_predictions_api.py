"""Every layer type, run through the API with weights we choose, against the same layer run by Keras directly.

The oracle below builds each sample with plain Keras calls (not the engine), sets the same weights and calls
the model: the API must give the same numbers, so weight order, shapes and input feeding are right.
"""

import keras
import numpy as np
import pytest
from sample_models import SAMPLES, every_type

from app.config import Settings
from app.graph import build_plan
from app.layers import REGISTRY
from app.schemas import ModelSpec

TYPES = sorted(t for t in REGISTRY if t != "Input")


def chosen(shape: tuple[int, ...]) -> np.ndarray:
    """Positive, varied, exactly representable values (a variance must be > 0)."""
    return (0.125 + (np.arange(int(np.prod(shape))) % 7) / 8).reshape(shape).astype("float32")


def fed(shape, dtype: str, input_dim: int | None) -> np.ndarray:
    size = int(np.prod(shape))
    if dtype == "int32":
        return (np.arange(size) % (input_dim or 10)).reshape(shape).astype("int32")
    return ((np.arange(size) % 5) / 4 - 0.3).reshape(shape).astype("float32")


def keras_layer(entry: dict):
    args = {k: v for k, v in entry.get("args", {}).items() if k not in REGISTRY[entry["type"]].call_args}
    wrapper = REGISTRY[entry["type"]].wrapper
    if wrapper is not None:
        inner = args.pop(wrapper)
        args[wrapper] = getattr(keras.layers, inner["type"])(**inner.get("args", {}))
    return getattr(keras.layers, entry["type"])(**args)


def keras_outputs(spec: dict, arrays: list[np.ndarray], weights: dict[str, list[np.ndarray]], names: list[str]):
    tensors: dict[str, list] = {}
    inputs = []

    def pick(ref: str) -> list:
        name, _, k = ref.partition(":")
        return tensors[name] if not k else [tensors[name][int(k)]]

    for position, (entry, name) in enumerate(zip(spec["layers"], names)):
        if entry["type"] == "Input":
            shape = entry["args"]["shape"]
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            tensors[name] = [keras.Input(shape=shape, dtype=entry["args"].get("dtype", "float32"))]
            inputs.append(tensors[name][0])
            continue
        layer = keras_layer(entry)
        sources = [t for ref in entry.get("inputs", [names[position - 1]]) for t in pick(ref)]
        kind = REGISTRY[entry["type"]]
        call = {k: v for k, v in entry.get("args", {}).items() if k in kind.call_args}
        if kind.spread_inputs:
            out = layer(*sources, **call)
        else:
            out = layer(sources if kind.max_inputs != 1 else sources[0], **call)
        tensors[name] = list(out) if isinstance(out, (list, tuple)) else [out]
        if name in weights:
            layer.set_weights(weights[name])
            if hasattr(layer, "finalize_state"):  # as Keras loads weights (Normalization reads them here)
                layer.finalize_state()
    outputs = [t for ref in spec.get("outputs", [names[-1]]) for t in pick(ref)]
    model = keras.Model(inputs if len(inputs) > 1 else inputs[0], outputs)
    out = model(arrays if len(arrays) > 1 else arrays[0], training=False)
    return [np.asarray(o) for o in (out if isinstance(out, (list, tuple)) else [out])]


@pytest.mark.parametrize("type_name", TYPES)
def test_the_api_gives_keras_numbers_with_given_weights(keras_api, type_name):
    spec = every_type()[type_name]
    plan = build_plan(ModelSpec.model_validate(spec), Settings())
    names = [n.name for n in plan.nodes]
    weights = {n.name: [chosen(w.shape) for w in n.info.weights] for n in plan.nodes if n.info.weights}
    embedding = next((n.args.input_dim for n in plan.nodes if n.type == "Embedding"), None)
    arrays = [fed((2, *plan.node(i).info.outputs[0][1:]), plan.node(i).args.dtype, embedding) for i in plan.inputs]

    body = {
        "model": spec,
        "inputs": [a.tolist() for a in arrays] if len(arrays) > 1 else arrays[0].tolist(),
        "weights": {k: [w.tolist() for w in v] for k, v in weights.items()},
    }
    answer = keras_api.post("/api/models/predict", json=body)
    assert answer.status_code == 200, answer.text
    served = [np.asarray(o["data"], dtype="float32") for o in answer.json()["outputs"]]

    expected = keras_outputs(spec, arrays, weights, names)
    assert len(served) == len(expected)
    for got, want in zip(served, expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_a_traced_normalization_sends_its_scalar_count(keras_api):
    """Normalization's third weight, ``count``, has shape (): it travels as a plain number."""
    body = {"model": SAMPLES["Normalization"], "inputs": chosen((1, 4, 3)).tolist(), "trace": True}
    answer = keras_api.post("/api/models/predict", json=body)
    assert answer.status_code == 200, answer.text
    (layer,) = [t for t in answer.json()["trace"] if t["type"] == "Normalization"]
    assert [(w["name"], w["shape"]) for w in layer["weights"]] == [
        ("mean", [4, 3]),
        ("variance", [4, 3]),
        ("count", []),
    ]
    assert layer["weights"][2]["data"] == 0
    np.testing.assert_allclose(layer["outputs"][0]["data"], chosen((1, 4, 3)))  # mean 0, variance 1


def test_normalization_follows_new_weights_on_a_kept_model(keras_api):
    """The same model run again with other weights (the worker keeps it, and may compile its call) uses them."""
    x = chosen((1, 4, 3))
    for k in range(4):
        mean, variance = np.full((4, 3), k, "float32"), np.full((4, 3), (k + 1) ** 2, "float32")
        weights = {"normalization": [mean.tolist(), variance.tolist(), 0]}
        body = {"model": SAMPLES["Normalization"], "inputs": x.tolist(), "weights": weights, "seed": k % 2}
        answer = keras_api.post("/api/models/predict", json=body)
        assert answer.status_code == 200, answer.text
        np.testing.assert_allclose(answer.json()["outputs"][0]["data"], (x - mean) / (k + 1), rtol=1e-6)
