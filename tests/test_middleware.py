"""app/middleware.py's RefusedGzip: a client that lists gzip with a weight of 0 gets every answer plain."""

import pytest

from app.middleware import refuses_gzip

BIG = {"model": {"layers": [{"type": "Input", "args": {"shape": [3000]}}]}, "inputs": [[0.5] * 3000]}


@pytest.mark.parametrize(
    ("header", "refused"),
    [
        (b"gzip;q=0", True),
        (b"br, GZIP ; Q=0.000, deflate", True),
        (b"x-gzip;q=0", True),
        (b"gzip", False),
        (b"gzip;q=0.5", False),
        (b"deflate, gzip;q=1.0", False),
        (b"gzip;q=nonsense", False),
        (b"identity", False),
    ],
)
def test_a_weight_of_zero_for_gzip_is_a_refusal(header, refused):
    assert refuses_gzip(header) is refused


@pytest.mark.parametrize(("header", "gzipped"), [("gzip;q=0", False), ("gzip;q=0.5", True), ("gzip", True)])
def test_every_kind_of_answer_heeds_a_refused_gzip(fake_api, header, gzipped):
    answers = {
        "kept answer": fake_api.post("/api/models/predict", json=BIG, headers={"accept-encoding": header}),
        "page file": fake_api.get("/static/js/main.js", headers={"accept-encoding": header}),
        "other answer": fake_api.get("/openapi.json", headers={"accept-encoding": header}),
    }
    for kind, answer in answers.items():
        assert answer.status_code == 200, kind
        assert (answer.headers.get("content-encoding") == "gzip") is gzipped, kind
    assert answers["kept answer"].headers["vary"] == "Accept-Encoding"  # either way: a cache must not mix them
    assert answers["kept answer"].json()["outputs"][0]["data"] == [[0.5] * 3000]
