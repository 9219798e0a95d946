"""The Python shown for a model: it runs, and builds the very model Layer Lab builds."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from sample_models import SCORES_FLATTENED, every_type

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
    out["attention scores flattened"] = SCORES_FLATTENED
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


# ---- the code with the learner's numbers: it runs them and checks Layer Lab's answer --------------------------

CHECKER = """
import contextlib, io, json, sys
results = {}
for key, code in json.load(sys.stdin).items():
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, key, "exec"), {})
    except Exception as exc:
        results[key] = f"{type(exc).__name__}: {exc}"[:2000]
        continue
    results[key] = "ok" if "The same numbers as in Layer Lab." in out.getvalue() else "no verdict printed"
print(json.dumps(results))
"""


def run_scripts(codes: dict[str, str]) -> dict[str, str]:
    """Every script in one fresh Python process with real Keras: "ok", or the exception it raised."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"}
    done = subprocess.run(
        [sys.executable, "-c", CHECKER], input=json.dumps(codes), capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def page_inputs(keras_api, model: dict) -> list:
    """The numbers the page starts a model with: batch 1, free axes 4 long, 0, 1, ..., 9, 0, 1, ..."""
    summary = keras_api.post("/api/models/summary", json=model).json()
    arrays = []
    for name in summary["inputs"]:
        row = next(r for r in summary["layers"] if r["name"] == name)
        shape = [1, *(d or 4 for d in row["output_shape"][1:])]
        arrays.append((np.arange(int(np.prod(shape))) % 10).reshape(shape).tolist())
    return arrays


def code_with_numbers(keras_api, body: dict) -> str:
    answer = keras_api.post("/api/models/code", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["code"]


RETURN_STATE = {
    "layers": [
        {"type": "Input", "name": "seq", "args": {"shape": [3, 2]}},
        {"type": "LSTM", "name": "lstm", "args": {"units": 4, "return_sequences": True, "return_state": True}},
    ]
}
DENSE_BY_HAND = {
    "model": {
        "layers": [
            {"type": "Input", "name": "inp", "args": {"shape": [2]}},
            {"type": "Dense", "name": "out", "args": {"units": 2}},
        ]
    },
    "inputs": [[0.5, -1.25]],
    "weights": {"out": [[[1, 2], [3, 4]], [0.5, -0.5]]},
}

SCORES_BY_HAND = {
    "model": SCORES_FLATTENED,
    "inputs": [
        (np.arange(24).reshape(1, 4, 6) % 7 / 4 - 0.5).tolist(),
        (np.arange(30).reshape(1, 5, 6) % 5 / 3 - 0.25).tolist(),
    ],
    "weights": {"out": [np.linspace(-1, 1, 80).reshape(40, 2).tolist(), [0.5, -0.5]]},
    "seed": 3,
}
"""Scores of 4 query steps by 5 key steps into a Dense of 40 inputs given by hand."""


@pytest.fixture(scope="module")
def scripts(keras_api) -> dict[str, str]:
    codes = {}
    for step in lesson.STEPS:
        inputs = step.inputs if step.inputs is not None else page_inputs(keras_api, step.model)
        if step.inputs is None and len(inputs) == 1:
            inputs = inputs[0]
        body = {"model": step.model, "inputs": inputs, "weights": step.weights or {}, "seed": step.seed}
        codes[f"example {step.id}"] = code_with_numbers(keras_api, body)
    codes["return_state"] = code_with_numbers(
        keras_api, {"model": RETURN_STATE, "inputs": [[[0.1, 0.2], [0.3, -0.4], [1.5, 2]]], "seed": 7}
    )
    codes["weights by hand"] = code_with_numbers(keras_api, DENSE_BY_HAND)
    codes["attention scores flattened"] = code_with_numbers(keras_api, SCORES_BY_HAND)
    big = next(step.model for step in lesson.STEPS if step.id == "conv2d-transpose")
    codes["page fill"] = code_with_numbers(keras_api, {"model": big, "inputs": page_inputs(keras_api, big)[0]})
    return codes


def test_code_with_numbers_runs_and_gets_layer_labs_answer(scripts):
    tampered = scripts["weights by hand"].replace("expected = np.array([[", "expected = np.array([[1 + ", 1)
    results = run_scripts({**scripts, "tampered": tampered})
    assert results.pop("tampered").startswith("AssertionError"), "the check in the code does not check"
    assert {key: result for key, result in results.items() if result != "ok"} == {}


def test_code_for_attention_scores_of_other_steps_than_the_query_carries_layer_labs_mended_class(scripts):
    """Keras 3.15's own MultiHeadAttention builds the Flatten after the scores 4 × 4 long, not 4 × 5: the code
    runs only with the mended class it starts with (and a model that does not need it does not get it)."""
    code = scripts["attention scores flattened"]
    assert code.count("class MultiHeadAttention(keras.layers.MultiHeadAttention):") == 1
    assert "mha = MultiHeadAttention(num_heads=2, key_dim=3, name='mha')(q, v, return_attention_scores=True)" in code
    plain = code.replace("= MultiHeadAttention(", "= keras.layers.MultiHeadAttention(")
    assert run_scripts({"plain": plain})["plain"] != "ok", "Keras's own class now builds the model: drop the mend"
    assert (
        "class " not in scripts["example attention"]
        and "keras.layers.MultiHeadAttention(" in scripts["example attention"]
    )


def test_code_with_numbers_sets_them_and_the_hand_set_weights(scripts):
    code = scripts["weights by hand"]
    assert "keras.utils.set_random_seed(0)" in code
    assert "model.get_layer('out').set_weights([" in code
    assert "np.array([[1., 2.],\n" in code and "np.array([ 0.5, -0.5], dtype='float32')" in code
    assert "x = np.array([[ 0.5 , -1.25]], dtype='float32')" in code
    assert "outputs = model.predict(x, verbose=0)\nprint(outputs)" in code
    # 0.5 * [1, 2] - 1.25 * [3, 4] + [0.5, -0.5]
    assert "expected = np.array([[-2.75, -4.5 ]], dtype='float32')" in code


def test_code_with_numbers_checks_every_output_and_only_the_part_sent(scripts):
    code = scripts["return_state"]
    assert [line for line in code.splitlines() if line.startswith("np.testing")] == [
        f"np.testing.assert_allclose(outputs[{k}], expected, rtol=1e-5, atol=1e-6)" for k in range(3)
    ]
    assert "# lstm:1" in code
    big = scripts["example conv2d-transpose"]  # its input is a picture: its numbers are written out
    assert "the first " in big and "numbers" in big
    assert "% 10" in scripts["page fill"], "the page's 0, 1, ..., 9 fill is written as the code that makes it"


@pytest.mark.parametrize(
    "body",
    [
        DENSE_BY_HAND,
        {"model": RETURN_STATE, "inputs": [[[0.1, 0.2], [0.3, -0.4], [1.5, 2]]], "seed": 7},
        SCORES_BY_HAND,
    ],
    ids=["weights by hand", "seeded return_state", "mended attention"],
)
def test_the_notebook_variant_shows_in_the_widget_the_numbers_the_page_shows(keras_api, body):
    code = code_with_numbers(keras_api, {**body, "variant": "notebook"})
    assert code.splitlines()[-1] == "layerlab.show(model, x)"
    assert "assert_allclose" not in code and "model.summary()" not in code
    scope: dict = {"__name__": "__main__"}  # a notebook cell's
    exec(compile(code.replace("layerlab.show(model, x)", "widget = layerlab.show(model, x)"), "cell", "exec"), scope)
    page = keras_api.post("/api/models/predict", json=body).json()
    shown = scope["widget"].prediction["outputs"]
    assert [o["name"] for o in shown] == [o["name"] for o in page["outputs"]]
    for got, want in zip(shown, page["outputs"], strict=True):
        np.testing.assert_array_equal(np.asarray(got["data"], "float32"), np.asarray(want["data"], "float32"))


def test_the_notebook_variant_without_numbers_shows_the_summary(keras_api):
    code = code_with_numbers(keras_api, {"model": RETURN_STATE, "variant": "notebook"})
    assert code.splitlines()[:2] == ["import keras", "import layerlab"]
    assert code.splitlines()[-1] == "layerlab.show(model)"
