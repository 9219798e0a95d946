"""Hostile layer lists and Keras files: each refused with a 4xx in the one error shape, nothing built or read."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from hostile_kit import assert_refused, assert_refused_before_keras, model
from keras_json import dense, functional_with

CODE = {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAAAAAAAAEAAAADAAAA"}}
EVAL = {"module": "builtins", "class_name": "function", "config": "eval", "registered_name": "function"}

HOSTILE_LAYERS = {
    "lambda": ({"type": "Lambda", "args": {"function": CODE}}, "unknown type 'Lambda'"),
    "lambda with a module": (
        {"type": "Lambda", "module": "keras.layers", "args": {"function": CODE}},
        "module",
    ),
    "lambda as a keras class path": ({"type": "keras.layers.Lambda", "args": {}}, "unknown type"),
    "tf op lambda": ({"type": "TFOpLambda", "args": {"function": "math.add"}}, "unknown type 'TFOpLambda'"),
    "a module beside the type": ({"type": "Dense", "module": "os", "args": {"units": 2}}, "module"),
    "a registered name": ({"type": "Dense", "registered_name": "evil>Dense", "args": {"units": 2}}, "registered_name"),
    "keras's own layer format": ({"class_name": "Dense", "config": {"units": 2}}, "type"),
    "a class path as the type": ({"type": "keras.src.layers.core.dense.Dense", "args": {"units": 2}}, "unknown type"),
    "a python callable as the type": ({"type": "os.system", "args": {}}, "unknown type"),
    "a dunder as the type": ({"type": "__class__", "args": {}}, "unknown type"),
    "initializer config": (
        {
            "type": "Dense",
            "args": {"units": 2, "kernel_initializer": {"class_name": "Constant", "config": {"value": 9}}},
        },
        "kernel_initializer",
    ),
    "initializer by module path": (
        {"type": "Dense", "args": {"units": 2, "kernel_initializer": "keras.initializers.Constant"}},
        "kernel_initializer",
    ),
    "regularizer config": (
        {"type": "Dense", "args": {"units": 2, "kernel_regularizer": {"class_name": "L2", "config": {"l2": 1e9}}}},
        "kernel_regularizer",
    ),
    "constraint config": (
        {"type": "Dense", "args": {"units": 2, "kernel_constraint": {"class_name": "MaxNorm", "config": {}}}},
        "kernel_constraint",
    ),
    "activation as a serialised function": ({"type": "Dense", "args": {"units": 2, "activation": EVAL}}, "activation"),
    "activation by name of a builtin": ({"type": "Dense", "args": {"units": 2, "activation": "eval"}}, "activation"),
    "embedding initializer config": (
        {
            "type": "Embedding",
            "args": {"input_dim": 5, "output_dim": 2, "embeddings_initializer": {"class_name": "Constant"}},
        },
        "embeddings_initializer",
    ),
    "string lookup with a vocabulary file": (
        {"type": "StringLookup", "args": {"vocabulary": "/etc/passwd"}},
        "unknown type 'StringLookup'",
    ),
    "integer lookup with a vocabulary url": (
        {"type": "IntegerLookup", "args": {"vocabulary": "https://example.com/vocab.txt"}},
        "unknown type 'IntegerLookup'",
    ),
    "text vectorization": ({"type": "TextVectorization", "args": {"vocabulary": "/etc/passwd"}}, "unknown type"),
    "saved model layer": (
        {"type": "TFSMLayer", "args": {"filepath": "/tmp/model", "call_endpoint": "serve"}},
        "unknown type 'TFSMLayer'",
    ),
    "a file argument on a catalogue layer": (
        {"type": "Dense", "args": {"units": 2, "filepath": "/etc/passwd"}},
        "filepath",
    ),
    "weights from a file": ({"type": "Dense", "args": {"units": 2, "weights": "/etc/passwd"}}, "weights"),
    "a nested lambda": ({"type": "Bidirectional", "args": {"layer": {"type": "Lambda", "args": {}}}}, "layer"),
    "a nested layer with a module": (
        {"type": "Bidirectional", "args": {"layer": {"type": "LSTM", "module": "os", "args": {"units": 2}}}},
        "layer",
    ),
    "a nested layer in keras format": (
        {"type": "Bidirectional", "args": {"layer": {"class_name": "LSTM", "config": {"units": 2}}}},
        "layer",
    ),
    "a layer's dtype": ({"type": "Dense", "args": {"units": 2, "dtype": "float64"}}, "dtype"),
    "a mixed precision policy": ({"type": "Dense", "args": {"units": 2, "dtype": "mixed_float16"}}, "dtype"),
    "a dtype policy object": (
        {"type": "Dense", "args": {"units": 2, "dtype": {"class_name": "DTypePolicy", "config": {"name": "float64"}}}},
        "dtype",
    ),
    "channels first": ({"type": "Dense", "args": {"units": 2, "data_format": "channels_first"}}, "data_format"),
    "a name inside args": ({"type": "Dense", "args": {"units": 2, "name": "../../etc"}}, "name"),
}


@pytest.mark.parametrize("key", list(HOSTILE_LAYERS))
@pytest.mark.parametrize("endpoint", ["summary", "code"])
def test_a_hostile_layer_is_refused_before_keras_sees_it(api, key, endpoint):
    layer, words = HOSTILE_LAYERS[key]
    body = model(layer) if endpoint == "summary" else {"model": model(layer)}
    response = api.post(f"/api/models/{endpoint}", json=body)
    assert_refused_before_keras(response, words)
    assert "root:" not in response.text  # nothing read from the file it named


@pytest.mark.parametrize("key", ["lambda", "string lookup with a vocabulary file", "a mixed precision policy"])
def test_a_hostile_layer_is_refused_by_predict_too(api, key):
    layer, words = HOSTILE_LAYERS[key]
    assert_refused_before_keras(
        api.post("/api/models/predict", json={"model": model(layer), "inputs": [1, 2, 3]}), words
    )


GLOBAL_SETTINGS = {
    "floatx in the model": model({"type": "Dense", "args": {"units": 1}}, floatx="float64"),
    "image data format in the model": model(
        {"type": "Dense", "args": {"units": 1}}, image_data_format="channels_first"
    ),
    "epsilon in the model": model({"type": "Dense", "args": {"units": 1}}, epsilon=0.5),
    "backend in the model": model({"type": "Dense", "args": {"units": 1}}, backend="jax"),
    "a float64 input": {
        "layers": [
            {"type": "Input", "args": {"shape": [3], "dtype": "float64"}},
            {"type": "Dense", "args": {"units": 1}},
        ]
    },
    "a float16 input": {
        "layers": [
            {"type": "Input", "args": {"shape": [3], "dtype": "float16"}},
            {"type": "Dense", "args": {"units": 1}},
        ]
    },
    "a string input": {
        "layers": [
            {"type": "Input", "args": {"shape": [3], "dtype": "string"}},
            {"type": "Dense", "args": {"units": 1}},
        ]
    },
    "a sparse input": {
        "layers": [{"type": "Input", "args": {"shape": [3], "sparse": True}}, {"type": "Dense", "args": {"units": 1}}]
    },
    "an input with a fixed huge batch": {
        "layers": [
            {"type": "Input", "args": {"shape": [3], "batch_size": 10**9}},
            {"type": "Dense", "args": {"units": 1}},
        ]
    },
}


@pytest.mark.parametrize("key", list(GLOBAL_SETTINGS))
def test_an_attempt_to_change_keras_settings_is_refused(api, key):
    assert_refused_before_keras(api.post("/api/models/summary", json=GLOBAL_SETTINGS[key]))


@pytest.mark.parametrize(
    "setting", [{"floatx": "float64"}, {"keras_config": {"floatx": "float16"}}, {"dtype": "float64"}]
)
def test_a_predict_request_cannot_carry_settings(api, setting):
    body = {"model": model({"type": "Dense", "args": {"units": 1}}), "inputs": [1, 2, 3], **setting}
    assert_refused(api.post("/api/models/predict", json=body), 422, next(iter(setting)))


def test_the_workers_still_compute_in_float32_after_every_attempt(api):
    """1 + 2**-30 is 1.0000000009313226 in float64 and exactly 1.0 in float32 (whose step at 1 is 2**-23)."""
    for body in GLOBAL_SETTINGS.values():
        api.post("/api/models/summary", json=body)
    for _, (layer, _) in HOSTILE_LAYERS.items():
        api.post("/api/models/summary", json=model(layer))
    probe = {
        "layers": [
            {"type": "Input", "name": "x", "args": {"shape": [1]}},
            {"type": "Dense", "name": "d", "args": {"units": 1}},
        ]
    }

    def run(seed: int) -> float:
        # distinct seeds: distinct answers, not one cached; several at once, so both workers answer
        body = {"model": probe, "inputs": [[1.0]], "weights": {"d": [[[1.0]], [2.0**-30]]}, "seed": seed}
        response = api.post("/api/models/predict", json=body)
        assert response.status_code == 200, response.text
        return response.json()["outputs"][0]["data"][0][0]

    with ThreadPoolExecutor(8) as pool:
        outputs = list(pool.map(run, range(1000, 1016)))
    assert outputs == [1.0] * 16


# The same through /api/models/import: Keras's own to_json() format, never handed to a Keras deserialiser.


def tf_keras_2_lambda() -> dict:
    """A tf.keras 2 file: no `module` keys, the Lambda's code as marshalled bytes."""
    return {
        "class_name": "Functional",
        "config": {
            "name": "m",
            "layers": [
                {
                    "class_name": "InputLayer",
                    "name": "i",
                    "config": {"batch_input_shape": [None, 4], "name": "i"},
                    "inbound_nodes": [],
                },
                {
                    "class_name": "Lambda",
                    "name": "l",
                    "config": {"name": "l", "function": ["4wEAAAAA", None, None], "function_type": "lambda"},
                    "inbound_nodes": [[["i", 0, 0, {}]]],
                },
            ],
            "input_layers": [["i", 0, 0]],
            "output_layers": [["l", 0, 0]],
        },
        "keras_version": "2.15.0",
        "backend": "tensorflow",
    }


