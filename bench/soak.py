"""Push thousands of distinct models through one Layer Lab server and say whether its memory grows.

    python bench/soak.py                               # starts its own server, 3000 models
    python bench/soak.py --models 2000 --every 50
    python bench/soak.py --url http://127.0.0.1:8000 --pid 1234      # a server you started

Every model is new (its layer sizes come from its number), so each is real Keras work, never a cached
answer: a summary for every model, and a predict (a small batch, every fourth one with trace) for every
other one. After every ``--every`` models it samples the memory of every server process, the web process
and its Keras workers (RSS, and USS: the pages only that process holds), and at the end fits a line to the
samples after warm-up: the slope, in MB per 1000 models, is the trend. Goal: no growth after warm-up
(slope of all processes' RSS <= 5 MB per 1000 models), and no failed request. Exit status 1 otherwise.

What the numbers will show by design: a worker resets Keras every 200 tasks (``app.engine.CLEAR_EVERY``)
but still creeps by a few MB per 1000 tasks; it is replaced after LAYERLAB_WORKER_MAX_TASKS tasks (10 000;
``--worker-max-tasks 500`` shows the saw-tooth within a short run), and its memory drops back to a fresh one's. The server this script starts runs with the answer cache off
(``--cache-entries 0``): the cache is bounded, but filling it during the run would read as growth.

Bounded: loopback only, at most 20 000 models and ``--max-seconds`` (default 900); every request has a
timeout. Needs httpx and psutil.
"""

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from live_server import Server, loopback_only

ROOT = Path(__file__).resolve().parent.parent
MAX_MODELS = 20_000
REQUEST_TIMEOUT = 60.0
GOAL_SLOPE_MB = 5.0
"""Most growth of all server processes' RSS, in MB per 1000 models, after warm-up."""


# Models: each one different, each one valid


