"""Answers to identical requests, kept in memory; identical requests in flight share one computation.

A class of students opening the same lesson example at the same moment costs one model build. The cache
is bounded by entries and by bytes (a traced answer can be megabytes); the lesson's own answers, computed
at start-up, are pinned and never evicted. Answers are kept as they are sent, gzipped once (``Answer``).
"""

import asyncio
import ctypes
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable

import numpy as np
import orjson
from isal import isal_zlib


def scalar_array(value: object) -> object:
    """orjson's fallback for what it cannot write itself: a 0-d array (Normalization's ``count`` weight)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.tolist()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


GZIP_LEVEL = 1
"""Answers are gzipped once, when made, by ISA-L (``isal``: the gzip every browser reads, written several times
faster than zlib): at its level 1 a conv step's traced answer of 11.2 MB takes 4.0 ms → 500 kB (zlib's level 1:
25.9 ms → 573 kB), an LSTM step's of 532 kB 1.5 ms → 228 kB (zlib: 4.8 ms → 234 kB). ``app.main``'s
GZipMiddleware gzips the few other answers with zlib at level 1 (half of level 4's CPU for ~7 % more bytes); the
page's own files are compressed once, at level 9 (``app.assets``)."""
GZIP_AT_LEAST = 1024
"""A shorter answer is kept and sent as it is (``app.main``'s GZipMiddleware leaves it so too)."""
GZIP_IN_THREAD = 2 * 1024 * 1024
"""A longer answer is compressed in a thread (ISA-L lets go of the GIL), not on the event loop, which answers
nobody meanwhile, not even ``/healthz``."""
GZIP_WBITS = 16 + isal_zlib.MAX_WBITS
"""A gzip stream (header and checksum), not a bare zlib one."""
GIVE_BACK_AFTER_SECONDS = 5.0
"""After an answer of more than ``GZIP_IN_THREAD`` bytes of JSON (a conv step's traced answer is 11 MB), the memory
it took is given back to the system this long after (glibc's ``malloc_trim``, at most once in that time): glibc keeps
what such answers leave free in its heap, and the web process's memory rose by ~115 MiB over 48 of them and stayed
there. Returning every big block at once instead (``M_MMAP_THRESHOLD`` at 1 MiB) cost ~10 ms of CPU per such answer
in page faults."""


def _malloc_trim():
    """glibc's ``malloc_trim``, or None where there is none (musl, macOS)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except AttributeError:
        return None


MALLOC_TRIM = _malloc_trim()


class Answer:
    """An answer as it is kept and sent: its JSON gzipped once when it is made, if it is long enough to gain.

    Asked for again, it is sent as it is kept, without compressing it again (the conv steps' pinned traced answers:
    ~28 ms each time before); and the cache holds the compressed bytes (the lesson's 51 pinned answers: 50.7 MiB
    of JSON, 3.2 MiB gzipped by zlib). ``body`` is the JSON itself, for a client that takes no gzip, or for reading it.
    """

    __slots__ = ("data", "gzipped")

    def __init__(self, data: bytes, gzipped: bool = False):
        self.data = data
        """The bytes kept: the JSON, or its gzip form when ``gzipped``."""
        self.gzipped = gzipped

    @classmethod
    def of(cls, body: bytes) -> "Answer":
        if len(body) < GZIP_AT_LEAST:
            return cls(body)
        packed = isal_zlib.compress(body, GZIP_LEVEL, wbits=GZIP_WBITS)
        return cls(packed, gzipped=True) if len(packed) < len(body) else cls(body)

    @classmethod
    async def made(cls, body: bytes) -> "Answer":
        """``of``, in a thread for a long answer."""
        return cls.of(body) if len(body) <= GZIP_IN_THREAD else await asyncio.to_thread(cls.of, body)

    @property
    def body(self) -> bytes:
        return isal_zlib.decompress(self.data, wbits=GZIP_WBITS) if self.gzipped else self.data


def cache_key(kind: str, payload: object, arrays: Iterable[np.ndarray] = ()) -> str:
    """The hash of ``payload`` (JSON data) and of ``arrays`` by their bytes: big arrays are never printed."""
    options = orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY
    digest = hashlib.sha256(orjson.dumps(payload, option=options, default=scalar_array))
    for array in arrays:
        digest.update(f"|{array.dtype.str}{array.shape}|".encode())
        digest.update(np.ascontiguousarray(array).data)
    return kind + ":" + digest.hexdigest()


def body_key(kind: str, body: bytes) -> str:
    return kind + "-body:" + hashlib.sha256(body).hexdigest()


class AnswerCache:
    def __init__(self, entries: int, max_bytes: int):
        self.entries = entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._pinned: dict[str, Answer] = {}
        self._in_flight: dict[str, asyncio.Task] = {}
        self._aliases: OrderedDict[str, str] = OrderedDict()
        self._giving_back: asyncio.TimerHandle | None = None

    def __len__(self) -> int:
        return len(self._answers) + len(self._pinned)

    async def get(self, key: str, compute: Callable[[], Awaitable[bytes]], *, pin: bool = False) -> Answer:
        """The stored answer for ``key``, or ``compute()``'s JSON made an ``Answer`` (errors are not stored).

        The computation runs as its own task: a caller that goes away (or is cancelled) leaves it running for
        the others waiting on the same key. ``pin`` keeps the answer for good, even if it was already stored.
        """
        if key in self._pinned:
            self.hits += 1
            return self._pinned[key]
        if key in self._answers:
            self.hits += 1
            self._answers.move_to_end(key)
            if pin:
                self._pin(key, self._answers[key])
            return self._pinned.get(key) or self._answers[key]
        task = self._in_flight.get(key)
        if task is None:
            self.misses += 1
            task = asyncio.ensure_future(self._compute(key, compute))
            task.add_done_callback(lambda t: t.cancelled() or t.exception())  # retrieved: no warning if unawaited
            self._in_flight[key] = task
        else:
            self.hits += 1
        answer = await asyncio.shield(task)
        if pin:
            self._pin(key, answer)
        return answer

    async def _compute(self, key: str, compute: Callable[[], Awaitable[bytes]]) -> Answer:
        try:
            body = await compute()
            answer = await Answer.made(body)
        finally:
            del self._in_flight[key]
        self._store(key, answer)
        if len(body) > GZIP_IN_THREAD and MALLOC_TRIM is not None and self._giving_back is None:
            self._giving_back = asyncio.get_running_loop().call_later(GIVE_BACK_AFTER_SECONDS, self._give_back)
        return answer

    def _give_back(self) -> None:
        self._giving_back = None
        MALLOC_TRIM(0)

    def _pin(self, key: str, answer: Answer) -> None:
        self._pinned[key] = answer
        if key in self._answers:
            self.bytes -= len(self._answers.pop(key).data)

    def remember(self, alias: str, key: str) -> None:
        """Let ``alias`` (e.g. the hash of a request's exact bytes) find the answer stored under ``key``."""
        self._aliases[alias] = key
        self._aliases.move_to_end(alias)
        while len(self._aliases) > 4 * max(self.entries, 256):
            self._aliases.popitem(last=False)

    def recall(self, alias: str) -> Answer | None:
        """The answer an alias points to, if it is still stored: no parsing, no planning, no key to compute."""
        key = self._aliases.get(alias)
        if key is None:
            return None
        answer = self._pinned.get(key) or self._answers.get(key)
        if answer is not None:
            self.hits += 1
        return answer

    def _store(self, key: str, answer: Answer) -> None:
        if not self.entries or len(answer.data) > self.max_bytes // 8:
            return  # one huge answer must not push out hundreds of small ones
        self._answers[key] = answer
        self.bytes += len(answer.data)
        while len(self._answers) > self.entries or self.bytes > self.max_bytes:
            _, evicted = self._answers.popitem(last=False)
            self.bytes -= len(evicted.data)
