"""held_weights: a client (the page) says which traced weights it already holds, by the digests an earlier answer
gave them, and is not sent those numbers again while they are the same; a client that does not say gets the
answer it always got. In process, with real Keras: the model is kept between requests as in a worker."""

import numpy as np

TEXT = {
    "layers": [
        {"type": "Input", "name": "tokens", "args": {"shape": [6], "dtype": "int32"}},
        {"type": "Embedding", "name": "emb", "args": {"input_dim": 50, "output_dim": 8}},
        {"type": "LSTM", "name": "lstm", "args": {"units": 5}},
        {"type": "Dense", "name": "out", "args": {"units": 2}},
    ]
}
WEIGHTS = ["emb/embeddings", "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias", "out/kernel", "out/bias"]


def predict(api, inputs, **request) -> dict:
    body = {"model": TEXT, "inputs": inputs, "seed": 3, "trace": True, **request}
    response = api.post("/api/models/predict", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def weights(answer: dict) -> dict[str, dict]:
    return {f"{layer['name']}/{w['name']}": w for layer in answer["trace"] for w in layer["weights"]}


def digests(answer: dict) -> dict[str, str]:
    return {name: w["digest"] for name, w in weights(answer).items()}


def test_a_client_that_says_nothing_gets_every_weight_and_no_digest(keras_api):
    answer = predict(keras_api, [[1, 2, 3, 4, 5, 6]])
    assert list(weights(answer)) == WEIGHTS
    assert all(w["data"] is not None and "digest" not in w for w in weights(answer).values())


def test_weights_held_are_not_sent_again_while_their_numbers_are_the_same(keras_api):
    first = predict(keras_api, [[1, 2, 3, 4, 5, 6]], held_weights={})
    assert list(digests(first)) == WEIGHTS and all(w["data"] is not None for w in weights(first).values())
    held = digests(first)

    again = predict(keras_api, [[7, 7, 3, 0, 1, 2]], held_weights=held)
    plain = predict(keras_api, [[7, 7, 3, 0, 1, 2]])
    assert digests(again) == held
    assert all(w["data"] is None for w in weights(again).values()), "every weight is the same: none is sent"
    assert again["outputs"] == plain["outputs"]
    assert [layer["outputs"] for layer in again["trace"]] == [layer["outputs"] for layer in plain["trace"]]
    for name, w in weights(plain).items():
        assert weights(first)[name]["data"] == w["data"], "what the client holds is what Keras has"

    kernel = (np.arange(10).reshape(5, 2) / 10).tolist()
    typed = predict(keras_api, [[7, 7, 3, 0, 1, 2]], weights={"out": [kernel, [1, -1]]}, held_weights=held)
    sent = {name for name, w in weights(typed).items() if w["data"] is not None}
    assert sent == {"out/kernel", "out/bias"}, "only the weights typed anew come back"
    assert weights(typed)["out/kernel"]["data"] == kernel and weights(typed)["out/bias"]["data"] == [1, -1]
    assert digests(typed)["out/kernel"] != held["out/kernel"]

    # the typed weights gone, the layer has its first numbers again: a client holding the typed ones gets those
    back = predict(keras_api, [[7, 7, 3, 0, 1, 2]], held_weights={**held, "out/kernel": digests(typed)["out/kernel"]})
    assert weights(back)["out/kernel"]["data"] == weights(plain)["out/kernel"]["data"]
    assert weights(back)["out/bias"]["data"] is None and digests(back) == held


def test_a_digest_that_does_not_fit_or_a_name_the_model_lacks_changes_nothing(keras_api):
    held = digests(predict(keras_api, [[1, 2, 3, 4, 5, 6]], held_weights={}))
    answer = predict(
        keras_api, [[1, 2, 3, 0, 0, 0]], held_weights={"lstm/kernel": "0" * 24, "gone/kernel": held["out/bias"]}
    )
    assert all(w["data"] is not None for w in weights(answer).values())
    assert digests(answer) == held


def test_a_weight_in_a_window_is_spared_only_where_its_numbers_are_the_same(keras_api):
    model = {
        "layers": [{"type": "Input", "args": {"shape": [300]}}, {"type": "Dense", "name": "d", "args": {"units": 8}}]
    }
    body = {"model": model, "inputs": [list(range(300))], "trace": True}

    def at(start: list[int], held: dict) -> dict:
        window = {"max_numbers": 400, "at": {"d/kernel": start}}
        answer = keras_api.post("/api/models/predict", json={**body, "window": window, "held_weights": held})
        assert answer.status_code == 200, answer.text
        return weights(answer.json())["d/kernel"]

    first = at([0, 0], {})
    assert first["window"] == {"start": [0, 0], "shape": [50, 8]} and len(first["data"]) == 50
    assert at([0, 0], {"d/kernel": first["digest"]})["data"] is None
    moved = at([100, 0], {"d/kernel": first["digest"]})
    assert moved["window"]["start"] == [100, 0] and moved["digest"] != first["digest"]
    assert len(moved["data"]) == 50 and moved["data"] != first["data"]


def test_a_digest_not_of_the_form_is_refused_naming_the_weight(keras_api):
    body = {
        "model": TEXT,
        "inputs": [[1, 2, 3, 4, 5, 6]],
        "trace": True,
        "held_weights": {"lstm/kernel": "not a digest"},
    }
    response = keras_api.post("/api/models/predict", json=body)
    assert response.status_code == 422
    error = response.json()
    assert error["arg"] == "lstm/kernel" and "held_weights.lstm/kernel" in error["error"]
    assert "not a digest" in error["error"] and "held_weights.lstm/kernel" in error["error_ru"]


def test_the_field_and_the_digest_are_in_the_openapi(keras_api):
    schemas = keras_api.get("/openapi.json").json()["components"]["schemas"]
    assert "digest" in schemas["PredictRequest"]["properties"]["held_weights"]["description"]
    assert "held_weights" in schemas["Tensor"]["properties"]["digest"]["description"]