def model_for(number: int, rng: random.Random) -> tuple[dict, object]:
    """Model ``number``, and inputs (a batch of 1-4) for it. Five families; sizes from the number itself."""
    family = number % 5
    size = 4 + (number // 5) % 120  # distinct within a family for 600 models, then the seed differs too
    batch = rng.randint(1, 4)
    name = f"soak_{number}"
    if family == 0:
        layers = [
            {"type": "Input", "args": {"shape": [16]}},
            {"type": "Dense", "args": {"units": size, "activation": "relu"}},
            {"type": "Dropout", "args": {"rate": 0.25}},
            {"type": "Dense", "args": {"units": 1 + size % 10, "activation": "softmax"}},
        ]
        inputs = [[rng.uniform(-1, 1) for _ in range(16)] for _ in range(batch)]
    elif family == 1:
        side = 8 + size % 12
        layers = [
            {"type": "Input", "args": {"shape": [side, side, 1]}},
            {"type": "Conv2D", "args": {"filters": 1 + size % 16, "kernel_size": 3, "activation": "relu"}},
            {"type": "MaxPooling2D", "args": {"pool_size": 2}},
            {"type": "Flatten"},
            {"type": "Dense", "args": {"units": 1 + size % 7}},
        ]
        inputs = [[[[rng.random()] for _ in range(side)] for _ in range(side)] for _ in range(batch)]
    elif family == 2:
        steps = 3 + size % 20
        layers = [
            {"type": "Input", "args": {"shape": [steps, 4]}},
            {"type": ["LSTM", "GRU", "SimpleRNN"][size % 3], "args": {"units": 1 + size % 24}},
            {"type": "Dense", "args": {"units": 2}},
        ]
        inputs = [[[rng.uniform(-1, 1) for _ in range(4)] for _ in range(steps)] for _ in range(batch)]
    elif family == 3:
        length = 4 + size % 16
        layers = [
            {"type": "Input", "args": {"shape": [length], "dtype": "int32"}},
            {"type": "Embedding", "args": {"input_dim": 50 + size, "output_dim": 1 + size % 12}},
            {"type": "GlobalAveragePooling1D"},
            {"type": "Dense", "args": {"units": 1, "activation": "sigmoid"}},
        ]
        inputs = [[rng.randrange(50 + size) for _ in range(length)] for _ in range(batch)]
    else:
        width = 2 + size % 30
        layers = [
            {"type": "Input", "name": "a", "args": {"shape": [width]}},
            {"type": "Dense", "name": "left", "args": {"units": 3 + size % 5}, "inputs": ["a"]},
            {"type": "Dense", "name": "right", "args": {"units": 3 + size % 5, "activation": "tanh"}, "inputs": ["a"]},
            {"type": "Add", "name": "sum", "inputs": ["left", "right"]},
            {"type": "LayerNormalization", "name": "norm"},
        ]
        inputs = [[rng.uniform(-1, 1) for _ in range(width)] for _ in range(batch)]
    return {"name": name, "layers": layers}, inputs


# Memory


@dataclass
class Sample:
    models: int
    seconds: float
    web_rss: float
    workers_rss: float
    web_uss: float
    workers_uss: float
    workers: frozenset[int]

    @property
    def rss(self) -> float:
        return self.web_rss + self.workers_rss

    @property
    def uss(self) -> float:
        return self.web_uss + self.workers_uss


def sample(pid: int, models: int, started: float) -> Sample | None:
    """MB of the web process and of its Keras workers (its children but multiprocessing's resource tracker)."""
    with contextlib.suppress(psutil.Error):
        parent = psutil.Process(pid)
        web = parent.memory_full_info()
        workers_rss = workers_uss = 0.0
        pids = set()
        for child in parent.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "resource_tracker" in " ".join(child.cmdline()):
                    continue
                info = child.memory_full_info()
                workers_rss += info.rss
                workers_uss += info.uss
                pids.add(child.pid)
        mb = 2**20
        return Sample(
            models,
            time.monotonic() - started,
            web.rss / mb,
            workers_rss / mb,
            web.uss / mb,
            workers_uss / mb,
            frozenset(pids),
        )
    return None


def slope_per_1000(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (models, MB), in MB per 1000 models; nan for fewer than two points."""
    if len(points) < 2:
        return float("nan")
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    if var == 0:
        return float("nan")
    return 1000 * sum((x - mean_x) * (y - mean_y) for x, y in points) / var


# Running


@dataclass
class Tally:
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    refused: int = 0


async def push(client: httpx.AsyncClient, number: int, rng: random.Random, tally: Tally) -> None:
    spec, inputs = model_for(number, rng)
    calls = [("/api/models/summary", spec)]
    if number % 2 == 0:
        calls.append(
            ("/api/models/predict", {"model": spec, "inputs": inputs, "seed": number, "trace": number % 4 == 0})
        )
    for path, body in calls:
        tally.requests += 1
        try:
            response = await client.post(path, json=body, timeout=REQUEST_TIMEOUT)
        except httpx.HTTPError as exc:
            tally.failures.append(f"model {number} {path}: {type(exc).__name__}: {exc}")
            continue
        if response.status_code != 200:
            tally.failures.append(f"model {number} {path}: {response.status_code} {response.text[:200]}")


async def soak(
    url: str, pid: int, models: int, every: int, concurrency: int, max_seconds: float, seed: int
) -> tuple[list[Sample], Tally, int]:
    rng = random.Random(seed)
    tally = Tally()
    started = time.monotonic()
    samples = [s for s in [sample(pid, 0, started)] if s]
    done = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits) as client:
        while done < models and time.monotonic() - started < max_seconds:
            batch = range(done, min(done + every, models))
            queue = iter(batch)

            async def lane() -> None:
                for number in queue:
                    await push(client, number, rng, tally)

            await asyncio.gather(*(lane() for _ in range(concurrency)))
            done = batch.stop
            point = sample(pid, done, started)
            if point:
                samples.append(point)
                print(
                    f"{done:6d} models  {point.seconds:6.0f} s  RSS web {point.web_rss:7.1f} MB  workers {point.workers_rss:7.1f} MB"
                    f"  all {point.rss:7.1f} MB  (USS all {point.uss:7.1f} MB)  workers {sorted(point.workers)}",
                    flush=True,
                )
    return samples, tally, done


def report(samples: list[Sample], tally: Tally, done: int, asked: int, warmup: int) -> bool:
    after = [s for s in samples if s.models >= warmup]
    replaced = sum(1 for a, b in zip(samples, samples[1:]) if b.workers - a.workers)
    seconds = samples[-1].seconds if samples else 0.0
    print()
    print(
        f"models: {done} of {asked} in {seconds:.0f} s ({done / max(seconds, 1e-9):.1f} models/s); requests: {tally.requests}"
    )
    print(f"failed requests: {len(tally.failures)}")
    for failure in tally.failures[:5]:
        print(f"  {failure}")
    print(f"worker replacements seen: {replaced}")
    if len(after) < 3:
        print(f"too few samples after the warm-up of {warmup} models to see a trend")
        return False
    first, last = after[0], after[-1]
    print(f"after warm-up ({warmup} models, {len(after)} samples):")
    rows = [
        ("all processes RSS", [(s.models, s.rss) for s in after]),
        ("web process RSS", [(s.models, s.web_rss) for s in after]),
        ("workers RSS", [(s.models, s.workers_rss) for s in after]),
        ("all processes USS", [(s.models, s.uss) for s in after]),
        ("web process USS", [(s.models, s.web_uss) for s in after]),
        ("workers USS", [(s.models, s.workers_uss) for s in after]),
    ]
    for label, points in rows:
        low, high = min(y for _, y in points), max(y for _, y in points)
        print(
            f"  {label:18s} first {points[0][1]:8.1f} MB  last {points[-1][1]:8.1f} MB  min {low:8.1f}  max {high:8.1f}"
            f"  trend {slope_per_1000(points):+7.2f} MB per 1000 models"
        )
    half = rows[0][1][len(rows[0][1]) // 2 :]
    print(
        f"  {'all processes RSS':18s} trend over the second half only ({half[0][0]}-{half[-1][0]} models): "
        f"{slope_per_1000(half):+.2f} MB per 1000 models"
    )
    trend = slope_per_1000(rows[0][1])
    ok_memory = trend <= GOAL_SLOPE_MB
    ok_requests = not tally.failures
    print()
    print(
        f"goal: all processes' RSS trend <= {GOAL_SLOPE_MB:g} MB per 1000 models after warm-up: "
        f"{'met' if ok_memory else 'MISSED'} ({trend:+.2f}; {first.rss:.0f} MB -> {last.rss:.0f} MB)"
    )
    print(f"goal: no failed request: {'met' if ok_requests else 'MISSED'}")
    return ok_memory and ok_requests


def start_server(env_extra: dict[str, str], log_path: Path) -> tuple[Server, str]:
    server = Server(env=env_extra, log_path=log_path).wait_ready()
    return server, server.url


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id (required to measure memory)")
    parser.add_argument(
        "--models", type=int, default=3000, help=f"distinct models to push (default 3000, at most {MAX_MODELS})"
    )
    parser.add_argument("--every", type=int, default=50, help="models between memory samples (default 50)")
    parser.add_argument(
        "--warmup", type=int, help="models before the trend is measured (default: a fifth, at least 200)"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight (default 4)")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop after this long (default 900)")
    parser.add_argument("--workers", type=int, help="LAYERLAB_WORKERS for the server this script starts")
    parser.add_argument("--cache-entries", type=int, default=0, help="LAYERLAB_CACHE_ENTRIES for it (default 0: off)")
    parser.add_argument("--worker-max-tasks", type=int, help="LAYERLAB_WORKER_MAX_TASKS for it (default: the server's)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the inputs (default 1)")
    args = parser.parse_args()
    if not 1 <= args.models <= MAX_MODELS or not 1 <= args.every <= args.models or not 1 <= args.concurrency <= 64:
        parser.error(f"--models must be 1..{MAX_MODELS}, --every 1..models, --concurrency 1..64")
    if args.url and not args.pid:
        parser.error("--url needs --pid: the memory of the server's processes is the point")
    warmup = args.warmup if args.warmup is not None else max(200, args.models // 5)

    process = None
    if args.url:
        url, pid = loopback_only(args.url), args.pid
    else:
        env = {"LAYERLAB_CACHE_ENTRIES": str(args.cache_entries), "LAYERLAB_WARM_EXAMPLES": "false"}
        if args.workers:
            env["LAYERLAB_WORKERS"] = str(args.workers)
        if args.worker_max_tasks is not None:
            env["LAYERLAB_WORKER_MAX_TASKS"] = str(args.worker_max_tasks)
        log_path = Path(tempfile.gettempdir()) / f"layer-lab-soak-{os.getpid()}.log"
        process, url = start_server(env, log_path)
        pid = process.pid
        print(f"started {url} (pid {pid}, log {log_path}) with {' '.join(f'{k}={v}' for k, v in env.items())}")
    try:
        samples, tally, done = asyncio.run(
            soak(url, pid, args.models, args.every, args.concurrency, args.max_seconds, args.seed)
        )
    finally:
        if process is not None:
            process.stop()
    return 0 if report(samples, tally, done, args.models, warmup) else 1


if __name__ == "__main__":
    sys.exit(main())
