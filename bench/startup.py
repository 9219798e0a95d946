"""How long Layer Lab takes to be ready, against the floor: a bare ``import tensorflow`` on the same machine.

    python bench/startup.py                       # the server as `python -m app`
    python bench/startup.py --image layer-lab     # also the container (docker run ... until /readyz)

For each of ``--runs`` rounds (alternating, so both see the same machine): the wall time of
``python -c "import tensorflow"``, and the time from starting the server process to ``/readyz`` 200
(with the time the HTTP side first answered /healthz, and the server's own ``ready_after_seconds``).
Prints the medians and their ratio; the goal is <= 1.5x. Exit status 1 when it is missed.
Only loopback; every process it starts is stopped.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from live_server import Server

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5
POLL = 0.05
TIMEOUT = 300


def bare_import(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT)
    return time.monotonic() - started


def wait_ready(url: str, started: float, alive) -> dict:
    """Poll until /readyz is 200: seconds to the first answer of /healthz and to ready."""
    first_answer = None
    with httpx.Client(timeout=2) as client:
        while time.monotonic() - started < TIMEOUT:
            if not alive():
                raise SystemExit("the server stopped before it was ready")
            with contextlib.suppress(httpx.HTTPError):
                if first_answer is None and client.get(url + "/healthz").status_code == 200:
                    first_answer = time.monotonic() - started
                answer = client.get(url + "/readyz")
                if answer.status_code == 200:
                    return {
                        "ready": time.monotonic() - started,
                        "http": first_answer,
                        "own": answer.json().get("ready_after_seconds"),
                    }
            time.sleep(POLL)
    raise SystemExit(f"not ready after {TIMEOUT} s")


def server_start(workers: int | None) -> dict:
    server = Server(env={"LAYERLAB_WORKERS": str(workers)} if workers else None)
    try:
        return wait_ready(server.url, server.started, server.alive)
    finally:
        server.stop()


def container_start(image: str, workers: int | None) -> dict:
    name = f"layer-lab-startup-{uuid.uuid4().hex[:8]}"
    extra = ["-e", f"LAYERLAB_WORKERS={workers}"] if workers else []
    command = ["docker", "run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp", *extra]
    started = time.monotonic()
    try:
        subprocess.run([*command, "-p", "127.0.0.1::8000", image], check=True, capture_output=True, timeout=60)
        port = subprocess.run(["docker", "port", name, "8000/tcp"], check=True, capture_output=True, text=True)
        url = "http://" + port.stdout.split()[0].replace("0.0.0.0", "127.0.0.1")

        def alive() -> bool:
            state = subprocess.run(["docker", "inspect", "-f", "{{json .State.Running}}", name], capture_output=True)
            return json.loads(state.stdout or b"false")

        return wait_ready(url, started, alive)
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60)


def show(label: str, values: list[float]) -> str:
    runs = ", ".join(f"{v:.2f}" for v in values)
    return f"{label:<58}median {statistics.median(values):6.2f} s   ({runs})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds (default 3, at most 10)")
    parser.add_argument("--workers", type=int, help="LAYERLAB_WORKERS (default: the server's, one per core)")
    parser.add_argument("--image", help="also time this Docker image: docker run --read-only ... until /readyz")
    args = parser.parse_args()
    runs = max(1, min(args.runs, 10))

    results: dict[str, list] = {"import": [], "server": []}
    if args.image:
        results |= {"docker import": [], "container": []}
    docker_import = ["docker", "run", "--rm", "--read-only", "--tmpfs", "/tmp", "--entrypoint", "python"]
    for _ in range(runs):
        results["import"].append(bare_import([sys.executable, "-c", "import tensorflow"]))
        results["server"].append(server_start(args.workers))
        if args.image:
            results["docker import"].append(bare_import([*docker_import, args.image, "-c", "import tensorflow"]))
            results["container"].append(container_start(args.image, args.workers))

    ok = True
    print(f"CPUs: {os.cpu_count()}, workers: {args.workers or 'default (one per core)'}, runs: {runs}")
    pairs = [("import", "server", "server (python -m app)")]
    if args.image:
        pairs.append(("docker import", "container", f"container ({args.image}, docker run to /readyz)"))
    for floor_key, start_key, label in pairs:
        floor = [r for r in results[floor_key]]
        starts = results[start_key]
        ready = [s["ready"] for s in starts]
        print(show(f"bare import tensorflow ({'docker run --rm' if 'docker' in floor_key else 'python -c'})", floor))
        print(show(f"{label}: /readyz 200", ready))
        print(show("  of which until /healthz first answered", [s["http"] or float("nan") for s in starts]))
        print(show("  the server's own ready_after_seconds", [s["own"] or float("nan") for s in starts]))
        ratio = statistics.median(ready) / statistics.median(floor)
        passed = ratio <= GOAL
        ok &= passed
        print(f"{'PASS' if passed else 'FAIL'}  ready / import = {ratio:.2f}x (goal <= {GOAL}x)")
        print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
