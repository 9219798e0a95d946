"""The worker pool on its own (no web server): real worker processes, each importing Keras, so these are slow.

Tasks go to free workers; a worker is replaced after its task limit; a task over its time is cut off (504)
and its worker replaced; a worker that dies is replaced; a full queue is refused at once (503, Retry-After); a
Keras refusal is a 422; a task whose client has gone runs to its end; workers run at a lower priority, carry
messages bigger than a socket holds, and are gone when the pool is closed.
"""

import asyncio
import os
import signal
import time
from collections import Counter

import psutil
import pytest
from inprocess import make_lab

from app.errors import Busy, Invalid, TimedOut
from app.schemas import PredictRequest
from app.workers import PASSES, WORKER_NICENESS, WorkerPool, staggered

pytestmark = pytest.mark.slow

PING = {"kind": "ping"}

SLOW = {
    "layers": [
        {"type": "Input", "args": {"shape": [8]}},
        {"type": "RepeatVector", "args": {"n": 1000}},
        {"type": "LSTM", "args": {"units": 64}},
    ]
}
"""Within every default limit, and still seconds of work with a batch of 256."""


def started(portal, **settings) -> tuple[WorkerPool, object]:
    lab = make_lab(None, **settings)
    pool = WorkerPool(lab.settings)
    lab.pool = pool
    portal.call(pool.wait_warm)
    return pool, lab


def test_free_workers_share_the_work_each_is_replaced_after_its_limit_and_keras_refusals_are_422(portal):
    pool, _ = started(portal, workers=2, worker_max_tasks=3)
    try:

        async def together() -> list[dict]:
            return await asyncio.gather(pool.run(PING), pool.run(PING))

        assert len({answer["pid"] for answer in portal.call(together)}) == 2  # one task each
        pids = [portal.call(pool.run, PING)["pid"] for _ in range(8)]
        limits = [staggered(3, k) for k in range(2)]
        assert limits == [3, 4]
        # 12 tasks with the two start-up pings and the two above: every worker ran at most its limit
        assert len(set(pids)) > 2
        assert max(Counter(pids).values()) <= max(limits)
        with pytest.raises(Invalid) as refused:
            portal.call(pool.run, {"kind": "train"})
        assert refused.value.message == "Keras refused the model: unknown task kind 'train'"
        assert pool.pending == 0
    finally:
        portal.call(pool.close)


def test_over_its_time_a_task_is_cut_off_and_a_full_queue_is_refused_at_once(portal):
    pool, lab = started(portal, workers=1, timeout_seconds=1, max_queue=1)
    try:
        (before,) = {portal.call(pool.run, PING)["pid"]}
        slow = [PredictRequest.model_validate({"model": SLOW, "inputs": [[0.1] * 8] * 256, "seed": s}) for s in (1, 2)]

        async def three() -> list:
            running = [asyncio.ensure_future(lab.predict(r)) for r in slow]
            await asyncio.sleep(0.2)  # one running, one waiting: the queue (1) is full
            assert pool.pending == 2
            third = await asyncio.gather(pool.run(PING), return_exceptions=True)
            return third + await asyncio.gather(*running, return_exceptions=True)

        busy, first, second = portal.call(three)
        assert isinstance(busy, Busy) and busy.headers["Retry-After"] == "1"
        assert "every worker (1) is busy, requests waiting in line: 1;" in busy.message
        assert "заняты, запросов в очереди: 1;" in busy.message_ru
        for cut in (first, second):
            assert isinstance(cut, TimedOut) and "longer than 1 s" in cut.message and "дольше 1 с" in cut.message_ru
        # the worker that overran was replaced; the ping waits for the new one to warm up (longer than 1 s),
        # and its own time counts from when the worker has it
        assert portal.call(pool.run, PING)["pid"] != before
        assert pool.pending == 0
    finally:
        portal.call(pool.close)


