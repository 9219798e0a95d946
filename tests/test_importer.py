"""Reading Keras's model.to_json(): round trips through real Keras, tf.keras 2 files, and hostile files."""

import copy
import json
import subprocess
import sys

import pytest
from keras_json import dense, functional_with, keras_object
from sample_models import SCORES_FLATTENED, every_type

from app.config import Settings, get_settings
from app.errors import Invalid
from app.graph import build_plan
from app.importer import layer_list
from app.layers import REGISTRY
from app.lesson import STEPS
from app.schemas import ModelSpec


def plan_of(spec: dict):
    return build_plan(ModelSpec.model_validate(spec), get_settings())


@pytest.fixture(scope="module")
def keras():
    """Keras, as the engine imports it."""
    from app import engine

    return engine.keras


def shape(tensor) -> list:
    return [None if d is None else int(d) for d in tensor.shape]


def assert_same_model(model, spec: dict) -> None:
    """The imported layer list gives Keras's model: same layers, shapes, parameters, inputs and outputs."""
    plan = plan_of(spec)
    assert [node.name for node in plan.nodes if node.type != "Input"] == [
        layer.name for layer in model.layers if type(layer).__name__ != "InputLayer"
    ]
    for node in plan.nodes:
        if node.type == "Input":
            continue
        out = model.get_layer(node.name).output
        keras_shapes = [shape(t) for t in out] if isinstance(out, (list, tuple)) else [shape(out)]
        assert [list(s) for s in node.info.outputs] == keras_shapes, node.name
        assert node.info.params == model.get_layer(node.name).count_params(), node.name
    assert plan.total_params == model.count_params()
    assert [list(plan.node(name).info.outputs[0]) for name in plan.inputs] == [shape(t) for t in model.inputs]
    assert [list(s) for s in plan.output_shapes()] == [shape(t) for t in model.outputs]


def round_trip(model) -> dict:
    return layer_list(json.loads(model.to_json()))


# Round trips through real Keras 3


LESSON_AND_CATALOGUE = {f"example {s.id}": s.model for s in STEPS} | {
    f"type {name}": spec for name, spec in every_type().items()
}


@pytest.mark.parametrize("key", list(LESSON_AND_CATALOGUE))
def test_every_lesson_and_catalogue_model_survives_to_json(keras, key):
    from app import engine

    spec = LESSON_AND_CATALOGUE[key]
    model, _ = engine.build(plan_of(spec).wire())
    imported = round_trip(model)
    assert_same_model(model, imported)
    assert [layer["type"] for layer in imported["layers"]] == [layer.layer.name for layer in plan_of(spec).nodes]


def test_the_engines_mended_attention_reads_as_keras_multi_head_attention(keras):
    """The engine builds MultiHeadAttention from its mended class (``app.mended``), which Keras's JSON names by its
    module: the import reads it as Keras's MultiHeadAttention, scores of 4 × 5 and the Dense after them included."""
    from app import engine

    model, _ = engine.build(plan_of(SCORES_FLATTENED).wire())
    config = json.loads(model.to_json())
    entry = next(layer for layer in config["config"]["layers"] if layer["config"]["name"] == "mha")
    assert (entry["module"], entry["class_name"]) == ("app.mended", "MultiHeadAttention")
    imported = layer_list(config)
    assert_same_model(model, imported)
    assert [layer["type"] for layer in imported["layers"]] == [layer["type"] for layer in SCORES_FLATTENED["layers"]]


