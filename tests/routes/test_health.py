"""Liveness and readiness."""


def test_healthz_answers(api):
    assert api.get("/healthz").json() == {"ok": True}


def test_readyz_says_ready_once_the_lesson_is_warm(api):
    body = api.get("/readyz").json()
    assert body["ready"] is True
    assert body["cached_answers"] > 20  # every lesson example's summary (and prediction) was computed at start-up
