"""Play a class against one Layer Lab server (or a load balancer) on this machine and say whether it coped.

    python bench/load.py                                 # starts its own server, 240 students, 60 s
    python bench/load.py --students 120 --seconds 90
    python bench/load.py --url http://127.0.0.1:8000 --pid 1234     # a server you started
    python bench/load.py --url http://127.0.0.1:8000 --pid "$(docker inspect -f {{.State.Pid}} layer-lab)"

Each simulated student plays what the page does (static/js/controller.js): opens the page and its /static/
assets, the layer catalogue and the lesson's examples, and opens the first example: its shipped picture read
from its file where it has one, its summary, then predict with trace when the page runs it at once (the answer
at most AUTO_RUN_NUMBERS numbers; big tensors in parts, from where the step says, when the whole would pass
ANSWER_LIMIT), saying which weights it already holds (``held_weights``, the digests of its last answer's weights,
so unchanged weights are not sent again; ``--resend-weights`` plays a page that does not). A step with no numbers
of its own, or whose answer is bigger, waits for Run, which the student presses next (from then on the page runs
edits whose answer is no bigger). Until the time is up the student thinks 1-3 s between actions: mostly types a
new number into the model they have open (an input cell; a weight where the example has its own; a cell of the
weight editor's layer, as the answer had it, where the input is a picture), each number a request (the page sends
each cell as it is typed); on a step with a canvas draws a digit instead (the cells sent every 250 ms as the pen
moves, as draw.js sends them); now and then sets a convolution's kernel to a preset (POST /api/models/kernel, then
the prediction, as the buttons above its weights do); sometimes opens the next example, sometimes edits a layer's
size (a new summary, and the prediction when the page runs it: mostly models nobody asked for before, so real
Keras work; weights the edit made stale are dropped, as the page drops them). A separate process asks /healthz
every 100 ms throughout, as a load balancer would, so its latency is the server's, not the load generator's.

Prints p50/p95/p99 latency and errors per kind of request, the /healthz latencies, and the memory of
all the server's processes (the server and its workers) after warm-up and at the end, and checks the
goals: no failed request; p95 <= 200 ms for lesson requests (opening an example), summaries and
predictions; /healthz p99 <= 50 ms; memory growth after warm-up <= 10 %. Exit status 1 when a goal is
missed. The page's files are counted and shown, not held to the goal: that burst is what a browser
measures (bench/first_paint.py); here it is mostly the Python client's own cost.

Bounded: only 127.0.0.1 / localhost, at most 500 students, 900 s, 200 000 requests; every request has
a timeout and the whole run a hard deadline. Needs httpx, orjson, psutil and, as the server does, simdjson and isal
(and reads PNGs with app.pictures).
"""

import argparse
import asyncio
import contextlib
import copy
import multiprocessing
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from math import prod
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import orjson
import psutil
import simdjson
from isal import isal_zlib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
from live_server import Server, loopback_only

from app import pictures

ROOT = Path(__file__).resolve().parent.parent
MAX_STUDENTS = 500
MAX_SECONDS = 900
MAX_REQUESTS = 200_000
REQUEST_TIMEOUT = 60.0
AUTO_RUN_NUMBERS = 100_000  # static/js/controller.js: a bigger answer waits for Run
ANSWER_LIMIT = 1_000_000  # controller.js: a trace past it comes with its big tensors in parts ...
WINDOW_NUMBERS = 65_536  # ... of at most this many numbers
MAX_TYPED = 2048  # static/js/data.js: an input of more numbers is filled or pasted, not typed cell by cell
MAX_EDITABLE_WEIGHTS = 1024  # data.js: a layer with more weights has no weight editor
DRAW_PACE = 0.25  # static/js/draw.js PACE: while the learner draws, the cells are sent at most this often
GOAL_P95_MS = 200.0
GOAL_HEALTHZ_P99_MS = 50.0
GOAL_MEMORY_GROWTH = 0.10
PAGE_KINDS = ("page", "static", "catalogue", "examples")
# the goal's three groups: opening a lesson example; a new summary; a prediction of numbers the student typed
GOAL_GROUPS = {
    "lesson": ("lesson_summary", "lesson_predict"),
    "summary": ("edit_summary",),
    "predict": ("numbers_predict", "edit_predict"),
}
KIND_ORDER = [*PAGE_KINDS, *(kind for kinds in GOAL_GROUPS.values() for kind in kinds)]

# The lesson's models, used when the server's GET /api/examples has none (yet) with a model in it.
FALLBACK_EXAMPLES = [
    {
        "id": "mlp",
        "model": {
            "layers": [
                {"type": "Input", "args": {"shape": 64}},
                {"type": "Dense", "args": {"units": 200, "activation": "relu"}},
                {"type": "Dense", "args": {"units": 10, "activation": "softmax"}},
            ]
        },
        "inputs": [[round(0.1 * (i % 10), 1) for i in range(64)]],
    },
    {
        "id": "dense_small",
        "model": {
            "layers": [
                {"type": "Input", "name": "x", "args": {"shape": [3]}},
                {"type": "Dense", "name": "d", "args": {"units": 2}},
            ]
        },
        "inputs": [[1.0, 2.0, 3.0]],
        "weights": {"d": [[[1, 0], [0, 1], [1, 1]], [0.5, -0.5]]},
    },
    {
        "id": "conv",
        "model": {
            "layers": [
                {"type": "Input", "args": {"shape": [28, 28, 1]}},
                {"type": "Conv2D", "args": {"filters": 8, "kernel_size": 3, "activation": "relu"}},
                {"type": "MaxPool2D", "args": {"pool_size": 2}},
                {"type": "Flatten"},
                {"type": "Dense", "args": {"units": 10, "activation": "softmax"}},
            ]
        },
        "inputs": [[[[((r * 28 + c) % 7) / 7.0] for c in range(28)] for r in range(28)]],
    },
    {
        "id": "upsample",
        "model": {
            "layers": [
                {"type": "Input", "args": {"shape": [4, 4, 1]}},
                {"type": "UpSampling2D", "args": {"size": 2}},
                {"type": "Conv2DTranspose", "args": {"filters": 2, "kernel_size": 3, "strides": 2}},
            ]
        },
        "inputs": [[[[float(r * 4 + c)] for c in range(4)] for r in range(4)]],
    },
    {
        "id": "reshape_concat",
        "model": {
            "layers": [
                {"type": "Input", "name": "a", "args": {"shape": [6]}},
                {"type": "Reshape", "name": "r", "args": {"target_shape": [2, 3]}},
                {"type": "Flatten", "name": "f"},
                {"type": "Dense", "name": "d", "args": {"units": 4}},
                {"type": "Concatenate", "name": "c", "inputs": ["f", "d"]},
            ]
        },
        "inputs": [[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]],
    },
    {
        "id": "text",
        "model": {
            "layers": [
                {"type": "Input", "args": {"shape": [20], "dtype": "int32"}},
                {"type": "Embedding", "args": {"input_dim": 1000, "output_dim": 16}},
                {"type": "Conv1D", "args": {"filters": 8, "kernel_size": 3, "activation": "relu"}},
                {"type": "LSTM", "args": {"units": 8}},
                {"type": "Dense", "args": {"units": 1, "activation": "sigmoid"}},
            ]
        },
        "inputs": [[(7 * i) % 1000 for i in range(20)]],
    },
]

