"""Keras work in worker processes, so the web process never blocks and a crash costs one worker.

One single-worker pebble pool per worker: a task that overruns its time is cut off and its worker replaced
(504), a worker that dies is replaced (503), a full queue answers 503 with Retry-After instead of waiting for
ever. Each worker is replaced after its own number of tasks (staggered), so they are never all restarting at
once. Each worker keeps the models it built (``app.engine``), so a task for a model goes to the worker that
built it last when that one is free (affinity), to any free worker otherwise, and waits in line when none is.
The web process never imports TensorFlow: the workers import ``app.engine`` themselves.
"""

import asyncio
import gc
import itertools
import logging
import multiprocessing
import os
import threading
from collections import OrderedDict, deque
from concurrent.futures import TimeoutError as FutureTimeout

import pebble

from . import messages
from .config import Settings
from .errors import Busy, TimedOut, WorkerLost

log = logging.getLogger("layerlab.workers")

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # inherited by the workers: TensorFlow's start-up chatter off


WORKER_NICENESS = 5
"""Workers run at a lower CPU priority than the web process: when the cores are busy, the web process, which
answers ``/healthz``, the page's files and every cached answer in a millisecond or two, gets a core before a Keras
build does (``bench/load.py``'s /healthz p99); the work done is the same. 5, not more: a worker still gets a
quarter of what a process at the default priority gets, so on a machine crowded by other programs its tasks are
slowed, not starved into their timeout."""


def _start_worker(started, keep: tuple[int, int]) -> None:
    os.nice(WORKER_NICENESS)
    from . import engine

    engine.keep(*keep)
    engine.warm_up()
    # Keras and TensorFlow set aside, and the young collected less often (each build makes thousands of
    # objects): ~12 % less CPU per new model
    set_aside_imports()
    gc.set_threshold(50_000, 20, 100)
    started.put(os.getpid())


def set_aside_imports() -> None:
    """What a process has imported is objects the garbage collector would otherwise walk again at every full
    collection: set them aside for good. Called once a process has imported what it runs: the workers after
    warming up, the web process when it starts."""
    gc.freeze()


def _run(task: dict) -> dict:
    from . import engine

    return engine.run(task)


