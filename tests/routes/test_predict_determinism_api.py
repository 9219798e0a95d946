"""The same request gives the same bytes from a fresh worker, a warm one (the model kept, its call compiled) and
after a restart; a kept model given other weights gives its initial numbers again when a request gives none."""

import httpx
from live_server import Server

MODEL = {
    "layers": [
        {"type": "Input", "args": {"shape": [5, 2]}},
        {"type": "LSTM", "args": {"units": 3, "return_sequences": True}},
        {"type": "Dense", "args": {"units": 2}},
    ]
}
INPUTS = [[0.5, -1.0], [0.25, 2.0], [1.5, 0.0], [-0.75, 1.0], [0.1, 0.2]]
REQUEST = {"model": MODEL, "inputs": INPUTS, "seed": 5, "trace": True}
SEED_0 = {**REQUEST, "seed": 0}
OTHER_WEIGHTS = {"dense": [[[1.0, 0.5], [0.0, -1.0], [2.0, 0.25]], [0.5, -0.5]]}
SETTINGS = {"LAYERLAB_WORKERS": "1", "LAYERLAB_CACHE_ENTRIES": "0", "LAYERLAB_WARM_EXAMPLES": "false"}
"""One worker, and no answer cache: every request below is computed by that worker."""


def predict(client: httpx.Client, request: dict) -> bytes:
    response = client.post("/api/models/predict", json=request)
    assert response.status_code == 200, response.text
    return response.content


def test_the_same_request_gives_the_same_numbers_fresh_warm_changed_and_after_a_restart():
    server = Server(env=SETTINGS).wait_ready()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            fresh = predict(client, REQUEST)
            fresh_seed_0 = predict(client, SEED_0)
            warm = [predict(client, REQUEST) for _ in range(4)]  # kept; compiled from the third call (an LSTM is slow)
            changed = predict(client, {**REQUEST, "weights": OTHER_WEIGHTS})
            restored = predict(client, REQUEST)
    finally:
        server.stop()
    assert warm == [fresh] * 4
    assert changed != fresh and b"[0.5,-0.5]" in changed
    assert restored == fresh

    server = Server(env=SETTINGS).wait_ready()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            client.post("/api/models/summary", json=MODEL).raise_for_status()  # builds (seed 0) and keeps it
            after_summary = predict(client, SEED_0)
            after_restart = predict(client, REQUEST)
    finally:
        server.stop()
    assert after_restart == fresh
    assert after_summary == fresh_seed_0 != fresh