# What a student may change in a layer, and the range they pick from.
EDITABLE = {
    "Dense": ("units", 1, 512),
    "Conv1D": ("filters", 1, 64),
    "Conv2D": ("filters", 1, 64),
    "Conv2DTranspose": ("filters", 1, 32),
    "LSTM": ("units", 1, 64),
    "GRU": ("units", 1, 64),
    "SimpleRNN": ("units", 1, 64),
    "Embedding": ("output_dim", 1, 64),
}


# ---------------------------------------------------------------------------------------------------
# Measurements


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_samples: dict[str, list[str]] = defaultdict(list)
        self.refused: dict[str, int] = defaultdict(int)
        self.wire: dict[str, int] = defaultdict(int)  # bytes of the answers as sent (gzipped), by kind
        self.requests = 0
        self.recording = False
        self.thinking = 0.0  # seconds all students spent thinking in the measured phase

    def think(self, seconds: float) -> float:
        self.thinking += seconds * self.recording
        return seconds

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        """Counted in the measured phase; opening the page is counted whenever it happens (once, at the start)."""
        if not self.recording and kind not in PAGE_KINDS:
            return
        self.latency[kind].append(seconds * 1000)
        if error is not None:
            self.errors[kind] += 1
            if len(self.error_samples[kind]) < 3:
                self.error_samples[kind].append(error[:300])


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


class Budget(Exception):
    pass


class Dropped(ConnectionError):
    """The server closed the connection before any byte of an answer."""


@dataclass
class Answer:
    status_code: int
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> bytes:
        gzipped = self.headers.get("content-encoding") == "gzip"
        return isal_zlib.decompress(self.raw, wbits=16 + isal_zlib.MAX_WBITS) if gzipped else self.raw

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return orjson.loads(self.body)


class Browser:
    """One simulated student's HTTP/1.1 client: keep-alive, at most ``connections`` open to the server at once
    (what a browser opens per host), gzip asked for. A request that meets a kept-alive connection the server
    has just closed is sent once more on a new connection, as browsers do. Lean on purpose: httpx costs about
    2 ms of CPU per request, and this generator shares the server's cores (240 students opening the page
    are 10 000 requests in 2 s)."""

    def __init__(self, url: str, connections: int = 6) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.authority = parts.hostname, parts.port or 80, parts.netloc
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(connections)

    async def __aenter__(self) -> "Browser":
        return self

    async def __aexit__(self, *exc) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()

    async def request(self, method: str, path: str, json=None) -> Answer:
        body = b"" if json is None else orjson.dumps(json)
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.authority}\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n"
        if json is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        message = head.encode() + b"\r\n" + body
        async with self.slots:
            if self.idle:
                try:
                    return await self._exchange(self.idle.pop(), message)
                except Dropped:
                    pass  # closed by the server while it was idle: once more on a new connection
            return await self._exchange(await asyncio.open_connection(self.host, self.port), message)

    async def _exchange(self, connection: tuple[asyncio.StreamReader, asyncio.StreamWriter], message: bytes) -> Answer:
        reader, writer = connection
        try:
            try:
                writer.write(message)
                await writer.drain()
            except ConnectionError:
                raise Dropped("the server closed the connection before the request was sent") from None
            answer, keep = await self._read(reader)
        except BaseException:
            writer.close()
            raise
        if keep:
            self.idle.append(connection)
        else:
            writer.close()
        return answer

    @staticmethod
    async def _read(reader: asyncio.StreamReader) -> tuple[Answer, bool]:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                raise
            raise Dropped("the server closed the connection without an answer") from None
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip()
        keep = headers.get("connection", "").lower() != "close"
        if "content-length" in headers:
            raw = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append(await reader.readexactly(size + 2))
            await reader.readuntil(b"\r\n")
            raw = b"".join(chunk[:-2] for chunk in chunks)
        elif status in (204, 304):
            raw = b""
        else:
            raw, keep = await reader.read(), False
        return Answer(status, headers, raw), keep


async def call(browser: Browser, stats: Stats, kind: str, method: str, path: str, json=None) -> Answer | None:
    """One request, timed and classified; None when it failed (counted as an error of its kind)."""
    stats.requests += 1
    if stats.requests > MAX_REQUESTS:
        raise Budget(f"request budget of {MAX_REQUESTS} spent")
    started = time.perf_counter()
    try:
        async with asyncio.timeout(REQUEST_TIMEOUT):
            response = await browser.request(method, path, json)
    except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
        stats.add(kind, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
        return None
    elapsed = time.perf_counter() - started
    if response.status_code == 422 and kind.startswith("edit_"):
        stats.add(kind, elapsed, None)  # a model the student broke (and the server explained): not a failure
        stats.refused[kind] += stats.recording
        return None
    if response.status_code >= 400:
        stats.add(kind, elapsed, f"{response.status_code} {method} {path}: {response.text[:200]}")
        return None
    stats.add(kind, elapsed, None)
    stats.wire[kind] += len(response.raw) * (stats.recording or kind in PAGE_KINDS)
    return response


class HealthProbe:
    """/healthz every ``interval`` seconds from a process of its own, as a load balancer would.

    The load generator's own event loop never delays it: each sample is (wall-clock time, ms, ok), and the
    report keeps the samples taken during the measured phase.
    """

    def __init__(self, url: str, interval: float = 0.1) -> None:
        context = multiprocessing.get_context("fork")  # also when this file is loaded by path (tests)
        self._stop = context.Event()
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_probe, args=(url, interval, self._stop, sender), daemon=True)

    def start(self) -> "HealthProbe":
        self._process.start()
        return self

    def finish(self) -> list[tuple[float, float, bool]]:
        self._stop.set()
        samples = self._results.recv() if self._results.poll(30) else []
        self._process.join(timeout=15)
        if self._process.is_alive():
            self._process.kill()
        return samples


