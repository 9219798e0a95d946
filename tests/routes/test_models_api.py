"""The model endpoints of the REST API with real Keras: in process (``keras_api``), or against the real server
with its worker processes (``api``) where the lesson warm-up or another process is the point."""

import ast

import numpy as np
import pytest

from app import lesson

DENSE = {
    "layers": [
        {"type": "Input", "name": "inp", "args": {"shape": 64}},
        {"type": "Dense", "args": {"units": 200, "activation": "relu"}},
        {"type": "Dense", "name": "out", "args": {"units": 10, "activation": "softmax"}},
    ]
}


def test_summary_gives_keras_shapes_counts_formulas_and_text(keras_api):
    body = keras_api.post("/api/models/summary", json=DENSE).json()
    assert [row["name"] for row in body["layers"]] == ["inp", "dense", "out"]
    assert [row["output_shape"] for row in body["layers"]] == [[None, 64], [None, 200], [None, 10]]
    assert [row["params"] for row in body["layers"]] == [0, 13000, 2010]
    assert body["layers"][1]["param_formula"] == "64 × 200 + 200 = 13,000"
    assert body["layers"][2]["inputs"] == ["dense"]
    assert (body["total_params"], body["trainable_params"], body["non_trainable_params"]) == (15010, 15010, 0)
    assert body["inputs"] == ["inp"] and body["outputs"] == ["out"]
    assert "Total params: 15,010" in body["text"] and "\x1b[" not in body["text"]


@pytest.mark.parametrize("step", lesson.STEPS, ids=lambda s: s.id)
def test_every_lesson_model_gives_the_notebooks_shapes_and_counts(api, step):
    body = api.post("/api/models/summary", json=step.model).json()
    shapes = {row["name"]: row["output_shape"] for row in body["layers"]}
    for name, shape in step.expected.output_shapes.items():
        assert shapes[name] == shape, name
    assert body["total_params"] == step.expected.total_params


@pytest.mark.parametrize("step", [s for s in lesson.STEPS if s.expected.outputs is not None], ids=lambda s: s.id)
def test_the_notebooks_worked_predictions_give_its_numbers(api, step):
    request = {"model": step.model, "inputs": step.inputs, "weights": step.weights}
    body = api.post("/api/models/predict", json=request).json()
    expected = step.expected.outputs
    got = body["outputs"][0]["data"]
    assert _close(got, expected), (got, expected)


WINDOW = 4096
"""At most this many numbers of one traced tensor, as a page that shows a part of a big tensor asks."""


def page_numbers(step: lesson.Step, summary: dict):
    """The step's own numbers, or what the page starts a step without numbers with: 0, 1, ..., 9, 0, ..."""
    if step.inputs is not None:
        return step.inputs
    rows = {row["name"]: row for row in summary["layers"]}
    shapes = {name: [1, *rows[name]["output_shape"][1:]] for name in summary["inputs"]}
    return {name: (np.arange(np.prod(shape)) % 10).reshape(shape).tolist() for name, shape in shapes.items()}


@pytest.mark.parametrize("step", lesson.STEPS, ids=lambda s: s.id)
def test_every_lesson_step_runs_traced_with_big_tensors_in_windows(keras_api, step):
    summary = keras_api.post("/api/models/summary", json=step.model).json()
    request = {
        "model": step.model,
        "inputs": page_numbers(step, summary),
        "weights": step.weights,
        "seed": step.seed,
        "trace": True,
        "window": {"max_numbers": WINDOW},
    }
    response = keras_api.post("/api/models/predict", json=request)
    assert response.status_code == 200, response.text
    trace = response.json()["trace"]
    assert [layer["name"] for layer in trace] == [row["name"] for row in summary["layers"]]
    for layer in trace:
        for tensor in layer["outputs"] + layer["weights"]:
            sent = np.asarray(tensor["data"])
            assert sent.size <= WINDOW, (layer["name"], tensor["name"])
            if "window" in tensor and tensor["window"] is not None:
                assert list(sent.shape) == tensor["window"]["shape"] and np.prod(tensor["shape"]) > WINDOW
            else:
                assert list(sent.shape) == tensor["shape"]


def _close(a, b, tol=1e-5) -> bool:
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b))
    return abs(a - b) <= tol


