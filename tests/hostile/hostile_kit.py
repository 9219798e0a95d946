"""What the hostile tests share: the one error shape, the server's processes, and a /healthz probe."""

import statistics
import threading
import time

import httpx
import psutil

ERROR_KEYS = {"ok", "status", "error", "error_ru", "layer", "arg"}


def assert_refused(response: httpx.Response, status: int, *words: str) -> dict:
    """The answer is ``status`` in the one error shape, its message naming each of ``words``."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) <= ERROR_KEYS, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"].strip()
    for word in words:
        assert word in body["error"], (word, body["error"])
    return body


def assert_refused_before_keras(response: httpx.Response, *words: str) -> dict:
    """A 422 from the checks in the web process: the model never reached a worker (a worker's refusal
    starts with "Keras refused the model")."""
    body = assert_refused(response, 422, *words)
    assert not body["error"].startswith("Keras refused"), body["error"]
    return body


def model(*layers: dict, **extra) -> dict:
    """A layer list whose first layer is ``Input(shape=[3])`` unless the first given is an Input."""
    first = (
        [] if layers and layers[0].get("type") == "Input" else [{"type": "Input", "name": "x", "args": {"shape": [3]}}]
    )
    return {"layers": first + list(layers), **extra}


def server_process(server) -> psutil.Process:
    return psutil.Process(server.process.pid)


def worker_pids(server) -> set[int]:
    """The Keras workers: the server's children started by multiprocessing's spawn (not its resource tracker)."""
    return {
        child.pid
        for child in server_process(server).children(recursive=True)
        if any("spawn_main" in part for part in _cmdline(child))
    }


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        try:
            total += psutil.Process(pid).memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def wait_for(condition, timeout: float = 90, every: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"{what} not met after {timeout} s")


class HealthProbe:
    """Asks /healthz every ``every`` seconds in a thread while the block runs; records each latency.

    ``with HealthProbe(url) as probe: ...`` then ``probe.assert_fast()``.
    """

    def __init__(self, url: str, every: float = 0.05):
        self.url = url + "/healthz"
        self.every = every
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "HealthProbe":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self._stop.is_set():
                start = time.perf_counter()
                try:
                    response = client.get(self.url)
                    if response.status_code != 200 or response.json() != {"ok": True}:
                        self.failures.append(f"{response.status_code} {response.text[:100]}")
                except httpx.HTTPError as exc:
                    self.failures.append(repr(exc))
                self.latencies.append(time.perf_counter() - start)
                self._stop.wait(self.every)

    def assert_fast(self, median: float = 0.05, worst: float = 1.0) -> None:
        assert self.latencies, "/healthz was never asked"
        assert self.failures == []
        assert statistics.median(self.latencies) < median, statistics.median(self.latencies)
        assert max(self.latencies) < worst, max(self.latencies)