def test_a_functional_model_comes_back_with_only_the_arguments_its_author_set(keras):
    L = keras.layers
    inp = keras.Input(shape=(28, 28, 1), name="image")
    x = L.Conv2D(8, (3, 3), padding="same", activation="relu", name="conv")(inp)
    x = L.MaxPooling2D(name="pool")(x)
    x = L.Flatten(name="flat")(x)
    x = L.Dropout(0.5, name="drop")(x)
    out = L.Dense(10, activation="softmax", name="probs")(x)
    model = keras.Model(inp, out, name="digits")
    imported = round_trip(model)
    assert imported == {
        "name": "digits",
        "layers": [
            {"type": "Input", "name": "image", "args": {"shape": [28, 28, 1]}},
            {
                "type": "Conv2D",
                "name": "conv",
                "args": {"filters": 8, "kernel_size": [3, 3], "padding": "same", "activation": "relu"},
            },
            {"type": "MaxPooling2D", "name": "pool", "args": {}},
            {"type": "Flatten", "name": "flat", "args": {}},
            {"type": "Dropout", "name": "drop", "args": {"rate": 0.5}},
            {"type": "Dense", "name": "probs", "args": {"units": 10, "activation": "softmax"}},
        ],
    }
    assert_same_model(model, imported)


def test_a_sequential_model_with_an_input(keras):
    L = keras.layers
    model = keras.Sequential(
        [
            keras.Input((8,)),
            L.Dense(4, use_bias=False, name="d"),
            L.BatchNormalization(momentum=0.9, name="bn"),
            L.Activation("tanh", name="act"),
        ],
        name="seq",
    )
    imported = round_trip(model)
    assert imported["layers"][1] == {"type": "Dense", "name": "d", "args": {"units": 4, "use_bias": False}}
    assert "inputs" not in imported["layers"][2]
    assert_same_model(model, imported)


def test_a_sequential_model_built_without_an_input(keras):
    model = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2)])
    model.build((None, 8))
    imported = round_trip(model)
    assert imported["layers"][0]["args"] == {"shape": [8]}
    assert_same_model(model, imported)


def test_a_model_used_as_a_layer_is_refused_as_a_nested_model_not_as_a_foreign_module(keras):
    """Keras writes a Sequential inside a model from module `keras`, a Functional from keras.src.models: the
    refusal said "only Keras's own layers (module keras.layers) are accepted", as if Sequential were not Keras's."""
    for inner in (
        keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)], name="inner"),
        keras.Model(inp := keras.Input((4,)), keras.layers.Dense(3)(inp), name="inner"),
    ):
        model = keras.Sequential([keras.Input((4,)), inner, keras.layers.Dense(2)])
        with pytest.raises(Invalid) as caught:
            round_trip(model)
        assert "(module keras.layers)" not in caught.value.message
        assert f"layer 'inner' ({type(inner).__name__}) is a whole model used as a layer" in caught.value.message
        assert "целая модель" in caught.value.message_ru and caught.value.layer == "inner"


def test_an_unbuilt_sequential_model_is_refused_with_a_way_out(keras):
    model = keras.Sequential([keras.layers.Dense(4)])
    with pytest.raises(Invalid, match="no input shape"):
        round_trip(model)


def test_several_inputs_keep_the_models_order(keras):
    L = keras.layers
    a = keras.Input((4,), name="a")
    b = keras.Input((6,), name="b")
    joined = L.Concatenate(name="joined")([L.Dense(3, name="da")(a), L.Dense(5, name="db")(b)])
    model = keras.Model([b, a], L.Dense(1, name="out")(joined))
    imported = round_trip(model)
    assert [layer["name"] for layer in imported["layers"][:2]] == ["b", "a"]
    assert imported["layers"][4]["inputs"] == ["da", "db"]
    assert_same_model(model, imported)


def test_lstm_states_are_referenced_by_output_number(keras):
    L = keras.layers
    inp = keras.Input((5, 3), name="steps")
    seq, state_h, state_c = L.LSTM(4, return_sequences=True, return_state=True, name="lstm")(inp)
    summary = L.Dense(2, name="from_h")(state_h)
    model = keras.Model(inp, [state_c, seq, summary])
    imported = round_trip(model)
    assert imported["layers"][2]["inputs"] == ["lstm:1"]
    assert imported["outputs"] == ["lstm:2", "lstm:0", "from_h"]
    assert_same_model(model, imported)


def test_a_model_whose_output_is_all_of_a_layers_outputs(keras):
    inp = keras.Input((4, 1))
    model = keras.Model(inp, keras.layers.LSTM(1, return_state=True, name="lstm")(inp))
    imported = round_trip(model)
    assert imported["outputs"] == ["lstm:0", "lstm:1", "lstm:2"]
    assert_same_model(model, imported)


