"""keras.applications architectures, as their own ``to_json()`` writes them (``weights=None``: nothing is
downloaded), imported and checked against Keras: every row of Keras's summary (the operations, in order) has
the same name, output shape and parameter count in the plan, and so do the totals. Those that use a class
Keras keeps inside its applications are refused, naming it."""

import json
from functools import cache

import numpy as np
import pytest

from app.config import Settings
from app.errors import Invalid
from app.graph import build_plan
from app.importer import layer_list
from app.schemas import ModelSpec

ACCEPTED = [
    "MobileNet",
    "MobileNetV2",
    "MobileNetV3Small",
    "EfficientNetB0",
    "EfficientNetV2B0",
    "VGG16",
    "ResNet50",
    "InceptionV3",
    "Xception",
    "DenseNet121",
]
DEFAULTS_OPEN = {"MobileNet", "MobileNetV2", "MobileNetV3Small", "ResNet50", "InceptionV3", "Xception", "DenseNet121"}
"""Their summaries fit the default limits; VGG16 (138 M parameters) needs LAYERLAB_MAX_SUMMARY_PARAMS raised."""
BIG = Settings(max_summary_params=10**9)


@cache
def application(name: str):
    """The Keras model and its JSON; built once per session (DenseNet121 takes seconds)."""
    from app import engine

    engine.keras.backend.clear_session()
    model = getattr(engine.keras.applications, name)(weights=None)
    return model, json.loads(model.to_json())


def shape(tensor) -> tuple:
    return tuple(None if d is None else int(d) for d in tensor.shape)


@pytest.mark.parametrize("name", ACCEPTED)
def test_an_application_imports_with_kerass_names_shapes_and_counts(name):
    model, config = application(name)
    spec = layer_list(config, BIG.max_summary_layers)
    plan = build_plan(ModelSpec.model_validate(spec), BIG)
    rows = [op for op in model.operations]
    assert [n.name for n in plan.nodes] == [op.name for op in rows]
    for node, op in zip(plan.nodes, rows, strict=True):
        outputs = op.output if isinstance(op.output, (list, tuple)) else [op.output]
        assert node.info.outputs == [shape(t) for t in outputs], node.name
        params = op.count_params() if hasattr(op, "count_params") else 0
        assert node.info.params == params, (node.name, node.info.param_formula)
        if node.type != "Input" and type(op).__module__.startswith("keras.src.layers"):
            assert node.type == type(op).__name__, node.name
    assert plan.total_params == model.count_params()
    trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    assert plan.trainable_params == trainable
    assert [list(s) for s in plan.output_shapes()] == [list(shape(t)) for t in model.outputs]
    if name in DEFAULTS_OPEN:
        build_plan(ModelSpec.model_validate(spec), Settings())


def test_operations_on_a_number_become_rescaling_with_the_same_name():
    """MobileNetV3's hard sigmoid is ReLU6(x + 3) · (1/6): Keras records ``+ 3`` and ``· (1/6)`` as operations."""
    _, config = application("MobileNetV3Small")
    layers = {layer["name"]: layer for layer in layer_list(config, 1000)["layers"]}
    assert layers["add"]["type"] == "Rescaling" and layers["add"]["args"] == {"scale": 1.0, "offset": 3.0}
    assert layers["multiply"]["type"] == "Rescaling" and layers["multiply"]["args"] == {"scale": 1 / 6}


@pytest.mark.parametrize("name", ["ResNet50", "EfficientNetB0", "MobileNetV3Small"])
def test_the_summary_route_gives_kerass_summary_with_the_default_settings(keras_api, name):
    model, config = application(name)
    imported = keras_api.post("/api/models/import", json=config)
    assert imported.status_code == 200, imported.text
    summary = keras_api.post("/api/models/summary", json=imported.json())
    assert summary.status_code == 200, summary.text
    body = summary.json()
    rows = [
        (op.name, list(shape(op.output)), op.count_params() if hasattr(op, "count_params") else 0)
        for op in model.operations
    ]
    assert [(row["name"], row["output_shape"], row["params"]) for row in body["layers"]] == rows
    assert body["total_params"] == model.count_params()
    inputs = np.zeros((1, 224, 224, 3), "float32").tolist()
    predicted = keras_api.post("/api/models/predict", json={"model": imported.json(), "inputs": inputs})
    assert predicted.status_code == 422
    assert f"{len(rows)} layers; the limit for a prediction is 100" in predicted.json()["error"]


