"""The API's latency against raw Keras doing the same work, in one run on the same machine.

    python bench/api_speed.py [--models 30]

Starts a server (2 workers) on a free loopback port, then for each of N models it has never seen:
  summary (new)     POST /api/models/summary   vs  Keras: build + summary()          goal ≤ 1.2×
  summary (again)   the same request again      vs  the same Keras work               goal ≤ 0.1×
  predict (new)     POST /api/models/predict   vs  Keras: build + predict_on_batch()  goal ≤ 1.3×
Raw Keras runs in this process, one step at a time, while the server is idle: neither competes with the other.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def lesson_like_model(i: int) -> dict:
    """A different model each time (units vary), shaped like the lesson's: dense, conv, or recurrent."""
    kind = i % 3
    if kind == 0:
        layers = [
            {"type": "Input", "args": {"shape": [64]}},
            {"type": "Dense", "args": {"units": 100 + i, "activation": "relu"}},
            {"type": "Dense", "args": {"units": 10, "activation": "softmax"}},
        ]
        data = np.linspace(0, 1, 64).tolist()
    elif kind == 1:
        layers = [
            {"type": "Input", "args": {"shape": [16, 16, 3]}},
            {"type": "Conv2D", "args": {"filters": 8 + i, "kernel_size": 3, "padding": "same"}},
            {"type": "MaxPooling2D", "args": {"pool_size": 2}},
            {"type": "Flatten"},
            {"type": "Dense", "args": {"units": 10}},
        ]
        data = np.linspace(0, 1, 16 * 16 * 3).reshape(16, 16, 3).tolist()
    else:
        layers = [
            {"type": "Input", "args": {"shape": [10]}},
            {"type": "Embedding", "args": {"input_dim": 1000, "output_dim": 20}},
            {"type": "LSTM", "args": {"units": 16 + i}},
        ]
        data = list(range(10))
    return {"model": {"layers": layers}, "inputs": data}


def keras_model(spec: dict):
    import keras

    layers = spec["layers"]
    first = layers[0]["args"]["shape"]
    x = inp = keras.Input(shape=tuple(first))
    for entry in layers[1:]:
        x = getattr(keras.layers, entry["type"])(**entry.get("args", {}))(x)
    return keras.Model(inp, x)


def time_keras_summary(spec: dict) -> float:
    start = time.perf_counter()
    model = keras_model(spec)
    model.summary(print_fn=lambda *a, **k: None)
    return time.perf_counter() - start


def time_keras_predict(spec: dict, data) -> float:
    start = time.perf_counter()
    model = keras_model(spec)
    model.predict_on_batch(np.asarray(data, dtype="float32")[np.newaxis])
    return time.perf_counter() - start


def timed_post(client: httpx.Client, path: str, body: dict) -> float:
    start = time.perf_counter()
    response = client.post(path, json=body)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=30, help="distinct models per measurement")
    options = parser.parse_args()

    import keras  # noqa: F401  (imported before timing)
    from live_server import Server

    server = Server().wait_ready()
    rows = {"summary (new)": ([], []), "summary (again)": ([], []), "predict (new)": ([], [])}
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for i in range(3):  # warm both sides on models not measured
                case = lesson_like_model(1000 + i)
                time_keras_summary(case["model"])
                time_keras_predict(case["model"], case["inputs"])
                timed_post(client, "/api/models/summary", case["model"])
            for i in range(options.models):
                case = lesson_like_model(i)
                api_new = timed_post(client, "/api/models/summary", case["model"])
                api_again = timed_post(client, "/api/models/summary", case["model"])
                raw = time_keras_summary(case["model"])
                rows["summary (new)"][0].append(api_new)
                rows["summary (new)"][1].append(raw)
                rows["summary (again)"][0].append(api_again)
                rows["summary (again)"][1].append(raw)
                predict_case = lesson_like_model(500 + i)
                api_predict = timed_post(
                    client, "/api/models/predict", {"model": predict_case["model"], "inputs": predict_case["inputs"]}
                )
                raw_predict = time_keras_predict(predict_case["model"], predict_case["inputs"])
                rows["predict (new)"][0].append(api_predict)
                rows["predict (new)"][1].append(raw_predict)
    finally:
        server.stop()

    goals = {"summary (new)": 1.2, "summary (again)": 0.1, "predict (new)": 1.3}
    print(f"{options.models} models per row, medians; machine: {os.cpu_count()} cores")
    print(f"{'request':<18}{'API ms':>9}{'Keras ms':>10}{'ratio':>8}{'goal':>7}  result")
    for name, (api, raw) in rows.items():
        api_ms, raw_ms = statistics.median(api) * 1000, statistics.median(raw) * 1000
        ratio = api_ms / raw_ms
        verdict = "ok" if ratio <= goals[name] else "MISSED"
        print(f"{name:<18}{api_ms:>9.1f}{raw_ms:>10.1f}{ratio:>8.2f}{'≤' + str(goals[name]):>7}  {verdict}")


if __name__ == "__main__":
    main()
