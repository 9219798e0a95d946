"""The answer cache: shared computations, bounds, pinning."""

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor

import pytest

from app import cache as cache_module
from app.cache import AnswerCache


def run(coroutine):
    """In a thread of its own: the browser tests' Playwright keeps an event loop running in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def test_identical_requests_in_flight_share_one_computation():
    calls = []

    async def compute():
        calls.append(1)
        await asyncio.sleep(0.01)
        return b"answer"

    async def main():
        cache = AnswerCache(entries=10, max_bytes=1000)
        answers = await asyncio.gather(*(cache.get("k", compute) for _ in range(5)))
        return cache, answers

    cache, answers = run(main())
    assert [answer.body for answer in answers] == [b"answer"] * 5 and calls == [1]
    assert (cache.hits, cache.misses) == (4, 1)


def test_a_caller_that_goes_away_does_not_cancel_the_others():
    async def compute():
        await asyncio.sleep(0.05)
        return b"answer"

    async def main():
        cache = AnswerCache(entries=10, max_bytes=1000)
        first = asyncio.ensure_future(cache.get("k", compute))
        second = asyncio.ensure_future(cache.get("k", compute))
        await asyncio.sleep(0.01)
        first.cancel()
        return await second

    assert run(main()).body == b"answer"


def test_errors_are_not_stored():
    async def main():
        cache = AnswerCache(entries=10, max_bytes=1000)

        async def fail():
            raise ValueError("no")

        with pytest.raises(ValueError):
            await cache.get("k", fail)

        async def succeed():
            return b"ok"

        return await cache.get("k", succeed)

    assert run(main()).body == b"ok"


def test_bounded_by_bytes_and_entries_but_pinned_answers_stay():
    async def main():
        cache = AnswerCache(entries=3, max_bytes=80)

        def answer(n):
            async def compute():
                return bytes(n)

            return compute

        await cache.get("lesson", answer(5), pin=True)
        for i in range(10):
            await cache.get(f"k{i}", answer(10))
        await cache.get("huge", answer(11))  # over an eighth of the bytes: never kept
        return cache

    cache = run(main())
    assert len(cache) == 4  # the pinned one and the 3 newest
    assert cache.bytes == 30
    assert run(cache.get("lesson", None)).body == bytes(5)


async def answer_x():
    return b"x"


def test_a_stored_answer_asked_for_with_pin_is_pinned():
    async def main():
        cache = AnswerCache(entries=1, max_bytes=1000)

        await cache.get("a", answer_x)
        await cache.get("a", answer_x, pin=True)
        await cache.get("b", answer_x)  # would evict "a" from the bounded part
        return cache

    cache = run(main())
    assert run(cache.get("a", None)).body == b"x"


def test_an_alias_finds_the_answer_without_computing_its_key():
    async def main():
        cache = AnswerCache(entries=10, max_bytes=1000)

        await cache.get("canonical", answer_x)
        cache.remember("body-hash", "canonical")
        return cache

    cache = run(main())
    assert cache.recall("body-hash").body == b"x" and cache.recall("other") is None


def test_a_long_answer_is_kept_gzipped_once_and_sent_again_as_kept():
    json = b'{"outputs": [' + b", ".join(b"0.125" for _ in range(100_000)) + b"]}"
    calls = []

    async def compute():
        calls.append(1)
        return json

    async def main():
        cache = AnswerCache(entries=10, max_bytes=10_000_000)
        return cache, await cache.get("k", compute), await cache.get("k", compute)

    cache, first, again = run(main())
    assert first.gzipped and again is first and calls == [1]
    assert gzip.decompress(first.data) == first.body == json
    assert cache.bytes == len(first.data) < len(json) / 50  # what the cache holds: the compressed bytes


def test_a_short_answer_is_kept_as_it_is():
    async def main():
        return await AnswerCache(entries=10, max_bytes=10_000).get("k", answer_x)

    answer = run(main())
    assert not answer.gzipped and answer.data == answer.body == b"x"


def test_the_memory_a_big_answer_took_is_given_back_once_a_little_later(monkeypatch):
    trims = []
    monkeypatch.setattr(cache_module, "MALLOC_TRIM", trims.append)
    monkeypatch.setattr(cache_module, "GIVE_BACK_AFTER_SECONDS", 0.05)
    big = b"[" + b"1," * cache_module.GZIP_IN_THREAD + b"1]"

    async def main():
        cache = AnswerCache(entries=10, max_bytes=100_000_000)
        for key in "ab":  # two big answers, one giving back
            await cache.get(key, lambda: asyncio.sleep(0, big))
        await cache.get("small", answer_x)
        at_once = list(trims)
        await asyncio.sleep(0.2)
        return at_once

    assert run(main()) == [] and trims == [0]