def test_a_free_worker_takes_first_the_waiting_task_whose_model_it_has_passing_each_over_twice(portal):
    pool = WorkerPool(make_lab(None, workers=2).settings)  # no task is run: no worker process starts
    assert PASSES == 2

    async def play() -> None:
        a = await pool._free_worker("model a")  # a worker each, busy: the models' homes
        b = await pool._free_worker("model b")
        keys = ("model b", "model a", "model a", "new", "model b")
        line = [asyncio.ensure_future(pool._free_worker(key)) for key in keys]
        await asyncio.sleep(0)
        pool._release(a)  # to the first in line with model a: b's task waits for its own worker
        await asyncio.sleep(0)
        assert [task.done() for task in line] == [False, True, False, False, False]
        pool._release(a)  # and again
        await asyncio.sleep(0)
        assert [task.done() for task in line] == [False, True, True, False, False]
        pool._release(a)  # b's task has been passed over twice: now it is served, here
        await asyncio.sleep(0)
        assert [task.done() for task in line] == [True, True, True, False, False]
        assert line[0].result() == a
        pool._release(a)  # the new model goes anywhere; model b is on both workers now, and takes either
        pool._release(a)
        await asyncio.sleep(0)
        assert [task.result() for task in line] == [a, a, a, a, a]
        assert pool._homes["model b"] == {a, b} and pool._homes["model a"] == {a}
        pool._release(b)
        pool._release(a)
        assert pool._idle == [b, a]
        assert await pool._free_worker("model a") == a  # a free worker that has the model, though not first
        pool._release(a)

    try:
        portal.call(play)
    finally:
        portal.call(pool.close)


def gone(pid: int) -> bool:
    """Ended and reaped (no zombie left)."""
    return not psutil.pid_exists(pid)


def test_a_worker_runs_niced_carries_big_messages_finishes_a_task_whose_client_left_is_replaced_when_killed_idle_and_closed(
    portal,
):
    pool, lab = started(portal, workers=1)
    try:
        (first,) = {portal.call(pool.run, PING)["pid"]}
        assert psutil.Process(first).nice() == psutil.Process().nice() + WORKER_NICENESS

        # a task and an answer far bigger than a socket's buffer: written and read in many parts
        with pytest.raises(Invalid) as refused:
            portal.call(pool.run, {"kind": "x" * 3_000_000})
        assert refused.value.message == "Keras refused the model: unknown task kind '" + "x" * 3_000_000 + "'"

        slow = PredictRequest.model_validate({"model": SLOW, "inputs": [[0.1] * 8] * 32, "seed": 3})

        async def leave_and_ping() -> tuple[float, dict]:
            task = asyncio.ensure_future(lab.predict(slow))
            await asyncio.sleep(0.3)  # running in the worker
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            start = time.monotonic()
            answer = await pool.run(PING)  # waits for the worker, which finishes the left task first
            return time.monotonic() - start, answer

        waited, answer = portal.call(leave_and_ping)
        assert answer["pid"] == first and waited > 0.05 and pool.pending == 0

        os.kill(first, signal.SIGKILL)  # idle: no task fails, it is replaced as soon as the pool sees it end
        replaced = time.monotonic() + 10
        while pool._workers[0].process.pid == first and time.monotonic() < replaced:
            time.sleep(0.01)
        second = portal.call(pool.run, PING)["pid"]
        assert second != first and gone(first)
    finally:
        portal.call(pool.close)
    assert gone(second)


def test_a_worker_being_replaced_takes_no_task_until_it_is_warm(portal):
    pool, lab = started(portal, workers=2, timeout_seconds=1)
    try:

        async def cut_off_then_ping() -> tuple[set[int], object, list[int]]:
            pids = {answer["pid"] for answer in await asyncio.gather(pool.run(PING), pool.run(PING))}
            slow = PredictRequest.model_validate({"model": SLOW, "inputs": [[0.1] * 8] * 256, "seed": 4})
            (cut,) = await asyncio.gather(lab.predict(slow), return_exceptions=True)
            # its replacement imports Keras for seconds: meanwhile every task goes to the other worker
            return pids, cut, [(await pool.run(PING))["pid"] for _ in range(4)]

        pids, cut, after = portal.call(cut_off_then_ping)
        assert isinstance(cut, TimedOut) and len(pids) == 2
        (other,) = set(after)
        assert other in pids  # the one that was not cut off
    finally:
        portal.call(pool.close)


def test_a_worker_killed_while_idle_takes_no_task_until_its_replacement_is_warm_and_is_no_models_home(portal):
    pool, lab = started(portal, workers=2)
    try:

        async def both() -> set[int]:
            return {answer["pid"] for answer in await asyncio.gather(pool.run(PING), pool.run(PING))}

        pids = portal.call(both)
        pool._homes["a model"] = {0, 1}
        killed = pool._workers[0].pid
        os.kill(killed, signal.SIGKILL)
        seen = time.monotonic() + 10
        while pool._workers[0].process.pid == killed and time.monotonic() < seen:
            time.sleep(0.01)
        (survivor,) = pids - {killed}
        # the replacement imports Keras for seconds: every task meanwhile goes to the other worker, none waits
        assert [portal.call(pool.run, PING)["pid"] for _ in range(3)] == [survivor] * 3
        assert pool._homes["a model"] == {1}
    finally:
        portal.call(pool.close)