def _probe(url: str, interval: float, stop, results) -> None:
    samples = []
    with httpx.Client(base_url=url, timeout=10) as client:
        while not stop.is_set() and len(samples) < MAX_SECONDS * 2 / interval:
            at, started = time.time(), time.perf_counter()
            try:
                ok = client.get("/healthz").status_code == 200
            except httpx.HTTPError:
                ok = False
            elapsed = time.perf_counter() - started
            samples.append((at, elapsed * 1000, ok))
            stop.wait(max(0.0, interval - elapsed))
    results.send(samples)


def server_processes(pid: int | None) -> list[psutil.Process]:
    if pid is None:
        return []
    with contextlib.suppress(psutil.Error):
        parent = psutil.Process(pid)
        return [parent, *parent.children(recursive=True)]
    return []


def cpu_seconds(pid: int | None) -> tuple[float, float] | None:
    """CPU time (user + system) used so far by the server and its workers, and by the web process alone. A worker
    that was replaced and reaped counts through its parent's ``children_*`` times."""
    procs = server_processes(pid)
    if not procs:
        return None
    total = web = 0.0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            total += times.user + times.system
            if proc.pid == pid:
                web = times.user + times.system
                total += times.children_user + times.children_system
    return total, web


def memory(pid: int | None) -> dict | None:
    """Memory of the server and its children: USS (pages only they hold: what grows when they leak) and RSS.

    USS is the measure of growth: PSS and RSS also count TensorFlow's shared library pages, whose share
    moves with every other TensorFlow process on the machine.
    """
    procs = server_processes(pid)
    if not procs:
        return None
    rss = uss = 0
    each = []
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            info = proc.memory_full_info()
            rss += info.rss
            uss += info.uss
            each.append(info.uss)
    return {"processes": len(procs), "rss": rss, "uss": uss, "each_uss": each}


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


# ---------------------------------------------------------------------------------------------------
# The class


class AssetLinks(HTMLParser):
    """The page's own /static/ links (stylesheets, scripts, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


JS_IMPORT = re.compile(
    r"""(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]+\s+from\s*)?\(?\s*["']([^"']+\.js(?:\?[^"']*)?)["']"""
)
MAX_ASSETS = 300