class WorkerPool:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.pending = 0
        self.started_pids: list[int] = []
        """Every worker that has warmed up, replacements included."""
        self._all_warm = threading.Event()
        self._started_workers = False
        self._idle: list[int] = list(range(settings.workers))
        self._waiting: deque[Waiter] = deque()
        self._homes: OrderedDict[str, int] = OrderedDict()
        """The worker that last ran each model (by key): it has the model built."""
        context = multiprocessing.get_context("spawn")
        self._started = context.Queue()
        self._pools = [
            pebble.ProcessPool(
                max_workers=1,
                max_tasks=staggered(settings.worker_max_tasks, k),
                initializer=_start_worker,
                initargs=(self._started, (settings.worker_models, settings.worker_model_bytes)),
                context=context,
            )
            for k in range(settings.workers)
        ]

    def start(self) -> None:
        """Start the workers now (pebble starts them on the first task): importing Keras takes seconds."""
        if not self._started_workers:
            self._started_workers = True
            threading.Thread(target=self._note_warm_workers, name="warm-workers", daemon=True).start()
            for pool in self._pools:
                pool.submit(_run, None, {"kind": "ping"})

    def _note_warm_workers(self) -> None:
        """Read every worker's "warm" message, replacements' too: an unread queue would block their exit."""
        while True:
            self.started_pids.append(self._started.get())
            if len(self.started_pids) >= self.settings.workers:
                self._all_warm.set()

    async def wait_warm(self) -> None:
        """Wait until every worker has imported Keras and built its first model."""
        self.start()
        while not await asyncio.to_thread(self._all_warm.wait, 1.0):
            pass

    async def run(self, task: dict, key: str | None = None) -> dict:
        """Run one task in a worker (the one that has model ``key``, if it is free); raise the error a client
        should see when that fails."""
        if self.pending >= self.settings.max_queue + self.settings.workers:
            raise messages.refusal(Busy, "work.busy", workers=self.settings.workers, waiting=self.pending)
        self.pending += 1
        try:
            worker = await self._free_worker(key)
            future = self._pools[worker].submit(_run, self.settings.timeout_seconds, task)
            loop = asyncio.get_running_loop()
            # the worker is free again when its task ends, whether or not anyone still waits for the answer
            future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._release, worker))
            # shield: a client that goes away must not cancel the task, which would kill its worker
            result = await asyncio.shield(asyncio.wrap_future(future))
        except FutureTimeout:
            raise messages.refusal(TimedOut, "work.timeout", seconds=float(self.settings.timeout_seconds)) from None
        except pebble.ProcessExpired as exc:
            log.warning("worker died during a task: %s", exc)
            raise messages.refusal(WorkerLost, "work.lost") from None
        finally:
            self.pending -= 1
        return answer(result)

    async def _free_worker(self, key: str | None) -> int:
        """A worker with nothing to do (the model's home if it is one of them), or wait in line for one."""
        if self._idle and not self._waiting:
            home = self._homes.get(key) if key is not None else None
            worker = home if home in self._idle else self._idle[0]
            self._idle.remove(worker)
        else:
            waiter = Waiter(asyncio.get_running_loop().create_future(), key)
            self._waiting.append(waiter)
            try:
                worker = await waiter.future
            except asyncio.CancelledError:
                if waiter.future.done() and not waiter.future.cancelled():
                    self._release(waiter.future.result())  # handed a worker, but gone before it could use it
                raise
        if key is not None:
            self._homes[key] = worker
            self._homes.move_to_end(key)
            while len(self._homes) > HOMES:
                self._homes.popitem(last=False)
        return worker

    def _release(self, worker: int) -> None:
        """A worker is free: to the first in line whose model it has (or that has no model anywhere yet), among the
        first ``LOOK_AHEAD`` still waiting, else to the first in line; back to the idle ones when nobody waits.
        Each waiter is passed over at most once: its model's own worker is busy, and will soon be free for it."""
        while self._waiting and self._waiting[0].future.done():
            self._waiting.popleft()
        if not self._waiting:
            self._idle.append(worker)
            return
        chosen = 0
        if self._waiting[0].passed < PASSES:
            for k, waiter in enumerate(itertools.islice(self._waiting, LOOK_AHEAD)):
                home = self._homes.get(waiter.key) if waiter.key is not None else None
                if not waiter.future.done() and home in (worker, None):
                    chosen = k
                    break
            for waiter in itertools.islice(self._waiting, chosen):
                waiter.passed += 1
        waiter = self._waiting[chosen]
        del self._waiting[chosen]
        waiter.future.set_result(worker)

    def close(self) -> None:
        for pool in self._pools:
            pool.stop()
        for pool in self._pools:
            pool.join(timeout=10)


HOMES = 8192
"""Models whose worker the pool remembers (oldest forgotten first)."""
LOOK_AHEAD = 8
"""How far down the line a free worker looks for a task whose model it has."""
PASSES = 1
"""How many times a waiting task may be passed over for one whose model the free worker has."""


class Waiter:
    """A task waiting in line for a worker: its future (the worker it is given), its model's key."""

    __slots__ = ("future", "key", "passed")

    def __init__(self, future: "asyncio.Future[int]", key: str | None):
        self.future = future
        self.key = key
        self.passed = 0


def answer(result: dict) -> dict:
    """A worker's result, or, when Keras refused the model, the error a client should see."""
    if "error" in result:
        raise messages.invalid("work.keras_refused", error=result["error"])
    return result


def staggered(max_tasks: int, k: int) -> int:
    """Worker k's task limit: 0 (never), or a little more than the one before it, so that workers given
    the same share of the work are still not replaced at the same moment."""
    return max_tasks + max_tasks * 37 * k // 100


_early: WorkerPool | None = None


def start_early(settings: Settings) -> None:
    """Start the workers before the web application is even imported, so both warm up at once (``python -m app``)."""
    global _early
    _early = WorkerPool(settings)
    _early.start()


def pool_for(settings: Settings) -> WorkerPool:
    """The pool started early, if any, else a new one."""
    global _early
    pool, _early = _early or WorkerPool(settings), None
    return pool
