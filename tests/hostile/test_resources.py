"""Bodies, models and numbers too big or malformed: refused with a 4xx in the one error shape, before any work."""

import json
import socket

import httpx
import pytest
from hostile_kit import assert_refused, assert_refused_before_keras, model, rss_mb, server_process, worker_pids

LIMIT = 1_048_576
"""LAYERLAB_MAX_BODY_BYTES's default, which the session server runs with."""

ENDPOINTS = ["/api/models/summary", "/api/models/predict", "/api/models/code", "/api/models/import"]
JSON = {"content-type": "application/json"}


# Bodies


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_body_over_the_limit_is_refused_by_its_length_before_it_is_parsed(api, endpoint):
    # not JSON at all: a 400 would mean it was parsed
    response = api.post(endpoint, content=b"x" * (LIMIT + 1), headers=JSON)
    assert_refused(response, 413, "1,048,576 bytes")
    assert response.headers["connection"] == "close"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_chunked_body_over_the_limit_is_refused_while_it_arrives(server_url, endpoint):
    sent = []

    def chunks():
        for _ in range(64 * 50):  # 50 MB of non-JSON in 16 kB chunks, no Content-Length
            sent.append(16384)
            yield b"x" * 16384

    response = httpx.post(server_url + endpoint, content=chunks(), headers=JSON, timeout=30)
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_refused(response, 413, "1,048,576 bytes")
    assert sum(sent) < 50 * 2**20  # the server answered before the client had sent it all


def test_a_body_just_under_the_limit_is_read(api):
    body = b'{"layers": [{"type": "Input", "args": {"shape": [3]}}, {"type": "Dense", "args": {"units": 2}}]}'
    response = api.post("/api/models/code", content=body + b" " * (LIMIT - len(body)), headers=JSON)
    assert response.status_code == 200, response.text


