"""The API's latency against raw Keras doing the same work, in one run on the same machine.

    python bench/api_speed.py [--models 30] [--big 3]

Starts a server (2 workers; parameter, work and layer limits raised for the big models) on a free loopback
port, then times each request against the quickest thing a Keras user would do for the same answer:

  predict, new model          POST /api/models/predict, a model never seen   vs  build + eager model(x)
  predict, new numbers        the same model, new inputs each time            vs  build + model(x); floor: a prebuilt model(x)
  predict, new weights        the same model, new Dense weights each time     vs  build + set_weights + model(x)
  summary, new model          POST /api/models/summary, a model never seen   vs  build + summary()
  summary, again              the identical request again                     vs  build + summary()
  summary, VGG16/DenseNet121  keras.applications' to_json, imported, summary  vs  keras.applications.X(weights=None) + summary()

Raw Keras runs in this process, one step at a time, while the server is idle: neither competes with the other.
Each row is the median of its runs, the API and Keras interleaved so both see the same machine. Requests go over
one kept-alive connection with Python's own http.client, bodies encoded beforehand, as lean as a browser (httpx
spends ~0.5-1 ms of its own per request, which is not the server's). The HTTP floor is the round trip of
GET /healthz on the same connection. On a machine others load, waiting for a core swamps the wall-clock times
(the API hops between two processes, each waiting its turn), so the last column gives what each side cost in CPU
time: the server's processes (the web process + the Keras workers) against this one's.

Prints a table ready for the README: the machine, its load average (uptime) before and after, then the rows.
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

BIG_LIMITS = {
    "LAYERLAB_MAX_SUMMARY_PARAMS": "200000000",
    "LAYERLAB_MAX_PARAMS": "200000000",
    "LAYERLAB_MAX_WORK": "100000000000",
    "LAYERLAB_MAX_LAYERS": "1000",
    "LAYERLAB_TIMEOUT_SECONDS": "300",
}


def dense(units: int) -> dict:
    return {
        "layers": [
            {"type": "Input", "args": {"shape": [64]}},
            {"type": "Dense", "args": {"units": units, "activation": "relu"}},
            {"type": "Dense", "args": {"units": 10, "activation": "softmax"}},
        ]
    }


def conv(filters: int) -> dict:
    """28 × 28 × 1 → Conv2D → MaxPool → Flatten → Dense(10): with 32 filters, the Dense kernel is 5408 × 10."""
    return {
        "layers": [
            {"type": "Input", "args": {"shape": [28, 28, 1]}},
            {"type": "Conv2D", "args": {"filters": filters, "kernel_size": 3, "activation": "relu"}},
            {"type": "MaxPooling2D", "args": {"pool_size": 2}},
            {"type": "Flatten"},
            {"type": "Dense", "args": {"units": 10}},
        ]
    }


def numbers(shape: tuple[int, ...], k: int) -> np.ndarray:
    """Different numbers for every k, with as many digits as a learner types (4 decimals)."""
    return np.round(np.random.default_rng(k).uniform(-1, 1, size=shape), 4)


def keras_model(spec: dict):
    import keras

    layers = spec["layers"]
    x = inp = keras.Input(shape=tuple(layers[0]["args"]["shape"]))
    for entry in layers[1:]:
        x = getattr(keras.layers, entry["type"])(**entry.get("args", {}))(x)
    return keras.Model(inp, x)


Sample = tuple[float, float, float]
"""Wall-clock seconds; CPU seconds of every process that did the work; of those, the web process's."""

SERVER: list[psutil.Process] = []
"""The server (first) and its workers: their CPU time is what a request cost, whatever else the machine runs."""


def server_cpu() -> tuple[float, float]:
    """CPU seconds so far: all the server's processes, and the web process alone."""
    each = [sum(p.cpu_times()[:2]) for p in SERVER]
    return sum(each), each[0]


def timed(work: Callable[[], object]) -> Sample:
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - start, time.process_time() - cpu, 0.0