def test_bidirectional_becomes_a_nested_layer(keras):
    L = keras.layers
    inp = keras.Input((7, 3))
    x = L.Bidirectional(L.LSTM(4, return_sequences=True, recurrent_dropout=0.1), merge_mode="ave", name="bi")(inp)
    model = keras.Model(inp, L.GlobalMaxPooling1D(name="pool")(x))
    imported = round_trip(model)
    assert imported["layers"][1]["args"] == {
        "merge_mode": "ave",
        "layer": {"type": "LSTM", "args": {"units": 4, "return_sequences": True, "recurrent_dropout": 0.1}},
    }
    assert_same_model(model, imported)


def test_frozen_layers_stay_frozen(keras):
    inp = keras.Input((4,))
    frozen = keras.layers.Dense(3, name="frozen")
    frozen.trainable = False
    model = keras.Model(inp, frozen(inp))
    imported = round_trip(model)
    assert imported["layers"][1]["args"] == {"units": 3, "trainable": False}
    assert plan_of(imported).trainable_params == 0


# tf.keras 2 files, written as Keras 2 wrote them


def k2_layer(class_name: str, name: str, inbound: list[str] | None = None, **config) -> dict:
    return {
        "class_name": class_name,
        "config": {"name": name, "trainable": True, "dtype": "float32", **config},
        "name": name,
        "inbound_nodes": [] if inbound is None else [[[ref, 0, 0, {}] for ref in inbound]],
    }


def k2_input(name: str, *shape) -> dict:
    return {
        "class_name": "InputLayer",
        "config": {
            "batch_input_shape": [None, *shape],
            "dtype": "float32",
            "sparse": False,
            "ragged": False,
            "name": name,
        },
        "name": name,
        "inbound_nodes": [],
    }


GLOROT = {"class_name": "GlorotUniform", "config": {"seed": None}}
ZEROS = {"class_name": "Zeros", "config": {}}
K2_KERNEL = {
    "use_bias": True,
    "kernel_initializer": GLOROT,
    "bias_initializer": ZEROS,
    "kernel_regularizer": None,
    "bias_regularizer": None,
    "activity_regularizer": None,
    "kernel_constraint": None,
    "bias_constraint": None,
}
K2_LSTM = {
    "return_sequences": False,
    "return_state": False,
    "go_backwards": False,
    "stateful": False,
    "unroll": False,
    "time_major": False,
    "activation": "tanh",
    "recurrent_activation": "sigmoid",
    "use_bias": True,
    "kernel_initializer": GLOROT,
    "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
    "bias_initializer": ZEROS,
    "unit_forget_bias": True,
    "kernel_regularizer": None,
    "recurrent_regularizer": None,
    "bias_regularizer": None,
    "activity_regularizer": None,
    "kernel_constraint": None,
    "recurrent_constraint": None,
    "bias_constraint": None,
    "dropout": 0.0,
    "recurrent_dropout": 0.0,
    "implementation": 2,
}


def k2_model(layers: list[dict], inputs: list[str], outputs: list[list], class_name: str = "Functional") -> dict:
    return {
        "class_name": class_name,
        "config": {
            "name": "model",
            "layers": layers,
            "input_layers": [[name, 0, 0] for name in inputs],
            "output_layers": outputs,
        },
        "keras_version": "2.9.0",
        "backend": "tensorflow",
    }


def test_the_notebooks_first_model_as_tf_keras_2_wrote_it():
    config = k2_model(
        [
            k2_input("input_1", 64),
            k2_layer("Dense", "dense", ["input_1"], units=200, activation="relu", **K2_KERNEL),
            k2_layer("Dense", "dense_1", ["dense"], units=10, activation="softmax", **K2_KERNEL),
        ],
        ["input_1"],
        [["dense_1", 0, 0]],
    )
    assert layer_list(config) == {
        "name": "model",
        "layers": [
            {"type": "Input", "name": "input_1", "args": {"shape": [64]}},
            {"type": "Dense", "name": "dense", "args": {"units": 200, "activation": "relu"}},
            {"type": "Dense", "name": "dense_1", "args": {"units": 10, "activation": "softmax"}},
        ],
    }


