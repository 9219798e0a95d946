"""The server's CPU per kind of request of bench/load.py's class, each kind asked alone, one request at a time.

    python bench/web_cost.py                                   # starts its own server
    python bench/web_cost.py --url http://127.0.0.1:8000 --pid 1234 --count 40

bench/load.py prints the server's CPU per request over the whole mix; in a class its requests overlap, so the
CPU of one kind cannot be told apart from another's. Here each kind is played alone, as bench/load.py's
students make it (the same ``Desk``, ``edited`` and ``retyped``), ``--count`` requests one after the other, and
the CPU time the web process and the workers used meanwhile is divided by the count:

- ``lesson_summary``, ``lesson_predict``: a lesson step opened (its answers computed at start-up, pinned);
- ``edit_summary``, ``edit_predict``: a layer resized (a new model) and its prediction;
- ``numbers_predict``: a number typed into a step's input (the same model, new numbers);
- ``picture_predict``: a kernel cell typed on a picture step after Run (a new answer of ~11 MB of JSON).

CPU time, not wall time, so that the numbers hold on a machine others share; compare servers back to back.
"""

import argparse
import asyncio
import copy
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from live_server import Server, loopback_only

ROOT = Path(__file__).resolve().parent.parent

SPEC = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
assert SPEC and SPEC.loader
load = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(load)

PICTURE_STEP = "conv2d-valid"
SUMMARY, PREDICT = "/api/models/summary", "/api/models/predict"


async def measure(url: str, pid: int, count: int, seed: int) -> dict[str, tuple[float, float, float]]:
    """Per kind: web process ms, workers ms (CPU per request), median wall ms."""
    async with httpx.AsyncClient(base_url=url) as client:
        lesson = await load.Lesson.load(client)
    rng = random.Random(seed)
    stats = load.Stats()
    stats.recording = True
    results: dict[str, tuple[float, float, float]] = {}
    async with load.Browser(url, connections=1) as browser:

        async def timed(kind: str, path: str, items: list, body_of) -> None:
            """Each item's request (its body made just before it is sent), the answers held as the page holds them."""
            walls = []
            before = load.cpu_seconds(pid)
            for item in items:
                body = body_of(item)
                started = time.perf_counter()
                answer = await load.call(browser, stats, kind, "POST", path, json=body)
                walls.append((time.perf_counter() - started) * 1000)
                if answer is None and stats.errors[kind]:  # a 422 for a model the edit broke is an answer too
                    raise SystemExit(f"{kind}: {stats.error_samples[kind]}")
                if answer is not None and path == PREDICT:
                    item.hold(answer)
            (all_after, web_after), (all_before, web_before) = load.cpu_seconds(pid), before
            web = (web_after - web_before) / len(walls) * 1000
            results[kind] = (web, (all_after - all_before) / len(walls) * 1000 - web, statistics.median(walls))

        async def opened(example: dict) -> "load.Desk":
            desk = load.Desk(example, held=True)
            if desk.pictures:
                desk.inputs = await load.picture_numbers(browser, stats, next(iter(desk.pictures.values())))
            summary = await load.call(browser, stats, "setup", "POST", SUMMARY, json=desk.model)
            desk.summarised(summary.json())
            return desk

        def opening(desk: "load.Desk") -> "load.Desk":
            """The desk as a student who has just opened its step has it: holding no answer yet."""
            fresh = copy.copy(desk)
            fresh.kept, fresh.last = {}, None
            return fresh

        examples = [e for e in lesson.examples if e.get("inputs") is not None]
        runs = [d for d in [await opened(e) for e in examples] if not d.waiting]  # run by the page as opened
        desks = [runs[i % len(runs)] for i in range(count)]
        await timed("lesson_summary", SUMMARY, desks, lambda d: d.model)
        await timed("lesson_predict", PREDICT, [opening(d) for d in desks], load.Desk.predict_body)

        def retyped(desk: "load.Desk") -> dict:
            desk.inputs = load.retyped(desk.inputs, rng, desk.integer)
            return desk.predict_body()

        await timed("numbers_predict", PREDICT, desks, retyped)

        edits = []
        for desk in desks:
            while not (edit := load.edited(desk.model, rng))[1]:
                desk = rng.choice(runs)
            edits.append(load.Desk({**desk.example, "model": edit[0], "weights": None}, held=True))
        await timed("edit_summary", SUMMARY, edits, lambda d: d.model)
        await timed("edit_predict", PREDICT, edits, load.Desk.predict_body)

        picture = await opened(next(e for e in lesson.examples if e["id"] == PICTURE_STEP))
        picture.run()
        picture.hold(await load.call(browser, stats, "setup", "POST", PREDICT, json=picture.predict_body()))
        layer = picture.editable_weights()

        def kernel_typed(desk: "load.Desk") -> dict:
            typed = (desk.weights or {}).get(layer) or desk.layer_weights(layer)
            desk.weights = {layer: load.retyped(typed, rng, integer=False)}
            return desk.predict_body()

        await timed("picture_predict", PREDICT, [picture] * max(3, count // 4), kernel_typed)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id (its CPU is what is measured)")
    parser.add_argument("--count", type=int, default=40, help="requests of each kind (default 40; a quarter of it, "
                        "at least 3, for picture_predict)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1, help="a seed the server has not seen makes new requests")
    args = parser.parse_args()
    if not 1 <= args.count <= 500:
        parser.error("--count must be 1..500")
    if args.url and not args.pid:
        parser.error("--url needs --pid: the CPU measured is that process's and its workers'")
    server = None if args.url else Server().wait_ready()
    url, pid = (loopback_only(args.url), args.pid) if args.url else (server.url, server.pid)
    try:
        results = asyncio.run(measure(url, pid, args.count, args.seed))
    finally:
        if server is not None:
            server.stop()
    print(f"server CPU per request, each kind alone, one at a time ({args.count} each; {url})")
    print(f"{'kind':<17}{'web ms':>9}{'workers ms':>12}{'wall p50 ms':>13}")
    for kind, (web, workers, wall) in results.items():
        print(f"{kind:<17}{web:>9.2f}{workers:>12.2f}{wall:>13.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
