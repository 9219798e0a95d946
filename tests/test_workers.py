"""The worker pool on its own (no web server): real worker processes, each importing Keras, so these are slow.

Tasks go to free workers; a worker is replaced after its task limit; a task over its time is cut off (504)
and its worker replaced; a full queue is refused at once (503, Retry-After); a Keras refusal is a 422.
"""

import asyncio
from collections import Counter

import pytest
from inprocess import make_lab

from app.errors import Busy, Invalid, TimedOut
from app.schemas import PredictRequest
from app.workers import WorkerPool, staggered

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
        pool.close()


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
        assert isinstance(busy, Busy) and busy.headers["Retry-After"] == "1" and busy.message_ru
        for cut in (first, second):
            assert isinstance(cut, TimedOut) and "longer than 1 s" in cut.message and "дольше 1 с" in cut.message_ru
        assert portal.call(pool.run, PING)["pid"] != before  # the worker that overran was replaced
        assert pool.pending == 0
    finally:
        pool.close()


def test_a_free_worker_takes_first_the_waiting_task_whose_model_it_has_passing_each_over_once(portal):
    pool = WorkerPool(make_lab(None, workers=2).settings)  # no task is run: no worker process starts

    async def play() -> None:
        a = await pool._free_worker("model a")  # a worker each, busy: the models' homes
        b = await pool._free_worker("model b")
        line = [asyncio.ensure_future(pool._free_worker(key)) for key in ("model b", "model a", "model a", "new")]
        await asyncio.sleep(0)
        pool._release(a)  # to the first in line with model a: b's task waits for its own worker
        await asyncio.sleep(0)
        assert [task.done() for task in line] == [False, True, False, False]
        pool._release(a)  # b's task has been passed over once: now it is served, here
        await asyncio.sleep(0)
        assert [task.done() for task in line] == [True, True, False, False]
        assert line[0].result() == a
        pool._release(b)
        pool._release(b)
        await asyncio.sleep(0)
        assert [task.result() for task in line] == [a, a, b, b]
        pool._release(a)
        pool._release(b)
        assert sorted(pool._idle) == [a, b]

    try:
        portal.call(play)
    finally:
        pool.close()