def test_efficientnets_initializers_are_built_with_their_settings():
    """EfficientNet's kernels start from VarianceScaling(2.0, fan_out, truncated_normal): no name says that."""
    from app import engine

    _, config = application("EfficientNetB0")
    spec = layer_list(config, 1000)
    stem = next(layer for layer in spec["layers"] if layer["name"] == "stem_conv")
    settings = {"scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal"}
    assert stem["args"]["kernel_initializer"] == {"class_name": "VarianceScaling", "config": settings}
    plan = build_plan(ModelSpec.model_validate({"layers": spec["layers"][:5]}), Settings())
    model, _ = engine.build(plan.wire())
    initializer = model.get_layer("stem_conv").kernel_initializer
    assert type(initializer).__name__ == "VarianceScaling"
    assert {k: initializer.get_config()[k] for k in settings} == settings


@pytest.mark.parametrize(("name", "class_name"), [("ConvNeXtTiny", "LayerScale")])
def test_an_application_with_a_class_of_its_own_is_refused_naming_it(name, class_name):
    _, config = application(name)
    with pytest.raises(Invalid) as caught:
        layer_list(config, 1000)
    assert f"is {class_name}, a class Keras defines inside keras.applications" in caught.value.message
    assert class_name in caught.value.message_ru and "keras.applications" in caught.value.message_ru


def transformer_block():
    """A Transformer encoder block as keras.io writes it: self-attention (causal), residual, normalisation,
    a feed-forward pair, residual, normalisation."""
    from app import engine

    keras = engine.keras
    keras.backend.clear_session()
    words = keras.Input((6, 8), name="words")
    attended = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4, name="attention")(
        words, words, use_causal_mask=True
    )
    x = keras.layers.LayerNormalization(name="norm_1")(keras.layers.Add(name="residual_1")([words, attended]))
    y = keras.layers.Dense(16, activation="relu", name="feed_forward")(x)
    y = keras.layers.Dense(8, name="back")(y)
    out = keras.layers.LayerNormalization(name="norm_2")(keras.layers.Add(name="residual_2")([x, y]))
    return keras.Model(words, out, name="encoder_block")


def test_a_transformer_block_imports_and_predicts_as_keras(keras_api):
    model = transformer_block()
    imported = keras_api.post("/api/models/import", json=json.loads(model.to_json()))
    assert imported.status_code == 200, imported.text
    spec = imported.json()
    attention = next(layer for layer in spec["layers"] if layer["name"] == "attention")
    assert attention["args"] == {"num_heads": 2, "key_dim": 4, "use_causal_mask": True}
    assert attention["inputs"] == ["words", "words"]
    summary = keras_api.post("/api/models/summary", json=spec).json()
    assert [(row["name"], row["params"]) for row in summary["layers"]] == [
        (layer.name, layer.count_params()) for layer in model.layers
    ]
    rng = np.random.default_rng(0)
    weights = {
        layer.name: [rng.normal(size=w.shape).astype("float32") for w in layer.weights]
        for layer in model.layers
        if layer.weights
    }
    for name, values in weights.items():
        model.get_layer(name).set_weights(values)
    x = rng.normal(size=(2, 6, 8)).astype("float32")
    body = {"model": spec, "inputs": x.tolist(), "weights": {k: [w.tolist() for w in v] for k, v in weights.items()}}
    answer = keras_api.post("/api/models/predict", json=body)
    assert answer.status_code == 200, answer.text
    expected = np.asarray(model(x))
    np.testing.assert_allclose(answer.json()["outputs"][0]["data"], expected, rtol=1e-4, atol=1e-5)