class Client:
    """One kept-alive HTTP/1.1 connection to the server (http.client: no client work worth counting)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method: str, path: str, body: bytes | None = None) -> bytes:
        headers = {"content-type": "application/json"} if body is not None else {}
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        answer = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {answer[:300]!r}")
        return answer

    def post(self, path: str, body: dict) -> dict:
        return json.loads(self.request("POST", path, json.dumps(body).encode()))

    def close(self) -> None:
        self.connection.close()


def api(client: Client, path: str, body: dict) -> Sample:
    """One request's time, the body encoded beforehand (a browser's JSON.stringify is not the server's work)."""
    content = json.dumps(body).encode()
    (cpu, web), start = server_cpu(), time.perf_counter()
    client.request("POST", path, content)
    wall = time.perf_counter() - start
    cpu_after, web_after = server_cpu()
    return wall, cpu_after - cpu, web_after - web


def round_trip(client: Client) -> Sample:
    """The HTTP floor: GET /healthz on the same connection (the least any answer costs)."""
    start = time.perf_counter()
    client.request("GET", "/healthz")
    return time.perf_counter() - start, 0.0, 0.0


class Row:
    def __init__(self, name: str, keras_name: str, goal: float):
        self.name, self.keras_name, self.goal = name, keras_name, goal
        self.api: list[Sample] = []
        self.keras: list[Sample] = []
        self.floor: list[Sample] = []

    def ms(self, samples: list[Sample]) -> float:
        """The median wall-clock time."""
        return statistics.median(sample[0] for sample in samples) * 1000

    def cpu_ms(self, samples: list[Sample], part: int = 1) -> float:
        """The mean CPU time (the kernel counts it in 10 ms ticks: a mean of many is right, a median is not);
        ``part`` 2: the web process's alone."""
        return statistics.mean(sample[part] for sample in samples) * 1000

    @property
    def ratio(self) -> float:
        return self.ms(self.api) / self.ms(self.keras)