def test_a_tf_keras_2_model_class_with_lstm_states_and_a_merge():
    config = k2_model(
        [
            k2_input("input_1", 4, 1),
            k2_input("input_2", 1),
            k2_layer("LSTM", "lstm", ["input_1"], units=1, **{**K2_LSTM, "return_state": True}),
            {
                **k2_layer("Concatenate", "concatenate", axis=-1),
                "inbound_nodes": [[["lstm", 0, 1, {}], ["input_2", 0, 0, {}]]],
            },
        ],
        ["input_1", "input_2"],
        [["lstm", 0, 0], ["concatenate", 0, 0]],
        class_name="Model",
    )
    spec = layer_list(config)
    assert spec["layers"][2] == {
        "type": "LSTM",
        "name": "lstm",
        "args": {"units": 1, "return_state": True},
        "inputs": ["input_1"],
    }
    assert spec["layers"][3]["inputs"] == ["lstm:1", "input_2"]
    assert spec["outputs"] == ["lstm:0", "concatenate"]
    assert plan_of(spec).total_params == 12


def test_a_tf_keras_2_sequential_without_an_input_layer():
    embedding = {
        "input_dim": 1000,
        "output_dim": 20,
        "embeddings_initializer": {
            "class_name": "RandomUniform",
            "config": {"minval": -0.05, "maxval": 0.05, "seed": None},
        },
        "embeddings_regularizer": None,
        "activity_regularizer": None,
        "embeddings_constraint": None,
        "mask_zero": False,
        "input_length": 10,
        "batch_input_shape": [None, 10],
    }
    config = {
        "class_name": "Sequential",
        "config": {
            "name": "sequential",
            "layers": [
                {
                    "class_name": "Embedding",
                    "config": {"name": "embedding", "trainable": True, "dtype": "float32", **embedding},
                },
                {
                    "class_name": "LSTM",
                    "config": {"name": "lstm", "trainable": True, "dtype": "float32", "units": 64, **K2_LSTM},
                },
            ],
        },
        "keras_version": "2.9.0",
        "backend": "tensorflow",
    }
    spec = layer_list(config)
    assert spec["layers"] == [
        {"type": "Input", "name": "input_layer", "args": {"shape": [10]}},
        {"type": "Embedding", "name": "embedding", "args": {"input_dim": 1000, "output_dim": 20}},
        {"type": "LSTM", "name": "lstm", "args": {"units": 64}},
    ]
    assert plan_of(spec).total_params == 41760


def test_a_keras_2_0_sequential_whose_config_is_the_list_of_layers():
    variance_scaling = {
        "class_name": "VarianceScaling",
        "config": {"scale": 2.0, "mode": "fan_in", "distribution": "uniform", "seed": None},
    }
    config = {
        "class_name": "Sequential",
        "config": [
            {
                "class_name": "Dense",
                "config": {
                    "name": "dense_1",
                    "trainable": True,
                    "batch_input_shape": [None, 4],
                    "units": 3,
                    **K2_KERNEL,
                    "kernel_initializer": variance_scaling,
                },
            },
        ],
        "keras_version": "2.1.6",
    }
    spec = layer_list(config)
    assert spec["layers"][1]["args"] == {"units": 3, "kernel_initializer": "he_uniform"}
    assert "name" not in spec


