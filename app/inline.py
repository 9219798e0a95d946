"""Real Keras in this process, for the places that have no worker processes: the notebook widget (``layerlab``,
in the learner's kernel) and the in-process tests."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from . import workers


class InlinePool:
    """Each task runs ``app.engine`` in one thread of its own, one at a time, and its result is checked exactly
    as a worker's is. No timeouts, no replacements: those need processes."""

    def __init__(self) -> None:
        from . import engine

        self.engine = engine
        self.pending = 0
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="keras")

    async def run(self, task: dict, key: str | None = None) -> dict:
        self.pending += 1
        try:
            result = await asyncio.wrap_future(self._thread.submit(self.engine.run, task))
        finally:
            self.pending -= 1
        return workers.answer(result)

    async def wait_warm(self) -> None:
        return None

    def close(self) -> None:
        self._thread.shutdown()