def same_site_static(base: str, link: str) -> str | None:
    """The link as the browser asks for it (the query too: the page's URLs carry the files' version)."""
    parts = urlsplit(urljoin(base, link))
    if parts.netloc or not parts.path.startswith("/static/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


_IMPORTS: dict[tuple[str, bytes], list[str]] = {}


def links_of(page: Answer) -> list[str]:
    """The /static/ files the page links, read once per page's bytes and run, as ``imports_of``."""
    key = ("/", page.raw)
    if key not in _IMPORTS:
        parser = AssetLinks()
        parser.feed(page.text)
        _IMPORTS[key] = list(dict.fromkeys(p for p in (same_site_static("/", link) for link in parser.links) if p))
    return _IMPORTS[key]


def imports_of(path: str, answer: Answer) -> list[str]:
    """The /static/ files a script imports, read once per file and run (each student is sent the same bytes:
    unzipping and searching them 240 times cost the generator seconds while the class opened the page)."""
    key = (path, answer.raw)
    if key not in _IMPORTS:
        _IMPORTS[key] = [p for p in (same_site_static(path, m) for m in JS_IMPORT.findall(answer.text)) if p]
    return _IMPORTS[key]


async def load_page(client: Browser, stats: Stats) -> None:
    """GET / and, like a browser, every /static/ file it links, following the ES module imports of scripts."""
    page = await call(client, stats, "page", "GET", "/")
    if page is None:
        return
    wave = links_of(page)
    seen = set(wave)
    while wave:
        answers = await asyncio.gather(*(call(client, stats, "static", "GET", path) for path in wave))
        found = []
        for path, answer in zip(wave, answers, strict=True):
            if answer is not None and urlsplit(path).path.endswith(".js"):
                found += imports_of(path, answer)
        wave = [p for p in dict.fromkeys(found) if p not in seen][: max(0, MAX_ASSETS - len(seen))]
        seen.update(wave)


class Lesson:
    """The examples a student can open: the server's, or the built-in lesson models if it has none."""

    def __init__(self, examples: list[dict], source: str) -> None:
        self.examples = examples
        self.source = source

    @classmethod
    async def load(cls, client: httpx.AsyncClient) -> "Lesson":
        listed = (await client.get("/api/examples", timeout=REQUEST_TIMEOUT)).raise_for_status().json()
        found = []
        for item in listed if isinstance(listed, list) else []:
            if ("model" not in item or item.get("partial")) and "id" in item:
                item = (await client.get(f"/api/examples/{item['id']}", timeout=REQUEST_TIMEOUT)).json()
            if isinstance(item.get("model"), dict):
                found.append(item)
        if found:
            return cls(found, f"server ({len(found)} examples from GET /api/examples)")
        usable, refused = [], []
        for example in FALLBACK_EXAMPLES:  # checked once, so a model this server version refuses is not an "error"
            answer = await client.post("/api/models/summary", json=example["model"], timeout=REQUEST_TIMEOUT)
            (usable if answer.status_code == 200 else refused).append(example["id"])
        examples = [e for e in FALLBACK_EXAMPLES if e["id"] in usable]
        note = f"built-in lesson models {usable} (GET /api/examples has none)"
        if refused:
            note += f"; refused by this server and left out: {refused}"
        if not examples:
            raise SystemExit("the server accepts none of the built-in lesson models; nothing to play")
        return cls(examples, note)


def edited(model: dict, rng: random.Random) -> tuple[dict, bool]:
    """A copy of the model with one layer's size changed, as a student does in the editor."""
    model = copy.deepcopy(model)
    candidates = [layer for layer in model["layers"] if layer.get("type") in EDITABLE]
    if not candidates:
        return model, False
    layer = rng.choice(candidates)
    arg, low, high = EDITABLE[layer["type"]]
    layer.setdefault("args", {})[arg] = rng.randint(low, high)
    if layer["type"] == "Dense" and rng.random() < 0.3:
        layer["args"]["activation"] = rng.choice(["relu", "tanh", "sigmoid", "linear"])
    return model, True


def retyped(value, rng: random.Random, integer: bool):
    """A copy of nested numbers with one cell typed anew, as a student does in the editor: the page sends each
    cell's number as it is typed (controller.js, 250 ms after the last keystroke), so a student who types three
    cells sends three requests. ``value``: an array, or a dict (or list) of arrays or of lists of arrays (weights by
    layer). Only the lists and dicts on the way to the cell are copied, the rest is shared with ``value``, which is
    left as it was: copying every cell cost the generator ~30 ms a keystroke on the Concatenate step's inputs, CPU
    the server it shares the cores with did not get."""
    arrays = list(_arrays(value, ()))
    sizes = [prod(shape) for _, shape in arrays]
    flat, k = rng.randrange(sum(sizes)), 0
    while flat >= sizes[k]:
        flat, k = flat - sizes[k], k + 1
    path, shape = arrays[k]
    index: list[int] = []
    for d in reversed(shape):
        flat, i = divmod(flat, d)
        index.insert(0, i)
    return _with_cell(value, [*path, *index], rng.randrange(10) if integer else round(rng.uniform(-5, 5), 2))


def _arrays(node, path: tuple):
    """Each array in ``node`` (a dict or a list of arrays of different shapes holds several): its path, its shape."""
    if isinstance(node, dict):
        for key, item in node.items():
            yield from _arrays(item, (*path, key))
    elif isinstance(node, list) and len({str(_shape(item)) for item in node}) > 1:
        for i, item in enumerate(node):
            yield from _arrays(item, (*path, i))
    else:
        yield path, _shape(node)


def _shape(array) -> list[int]:
    """A rectangular array's shape, read along its first cells."""
    shape = []
    while isinstance(array, list):
        shape.append(len(array))
        array = array[0] if array else None
    return shape


def _with_cell(node, path: list, number):
    """``node`` with the cell at ``path`` (keys and indices) set to ``number``: the containers on its way copied."""
    if not path:
        return number
    changed = dict(node) if isinstance(node, dict) else list(node)
    changed[path[0]] = _with_cell(node[path[0]], path[1:], number)
    return changed


class Desk:
    """What one student has open, as the page holds it (static/js/controller.js): an example, the model as they
    edited it, their inputs and weights, the last summary and answer, and whether the page runs what they change
    (``waiting``: it shows "press Run" instead)."""

    def __init__(self, example: dict, held: bool) -> None:
        self.example = example
        self.model = example["model"]
        self.inputs = example.get("inputs")
        self.pictures: dict[str, str] = example.get("pictures") or {}
        self.weights = example.get("weights")
        self.seed = example.get("seed") or 0
        self.view = example.get("view")
        self.draw: dict | None = example.get("draw")  # {input, ink}: the input has a canvas to draw on
        self.window_at: dict[str, list[int]] = dict(example.get("window") or {})  # where the step's big parts open
        # a step with no numbers of its own (and no picture) waits for Run: its summary is its point
        self.run_on_request = self.inputs is None and not self.pictures
        self.allowed: float = (
            AUTO_RUN_NUMBERS  # raised by Run to the size of what was run (controller.js allowedNumbers)
        )
        self.summary: dict = {}
        self.waiting = False
        self.windowed = False
        self.held = held
        self.kept: dict[str, tuple[str | None, object]] = {}  # the last answer's weights: name -> (digest, data)
        self.last: Answer | None = None  # the last answer, read only when its weights are needed
        self.integer = any(  # token ids: typed as small whole numbers
            layer.get("type") == "Embedding" or "int" in str(layer.get("args", {}).get("dtype", ""))
            for layer in self.model["layers"]
        )

    def batch(self) -> int:
        first = next(iter(self.inputs.values())) if isinstance(self.inputs, dict) else self.inputs
        return len(first) if isinstance(first, list) and first else 1

    def outputs(self) -> dict[str, list]:
        """Each layer output's shape, batch first, by its name in an answer (``lstm:1`` for the second of several)."""
        shapes = {}
        for row in self.summary.get("layers", []):
            shape = row.get("output_shape") or []
            several = shape if shape and isinstance(shape[0], list) else None
            for k, one in enumerate(several or [shape]):
                shapes[f"{row['name']}:{k}" if several and len(several) > 1 else row["name"]] = [self.batch(), *one[1:]]
        return shapes

    def answer_size(self, most: float = float("inf")) -> float:
        """Numbers a traced answer carries, each tensor at most ``most`` (controller.js answerSize)."""
        return sum(min(most, prod(d or 4 for d in shape)) for shape in self.outputs().values())

    def window_starts(self) -> dict[str, list[int]]:
        """Where the parts of big tensors begin: the step's own (its ``window``), while the model's tensor still fits
        it (controller.js windowStarts; the students here move no part)."""
        shapes = self.outputs()
        self.window_at = {
            name: start
            for name, start in self.window_at.items()
            if len(shapes.get(name, ())) == len(start)
            and all(d is not None and s < d for s, d in zip(start, shapes[name]))
        }
        return self.window_at

    def summarised(self, summary: dict) -> None:
        """The page's work after a summary: its numbers for inputs it has none for, the weights that no longer fit
        dropped, and whether it runs the numbers now or waits for Run (controller.js summarize, predict)."""
        before, self.summary = self.summary, summary
        self.start_inputs()
        if self.weights and before:
            old, new = signatures(before), signatures(summary)
            self.weights = {name: w for name, w in self.weights.items() if old.get(name) == new.get(name)} or None
        self.windowed = self.answer_size() > ANSWER_LIMIT
        self.waiting = self.run_on_request or self.numbers() > self.allowed

    def numbers(self) -> float:
        return self.answer_size(WINDOW_NUMBERS if self.windowed else float("inf"))

    def run(self) -> None:
        """The Run button: the page runs this answer, and from now on any no bigger as it is edited."""
        self.run_on_request, self.waiting = False, False
        self.allowed = max(self.allowed, self.numbers())

    def start_inputs(self) -> None:
        """The page's own numbers for each model input when the example brings none: 0, 1, ..., 9, 0, 1, ..."""
        if self.inputs is not None:
            return
        rows = {row["name"]: row for row in self.summary.get("layers", [])}
        self.inputs = {}
        for name in self.summary.get("inputs", []):
            shape = [1, *(d or 4 for d in rows[name]["output_shape"][1:])]
            flat: list = [i % 10 for i in range(prod(shape))]
            for d in reversed(shape[1:]):
                flat = [flat[i : i + d] for i in range(0, len(flat), d)]
            self.inputs[name] = flat

    def typeable(self) -> bool:
        """Whether the page shows the inputs as cells to type in (data.js MAX_TYPED: a bigger one is filled or
        pasted, a picture's too)."""
        inputs = self.inputs.values() if isinstance(self.inputs, dict) else [self.inputs]
        return all(prod(_shape(one)) <= MAX_TYPED for one in inputs)

    def editable_weights(self) -> str | None:
        """The layer whose weights the student types into when the inputs are not cells (a picture) and the step
        has no weights of its own: the weight editor's, under the layer views (data.js renderWeightEditor), the
        viewed layer's or the first that has an editor (at most MAX_EDITABLE_WEIGHTS numbers)."""
        layers: dict[str, list] = {}
        for name, (_, data) in self.current().items():
            layers.setdefault(name.split("/")[0], []).append(data)
        fits = [
            layer
            for layer, values in layers.items()
            if None not in values and sum(prod(_shape(v)) for v in values) <= MAX_EDITABLE_WEIGHTS
        ]
        return self.view if self.view in fits else next(iter(fits), None)

    def preset_layer(self, types: list[str]) -> str | None:
        """The weight editor's layer when the page offers kernel presets above it (a Conv2D, DepthwiseConv2D or
        Conv2DTranspose: ``GET /api/kernels`` says which)."""
        layer = next(iter(self.weights)) if self.weights else self.editable_weights()
        kinds = {row["name"]: row.get("type") for row in self.summary.get("layers", [])}
        return layer if kinds.get(layer) in types else None

    def layer_weights(self, layer: str) -> list:
        """The layer's weights as the last answer had them (the weight editor starts from them)."""
        return [data for name, (_, data) in self.current().items() if name.split("/")[0] == layer]

    def predict_body(self) -> dict:
        body = {"model": self.model, "inputs": self.inputs, "seed": self.seed, "trace": True}
        if self.weights:
            body["weights"] = self.weights
        if self.windowed:
            body["window"] = {"max_numbers": WINDOW_NUMBERS, "at": self.window_starts()}
        if self.held:
            held = self.current().items()
            body["held_weights"] = {name: digest for name, (digest, data) in held if digest and data is not None}
        return body

    def current(self) -> dict[str, tuple[str | None, object]]:
        """The weights the page holds, from the last answer: each left out (``data: null``, held) filled with the
        numbers held before under the same digest (held.js fillHeld)."""
        if self.last is not None:
            kept, self.kept = self.kept, {}
            for name, (digest, data) in weights_of(self.last).items():
                if data is None and kept.get(name, (None, None))[0] == digest:
                    data = kept[name][1]
                self.kept[name] = (digest, data)
            self.last = None
        return self.kept

    def hold(self, answer: Answer) -> None:
        """The page keeps the answer's weights: the next request names them by their digests (static/js/held.js).
        Read then, not now: a student who opens another step next never needs them (the page reads every answer,
        but in the browser, not on the cores the server has)."""
        self.last = answer


def drawing(desk: Desk, rng: random.Random):
    """The numbers a digit drawn on the canvas makes as the pen moves (static/js/draw.js): the canvas's input
    cells (0 to the step's ``ink``) sent every DRAW_PACE seconds while the learner draws, each time with more ink
    along the stroke, a new drawing starting blank: one digit is 3 to 8 predictions."""
    name, ink = desk.draw["input"], int(desk.draw.get("ink", 16))
    inputs = desk.inputs if isinstance(desk.inputs, dict) else {name: desk.inputs}
    rows, cols = _shape(inputs[name])[-3:-1]  # (batch,) height, width, 1
    cells = [[0] * cols for _ in range(rows)]
    r, c = rng.randrange(rows), rng.randrange(cols)
    for _ in range(rng.randint(3, 8)):
        for _ in range(rng.randint(2, 4)):  # the pen moves on a cell or so, inking it
            cells[r][c] = max(cells[r][c], rng.randint(ink // 2, ink))
            r, c = min(rows - 1, max(0, r + rng.choice((-1, 0, 1)))), min(cols - 1, max(0, c + rng.choice((-1, 0, 1))))
        drawn = [[[[value] for value in row] for row in cells]]
        yield {**inputs, name: drawn} if isinstance(desk.inputs, dict) else drawn


def signatures(summary: dict) -> dict[str, str]:
    """What each layer's weights depend on: its type, its arguments and the shapes that feed it (controller.js
    signatureOf: weights set for a layer whose signature changed no longer fit, and the page drops them)."""
    rows = {row["name"]: row for row in summary.get("layers", [])}
    return {
        name: repr((row.get("type"), row.get("args"), [rows.get(ref, {}).get("output_shape") for ref in row["inputs"]]))
        for name, row in rows.items()
    }


_WEIGHTS: dict[bytes, dict] = {}
_PARSER = simdjson.Parser()
"""One parser for every answer: a new one allocates its buffers again for each (an 11 MB answer's are tens of MB)."""


def weights_of(answer: Answer) -> dict[str, tuple[str | None, object]]:
    """A traced answer's weights by name in a request (``lstm/kernel``): (digest, numbers or None when held). Read
    once per answer's bytes and run: a class opening a conv step gets the same 0.5 MB (11 MB unzipped) each. Read
    by simdjson, turning only the weights into Python (orjson made Python floats of every output too: 85 against
    29 ms for such an answer, CPU the server it shares the cores with did not get)."""
    if answer.raw not in _WEIGHTS:
        if len(_WEIGHTS) > 64:
            _WEIGHTS.clear()
        document = _PARSER.parse(answer.body)
        trace = document.get("trace") if isinstance(document, simdjson.Object) else None
        _WEIGHTS[answer.raw] = {
            f"{t['name']}/{w['name']}": (w.get("digest"), plain(w["data"])) for t in trace or [] for w in t["weights"]
        }
    return _WEIGHTS[answer.raw]


def plain(value):
    """simdjson's array as lists; anything else as it is."""
    return value.as_list() if isinstance(value, simdjson.Array) else value


_PICTURES: dict[bytes, list] = {}


async def picture_numbers(client: Browser, stats: Stats, name: str) -> list | None:
    """A shipped picture's numbers as the page makes them (the PNG's pixels, 0-255, a batch of one), from its
    file (picture_in.js fetches /static/pictures/NAME.png; app.pictures reads PNGs as the browser does)."""
    answer = await call(client, stats, "static", "GET", f"/static/pictures/{name}.png")
    if answer is None:
        return None
    if answer.raw not in _PICTURES:
        _PICTURES[answer.raw] = pictures.read_png(answer.body)[None].tolist()
    return _PICTURES[answer.raw]


async def student(
    number: int, url: str, lesson: Lesson, stats: Stats, until: float, seed: int, held: bool = True
) -> None:
    rng = random.Random(seed * 1000 + number)
    async with Browser(url) as client:
        await asyncio.sleep(rng.uniform(0, 2))  # the class opens the page within a couple of seconds
        await load_page(client, stats)
        await asyncio.gather(
            call(client, stats, "catalogue", "GET", "/api/layers"),
            call(client, stats, "examples", "GET", "/api/examples"),
        )
        pixels: dict[str, list | None] = {}  # the pictures this student's browser has (it keeps the files)
        kernels: dict = {}  # GET /api/kernels, asked once, when a kernel's presets are first shown (controller.js)

        async def predict(kind: str, desk: Desk) -> None:
            answer = await call(client, stats, kind, "POST", "/api/models/predict", json=desk.predict_body())
            if answer is not None:
                desk.hold(answer)

        async def presets() -> dict:
            answer = await call(client, stats, "kernel", "GET", "/api/kernels")
            kernels.update(answer.json() if answer is not None else {"presets": [], "types": []})
            return kernels

        async def open_example(example: dict) -> Desk:
            """What the page does on opening an example: its pictures read, its summary, then its numbers through
            every layer when the answer is small enough to run at once."""
            desk = Desk(example, held)
            if desk.pictures:
                for name, picture in desk.pictures.items():
                    if picture not in pixels:
                        pixels[picture] = await picture_numbers(client, stats, picture)
                numbers = {name: pixels[picture] for name, picture in desk.pictures.items() if pixels[picture]}
                if desk.inputs is None and len(numbers) == 1:
                    desk.inputs = next(iter(numbers.values()))
                elif numbers:
                    desk.inputs = {**(desk.inputs or {}), **numbers}
            answer = await call(client, stats, "lesson_summary", "POST", "/api/models/summary", json=desk.model)
            if answer is None:
                desk.waiting, desk.inputs = True, None
                return desk
            desk.summarised(answer.json())
            if not desk.waiting:
                await predict("lesson_predict", desk)
            return desk

        position = 0  # the class follows the lesson in order; some students wander
        desk = await open_example(lesson.examples[0])
        while time.monotonic() < until:
            await asyncio.sleep(stats.think(rng.uniform(1, 3)))
            if time.monotonic() >= until:
                break
            action = rng.random()
            if action < 0.25 or desk.inputs is None:  # the next example (or another one)
                position = position + 1 if rng.random() < 0.7 else rng.randrange(len(lesson.examples))
                desk = await open_example(lesson.examples[position % len(lesson.examples)])
            elif desk.waiting:  # the page says "press Run": the student does
                edited_model = desk.model is not desk.example["model"]
                desk.run()
                await predict("edit_predict" if edited_model else "lesson_predict", desk)
            elif action < 0.3 and (kernels or await presets()) and (layer := desk.preset_layer(kernels["types"])):
                answer = await call(client, stats, "kernel", "POST", "/api/models/kernel", json={
                    "model": desk.model, "layer": layer, "preset": rng.choice(kernels["presets"]), "seed": desk.seed
                })  # fmt: skip
                if answer is not None:  # a preset sets the whole kernel and runs at once, as Run does
                    desk.weights = {**(desk.weights or {}), layer: [w["data"] for w in answer.json()["weights"]]}
                    desk.run()
                    await predict("numbers_predict", desk)
            elif action < 0.45:  # edit a layer's size: the page asks for a summary, then runs the numbers
                model, changed = edited(desk.model, rng)
                if not changed:
                    continue
                answer = await call(client, stats, "edit_summary", "POST", "/api/models/summary", json=model)
                if answer is None:
                    continue  # refused (e.g. a Reshape that no longer fits): the student undoes it
                desk.model = model
                desk.summarised(answer.json())
                if not desk.waiting:
                    await predict("edit_predict", desk)
            elif desk.draw and not (desk.weights and rng.random() < 0.3):  # a digit drawn on the step's canvas
                for cells in drawing(desk, rng):
                    started = time.monotonic()
                    desk.inputs = cells
                    await predict("numbers_predict", desk)
                    await asyncio.sleep(max(0.0, DRAW_PACE - (time.monotonic() - started)))
            else:  # a new number typed into the model they have open: an input cell, or a weight
                if desk.typeable() and not (desk.weights and rng.random() < 0.3):
                    desk.inputs = retyped(desk.inputs, rng, desk.integer)
                elif desk.weights:
                    desk.weights = retyped(desk.weights, rng, integer=False)
                elif (layer := desk.editable_weights()) is not None:  # its first edit makes them the student's
                    desk.weights = {layer: retyped(desk.layer_weights(layer), rng, integer=False)}
                else:  # nothing on this step to type into: on to the next
                    position += 1
                    desk = await open_example(lesson.examples[position % len(lesson.examples)])
                    continue
                await predict("numbers_predict", desk)


def loop_factory():
    """uvloop when installed (uvicorn[standard] brings it): the generator's own cost per request is lower."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def run(
    url: str,
    students: int,
    seconds: float,
    warmup: float = 15,
    seed: int = 1,
    pid: int | None = None,
    held: bool = True,
) -> dict:
    """Play the class with /healthz asked from another process; the report keeps the measured phase's samples.
    ``held``: the students' pages say which weights they hold (``held_weights``)."""
    probe = HealthProbe(url).start()
    try:
        with asyncio.Runner(loop_factory=loop_factory()) as runner:
            report = runner.run(play(url, students, seconds, warmup, seed, pid, held))
    finally:
        samples = probe.finish()
    start, end = report.get("window", (0.0, 0.0))
    measured = [(ms, ok) for at, ms, ok in samples if start <= at <= end]
    report["healthz"] = [ms for ms, _ in measured]
    report["healthz_errors"] = sum(not ok for _, ok in measured)
    return report


async def play(
    url: str, students: int, seconds: float, warmup: float, seed: int, pid: int | None, held: bool = True
) -> dict:
    async with httpx.AsyncClient(base_url=url) as client:
        lesson = await Lesson.load(client)
    print(f"lesson: {lesson.source}")
    stats = Stats()
    report: dict = {"lesson": lesson.source, "stats": stats, "client_cpu": 0.0, "load_before": 0.0, "load_after": 0.0}
    deadline = warmup + seconds + REQUEST_TIMEOUT + 30

    async def sample_memory(samples: list) -> None:
        while True:
            samples.append(await asyncio.to_thread(memory, pid))  # ~0.1 s of reading /proc: not on the loop
            await asyncio.sleep(5)

    try:
        async with asyncio.timeout(deadline):
            print(f"{students} students open the page within 2 s, then work: {warmup:g} s of warm-up (not counted), "
                  f"{seconds:g} s measured ...", flush=True)  # fmt: skip
            until = time.monotonic() + warmup + seconds
            working = asyncio.gather(*(student(n, url, lesson, stats, until, seed, held) for n in range(students)))
            await asyncio.sleep(warmup)
            report["memory_before"] = await asyncio.to_thread(memory, pid)
            report["server_cpu_before"] = cpu_seconds(pid)
            stats.recording = True
            samples: list = []
            sampler = asyncio.create_task(sample_memory(samples))
            started, cpu, wall = time.monotonic(), psutil.Process().cpu_times(), time.time()
            report["load_before"] = os.getloadavg()[0]
            await working
            report["elapsed"] = time.monotonic() - started
            report["window"] = (wall, time.time())
            report["client_cpu"] = sum(psutil.Process().cpu_times()[:2]) - sum(cpu[:2])
            report["load_after"] = os.getloadavg()[0]
            sampler.cancel()
            report["server_cpu_after"] = cpu_seconds(pid)
            report["memory_after"] = await asyncio.to_thread(memory, pid)
            async with httpx.AsyncClient(base_url=url) as client:
                with contextlib.suppress(httpx.HTTPError, ValueError):
                    report["server_state"] = (await client.get("/readyz", timeout=10)).json()
            report["memory_peak"] = max((s for s in samples if s), key=lambda s: s["uss"], default=None)
    except (TimeoutError, Budget) as exc:
        report["aborted"] = str(exc) or "hard deadline reached"
    return report


# ---------------------------------------------------------------------------------------------------
# Reporting


def table(stats: Stats, kinds: list[str]) -> None:
    print(
        f"{'kind':<16}{'count':>7}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}{'kB sent':>9}"
        "  422*"
    )
    for kind in kinds:
        values = stats.latency[kind]
        answered = len(values) - stats.errors.get(kind, 0) - stats.refused.get(kind, 0)
        print(
            f"{kind:<16}{len(values):>7}{stats.errors.get(kind, 0):>8}{percentile(values, 50):>10.1f}"
            f"{percentile(values, 95):>10.1f}{percentile(values, 99):>10.1f}{max(values):>10.1f}"
            f"{stats.wire[kind] / max(answered, 1) / 1024:>9.1f}{stats.refused.get(kind, 0) or '':>6}"
        )


def print_report(report: dict, students: int, seconds: float) -> bool:
    stats: Stats = report["stats"]
    ok = True
    print()
    print(f"machine: {machine()}")
    print(f"students: {students}, measured for {report.get('elapsed', float('nan')):.1f} s; lesson: {report['lesson']}")
    if "aborted" in report:
        print(f"ABORTED: {report['aborted']}")
        ok = False
    opening = [kind for kind in PAGE_KINDS if kind in stats.latency]
    working = sorted(
        (kind for kind in stats.latency if kind not in PAGE_KINDS),
        key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99,
    )
    errors = sum(stats.errors.values())
    total = sum(len(stats.latency[kind]) for kind in working)
    print(f"the class opening the page together ({students} students within 2 s), every file fetched:")
    table(stats, opening)
    print(
        f"the class working (measured phase): {total} requests ({total / max(report.get('elapsed', seconds), 1e-9):.1f}/s)"
    )
    table(stats, working)
    h, healthz_errors = report.get("healthz", []), report.get("healthz_errors", 0)
    print(
        f"{'healthz (100ms)':<16}{len(h):>7}{healthz_errors:>8}{percentile(h, 50):>10.1f}"
        f"{percentile(h, 95):>10.1f}{percentile(h, 99):>10.1f}{max(h, default=float('nan')):>10.1f}"
    )
    if stats.refused:
        print("  * 422: edits the server refused as invalid models (the student's mistake, explained; not errors)")
    print("  lesson_*: opening an example; edit_*: a model with a layer resized; numbers_predict: the open model,")
    print("  new numbers typed into an input or a weight; healthz asked from a separate process; kB sent: an")
    print("  answer's bytes on the wire (gzipped), on average")
    for kind, samples in stats.error_samples.items():
        for sample in samples:
            print(f"  error ({kind}): {sample}")
    print()
    before, after, peak = report.get("memory_before"), report.get("memory_after"), report.get("memory_peak")
    growth = None
    if before and after:
        growth = after["uss"] / before["uss"] - 1

        def line(m: dict) -> str:
            each = " + ".join(f"{u / 2**20:.0f}" for u in m["each_uss"])
            return f"{m['processes']} processes, USS {mib(m['uss'])} ({each}), RSS {mib(m['rss'])}"

        print(f"memory after warm-up: {line(before)}")
        print(f"memory at the end:    {line(after)}")
        if peak:
            print(f"memory peak (5 s samples): USS {mib(peak['uss'])}, RSS {mib(peak['rss'])}")
        print(f"growth: {growth:+.1%} (USS), {after['rss'] / before['rss'] - 1:+.1%} (RSS)")
    else:
        print("memory: not measured (give --pid of the server, or let the script start its own)")
    if report.get("server_state"):
        print(f"server at the end: {report['server_state']}")
    print(
        f"load generator: {report['client_cpu']:.1f} s CPU in the measured phase "
        f"({report['client_cpu'] / max(report.get('elapsed', seconds), 1e-9):.0%} of one core; it shares this machine)"
    )
    print(f"load average (1 min) before / after: {report['load_before']:.2f} / {report['load_after']:.2f}")
    if report.get("server_cpu_before") is not None and report.get("server_cpu_after") is not None:
        # CPU time used depends little on who else shares the cores: a capacity estimate on a busy machine
        (all_before, web_before), (all_after, web_after) = report["server_cpu_before"], report["server_cpu_after"]
        used, web = all_after - all_before, web_after - web_before
        elapsed = max(report.get("elapsed", seconds), 1e-9)
        per_request = used / max(total, 1)
        # with instant answers a student would ask this often: requests per second of thinking
        pace = total / max(stats.thinking, 1e-9)
        print(
            f"server CPU: {used:.1f} s in {elapsed:.1f} s ({used / elapsed:.2f} cores), {per_request * 1000:.1f} ms per "
            f"request; a student who never waits asks {pace * 60:.0f} requests a minute, so one core kept fully busy "
            f"serves about {1 / max(per_request * pace, 1e-9):.0f} students"
        )
        print(
            f"  of which the web process: {web:.1f} s ({web / max(total, 1) * 1000:.1f} ms per request), the workers: "
            f"{used - web:.1f} s ({(used - web) / max(total, 1) * 1000:.1f} ms per request)"
        )
    print()
    checks = [("no failed request", errors == 0 and healthz_errors == 0, f"{errors} + {healthz_errors} on /healthz")]
    for group, kinds in GOAL_GROUPS.items():
        values = [v for kind in kinds for v in stats.latency.get(kind, [])]
        p95 = percentile(values, 95)
        checks.append((f"p95 <= {GOAL_P95_MS:.0f} ms for {group} requests", p95 <= GOAL_P95_MS, f"{p95:.0f} ms"))
    checks.append(
        (
            f"/healthz p99 <= {GOAL_HEALTHZ_P99_MS:.0f} ms",
            percentile(h, 99) <= GOAL_HEALTHZ_P99_MS,
            f"{percentile(h, 99):.1f} ms",
        )
    )
    growth_goal = f"memory growth after warm-up <= {GOAL_MEMORY_GROWTH:.0%}"
    if growth is None:
        print(f"SKIP  {growth_goal} (not measured)")
    else:
        checks.append((growth_goal, growth <= GOAL_MEMORY_GROWTH, f"{growth:+.1%}"))
    for name, passed, detail in checks:
        ok &= passed
        print(f"{'PASS' if passed else 'FAIL'}  {name} ({detail})")
    return ok


def machine() -> str:
    model = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    total = psutil.virtual_memory().total
    python = platform.python_version()
    return f"{os.cpu_count()} CPUs ({model}), {total / 2**30:.1f} GiB RAM, Python {python}, {platform.system()}"


# ---------------------------------------------------------------------------------------------------
# Running


def start_server(workers: int | None, log_path: Path) -> tuple[Server, str, float]:
    server = Server(env={"LAYERLAB_WORKERS": str(workers)} if workers else None, log_path=log_path).wait_ready()
    return server, server.url, time.monotonic() - server.started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id, to measure its memory")
    parser.add_argument("--students", type=int, default=240, help="simulated students (default 240, at most 500)")
    parser.add_argument("--seconds", type=float, default=60, help="measured duration (default 60, at most 900)")
    parser.add_argument("--warmup", type=float, default=15, help="unmeasured warm-up before it (default 15)")
    parser.add_argument("--workers", type=int, help="LAYERLAB_WORKERS for the server this script starts")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--resend-weights",
        action="store_true",
        help="play pages that do not say which weights they hold (no held_weights): every weight sent every time",
    )
    args = parser.parse_args()
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students must be 1..{MAX_STUDENTS}")
    if not 1 <= args.seconds <= MAX_SECONDS or not 0 <= args.warmup <= 120:
        parser.error(f"--seconds must be 1..{MAX_SECONDS} and --warmup 0..120")

    process = None
    pid = args.pid
    if args.url:
        url = loopback_only(args.url)
    else:
        log_path = Path(tempfile.gettempdir()) / f"layer-lab-load-{os.getpid()}.log"
        process, url, ready = start_server(args.workers, log_path)
        pid = process.pid
        print(f"started {url} (pid {pid}, log {log_path}); /readyz 200 after {ready:.1f} s")
    try:
        report = run(url, args.students, args.seconds, args.warmup, args.seed, pid, held=not args.resend_weights)
    finally:
        if process is not None:
            process.stop()
    return 0 if print_report(report, args.students, args.seconds) else 1


if __name__ == "__main__":
    sys.exit(main())