def test_a_tf_keras_2_13_file_with_modules_and_dtype_policies():
    policy = {
        "module": "keras.mixed_precision",
        "class_name": "Policy",
        "config": {"name": "float32"},
        "registered_name": None,
    }
    conv = k2_layer(
        "Conv2D",
        "conv2d",
        ["input_1"],
        filters=4,
        kernel_size=[3, 3],
        strides=[1, 1],
        padding="valid",
        data_format="channels_last",
        dilation_rate=[1, 1],
        groups=1,
        activation="linear",
        **K2_KERNEL,
    )
    conv["config"]["dtype"] = policy
    conv["config"]["kernel_initializer"] = {"module": "keras.initializers", **GLOROT, "registered_name": None}
    conv["module"] = "keras.layers"
    conv["registered_name"] = None
    pool = k2_layer(
        "MaxPooling2D",
        "max_pooling2d",
        ["conv2d"],
        pool_size=[2, 2],
        padding="valid",
        strides=[2, 2],
        data_format="channels_last",
    )
    config = k2_model([k2_input("input_1", 8, 8, 3), conv, pool], ["input_1"], [["max_pooling2d", 0, 0]])
    config["module"] = "keras.src.engine.functional"
    spec = layer_list(config)
    assert [layer["args"] for layer in spec["layers"]] == [
        {"shape": [8, 8, 3]},
        {"filters": 4, "kernel_size": [3, 3]},
        {},
    ]


def test_a_tf_keras_2_bidirectional():
    bi = k2_layer(
        "Bidirectional",
        "bidirectional",
        ["input_1"],
        merge_mode="concat",
        layer={
            "class_name": "GRU",
            "config": {
                "name": "gru",
                "trainable": True,
                "dtype": "float32",
                "units": 3,
                **K2_LSTM,
                "reset_after": True,
            },
        },
    )
    del bi["config"]["layer"]["config"]["unit_forget_bias"]
    spec = layer_list(k2_model([k2_input("input_1", 5, 2), bi], ["input_1"], [["bidirectional", 0, 0]]))
    assert spec["layers"][1]["args"] == {"layer": {"type": "GRU", "args": {"units": 3}}}
    assert plan_of(spec).output_shapes() == [(None, 6)]


def test_names_that_are_not_layer_list_names_are_cleaned_and_references_follow():
    config = k2_model(
        [k2_input("input.1", 4), k2_layer("Dense", "1st-dense", ["input.1"], units=2, **K2_KERNEL)],
        ["input.1"],
        [["1st-dense", 0, 0]],
    )
    spec = layer_list(config)
    assert [layer["name"] for layer in spec["layers"]] == ["input_1", "dense_1st_dense"]
    plan_of(spec)


# Hostile and unsupported files


