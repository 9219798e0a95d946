"""The Python shown for a model: it runs, and builds the very model Layer Lab builds."""

import json
import os
import subprocess
import sys

import pytest
from sample_models import every_type

from app import lesson
from app.codegen import python_code
from app.config import get_settings
from app.graph import build_plan
from app.schemas import ModelSpec


def plan_of(spec: dict):
    return build_plan(ModelSpec.model_validate(spec), get_settings())


def models() -> dict[str, dict]:
    out = {f"example {s.id}": s.model for s in lesson.STEPS}
    out.update({f"type {name}": spec for name, spec in every_type().items()})
    return out


RUNNER = """
import contextlib, io, json, sys
import keras

def shape(tensor):
    return [None if d is None else int(d) for d in tensor.shape]

results = {}
for key, code in json.load(sys.stdin).items():
    scope = {}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, key, "exec"), scope)
    except Exception as exc:
        results[key] = {"error": f"{type(exc).__name__}: {exc}"}
        continue
    model = scope["model"]
    layers = {}
    for layer in model.layers:
        out = layer.output
        layers[layer.name] = [shape(t) for t in out] if isinstance(out, (list, tuple)) else shape(out)
    results[key] = {"layers": layers, "total_params": int(model.count_params())}
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def plans() -> dict:
    built = {}
    for key, spec in models().items():
        try:
            built[key] = plan_of(spec)
        except Exception as exc:  # reported by the test of that model, not here
            built[key] = exc
    return built


@pytest.fixture(scope="module")
def ran(plans) -> dict:
    """Every generated program, run in one fresh Python process (one TensorFlow import for all)."""
    codes = {key: python_code(plan) for key, plan in plans.items() if not isinstance(plan, Exception)}
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(codes),
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def engine():
    from app import engine

    return engine


@pytest.mark.parametrize("key", list(models()))
def test_generated_code_builds_the_same_model_as_layer_lab(key, plans, ran, engine):
    plan = plans[key]
    if isinstance(plan, Exception):
        raise plan
    result = ran[key]
    assert "error" not in result, f"{result.get('error')}\n\n{python_code(plan)}"
    summary = engine.summary(plan.wire())
    assert result["layers"] == {row["name"]: row["output_shape"] for row in summary["layers"]}
    assert result["total_params"] == summary["total_params"]


def test_every_layer_type_has_a_model_in_the_code_test():
    from app.layers import REGISTRY

    covered = {key.removeprefix("type ") for key in models() if key.startswith("type ")}
    assert covered == set(REGISTRY) - {"Input"}


def code_of(spec: dict) -> str:
    return python_code(plan_of(spec))


def test_the_code_reads_like_the_notebook():
    code = code_of(lesson.get("dense-basic").model)
    assert code.splitlines()[:4] == [
        "import keras",
        "",
        "input_layer = keras.Input(shape=(64,), name='input_layer')",
        "dense = keras.layers.Dense(units=200, activation='relu', name='dense')(input_layer)",
    ]
    assert code.rstrip().endswith("model.summary()")


def test_tuples_stay_tuples_and_strings_are_quoted():
    code = code_of(lesson.get("conv2d-strides").model)
    assert "keras.layers.Conv2D(filters=32, kernel_size=(3, 3), strides=(2, 2), padding='same', name='conv2d')" in code


def test_several_inputs_are_passed_as_a_list():
    code = code_of(lesson.get("concatenate").model)
    assert "keras.layers.Concatenate(axis=3, name='concatenate')([inp_1, inp_2])" in code
    assert "inputs=[inp_1, inp_2]," in code


def test_outputs_of_a_layer_with_several_are_indexed():
    code = code_of(every_type()["LSTM"])
    assert "keras.layers.Concatenate(name='states')([lstm[1], lstm[2]])" in code
    assert "outputs=[states, lstm[0]]," in code


def test_a_nested_layer_is_written_inline():
    code = code_of(every_type()["Bidirectional"])
    nested = "layer=keras.layers.GRU(units=2, return_sequences=True), merge_mode='sum'"
    assert f"keras.layers.Bidirectional({nested}, name='bidirectional')" in code


def test_input_dtype_is_written_when_set():
    code = code_of(every_type()["Embedding"])
    assert "keras.Input(shape=(6,), dtype='int32', name='input_layer')" in code


def test_variable_names_avoid_keywords_builtins_and_the_codes_own_names():
    spec = {
        "name": "tricky",
        "layers": [
            {"type": "Input", "name": "input", "args": {"shape": 4}},
            {"type": "Dense", "name": "lambda", "args": {"units": 3}},
            {"type": "Dense", "name": "keras", "args": {"units": 3}},
            {"type": "Dense", "name": "model", "args": {"units": 2}},
            {"type": "Dense", "name": "model_", "args": {"units": 2}, "inputs": ["keras"]},
            {"type": "Add", "name": "match", "args": {}, "inputs": ["model", "model_"]},
        ],
    }
    code = code_of(spec)
    assert "input_ = keras.Input(shape=(4,), name='input')" in code
    assert "lambda_ = keras.layers.Dense(units=3, name='lambda')(input_)" in code
    assert "keras_ = keras.layers.Dense(units=3, name='keras')(lambda_)" in code
    assert "model__ = keras.layers.Dense(units=2, name='model')(keras_)" in code
    assert "model_ = keras.layers.Dense(units=2, name='model_')(keras_)" in code
    assert "match_ = keras.layers.Add(name='match')([model__, model_])" in code
    compile(code, "tricky", "exec")
