"""Liveness and readiness: the real server after its warm-up, and in process during start-up."""

from inprocess import Client, FakePool, make_lab


def test_healthz_answers(api):
    assert api.get("/healthz").json() == {"ok": True}


def test_readyz_says_ready_once_the_lesson_is_warm(api):
    body = api.get("/readyz").json()
    assert body["ready"] is True
    assert body["cached_answers"] > 20  # every lesson example's summary (and prediction) was computed at start-up


def test_readyz_is_503_until_the_workers_are_warm(portal):
    pool = FakePool()
    pool.warm.clear()
    client = Client(portal, make_lab(pool))
    try:
        starting = client.get("/readyz")
        assert starting.status_code == 503
        assert starting.json()["ready"] is False and starting.json()["ready_after_seconds"] is None
        assert client.get("/healthz").json() == {"ok": True}  # alive while it starts
        pool.warm.set()
        client.wait_ready()
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["ready"] is True and ready.json()["ready_after_seconds"] >= 0
    finally:
        client.close()
