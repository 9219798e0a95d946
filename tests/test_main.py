"""The application's error handling, in process: every refusal and failure, whatever raised it, reaches the
client in the one error shape, in both languages where a learner reads it, with the security headers."""

import logging

import pytest
from inprocess import Client, FakePool, make_lab

from app.errors import Busy, TimedOut, WorkerLost
from app.middleware import SECURITY_HEADERS

MODEL = {"layers": [{"type": "Input", "args": {"shape": [3]}}, {"type": "Dense", "name": "d", "args": {"units": 2}}]}
PREDICT = {"model": MODEL, "inputs": [1, 2, 3]}


def error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    for name, value in SECURITY_HEADERS:
        assert response.headers[name.decode()] == value.decode()
    return body


@pytest.mark.parametrize(
    "failure, status",
    [
        (Busy("all workers are busy", ru="все обработчики заняты", retry_after=3), 503),
        (WorkerLost("the worker stopped", ru="обработчик остановился"), 503),
        (TimedOut("the model ran too long", ru="модель работала слишком долго"), 504),
    ],
    ids=["busy", "lost", "timeout"],
)
def test_a_failing_pool_answers_in_the_one_shape_and_the_failure_is_not_kept(fake_api, fake_pool, failure, status):
    fake_pool.failure = failure
    body = error_shape(fake_api.post("/api/models/predict", json=PREDICT), status)
    assert (body["error"], body["error_ru"]) == (failure.message, failure.message_ru)
    fake_pool.failure = None
    assert fake_api.post("/api/models/predict", json=PREDICT).status_code == 200
    assert len(fake_pool.tasks) == 2  # the second request was asked again, not answered with the failure


def test_busy_says_when_to_try_again(fake_api, fake_pool):
    fake_pool.failure = Busy("busy", retry_after=3)
    assert fake_api.post("/api/models/summary", json=MODEL).headers["retry-after"] == "3"


def test_a_keras_refusal_is_a_422_without_terminal_colours(portal):
    pool = FakePool(lambda task: {"error": "\x1b[1mInvalid dtype\x1b[0m: complex"})
    client = Client(portal, make_lab(pool))
    try:
        body = error_shape(client.post("/api/models/summary", json=MODEL), 422)
    finally:
        client.close()
    assert body["error"] == "Keras refused the model: Invalid dtype: complex"
    assert body["error_ru"] == "Keras не принял модель: Invalid dtype: complex"


def test_a_bug_is_a_logged_500_in_the_one_shape(fake_api, fake_pool, caplog):
    fake_pool.failure = RuntimeError("a bug in the server")
    with caplog.at_level(logging.ERROR, logger="layerlab"):
        body = error_shape(fake_api.post("/api/models/predict", json=PREDICT), 500)
    assert "a bug" not in body["error"] and body["error_ru"]  # nothing of the inside is sent
    assert any("a bug in the server" in (r.exc_text or "") for r in caplog.records)


def test_a_schema_refusal_names_the_layer_index_the_argument_and_what_arrived(fake_api):
    model = {"layers": [{"type": "Input", "args": {"shape": [3]}}, {"type": "Dense", "name": 5, "args": {"units": 2}}]}
    body = error_shape(fake_api.post("/api/models/summary", json=model), 422)
    assert body["layer"] == 1 and body["arg"] == "name"
    for text in (body["error"], body["error_ru"]):
        assert text.startswith("layers.1.name") and text.endswith(" 5"), text  # where, and what arrived
    assert body["error"] != body["error_ru"]


def test_an_argument_refusal_names_the_layer_the_argument_and_what_arrived_in_both_languages(fake_api):
    model = {"layers": [{"type": "Input", "args": {"shape": [3]}}, {"type": "Dense", "args": {"units": "many"}}]}
    body = error_shape(fake_api.post("/api/models/summary", json=model), 422)
    assert body["layer"] == "dense" and body["arg"] == "units"
    for text in (body["error"], body["error_ru"]):
        assert "'dense'" in text and "units" in text and '"many"' in text


@pytest.mark.parametrize(
    "extra, arg, en, ru",
    [
        ({"trace": 5}, "trace", "trace: expected true or false, or a list; received 5", "true или false, или список"),
        ({"trace": ["d", 5]}, "1", "trace.1: expected text (a string); received 5", "trace.1: ожидается текст"),
        (
            {"window": {"max_numbers": 9, "at": {"a b": [0]}}},
            "a b",
            "window.at.a b: expected a tensor's",
            "window.at.a b:",
        ),
    ],
)
def test_a_refusal_names_the_field_not_the_union_member_pydantic_tried(fake_api, extra, arg, en, ru):
    body = error_shape(fake_api.post("/api/models/predict", json={**PREDICT, **extra}), 422)
    assert body["arg"] == arg and body["error"].startswith(en) and ru in body["error_ru"], body


def test_a_missing_field_is_named(fake_api):
    body = error_shape(fake_api.post("/api/models/predict", json={"inputs": [1, 2, 3]}), 422)
    assert body["error"].startswith("model") and body["arg"] == "model"


@pytest.mark.parametrize(
    "method, path, status", [("GET", "/api/nothing", 404), ("GET", "/api/models/summary", 405)], ids=["404", "405"]
)
def test_unknown_paths_and_methods_answer_in_the_one_shape(fake_api, method, path, status):
    error_shape(fake_api.request(method, path), status)


def test_a_body_nested_near_or_past_the_parsers_depth_is_refused_in_both_languages(fake_api, fake_pool):
    """Where the refusal comes from moves with the stack depth (pydantic, Python's json, orjson): every depth
    around the limit gets a 4xx in the one shape saying what is wrong, never a bare English parse error."""
    for depth in range(900, 1060, 8):
        deep = "[" * depth + "]" * depth
        text = '{"layers": [{"type": "Input", "args": {"shape": ' + deep + "}}]}"
        response = fake_api.post("/api/models/summary", content=text, headers={"content-type": "application/json"})
        assert response.status_code in (400, 422), depth
        body = error_shape(response, response.status_code)
        assert ("deep" in body["error"] or "depth" in body["error"]) and body["error_ru"], (depth, body)
    assert fake_pool.tasks == []
