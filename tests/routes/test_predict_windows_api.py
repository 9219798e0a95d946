"""Traces in parts and big tensors in windows: what is sent is exactly a slice of what Keras computed (in process:
the windows are cut by the engine, here as in a worker; refusals come before any worker is asked)."""

import keras
import numpy as np
import pytest

CONV = {
    "layers": [
        {"type": "Input", "name": "img", "args": {"shape": [20, 20, 3]}},
        {"type": "Conv2D", "args": {"filters": 8, "kernel_size": 3}},
        {"type": "MaxPooling2D"},
        {"type": "Flatten"},
        {"type": "Dense", "args": {"units": 4}},
    ]
}
PICTURE = (np.arange(2 * 20 * 20 * 3) % 11 / 10 - 0.4).reshape(2, 20, 20, 3)


def predict(api, **request):
    response = api.post("/api/models/predict", json={"model": CONV, "inputs": PICTURE.tolist(), **request})
    assert response.status_code == 200, response.text
    return response.json()


def by_name(body: dict) -> dict:
    return {layer["name"]: layer for layer in body["trace"]}


def test_a_trace_of_named_layers_carries_only_those_and_every_output(keras_api):
    body = predict(keras_api, trace=["conv2d", "dense"])
    assert [layer["name"] for layer in body["trace"]] == ["conv2d", "dense"]
    full = by_name(predict(keras_api, trace=True))
    for name in ("conv2d", "dense"):
        assert by_name(body)[name] == full[name]
    assert body["outputs"] == predict(keras_api)["outputs"]


def test_every_windowed_tensor_is_the_slice_of_the_whole_one(keras_api):
    whole = by_name(predict(keras_api, trace=True))
    start = [1, 5, 7, 2]
    body = predict(keras_api, trace=True, window={"max_numbers": 100, "at": {"conv2d": start, "dense/kernel": [30, 0]}})
    conv = by_name(body)["conv2d"]["outputs"][0]
    assert conv["shape"] == [2, 18, 18, 8]
    window = conv["window"]
    assert window["start"] == start and np.prod(window["shape"]) <= 100
    expected = np.asarray(whole["conv2d"]["outputs"][0]["data"])[
        tuple(slice(s, s + n) for s, n in zip(start, window["shape"]))
    ]
    assert np.asarray(conv["data"]).shape == tuple(window["shape"])
    np.testing.assert_array_equal(np.asarray(conv["data"], dtype="float32"), expected.astype("float32"))

    kernel = by_name(body)["dense"]["weights"][0]
    assert kernel["name"] == "kernel" and kernel["shape"] == [648, 4] and kernel["window"]["start"] == [30, 0]
    rows = kernel["window"]["shape"][0]
    np.testing.assert_array_equal(
        np.asarray(kernel["data"]), np.asarray(whole["dense"]["weights"][0]["data"])[30 : 30 + rows]
    )

    # small tensors come whole, without a window; the input echo is windowed from its start, the batch axis first
    assert "window" not in body["outputs"][0] and body["outputs"] == predict(keras_api)["outputs"]
    echo = body["inputs"][0]
    assert echo["shape"] == [2, 20, 20, 3] and echo["window"]["start"] == [0, 0, 0, 0]
    assert echo["window"]["shape"][0] == 1


def test_the_lessons_conv2d_transpose_step_runs_traced_in_a_window_with_keras_numbers(keras_api):
    step = keras_api.get("/api/examples/conv2d-transpose").json()
    picture = (np.arange(128 * 128 * 3) % 17 / 16).reshape(128, 128, 3).astype("float32")
    request = {"model": step["model"], "inputs": picture.tolist(), "trace": True}
    refused = keras_api.post("/api/models/predict", json=request)
    assert refused.status_code == 422 and "window.max_numbers" in refused.json()["error"]

    start = [0, 100, 200, 0]
    response = keras_api.post(
        "/api/models/predict",
        json={**request, "window": {"max_numbers": 65536, "at": {"conv2d_transpose": start}}},
    )
    assert response.status_code == 200, response.text
    layer = by_name(response.json())["conv2d_transpose"]
    out = layer["outputs"][0]
    assert out["shape"] == [1, 256, 256, 32] and out["window"]["start"] == start
    assert np.prod(out["window"]["shape"]) <= 65536

    kernel, bias = (np.asarray(w["data"], dtype="float32") for w in layer["weights"])
    oracle = keras.layers.Conv2DTranspose(32, 3, strides=2, padding="same")
    oracle.build((None, 128, 128, 3))
    oracle.set_weights([kernel, bias])
    full = np.asarray(oracle(picture[np.newaxis]))
    expected = full[tuple(slice(s, s + n) for s, n in zip(start, out["window"]["shape"]))]
    np.testing.assert_allclose(np.asarray(out["data"], dtype="float32"), expected, rtol=1e-5, atol=1e-6)


def windowed(at: dict) -> dict:
    """A traced prediction sent in windows of 10 numbers starting at ``at``."""
    return {"trace": True, "window": {"max_numbers": 10, "at": at}}


REFUSALS = {
    "a traced layer the model lacks": ({"trace": ["conv2d", "dense_9"]}, "dense_9", "dense_9"),
    "a window for a layer the model lacks": (windowed({"conv_9": [0, 0, 0, 0]}), "conv_9", "conv_9"),
    "a weight the layer lacks": (windowed({"dense/gamma": [0, 0]}), "dense", "dense/kernel"),
    "a start past the end": (windowed({"conv2d": [0, 18, 0, 0]}), "conv2d", "from 0 to 17"),
    "a start of the wrong rank": (windowed({"conv2d": [0, 0]}), "conv2d", "4 axes"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_trace_or_window_that_does_not_fit_the_model_is_refused_naming_the_layer(fake_api, fake_pool, case):
    extra, layer, words = REFUSALS[case]
    response = fake_api.post("/api/models/predict", json={"model": CONV, "inputs": PICTURE.tolist(), **extra})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["layer"] == layer and words in body["error"], body
    assert body["error_ru"] and layer in body["error_ru"], body
    assert fake_pool.tasks == []


def test_a_layer_with_several_outputs_is_windowed_by_each_outputs_name(keras_api):
    model = {
        "layers": [
            {"type": "Input", "args": {"shape": [6, 2]}},
            {"type": "LSTM", "args": {"units": 5, "return_sequences": True, "return_state": True}},
        ]
    }
    inputs = (np.arange(12) / 12).reshape(6, 2).tolist()
    refused = keras_api.post(
        "/api/models/predict",
        json={"model": model, "inputs": inputs, "trace": True, "window": {"max_numbers": 4, "at": {"lstm": [0, 0]}}},
    )
    assert refused.status_code == 422 and "lstm:0, lstm:1, lstm:2" in refused.json()["error"]
    body = keras_api.post(
        "/api/models/predict",
        json={"model": model, "inputs": inputs, "trace": True, "window": {"max_numbers": 4, "at": {"lstm:1": [0, 2]}}},
    ).json()
    sequences, h, _ = body["outputs"]
    whole = keras_api.post("/api/models/predict", json={"model": model, "inputs": inputs}).json()["outputs"]
    assert h["name"] == "lstm:1" and h["window"] == {"start": [0, 2], "shape": [1, 3]}
    assert h["data"] == [whole[1]["data"][0][2:5]]
    assert sequences["window"]["start"] == [0, 0, 0]
