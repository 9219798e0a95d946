"""A worker killed, a request over its time, a full queue: the client gets 503/504 in the one error shape, the
worker is replaced, the next requests succeed, and /healthz answers fast all along.

One dedicated server for the module: one worker, a queue of one, a 1 s time limit.
"""

import os
import signal
import threading
from collections.abc import Iterator

import httpx
import psutil
import pytest
from hostile_kit import HealthProbe, assert_refused, model, wait_for, worker_pids

pytestmark = pytest.mark.slow

SLOW = model(
    {"type": "Input", "args": {"shape": [8]}},
    {"type": "RepeatVector", "args": {"n": 1000}},
    {"type": "LSTM", "args": {"units": 64}},
)
"""Within every default limit, and still ~6 s of work on two cores with a batch of 256."""

SMALL = model({"type": "Dense", "name": "d", "args": {"units": 2}})


def slow_request(seed: int) -> dict:
    return {"model": SLOW, "inputs": [[0.1] * 8] * 256, "seed": seed}


@pytest.fixture(scope="module")
def faulty(server_class: type) -> Iterator:
    env = {
        "LAYERLAB_WORKERS": "1",
        "LAYERLAB_MAX_QUEUE": "1",
        "LAYERLAB_TIMEOUT_SECONDS": "1",
        "LAYERLAB_WARM_EXAMPLES": "false",
    }
    running = server_class(env=env).wait_ready()
    yield running
    running.stop()


@pytest.fixture
def client(faulty) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=faulty.url, timeout=120) as client:
        yield client


_seeds = iter(range(10**6))


def assert_serving(client: httpx.Client) -> None:
    """A fresh request (a new seed: never a cached answer) is answered by a worker."""
    response = client.post("/api/models/predict", json={"model": SMALL, "inputs": [1, 2, 3], "seed": next(_seeds)})
    assert response.status_code == 200, response.text


def in_background(client: httpx.Client, body: dict) -> tuple[threading.Thread, list[httpx.Response]]:
    answers: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: answers.append(client.post("/api/models/predict", json=body)))
    thread.start()
    return thread, answers


def cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def test_a_worker_killed_mid_request_answers_503_and_is_replaced(faulty, client):
    assert_serving(client)
    (worker,) = worker_pids(faulty)
    idle = cpu_seconds(worker)
    with HealthProbe(faulty.url) as probe:
        thread, answers = in_background(client, slow_request(next(_seeds)))
        wait_for(lambda: cpu_seconds(worker) > idle + 0.05, timeout=5, every=0.01, what="the worker starts the model")
        os.kill(worker, signal.SIGKILL)
        thread.join(timeout=60)
        assert_refused(answers[0], 503, "stopped unexpectedly", "replaced")
        assert_serving(client)
        assert_serving(client)
    assert not psutil.pid_exists(worker) or psutil.Process(worker).status() == psutil.STATUS_ZOMBIE
    assert len(worker_pids(faulty)) == 1 and worker not in worker_pids(faulty)
    probe.assert_fast()


def test_a_request_over_its_time_answers_504_and_its_worker_is_replaced(faulty, client):
    assert_serving(client)
    (worker,) = worker_pids(faulty)
    with HealthProbe(faulty.url) as probe:
        response = client.post("/api/models/predict", json=slow_request(next(_seeds)))
        assert_refused(response, 504, "longer than 1 s")
        assert_serving(client)
    assert wait_for(lambda: len(worker_pids(faulty)) == 1 and worker not in worker_pids(faulty), what="a new worker")
    probe.assert_fast()


def test_a_full_queue_answers_503_with_retry_after_at_once(faulty, client):
    assert_serving(client)
    with HealthProbe(faulty.url) as probe:
        # one worker busy and one request waiting (LAYERLAB_MAX_QUEUE=1): the queue is full
        running, first = in_background(client, slow_request(next(_seeds)))
        waiting, second = in_background(client, slow_request(next(_seeds)))
        wait_for(lambda: client.get("/readyz").json()["pending"] == 2, timeout=10, what="the slow requests are queued")
        refused = client.post("/api/models/predict", json=slow_request(next(_seeds)))
        assert_refused(refused, 503, "busy")
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.elapsed.total_seconds() < 0.5
        running.join(timeout=60)
        waiting.join(timeout=60)
        assert first[0].status_code == second[0].status_code == 504
        assert_serving(client)
    probe.assert_fast()