def test_a_content_length_over_the_limit_is_refused_before_the_body_is_sent(server):
    """Only the headers go out; the answer comes without the server waiting for 10 MB that never come."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(
            b"POST /api/models/summary HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {LIMIT * 10}\r\n\r\n".encode()
        )
        answer = b""
        while chunk := connection.recv(65536):  # the server closes the connection after a 413
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    assert json.loads(body)["status"] == 413


# Models over the limits: refused in the web process, before a worker allocates a weight


OVER_LIMITS = {
    "a dense layer with 10^12 parameters": (
        model({"type": "Input", "args": {"shape": [1_000_000]}}, {"type": "Dense", "args": {"units": 1_000_000}}),
        "parameters; the limit is 30,000,000",
    ),
    "an embedding with 10^12 parameters": (
        model({"type": "Embedding", "args": {"input_dim": 1_000_000, "output_dim": 1_000_000}}),
        "parameters; the limit is 30,000,000",
    ),
    "two dense layers of 10^12 parameters together": (
        model({"type": "Dense", "args": {"units": 1_000_000}}, {"type": "Dense", "args": {"units": 1_000_000}}),
        "parameters",
    ),
    "an input of 10^12 numbers": (
        model({"type": "Input", "args": {"shape": [1_000_000, 1_000_000]}}, {"type": "Flatten"}),
        "numbers; the limit is 8,388,608",
    ),
    "an upsampling to 3·10^10 numbers": (
        model({"type": "Input", "args": {"shape": [100, 100, 3]}}, {"type": "UpSampling2D", "args": {"size": 1000}}),
        "numbers; the limit is 8,388,608",
    ),
    "a repeat to 10^8 numbers": (
        model({"type": "Input", "args": {"shape": [1000]}}, {"type": "RepeatVector", "args": {"n": 100_000}}),
        "numbers; the limit is 8,388,608",
    ),
    "a recurrent layer over 1001 steps": (
        model({"type": "Input", "args": {"shape": [1001, 2]}}, {"type": "LSTM", "args": {"units": 2}}),
        "time steps; the limit is 1,000",
    ),
    "1001 layers": (model(*[{"type": "Dropout", "args": {"rate": 0.1}}] * 1000), "1,001 layers; the limit is 1,000"),
}


@pytest.mark.parametrize("key", list(OVER_LIMITS))
def test_a_model_over_a_limit_is_refused_before_it_is_built(api, key):
    spec, words = OVER_LIMITS[key]
    assert_refused_before_keras(api.post("/api/models/summary", json=spec), words)


def test_refusing_huge_models_allocates_nothing_in_any_process(api, server):
    workers = worker_pids(server)
    assert workers
    everyone = workers | {server.process.pid}
    before = rss_mb(everyone)
    for _ in range(5):
        for spec, _ in OVER_LIMITS.values():
            assert api.post("/api/models/summary", json=spec).status_code == 422
            assert api.post("/api/models/predict", json={"model": spec, "inputs": [1, 2, 3]}).status_code == 422
    assert worker_pids(server) == workers
    # 10^12 float32 parameters would be 4 TB; a few MB of allocator noise is all we allow
    assert rss_mb(everyone) - before < 30, (before, rss_mb(everyone))
    assert server_process(server).is_running()


LSTM_1000_STEPS = model(
    {"type": "Input", "args": {"shape": [8]}},
    {"type": "RepeatVector", "args": {"n": 1000}},
    {"type": "LSTM", "args": {"units": 64}},
)


@pytest.mark.parametrize(
    "request_body, words",
    [
        ({"model": LSTM_1000_STEPS, "inputs": [[0.1] * 8] * 257}, "batch has 257 examples; the limit is 256"),
        (
            {
                "model": model(
                    {"type": "Input", "args": {"shape": [8]}}, {"type": "RepeatVector", "args": {"n": 1000}}
                ),
                "inputs": [[0.0] * 8] * 256,
            },
            "2,048,000 numbers; the limit is 1,000,000",
        ),
        (
            {
                "model": model(
                    {"type": "Input", "args": {"shape": [32, 32, 32]}},
                    {"type": "Conv2D", "args": {"filters": 900, "kernel_size": 15, "padding": "same"}},
                ),
                "inputs": [[[[0.0] * 32] * 32] * 32],
            },
            "multiply-adds; the limit is 5,000,000,000",
        ),
        (
            {"model": model(*[{"type": "Dropout", "args": {"rate": 0.1}}] * 100), "inputs": [[0.0] * 3]},
            "101 layers; the limit for a prediction is 100",
        ),
    ],
    ids=["batch", "answer size", "work", "layers"],
)
def test_a_predict_over_a_data_limit_is_refused_before_it_runs(api, request_body, words):
    assert_refused_before_keras(api.post("/api/models/predict", json=request_body), words)


# Malformed JSON


def nested(depth: int) -> bytes:
    return b'{"layers": [{"type": "Input", "args": {"shape": ' + b"[" * depth + b"]" * depth + b"}}]}"


@pytest.mark.parametrize(
    "body, status",
    [
        (b'{"layers": [', 400),
        (b'{"layers": []} trailing', 400),
        (b"{'layers': []}", 400),
        (b'\xef\xbb\xbf{"layers": []}', 400),
        (b'{"name": "\xff"}', 400),
        (b'{"name": "\\ud800"}', 400),
        (b'{"layers": [{"type": "Input", "args": {"shape": [NaN]}}]}', 422),
        (b'{"layers": [{"type": "Input", "args": {"shape": [Infinity]}}]}', 422),
        (b'{"layers": [{"type": "Input", "args": {"shape": [-Infinity]}}]}', 422),
        (b'{"layers": [{"type": "Input", "args": {"shape": [1e400]}}]}', 422),
        (nested(100_000), 400),
        (nested(1100), 400),  # deeper than orjson reads (1024 levels)
        (b"[" * 500_000 + b"]" * 500_000, 400),
        (b"", 422),
        (b"null", 422),
        (b"[]", 422),
        (b'"layers"', 422),
    ],
    ids=[
        "cut short",
        "trailing text",
        "single quotes",
        "byte order mark",
        "invalid utf-8",
        "lone surrogate",
        "NaN",
        "Infinity",
        "-Infinity",
        "overflowing number",
        "nested 100000 deep",
        "nested 1100 deep",
        "a megabyte of brackets",
        "empty",
        "null",
        "a list",
        "a string",
    ],
)
@pytest.mark.parametrize("endpoint", ["/api/models/summary", "/api/models/import"])
def test_malformed_json_is_refused_in_the_one_error_shape(api, endpoint, body, status):
    if len(body) > LIMIT:
        status = 413
    assert_refused(api.post(endpoint, content=body, headers=JSON), status)


@pytest.mark.parametrize(
    "content_type", ["Application/JSON", "application/json; charset=utf-8", "application/vnd.layerlab+json"]
)
def test_nan_is_refused_whatever_the_spelling_of_the_content_type(api, content_type):
    body = b'{"model": {"layers": [{"type": "Input", "args": {"shape": [2]}}]}, "inputs": [1, NaN]}'
    assert_refused(api.post("/api/models/predict", content=body, headers={"content-type": content_type}), 422, "NaN")


def test_nan_is_refused_when_a_second_content_type_header_hides_the_first(api):
    """FastAPI reads the first Content-Type header; the strict-JSON check must not read only the last."""
    body = b'{"model": {"layers": [{"type": "Input", "args": {"shape": [2]}}]}, "inputs": [1, NaN]}'
    headers = [("content-type", "application/json"), ("content-type", "text/plain")]
    assert_refused(api.post("/api/models/predict", content=body, headers=headers), 422, "NaN")


def test_arguments_nested_too_deep_are_refused_naming_the_argument(api):
    """Deeper than pydantic's JSON parser goes (~255), shallower than the body's own limits."""
    response = api.post("/api/models/summary", content=nested(300), headers=JSON)
    body = assert_refused(response, 422, "shape")
    assert body["arg"] == "shape" and "``" not in body["error"]


# Numbers that are not a tensor


DENSE_3_TO_2 = model({"type": "Dense", "name": "d", "args": {"units": 2}})


@pytest.mark.parametrize(
    "inputs, words",
    [
        ([[1, 2, 3], [4, 5]], "rows have different lengths"),
        ([[1, 2, 3], [4, 5, [6]]], "expected"),
        ([1, 2, "3"], "[2] is text"),
        ("123", "is text"),
        ([True, False, True], "true/false"),
        ([1, 2, None], "expected"),
        (None, "expected"),
        ({"x": [1, 2, 3], "y": [1]}, "unknown ['y']"),
        ({"z": [1, 2, 3]}, "missing ['x']"),
        ([1, 2, {"a": 1}], "expected"),
        ([1, 2, 1e39], "finite and within ±3.4e38"),
        ([], "empty"),
        ([[]], "empty"),
        ([1, 2], "expected shape (None, 3)"),
        ([[[[1, 2, 3]]]], "expected shape (None, 3)"),
    ],
    ids=[
        "ragged",
        "ragged deeper",
        "a string among numbers",
        "a string",
        "booleans",
        "a null among numbers",
        "null",
        "an unknown input",
        "a missing input",
        "an object among numbers",
        "beyond float32",
        "empty",
        "empty rows",
        "too short",
        "too deep",
    ],
)
def test_inputs_that_are_not_numbers_of_the_right_shape_are_refused(api, inputs, words):
    assert_refused_before_keras(api.post("/api/models/predict", json={"model": DENSE_3_TO_2, "inputs": inputs}), words)


@pytest.mark.parametrize(
    "weights, words",
    [
        ({"d": [[[1, 2, 3]], [0, 0]]}, "expected shape (3, 2); received (1, 3)"),
        ({"d": [[[1, 2], [1, 2], [1, 2]]]}, "has 2 weight arrays"),
        ({"d": [[[1, 2], [1, 2], [1, 2]], [0, 0], [0]]}, "has 2 weight arrays"),
        ({"d": [[[1, 2], [1, 2], [1, 2]], [0, [0]]]}, "rows have different lengths"),
        ({"d": [[[1, 2], [1, 2], [1, "2"]], [0, 0]]}, "weights['d'][0][2][1] is text"),
        ({"d": [[[1, 2], [1, 2], [1, 2]], [0, 1e39]]}, "finite"),
        ({"nowhere": [[0]]}, "there is no layer 'nowhere'"),
        ({"x": [[0]]}, "Input has 0 weight arrays"),
        ({"d": 5}, "weights.d: expected a list; received 5"),
    ],
    ids=[
        "wrong shape",
        "too few",
        "too many",
        "ragged",
        "a string",
        "beyond float32",
        "unknown layer",
        "input",
        "not a list",
    ],
)
def test_weights_of_the_wrong_shape_or_kind_are_refused(api, weights, words):
    body = {"model": DENSE_3_TO_2, "inputs": [1, 2, 3], "weights": weights}
    assert_refused_before_keras(api.post("/api/models/predict", json=body), words)


EMBEDDING = {
    "layers": [
        {"type": "Input", "name": "words", "args": {"shape": [4], "dtype": "int32"}},
        {"type": "Embedding", "name": "e", "args": {"input_dim": 10, "output_dim": 2}},
    ]
}


@pytest.mark.parametrize(
    "indices, words",
    [
        ([1, 2, 3, 10], "from 0 to 9"),
        ([1, 2, 3, -1], "from 0 to 9"),
        ([1, 2, 3, 2**31], "whole numbers (int32)"),
        ([1, 2, 3, 1.5], "whole numbers (int32)"),
    ],
    ids=["one past the end", "negative", "beyond int32", "not whole"],
)
def test_embedding_indices_out_of_range_are_refused(api, indices, words):
    assert_refused_before_keras(api.post("/api/models/predict", json={"model": EMBEDDING, "inputs": indices}), words)


BEHIND = {
    "a reshape": ([4], [{"type": "Reshape", "args": {"target_shape": [2, 2]}}]),
    "a dropout and a flatten": ([2, 2], [{"type": "Dropout", "args": {"rate": 0.5}}, {"type": "Flatten"}]),
    "a permute and a padding": ([2, 2], [{"type": "Permute", "args": {"dims": [2, 1]}}, {"type": "ZeroPadding1D"}]),
}


@pytest.mark.parametrize("path", list(BEHIND))
@pytest.mark.parametrize("index", [100_000, -5], ids=["past the end", "negative"])
def test_embedding_indices_out_of_range_behind_layers_that_only_move_numbers_are_refused(api, path, index):
    """Keras's take() reads a negative index from the end (-5 reads row 5): Layer Lab must refuse it."""
    shape, between = BEHIND[path]
    spec = {
        "layers": [
            {"type": "Input", "name": "x", "args": {"shape": shape}},
            *between,
            {"type": "Embedding", "name": "e", "args": {"input_dim": 10, "output_dim": 2}},
        ]
    }
    inputs = [1, 2, 3, index] if len(shape) == 1 else [[1, 2], [3, index]]
    body = assert_refused_before_keras(
        api.post("/api/models/predict", json={"model": spec, "inputs": inputs}), "from 0 to 9"
    )
    assert body["layer"] == "e"