def policy(name: str) -> dict:
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": name}, "registered_name": None}


HOSTILE_FILES = {
    "lambda": (functional_with({"class_name": "Lambda", "config": {"name": "l", "function": CODE}}), "Lambda"),
    "lambda without a module": (tf_keras_2_lambda(), "Lambda"),
    "a custom registered class": (
        functional_with(
            {"class_name": "MyDense", "registered_name": "pkg>MyDense", "config": {"name": "d", "units": 2}}
        ),
        "pkg>MyDense",
    ),
    "a class path in the module": (functional_with({**dense(), "module": "my_project.evil"}), "my_project.evil"),
    "a subclassed model": (
        {"module": "evil", "class_name": "Evil", "config": {}, "registered_name": "x>Evil"},
        "Functional",
    ),
    "initializer with settings": (
        functional_with(
            dense(
                kernel_initializer={
                    "module": "keras.initializers",
                    "class_name": "RandomNormal",
                    "config": {"stddev": 9.0},
                }
            )
        ),
        "kernel_initializer",
    ),
    "regularizer with settings": (
        functional_with(
            dense(kernel_regularizer={"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.5}})
        ),
        "kernel_regularizer",
    ),
    "constraint from another module": (
        functional_with(dense(kernel_constraint={"module": "evil.constraints", "class_name": "MaxNorm", "config": {}})),
        "kernel_constraint",
    ),
    "activation as a serialised function": (functional_with(dense(activation=EVAL)), "activation"),
    "string lookup with a vocabulary file": (
        functional_with({"class_name": "StringLookup", "config": {"name": "s", "vocabulary": "/etc/passwd"}}),
        "StringLookup",
    ),
    "saved model layer": (
        functional_with(
            {"class_name": "TFSMLayer", "config": {"name": "t", "filepath": "/tmp/model", "call_endpoint": "serve"}}
        ),
        "TFSMLayer",
    ),
    "a float64 policy": (functional_with(dense(dtype=policy("float64"))), "float32"),
    "a mixed precision policy": (functional_with(dense(dtype=policy("mixed_float16"))), "float32"),
    "channels first": (
        functional_with(
            {
                "class_name": "Conv1D",
                "config": {"name": "c", "filters": 2, "kernel_size": 1, "data_format": "channels_first"},
            }
        ),
        "data_format",
    ),
}


@pytest.mark.parametrize("key", list(HOSTILE_FILES))
@pytest.mark.parametrize("as_text", [False, True], ids=["object", "json_text"])
def test_a_hostile_keras_file_is_refused_by_import(api, key, as_text):
    config, words = HOSTILE_FILES[key]
    body = {"json_text": json.dumps(config)} if as_text else config
    response = api.post("/api/models/import", json=body)
    assert_refused(response, 422, words)
    assert "root:" not in response.text


@pytest.mark.parametrize(
    "body, status",
    [
        ({"json_text": '{"class_name": "Functional", "config": NaN}'}, 400),
        ({"json_text": '{"class_name": '}, 400),
        ({"json_text": "[" * 100_000 + "]" * 100_000}, 400),
        ({"json_text": ["not", "a", "string"]}, 400),
        ({"json_text": '"just a string"'}, 400),
        ({"class_name": "Functional"}, 422),
        ({}, 422),
    ],
    ids=[
        "nan in json_text",
        "cut json_text",
        "deep json_text",
        "json_text not a string",
        "json_text not an object",
        "no config",
        "empty",
    ],
)
def test_a_malformed_import_is_refused(api, body, status):
    assert_refused(api.post("/api/models/import", json=body), status)


def test_an_imported_file_deeper_than_the_importer_reads_is_refused(api):
    nested: object = 2
    for _ in range(200):
        nested = [nested]
    assert_refused(api.post("/api/models/import", json=functional_with(dense(units=nested))), 422, "deeper")