def test_predict_adds_a_missing_batch_axis_and_says_so(keras_api):
    model = {"layers": [{"type": "Input", "args": {"shape": [2, 2, 1]}}, {"type": "UpSampling2D"}]}
    body = keras_api.post("/api/models/predict", json={"model": model, "inputs": [[[4], [2]], [[3], [6]]]}).json()
    assert body["outputs"][0]["shape"] == [1, 4, 4, 1]
    assert any("batch axis" in note for note in body["notes"])
    assert [row[0] for row in body["outputs"][0]["data"][0][0]] == [4, 4, 2, 2]


def test_predict_is_the_same_on_every_run_and_changes_with_the_seed(keras_api):
    model = {"layers": [{"type": "Input", "args": {"shape": [4, 1]}}, {"type": "LSTM", "args": {"units": 3}}]}
    request = {"model": model, "inputs": [[0.1], [0.2], [0.3], [0.4]], "seed": 7}
    first = keras_api.post("/api/models/predict", json=request).json()["outputs"][0]["data"]
    other = keras_api.post("/api/models/predict", json={**request, "seed": 8}).json()["outputs"][0]["data"]
    # a different model in between must not disturb the numbers (no state kept between requests)
    keras_api.post("/api/models/summary", json=DENSE)
    again = keras_api.post("/api/models/predict", json={**request, "inputs": [[[0.1], [0.2], [0.3], [0.4]]]}).json()
    assert again["outputs"][0]["data"] == first
    assert other != first


def test_predict_matches_keras_run_in_another_process(api):
    """Same request, same numbers, whichever process runs it: the tests' own Keras is a fresh one."""
    from app import engine
    from app.config import Settings
    from app.graph import build_plan
    from app.schemas import ModelSpec

    model = {"layers": [{"type": "Input", "args": {"shape": [3]}}, {"type": "Dense", "args": {"units": 2}}]}
    served = api.post("/api/models/predict", json={"model": model, "inputs": [[1, 2, 3]], "seed": 3}).json()
    plan = build_plan(ModelSpec.model_validate(model), Settings())
    import numpy as np

    local = engine.predict(plan.wire(), [np.array([[1, 2, 3]], "float32")], {}, 3, False)["outputs"][0]
    assert np.allclose(served["outputs"][0]["data"], local, atol=1e-6)


def test_predict_with_several_inputs_by_name_or_by_position(keras_api):
    model = {
        "layers": [
            {"type": "Input", "name": "a", "args": {"shape": [2]}},
            {"type": "Input", "name": "b", "args": {"shape": [3]}},
            {"type": "Concatenate", "inputs": ["a", "b"]},
        ]
    }
    by_name = keras_api.post(
        "/api/models/predict", json={"model": model, "inputs": {"b": [3, 4, 5], "a": [1, 2]}}
    ).json()
    by_position = keras_api.post("/api/models/predict", json={"model": model, "inputs": [[1, 2], [3, 4, 5]]}).json()
    assert by_name["outputs"][0]["data"] == by_position["outputs"][0]["data"] == [[1, 2, 3, 4, 5]]


def test_return_state_gives_three_named_outputs_and_trace_has_every_layer(keras_api):
    model = {
        "layers": [
            {"type": "Input", "args": {"shape": [4, 1]}},
            {"type": "LSTM", "name": "lstm", "args": {"units": 1, "return_state": True}},
        ]
    }
    body = keras_api.post(
        "/api/models/predict", json={"model": model, "inputs": [[0.1], [0.2], [0.3], [0.4]], "trace": True}
    ).json()
    assert [o["name"] for o in body["outputs"]] == ["lstm:0", "lstm:1", "lstm:2"]
    assert body["outputs"][0]["data"] == body["outputs"][1]["data"]  # the output is the last hidden state
    trace = {layer["name"]: layer for layer in body["trace"]}
    assert [w["name"] for w in trace["lstm"]["weights"]] == ["kernel", "recurrent_kernel", "bias"]
    assert [w["shape"] for w in trace["lstm"]["weights"]] == [[1, 4], [1, 4], [4]]