def run(client: Client, models: int, big: int, rows: dict[str, Row]) -> None:
    import keras

    # warm both sides on models that are not measured
    for k in range(3):
        for spec, shape in ((dense(900 + k), (1, 64)), (conv(90 + k), (1, 28, 28, 1))):
            api(client, "/api/models/predict", {"model": spec, "inputs": numbers(shape, k).tolist()})
            api(client, "/api/models/summary", {**spec, "name": f"warm{k}"})
            np.asarray(keras_model(spec)(numbers(shape, k).astype("float32")))
            keras_model(spec).summary(print_fn=lambda *a, **k: None)

    for i in range(models):
        for name, spec, shape in (
            ("predict, new model (Dense 64→200→10)", dense(200 + i), (1, 64)),
            ("predict, new model (Conv2D→MaxPool→Flatten→Dense)", conv(32 + i), (1, 28, 28, 1)),
        ):
            x = numbers(shape, i)
            x32 = x.astype("float32")
            rows[name].api.append(api(client, "/api/models/predict", {"model": spec, "inputs": x.tolist()}))
            other = dense(400 + i) if "Dense 64" in name else conv(100 + i)
            rows[name].keras.append(timed(lambda: np.asarray(keras_model(other)(x32))))

    same_dense = dense(200)
    prebuilt = keras_model(same_dense)
    api(client, "/api/models/predict", {"model": same_dense, "inputs": numbers((1, 64), 999).tolist()})
    row = rows["predict, same model, new numbers (Dense)"]
    for i in range(models):
        x = numbers((1, 64), 1000 + i)
        x32 = x.astype("float32")
        row.api.append(api(client, "/api/models/predict", {"model": same_dense, "inputs": x.tolist()}))
        row.keras.append(timed(lambda: np.asarray(keras_model(same_dense)(x32))))
        row.floor.append(timed(lambda: np.asarray(prebuilt(x32))))

    same_conv = conv(32)
    prebuilt = keras_model(same_conv)
    x = numbers((1, 28, 28, 1), 7)
    x32 = x.astype("float32")
    api(client, "/api/models/predict", {"model": same_conv, "inputs": x.tolist()})
    row = rows["predict, same model, new weights (Conv, Dense 54,080 numbers)"]
    for i in range(models):
        kernel, bias = numbers((5408, 10), 2000 + i), numbers((10,), 3000 + i)
        kernel32, bias32 = kernel.astype("float32"), bias.astype("float32")
        body = {"model": same_conv, "inputs": x.tolist(), "weights": {"dense": [kernel.tolist(), bias.tolist()]}}
        row.api.append(api(client, "/api/models/predict", body))

        def keras_new_weights():
            model = keras_model(same_conv)
            model.layers[-1].set_weights([kernel32, bias32])
            return np.asarray(model(x32))

        def prebuilt_new_weights():
            prebuilt.layers[-1].set_weights([kernel32, bias32])
            return np.asarray(prebuilt(x32))

        row.keras.append(timed(keras_new_weights))
        row.floor.append(timed(prebuilt_new_weights))

    for i in range(models):
        spec = {**(dense(200 + i) if i % 2 else conv(32 + i)), "name": f"summary_{i}"}  # a name: a new model
        first = api(client, "/api/models/summary", spec)
        again = api(client, "/api/models/summary", spec)
        raw = timed(lambda: keras_model(spec).summary(print_fn=lambda *a, **k: None))
        rows["summary, new model"].api.append(first)
        rows["summary, new model"].keras.append(raw)
        rows["summary, identical request again"].api.append(again)
        rows["summary, identical request again"].keras.append(raw)
        rows["summary, identical request again"].floor.append(round_trip(client))

    for name in ("VGG16", "DenseNet121"):
        application = getattr(keras.applications, name)
        spec = client.post("/api/models/import", json.loads(application(weights=None).to_json()))
        row = rows[f"summary, {name} (limits raised)"]
        for i in range(2):  # once in each worker, as this process built it once for to_json
            api(client, "/api/models/summary", {**spec, "name": f"{name.lower()}_warm_{i}"})
        for i in range(big):
            row.api.append(api(client, "/api/models/summary", {**spec, "name": f"{name.lower()}_{i}"}))
            row.keras.append(timed(lambda: application(weights=None).summary(print_fn=lambda *a, **k: None)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=30, help="runs per row of the small models")
    parser.add_argument("--big", type=int, default=3, help="runs per row of VGG16 and DenseNet121")
    options = parser.parse_args()

    import keras  # noqa: F401  (imported before timing)
    from live_server import Server

    rows = {
        row.name: row
        for row in (
            Row("predict, new model (Dense 64→200→10)", "build + model(x)", 1.1),
            Row("predict, new model (Conv2D→MaxPool→Flatten→Dense)", "build + model(x)", 1.1),
            Row("predict, same model, new numbers (Dense)", "build + model(x)", 0.35),
            Row("predict, same model, new weights (Conv, Dense 54,080 numbers)", "build + set + model(x)", 0.5),
            Row("summary, new model", "build + summary()", 1.1),
            Row("summary, identical request again", "build + summary()", 0.05),
            Row("summary, VGG16 (limits raised)", "build + summary()", 1.2),
            Row("summary, DenseNet121 (limits raised)", "build + summary()", 1.2),
        )
    }
    load_before = os.getloadavg()
    server = Server(env=BIG_LIMITS).wait_ready()
    main_process = psutil.Process(server.pid)
    SERVER.extend([main_process, *main_process.children(recursive=True)])
    client = Client(server.port)
    try:
        run(client, options.models, options.big, rows)
    finally:
        client.close()
        server.stop()
    load_after = os.getloadavg()

    print(
        f"medians of {options.models} runs ({options.big} for the big models); {os.cpu_count()} cores; "
        f"load average (1, 5, 15 min) before {', '.join(f'{x:.1f}' for x in load_before)}, "
        f"after {', '.join(f'{x:.1f}' for x in load_after)}"
    )
    print("| request | API ms | Keras | Keras ms | ratio | goal | floor ms | CPU ms: API (web process) / Keras |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows.values():
        verdict = "ok" if row.ratio <= row.goal else "**missed**"
        floor = f"{row.ms(row.floor):.1f} ({row.ms(row.floor) / row.ms(row.keras):.2f}×)" if row.floor else ""
        api_cpu, web_cpu, keras_cpu = row.cpu_ms(row.api), row.cpu_ms(row.api, 2), row.cpu_ms(row.keras)
        print(
            f"| {row.name} | {row.ms(row.api):.1f} | {row.keras_name} | {row.ms(row.keras):.1f} "
            f"| {row.ratio:.2f}× | ≤ {row.goal}× {verdict} | {floor} "
            f"| {api_cpu:.1f} ({web_cpu:.1f}) / {keras_cpu:.1f} ({api_cpu / keras_cpu:.2f}×) |"
        )
    print(
        "floor: the prebuilt model's call (set_weights too) for the predict rows, GET /healthz's round trip for the "
        "identical request"
    )


if __name__ == "__main__":
    main()
