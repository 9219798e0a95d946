"""The in-process tier: the application called through ``httpx.AsyncClient(transport=ASGITransport(app))``,
with no server process and no worker processes.

Two pools stand in for the workers: ``FakePool`` (no TensorFlow: records its tasks and answers them by a rule
the test gives, or fails the way a worker pool fails) and ``app.inline.InlinePool`` (real Keras:
``app.engine`` in this process). The event loop runs in a thread of its own, so the tests stay plain functions
and the browser tests' Playwright, which keeps a loop running in the main thread, does not get in the way.
"""

import asyncio
import contextlib
import threading
from collections.abc import Callable
from functools import partial

import httpx
from anyio.from_thread import BlockingPortal

from app import workers
from app.config import Settings
from app.lab import Lab
from app.main import create_app

TEST_SETTINGS = {"workers": 1, "warm_examples": False}
"""In process, nothing to warm: a test asks for what it needs."""


def echo(task: dict) -> dict:
    """The fake pool's default rule: Keras-shaped answers with no Keras. A summary reports no parameters;
    a prediction gives every output, and every traced layer (those the task names), the first input back
    unchanged, whole (no windows)."""
    layers = task["plan"]["layers"]
    if task["kind"] == "summary":
        return {
            "layers": [
                {"name": e["name"], "type": e["type"], "output_shape": None, "params": 0, "trainable_params": 0}
                for e in layers
            ],
            "total_params": 0,
            "trainable_params": 0,
            "non_trainable_params": 0,
            "text": f"fake summary of {task['plan']['name']}\n",
        }
    first = task["inputs"][0]
    result: dict = {"outputs": [first for _ in task["plan"]["outputs"]]}
    if task["trace"]:
        result["trace"] = [
            {"name": e["name"], "type": e["type"], "outputs": [first], "weights": []}
            for e in layers
            if e["name"] in task["trace"]
        ]
    return result


class FakePool:
    """A worker pool without workers: every task is kept in ``tasks`` and answered by ``rule(task)``; with
    ``failure`` set, every task raises it instead (``Busy``, ``TimedOut``, ``WorkerLost``...). Its workers are
    warm while ``warm`` is set (clear it to hold the app in its start-up)."""

    def __init__(self, rule: Callable[[dict], dict] = echo):
        self.rule = rule
        self.failure: Exception | None = None
        self.tasks: list[dict] = []
        self.pending = 0
        self.closed = False
        self.warm = threading.Event()
        self.warm.set()

    async def run(self, task: dict, key=None) -> dict:
        self.tasks.append(task)
        if self.failure is not None:
            raise self.failure
        return workers.answer(self.rule(task))

    async def wait_warm(self) -> None:
        while not self.warm.is_set():
            await asyncio.sleep(0.01)

    def close(self) -> None:
        self.closed = True


class Client:
    """An ``httpx.AsyncClient`` over the app, called like the live tier's ``httpx.Client``: ``get``, ``post``,
    ``request`` return ``httpx.Response``. The app's lifespan runs (start-up, warm-up, shut-down) as a server's does."""

    def __init__(self, portal: BlockingPortal, lab: Lab):
        self.portal = portal
        self.lab = lab
        self.app = create_app(lab=lab)
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(portal.wrap_async_context_manager(self.app.router.lifespan_context(self.app)))
        # a bug answers 500 in the one error shape, as it does over a socket, instead of raising here
        transport = httpx.ASGITransport(self.app, raise_app_exceptions=False)
        self.http = httpx.AsyncClient(transport=transport, base_url="http://layerlab.test", timeout=120)

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        return self.portal.call(partial(self.http.request, method, url, **kwargs))

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def wait_ready(self) -> None:
        """Until the lifespan's warm-up has finished (``/readyz`` 200), for at most 30 s."""
        for _ in range(3000):
            if self.lab.ready:
                return
            self.portal.call(asyncio.sleep, 0.01)
        raise TimeoutError("the in-process app was not ready after 30 s")

    def close(self) -> None:
        self.portal.call(self.http.aclose)
        self._stack.close()


def make_lab(pool, **settings) -> Lab:
    return Lab(Settings(**{**TEST_SETTINGS, **settings}), pool=pool)