RESOLVED = {
    "layers": [
        {"type": "Input", "args": {"shape": [4, 4, 1]}},
        {"type": "MaxPool2D", "args": {"pool_size": 2}},
        {"type": "Conv2D", "args": {"filters": 1, "kernel_size": 1}},
        {"type": "Reshape", "args": {"target_shape": [4, 1]}},
        {"type": "Bidirectional", "args": {"layer": {"type": "GRU", "args": {"units": 1}}}},
    ]
}


def _check_resolved(rows):
    by_type = {row["type"]: row["args"] for row in rows}
    assert by_type["MaxPooling2D"] == {"trainable": True, "pool_size": 2, "strides": 2, "padding": "valid"}
    assert by_type["Conv2D"]["padding"] == "valid" and by_type["Conv2D"]["activation"] == "linear"
    assert by_type["Conv2D"]["dilation_rate"] == 1 and by_type["Conv2D"]["kernel_initializer"] == "glorot_uniform"
    wrapped = by_type["Bidirectional"]
    assert wrapped["merge_mode"] == "concat" and wrapped["layer"]["type"] == "GRU"
    assert wrapped["layer"]["args"]["recurrent_activation"] == "sigmoid"
    assert wrapped["layer"]["args"]["reset_after"] is True and wrapped["layer"]["args"]["units"] == 1


def test_summary_rows_and_trace_entries_carry_resolved_arguments(keras_api):
    _check_resolved(keras_api.post("/api/models/summary", json=RESOLVED).json()["layers"])
    inputs = [[[float(i + j)] for j in range(4)] for i in range(4)]
    body = keras_api.post("/api/models/predict", json={"model": RESOLVED, "inputs": inputs, "trace": True}).json()
    _check_resolved(body["trace"])
    assert body["trace"][0]["args"]["shape"] == [4, 4, 1]


def test_integer_inputs_feed_an_embedding(keras_api):
    model = {
        "layers": [
            {"type": "Input", "args": {"shape": [10], "dtype": "int32"}},
            {"type": "Embedding", "args": {"input_dim": 1000, "output_dim": 5}},
        ]
    }
    body = keras_api.post("/api/models/predict", json={"model": model, "inputs": list(range(10))}).json()
    assert body["outputs"][0]["shape"] == [1, 10, 5]


def test_code_export_is_python_that_names_every_layer(fake_api, fake_pool):
    code = fake_api.post("/api/models/code", json=DENSE).json()["code"]
    ast.parse(code)
    assert "import keras" in code and 'name="out"' in code.replace("'", '"')
    assert fake_pool.tasks == []  # written from the plan, no worker asked


def test_import_turns_keras_json_into_a_layer_list_the_api_accepts(keras_api):
    import keras

    inp = keras.Input((8,), name="x")
    model = keras.Model(inp, keras.layers.Dense(4, name="d")(inp))
    spec = keras_api.post("/api/models/import", json={"json_text": model.to_json()}).json()
    summary = keras_api.post("/api/models/summary", json=spec).json()
    assert summary["total_params"] == model.count_params() == 36


def test_identical_requests_are_answered_from_the_cache(keras_api):
    model = {"layers": [{"type": "Input", "args": {"shape": [5]}}, {"type": "Dense", "args": {"units": 123}}]}
    before = keras_api.get("/readyz").json()["cached_answers"]
    first = keras_api.post("/api/models/summary", json=model).content
    second = keras_api.post("/api/models/summary", json=model).content
    assert first == second
    assert keras_api.get("/readyz").json()["cached_answers"] == before + 1


def test_a_long_answer_is_sent_gzipped_as_kept_and_as_json_to_a_client_without_gzip(fake_api, fake_pool):
    request = {"model": {"layers": [{"type": "Input", "args": {"shape": [3000]}}]}, "inputs": [[0.5] * 3000]}
    gzipped = [fake_api.post("/api/models/predict", json=request, headers={"accept-encoding": "gzip"}) for _ in "ab"]
    plain = fake_api.post("/api/models/predict", json=request, headers={"accept-encoding": "identity"})
    assert len(fake_pool.tasks) == 1
    for answer in gzipped:  # gzipped once, by the cache: the middleware did not compress it again
        assert answer.headers["content-encoding"] == "gzip" and answer.headers["vary"] == "Accept-Encoding"
        assert answer.json() == plain.json()
    assert "content-encoding" not in plain.headers and plain.json()["outputs"][0]["data"] == [[0.5] * 3000]