HOSTILE = {
    "lambda": (
        functional_with(
            {
                "class_name": "Lambda",
                "config": {
                    "name": "l",
                    "function": {
                        "class_name": "__lambda__",
                        "config": {"code": "4wEAAAAAAAAAAAAAAAEAAAADAAAA"},
                    },
                },
            }
        ),
        "Lambda layers run arbitrary code",
    ),
    "lambda without module": (
        k2_model(
            [
                k2_input("i", 4),
                k2_layer("Lambda", "l", ["i"], function=["4wEAAAAA", None, None], function_type="lambda"),
            ],
            ["i"],
            [["l", 0, 0]],
        ),
        "Lambda layers run arbitrary code",
    ),
    "tf op lambda": (
        k2_model(
            [k2_input("i", 4), k2_layer("TFOpLambda", "tf.math.add", ["i"], function="math.add")],
            ["i"],
            [["tf.math.add", 0, 0]],
        ),
        "Lambda layers run arbitrary code",
    ),
    "custom registered name": (
        functional_with(
            {
                "class_name": "MyDense",
                "registered_name": "my_package>MyDense",
                "config": {"name": "d", "units": 2},
            }
        ),
        "custom class registered as 'my_package>MyDense'",
    ),
    "custom class named like a keras layer": (
        functional_with({**dense(), "registered_name": "evil>Dense"}),
        "custom class",
    ),
    "class path in module": (
        functional_with({**dense(), "module": "my_project.layers.dense"}),
        "comes from module 'my_project.layers.dense'",
    ),
    "initializer with settings": (
        functional_with(
            dense(
                kernel_initializer=keras_object(
                    "keras.initializers", "RandomNormal", {"mean": 0.0, "stddev": 1.0, "seed": None}
                )
            )
        ),
        "`kernel_initializer` is RandomNormal with settings",
    ),
    "initializer with a seed": (
        functional_with(dense(kernel_initializer=keras_object("keras.initializers", "GlorotUniform", {"seed": 42}))),
        "by name only",
    ),
    "initializer from another module": (
        functional_with(dense(kernel_initializer=keras_object("my.inits", "GlorotUniform", {}))),
        "custom object",
    ),
    "regularizer with settings": (
        functional_with(dense(kernel_regularizer=keras_object("keras.regularizers", "L2", {"l2": 0.5}))),
        "`kernel_regularizer` is L2",
    ),
    "custom activation function": (
        functional_with(dense(activation=keras_object("builtins", "function", "eval", "function"))),
        "serialised Python object",
    ),
    "argument outside the catalogue": (
        functional_with(dense(lora_rank=4)),
        "`lora_rank`=4 is not an argument Layer Lab accepts for Dense",
    ),
    "string lookup with a vocabulary file": (
        functional_with({"class_name": "StringLookup", "config": {"name": "s", "vocabulary": "/etc/passwd"}}),
        "StringLookup is not a layer type Layer Lab builds",
    ),
    "saved model layer": (
        functional_with(
            {
                "class_name": "TFSMLayer",
                "config": {"name": "t", "filepath": "/tmp/model", "call_endpoint": "serve"},
            }
        ),
        "TFSMLayer is not a layer type Layer Lab builds",
    ),
    "nested model": (
        functional_with({"class_name": "Functional", "config": {"name": "inner", "layers": []}}),
        "layer 'inner' (Functional) is a whole model used as a layer",
    ),
    "half precision": (
        functional_with(dense(dtype=keras_object("keras", "DTypePolicy", {"name": "mixed_float16"}))),
        "float32",
    ),
    "malformed reference": (
        {**(m := functional_with(dense())), "config": {**m["config"], "output_layers": ["d", "zero", 0]}},
        "cannot read the reference",
    ),
    "deep nesting": (
        functional_with(dense(units=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[2]]]]]]]]]]]]]]]]]]]]]]]]]]]]]])),
        "nests deeper",
    ),
    "variance scaling with odd settings": (
        functional_with(
            dense(
                kernel_initializer={
                    "class_name": "VarianceScaling",
                    "config": {"scale": [1.0], "mode": {}, "distribution": "uniform"},
                }
            )
        ),
        "by name only",
    ),
    "subclassed model": (
        {"module": "my_models", "class_name": "MyModel", "config": {}, "registered_name": "Custom>MyModel"},
        "expected a Keras Functional or Sequential model",
    ),
    "a single layer": ({"module": "keras.layers", **dense()}, "received a single layer"),
    "not a model at all": (["Dense"], "class_name"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_and_unsupported_files_are_refused_with_a_clear_message(name):
    config, message = HOSTILE[name]
    with pytest.raises(Invalid) as caught:
        layer_list(config)
    assert message in caught.value.message
    assert caught.value.status == 422 and caught.value.message_ru


def test_a_refusal_names_the_layer_and_the_argument():
    with pytest.raises(Invalid) as caught:
        layer_list(functional_with(dense(kernel_initializer={"class_name": "RandomNormal", "config": {"stddev": 3.0}})))
    assert (caught.value.layer, caught.value.arg) == ("d", "kernel_initializer")


def test_arguments_keras_writes_at_their_default_are_dropped_even_outside_the_catalogue():
    spec = layer_list(functional_with(dense(lora_rank=None, quantization_config=None, seed=None)))
    assert spec["layers"][1]["args"] == {"units": 2}


def test_call_arguments_between_layers_are_refused():
    config = functional_with(dense())
    state = {"class_name": "__keras_tensor__", "config": {"keras_history": ["inp", 0, 0]}}
    config["config"]["layers"][1]["inbound_nodes"][0]["kwargs"] = {"initial_state": [state]}
    with pytest.raises(Invalid, match="initial_state") as caught:
        layer_list(config)
    assert caught.value.arg == "initial_state"


def test_a_shared_layer_is_refused():
    config = functional_with(dense())
    node = config["config"]["layers"][1]["inbound_nodes"][0]
    config["config"]["layers"][1]["inbound_nodes"] = [node, node]
    with pytest.raises(Invalid, match="called 2 times"):
        layer_list(config)


def test_keras_deserialisers_are_never_called(keras, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("the importer handed the file to Keras")

    for owner, attribute in [
        (keras.saving, "deserialize_keras_object"),
        (keras.saving, "load_model"),
        (keras.models, "model_from_json"),
        (keras.layers, "deserialize"),
        (keras.initializers, "deserialize"),
        (keras.Model, "from_config"),
        (keras.Sequential, "from_config"),
        (keras.layers.Layer, "from_config"),
    ]:
        monkeypatch.setattr(owner, attribute, forbidden)
    from app import engine

    for spec in [STEPS[0].model, every_type()["Bidirectional"], every_type()["LSTM"]]:
        model, _ = engine.build(plan_of(spec).wire())
        assert_same_model(model, layer_list(json.loads(model.to_json())))
    for config, _ in HOSTILE.values():
        with pytest.raises(Invalid):
            layer_list(config)


def test_the_importer_does_not_even_import_keras():
    script = (
        "import json, sys\n"
        "from app.importer import layer_list\n"
        "for config in json.load(sys.stdin):\n"
        "    try:\n"
        "        layer_list(config)\n"
        "    except Exception:\n"
        "        pass\n"
        "print(sorted(m for m in ('keras', 'tensorflow') if m in sys.modules))\n"
    )
    configs = [config for config, _ in HOSTILE.values()]
    done = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(configs), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# Keras's own applications, as to_json() writes them (weights=None: nothing is downloaded)

BIG = Settings(max_layers=1000, max_params=10**9, max_tensor_elements=10**9, max_work=10**13)


def test_keras_applications_come_back_with_only_the_arguments_their_source_sets(keras):
    apps = keras.applications
    vgg = apps.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))
    imported = layer_list(json.loads(vgg.to_json()), BIG.max_layers)
    convs = [layer["args"] for layer in imported["layers"] if layer["type"] == "Conv2D"]
    assert len(convs) == 13 and all(set(args) == {"filters", "kernel_size", "activation", "padding"} for args in convs)
    assert all(layer["args"] == {} for layer in imported["layers"] if layer["type"] == "MaxPooling2D")
    resnet = apps.ResNet50(weights=None, include_top=True, input_shape=(32, 32, 3), classes=3)
    imported = layer_list(json.loads(resnet.to_json()), BIG.max_layers)
    norms = [layer["args"] for layer in imported["layers"] if layer["type"] == "BatchNormalization"]
    assert norms and all(args == {"axis": 3, "epsilon": 1.001e-05} for args in norms)
    pads = {layer["name"]: layer["args"] for layer in imported["layers"] if layer["type"] == "ZeroPadding2D"}
    assert pads == {"conv1_pad": {"padding": [[3, 3], [3, 3]]}, "pool1_pad": {}}  # ((1, 1), (1, 1)) is the default
    plan = build_plan(ModelSpec.model_validate(imported), BIG)
    assert plan.total_params == resnet.count_params()
    assert [list(s) for s in plan.output_shapes()] == [shape(t) for t in resnet.outputs]


@pytest.mark.parametrize("name", sorted(set(REGISTRY) - {"Input"}))
def test_a_layer_with_only_required_arguments_comes_back_with_only_those(keras, name):
    from app import engine

    sample = copy.deepcopy(every_type()[name])  # the samples are shared with other tests
    required = {key for key, field in REGISTRY[name].args.model_fields.items() if field.is_required()}
    layers = sample["layers"]
    if REGISTRY[name].max_inputs == 1:  # the sample's input, then the layer alone (its state outputs unused)
        layers = [layers[0], next(layer for layer in layers if layer["type"] == name)]
    for layer in layers:
        if layer["type"] == name:
            layer["args"] = {key: value for key, value in layer["args"].items() if key in required}
    model, _ = engine.build(plan_of({"layers": layers}).wire())
    back = [layer for layer in round_trip(model)["layers"] if layer["type"] == name]
    assert back and all(set(layer["args"]) == required for layer in back), back
