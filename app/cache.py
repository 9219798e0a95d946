"""Answers to identical requests, kept in memory; identical requests in flight share one computation.

A class of students opening the same lesson example at the same moment costs one model build.
"""

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable

import orjson


def cache_key(kind: str, payload: object) -> str:
    body = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    return kind + ":" + hashlib.sha256(body).hexdigest()


class AnswerCache:
    def __init__(self, entries: int):
        self.entries = entries
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[str, bytes] = OrderedDict()
        self._in_flight: dict[str, asyncio.Future] = {}

    def __len__(self) -> int:
        return len(self._answers)

    async def get(self, key: str, compute: Callable[[], Awaitable[bytes]]) -> bytes:
        """The stored answer for ``key``, or ``compute()``'s (errors are not stored)."""
        if key in self._answers:
            self.hits += 1
            self._answers.move_to_end(key)
            return self._answers[key]
        if key in self._in_flight:
            self.hits += 1
            return await asyncio.shield(self._in_flight[key])
        self.misses += 1
        shared = asyncio.get_running_loop().create_future()
        shared.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved: no "never retrieved" noise
        self._in_flight[key] = shared
        try:
            answer = await compute()
        except BaseException as exc:
            shared.set_exception(exc)
            raise
        finally:
            del self._in_flight[key]
        shared.set_result(answer)
        if self.entries:
            self._answers[key] = answer
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)
        return answer
