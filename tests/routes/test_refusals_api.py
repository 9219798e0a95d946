"""Requests a review found could slip past the checks: each gets a 4xx in the one error shape, before any
worker is asked (in process, with a fake pool that counts its tasks, unless the point needs the real server)."""

import pytest

INPUT = {"type": "Input", "args": {"shape": [4]}}


def refusal(response, status=422) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


@pytest.mark.parametrize("ref", ["input_layer:²", "input_layer:1x", "<b>x</b>", "input_layer:"])
def test_a_malformed_reference_is_refused(fake_api, fake_pool, ref):
    layers = [INPUT, {"type": "Dense", "args": {"units": 2}, "inputs": [ref]}]
    body = refusal(fake_api.post("/api/models/summary", json={"layers": layers}))
    assert body["layer"] == 1 and body["arg"] == "0"
    refusal(fake_api.post("/api/models/code", json={"layers": [INPUT], "outputs": [ref]}))
    assert fake_pool.tasks == []


def test_arguments_nested_past_the_json_parsers_depth_are_refused(api):
    """Against the real server: how deep the parser gets depends on the stack it runs on."""
    for depth in (300, 950):  # past pydantic's JSON depth; near Python's own recursion limit
        deep = "[" * depth + "]" * depth
        text = '{"layers": [{"type": "Input", "args": {"shape": ' + deep + "}}]}"
        response = api.post("/api/models/summary", content=text, headers={"content-type": "application/json"})
        assert "deep" in refusal(response)["error"]


def test_an_import_that_does_not_fit_a_layer_list_is_a_422(fake_api):
    inputs = [{"class_name": "InputLayer", "config": {"batch_shape": [None, 1], "name": f"i{k}"}} for k in range(70)]
    merge = {
        "class_name": "Concatenate",
        "config": {"name": "cat", "axis": -1},
        "inbound_nodes": [[[f"i{k}", 0, 0, {}] for k in range(70)]],
    }
    model = {
        "class_name": "Functional",
        "config": {
            "name": "wide",
            "layers": [*inputs, merge],
            "input_layers": [[f"i{k}", 0, 0] for k in range(70)],
            "output_layers": [["cat", 0, 0]],
        },
    }
    refusal(fake_api.post("/api/models/import", json=model))


def test_an_import_over_the_layer_limit_is_refused_before_it_is_read(fake_api):
    layers = [{"class_name": "Flatten", "config": {"name": "a"}} for _ in range(1001)]
    model = {"class_name": "Sequential", "config": {"name": "s", "layers": layers}}
    body = refusal(fake_api.post("/api/models/import", json=model))
    assert "1,001 layers; the limit is 1,000" in body["error"]


def test_the_batch_axis_note_follows_the_request_not_the_cache(keras_api):
    model = {"layers": [INPUT, {"type": "Dense", "args": {"units": 2}}]}
    with_batch = keras_api.post("/api/models/predict", json={"model": model, "inputs": [[1, 2, 3, 4]]}).json()
    without = keras_api.post("/api/models/predict", json={"model": model, "inputs": [1, 2, 3, 4]}).json()
    assert with_batch["outputs"] == without["outputs"]
    assert with_batch["notes"] == [] and any("batch axis" in n for n in without["notes"])


def test_bidirectional_weights_keep_their_direction_in_the_trace(keras_api):
    model = {
        "layers": [
            {"type": "Input", "args": {"shape": [3, 2]}},
            {"type": "Bidirectional", "name": "bi", "args": {"layer": {"type": "LSTM", "args": {"units": 2}}}},
        ]
    }
    body = keras_api.post(
        "/api/models/predict", json={"model": model, "inputs": [[1, 2], [3, 4], [5, 6]], "trace": True}
    )
    names = [w["name"] for w in body.json()["trace"][1]["weights"]]
    assert names[0].startswith("forward") and names[-1].startswith("backward") and len(set(names)) == len(names)


DENSE = [INPUT, {"type": "Dense", "name": "d", "args": {"units": 2}}]


@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/models/summary", {"layers": [INPUT, {"type": "Dense", "name": 5, "args": {"units": 2}}]}),
        ("/api/models/summary", {"layers": DENSE, "colour": "red"}),
        ("/api/models/predict", {"inputs": [1, 2, 3, 4]}),
        ("/api/models/predict", {"model": {"layers": DENSE}, "inputs": [1, 2, 3, 4], "trace": 5}),
        ("/api/models/predict", {"model": {"layers": DENSE}, "inputs": [1, 2, 3, 4], "window": {"at": {"d": "x"}}}),
        ("/api/models/predict", {"model": {"layers": DENSE}, "inputs": [[1, 2, 3, 4]], "seed": 1.5}),
        ("/api/models/predict", {"model": {"layers": DENSE}, "inputs": {"a\u0000b": [1, 2, 3, 4]}}),
    ],
)
def test_a_summary_or_prediction_sent_as_application_json_is_refused_as_fastapi_refuses_it(fake_api, path, body):
    """``application/json`` goes straight to the endpoint, checked by its schema; ``application/x+json``, which
    FastAPI also reads as JSON, through FastAPI's own request handling: the same refusal, word for word (a body
    whose arrays cannot be read is FastAPI's 400)."""
    direct, handled = (
        fake_api.post(path, json=body, headers={"content-type": kind})
        for kind in ("application/json", "application/x+json")
    )
    assert direct.status_code == handled.status_code in (400, 422) and direct.json() == handled.json()


@pytest.mark.parametrize(
    ("text", "en", "ru"),
    [
        (
            '{"class_name": "Sequential", "config": {"layers": [}',
            "the model's text (json_text) is not valid JSON",
            "текст модели (json_text) — не JSON",
        ),
        ('"just a string"', "the model's text (json_text) must hold a JSON object", "текст модели (json_text) должен"),
    ],
)
def test_pasted_model_text_that_is_not_a_model_is_called_the_models_text(fake_api, text, en, ru):
    """The page's import dialog sends what the learner pasted as json_text: the refusal says what that is."""
    body = refusal(fake_api.post("/api/models/import", json={"json_text": text}), 400)
    assert body["error"].startswith(en) and body["error_ru"].startswith(ru) and body["arg"] == "json_text"


def test_a_name_holding_u0000_is_read_and_refused_in_words_not_as_an_unreadable_body(fake_api, fake_pool):
    body = {"model": {"layers": DENSE}, "inputs": {"a\u0000b": [1, 2, 3, 4]}}
    answer = refusal(fake_api.post("/api/models/predict", json=body))
    assert all("['a\\x00b']" in answer[key] for key in ("error", "error_ru")) and answer["error_ru"] != answer["error"]
    assert fake_pool.tasks == []


def test_the_bytes_of_an_answered_request_sent_as_text_are_refused_as_they_were_before_it(fake_api, fake_pool):
    """The answer cache holds JSON requests' answers: the same bytes under another Content-Type are not JSON to
    the API, before or after someone sent them as JSON."""
    body = b'{"layers": [{"type": "Input", "args": {"shape": [4]}}]}'
    as_text = {"content-type": "text/plain"}
    before = fake_api.post("/api/models/summary", content=body, headers=as_text)
    assert (
        fake_api.post("/api/models/summary", content=body, headers={"content-type": "application/json"}).status_code
        == 200
    )
    after = fake_api.post("/api/models/summary", content=body, headers=as_text)
    assert before.status_code == after.status_code == 422 and before.json() == after.json()
