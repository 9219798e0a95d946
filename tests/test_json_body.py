"""A request's JSON body: every value as orjson reads it, big arrays of numbers as numpy arrays of the same numbers,
and whatever is not a rectangular array of numbers left as lists, so that ``app.data`` names the cell that is wrong;
a prediction's answer is the same, byte for byte, with the numpy arrays or without them."""

import json

import numpy as np
import orjson
import pytest

from app import json_body
from app.cache import AnswerCache
from app.errors import BadRequest, Invalid
from app.json_body import read_json
from app.routes import api

FIELDS = api.ARRAYS["predict"]


def read(body: bytes):
    return read_json(body).with_arrays(FIELDS)


def lists(value):
    """``value`` with its numpy arrays as the lists orjson reads for them."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list):
        return [lists(v) for v in value]
    if isinstance(value, dict):
        return {k: lists(v) for k, v in value.items()}
    return value


def test_rectangular_arrays_of_numbers_come_as_float64_arrays_of_the_same_numbers():
    rng = np.random.default_rng(0)
    kernel = rng.uniform(-1, 1, (300, 7)).tolist()
    awkward = [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 1 / 3, 2**53 + 1, -(2**63), 2**64 - 1]
    body = {"inputs": [[awkward, awkward]], "weights": {"d": [kernel, [1, 2, 3, -0.0, 0]]}, "seed": 3}
    read_back = read(json.dumps(body).encode())
    (x,), (k, b) = read_back["inputs"], read_back["weights"]["d"]
    assert x.dtype == k.dtype == b.dtype == np.float64
    assert x.shape == (2, 8) and k.shape == (300, 7) and b.shape == (5,)
    plain = orjson.loads(json.dumps(body))
    np.testing.assert_array_equal(k, np.asarray(plain["weights"]["d"][0]))
    assert x.tolist() == np.asarray(plain["inputs"][0], dtype=np.float64).tolist()
    assert np.signbit(b[3]) and read_back["seed"] == 3


@pytest.mark.parametrize(
    "inputs",
    [
        [[1, 2, 3], [4, 5]],
        [[1, 2], [3], [4, 5, 6]],  # as many numbers as 3 rows of 2, and as many arrays
        [[1, [2]], [3, 4]],  # a row of the last level holding an array of one number
        [[1, 2], 3],
        [[1, 2], "ab"],
        [[1, 2], {"a": 1, "b": 2}],
        [1, True, 0],
        [1, None],
        [],
        [[]],
        "123",
        5,
    ],
    ids=[
        "ragged",
        "ragged-same-count",
        "hidden-array",
        "number-for-row",
        "text-row",
        "object-row",
        "bool",
        "null",
        "empty",
        "empty-row",
        "text",
        "number",
    ],
)
def test_anything_but_a_rectangular_array_of_numbers_stays_as_orjson_reads_it(inputs):
    body = json.dumps({"inputs": inputs, "weights": {"d": [inputs]}}).encode()
    read_back = read(body)
    assert read_back == orjson.loads(body)
    assert not isinstance(read_back["inputs"], np.ndarray)


@pytest.mark.parametrize(
    "body",
    [
        b'{"inputs": [[1, 2]], "inputs": [[3, 4]]}',
        b'{"inputs": {"a": [[1]], "a": [[2]]}}',
        b'{"inputs": [[1, 2]], "model": {"name": "a[b"}}',
        b'{"inputs": [[1, 2]], "m\\u005b": 1}',
        b'{"inputs": [[1, 2]], "seed": 18446744073709551616}',
    ],
    ids=["field-twice", "name-twice", "bracket-in-text", "escaped-bracket-in-a-name", "integer-past-64-bits"],
)
def test_what_cannot_be_proved_an_array_is_read_as_orjson_reads_it(body):
    assert read(body) == orjson.loads(body)


def test_only_the_fields_that_take_arrays_get_them():
    read_back = read(b'{"model": {"layers": [{"args": {"shape": [28, 28, 1]}}]}, "trace": ["d"], "inputs": [1]}')
    assert read_back["model"] == {"layers": [{"args": {"shape": [28, 28, 1]}}]} and read_back["trace"] == ["d"]
    assert isinstance(read_back["inputs"], np.ndarray)
    assert read_json(b'{"inputs": [[1, 2]]}').plain() == {"inputs": [[1, 2]]}


@pytest.mark.parametrize(
    "body, error",
    [
        (b'\xef\xbb\xbf{"inputs": [1]}', BadRequest),
        (b'{"inputs": [1, 2],}', BadRequest),
        (b'{"inputs": [1, NaN]}', Invalid),
        (b'{"inputs": [1, 1e400]}', Invalid),
    ],
    ids=["byte-order-mark", "trailing-comma", "NaN", "overflowing-number"],
)
def test_a_body_that_is_not_strict_json_is_refused_as_before(body, error):
    with pytest.raises(error):
        read_json(body)


def test_a_number_past_every_float_is_said_to_be_too_large_not_nan():
    with pytest.raises(Invalid) as caught:
        read_json(b'{"inputs": [[1e400, 1]]}')
    assert "too large" in caught.value.message and "3.4e38" in caught.value.message
    assert "3,4e38" in caught.value.message_ru and "NaN" not in caught.value.message


def conv_body(kernel) -> bytes:
    """The bench's conv model (28 × 28 × 1 → Conv2D(4) → MaxPool → Flatten → Dense(3)) with its Dense kernel."""
    model = {
        "layers": [
            {"type": "Input", "name": "x", "args": {"shape": [28, 28, 1]}},
            {"type": "Conv2D", "args": {"filters": 4, "kernel_size": 3}},
            {"type": "MaxPooling2D", "args": {"pool_size": 2}},
            {"type": "Flatten"},
            {"type": "Dense", "name": "dense", "args": {"units": 3}},
        ]
    }
    inputs = np.round(np.random.default_rng(1).uniform(-1, 1, (1, 28, 28, 1)), 4).tolist()
    return json.dumps({"model": model, "inputs": inputs, "weights": {"dense": [kernel, [0.5, -0.5, 0]]}}).encode()


KERNEL = np.round(np.random.default_rng(2).uniform(-1, 1, (676, 3)), 4).tolist()


def changed(row: int, cell: int, value) -> list:
    kernel = [list(r) for r in KERNEL]
    kernel[row][cell] = value
    return kernel


@pytest.mark.parametrize(
    "kernel, status, fast",
    [
        (KERNEL, 200, True),
        (changed(500, 1, True), 422, True),
        (changed(500, 1, 1), 200, True),
        (changed(500, 1, [0.5]), 422, False),  # an array more than the shapes say: the whole body is read as lists
        (changed(500, 1, 1e39), 422, True),
        (changed(500, 1, "0.5"), 422, True),
        (KERNEL[:-1], 422, True),
        ([r[:2] if k == 100 else r for k, r in enumerate(KERNEL)], 422, True),
    ],
    ids=["numbers", "bool", "one", "hidden-array", "past-float32", "text", "a-row-short", "ragged"],
)
def test_a_predictions_answer_is_the_same_with_numpy_arrays_as_with_lists(keras_api, monkeypatch, kernel, status, fast):
    """Real Keras in process: the answer, or the 422 naming the cell, byte for byte."""
    body = conv_body(kernel)
    assert isinstance(read(body)["inputs"], np.ndarray) == fast
    monkeypatch.setattr(keras_api.lab, "cache", AnswerCache(0, 0))  # both computed, neither recalled
    fast = keras_api.post("/api/models/predict", content=body, headers={"content-type": "application/json"})
    monkeypatch.setattr(api, "ARRAYS", {})
    plain = keras_api.post("/api/models/predict", content=body, headers={"content-type": "application/json"})
    assert fast.status_code == status
    assert (fast.status_code, fast.content) == (plain.status_code, plain.content)


def test_a_bodys_parser_serves_the_next_body_once_the_first_is_read(monkeypatch):
    monkeypatch.setattr(json_body, "_parsers", [])
    first, second = (json.dumps({"inputs": [[k, 2.5]], "seed": k}).encode() for k in (1, 2))
    waiting = read_json(first)
    other = read_json(second)
    parsers = (waiting._parser, other._parser)
    assert parsers[0] is not parsers[1]  # the first is not read yet: the second has a parser of its own
    assert lists(other.with_arrays(FIELDS)) == orjson.loads(second)
    assert json_body._parsers == [parsers[1]]
    assert lists(waiting.with_arrays(FIELDS)) == orjson.loads(first)
    assert json_body._parsers == [parsers[1], parsers[0]]
    again = read_json(second)
    assert again._parser is parsers[0] and lists(again.with_arrays(FIELDS)) == orjson.loads(second)
    assert again.plain() == orjson.loads(second)  # asked again once its parser is free: the same values


def test_a_parser_that_read_a_big_body_is_not_kept(monkeypatch):
    monkeypatch.setattr(json_body, "_parsers", [])
    monkeypatch.setattr(json_body, "PARSER_KEPT_BYTES", 100)
    small, big = json.dumps({"inputs": [1, 2]}).encode(), json.dumps({"inputs": list(range(100))}).encode()
    assert lists(read(big)) == orjson.loads(big) and json_body._parsers == []
    assert lists(read(small)) == orjson.loads(small) and len(json_body._parsers) == 1
