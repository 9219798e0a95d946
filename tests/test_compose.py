"""More than one machine's worth: compose.yaml run as the README says, three replicas behind nginx.

Builds both images through compose.yaml (the app's image is the one test_docker.py builds, so the slow
dependency layer is cached), starts the stack on a loopback port, and plays a class against nginx with
bench/load.py while one replica is killed (`docker kill`) mid-run: no request may fail, because nginx
sends a request that met a dead replica to another one. The stack is always taken down.

Uses `docker compose` when the plugin is installed, else docker-compose 1.x with --compatibility (so that
`deploy:` sets the replica count and memory limit there too). Each replica runs one Keras worker here,
to leave the two shared cores some room.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import threading
import time
import uuid

import httpx
import pytest
from docker_engine import IMAGE, ROOT, docker, require_engine
from live_server import free_port

NGINX_IMAGE = "layer-lab-nginx:test"
REPLICAS = 3
STUDENTS = 30
SECONDS = 45
KILL_AFTER = 15  # seconds into the measured phase
LESSON_MLP = {
    "layers": [
        {"type": "Input", "args": {"shape": 64}},
        {"type": "Dense", "args": {"units": 200, "activation": "relu"}},
        {"type": "Dense", "args": {"units": 10, "activation": "softmax"}},
    ]
}
LOG_LINE = re.compile(r"^(?P<at>\d+\.\d+) (?P<status>\d{3}) (?P<method>\S+) (?P<uri>\S+) upstream=(?P<upstream>.*?) "
                      r"upstream_status=(?P<upstream_status>.*?) seconds=")  # fmt: skip

pytestmark = [pytest.mark.docker, pytest.mark.slow, pytest.mark.timeout(1800)]


def load_module():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compose_command() -> list[str] | None:
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose", "--compatibility"]
    return None


class Stack:
    def __init__(self, command: list[str]) -> None:
        self.project = f"layerlabtest{uuid.uuid4().hex[:8]}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [*command, "-f", str(ROOT / "compose.yaml"), "-p", self.project]
        self.env = {
            **os.environ,
            "LAYERLAB_IMAGE": IMAGE,
            "LAYERLAB_NGINX_IMAGE": NGINX_IMAGE,
            "LAYERLAB_WORKERS": "1",
            "LAYERLAB_PORT": f"127.0.0.1:{self.port}",
        }

    def compose(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [*self.command, *args], capture_output=True, text=True, timeout=timeout, env=self.env, cwd=ROOT
        )
        if result.returncode != 0:
            pytest.fail(f"compose {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
        return result

    def containers(self, service: str) -> list[str]:
        found = docker("ps", "-a", "-q", "--filter", f"label=com.docker.compose.project={self.project}",
                       "--filter", f"label=com.docker.compose.service={service}").stdout.split()  # fmt: skip
        return [json.loads(docker("inspect", cid).stdout)[0] for cid in found]

    def nginx_log(self) -> list[dict]:
        (nginx,) = self.containers("nginx")
        lines = docker("logs", nginx["Id"]).stdout.splitlines()
        return [m.groupdict() for m in map(LOG_LINE.match, lines) if m]


def address(container: dict) -> str:
    (network,) = container["NetworkSettings"]["Networks"].values()
    return f"{network['IPAddress']}:8000"


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest) -> Stack:
    require_engine()
    command = compose_command()
    if command is None:
        pytest.skip("Docker test skipped: neither `docker compose` nor docker-compose is installed")
    started = time.monotonic()
    running = Stack(command)
    running.compose("build", timeout=1500)  # both images, from compose.yaml's build sections
    print(f"compose build: {time.monotonic() - started:.1f} s")
    request.addfinalizer(lambda: running.compose("down", "--volumes", "--remove-orphans", "--timeout", "5"))
    started = time.monotonic()
    running.compose("up", "-d", "--no-build", timeout=600)  # returns once the replicas are healthy
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(running.url + "/readyz", timeout=3).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"nginx did not answer /readyz within 120 s:\n{running.compose('logs', '--tail', '40').stdout}")
        time.sleep(0.5)
    print(f"compose up: {REPLICAS} replicas healthy and nginx answering after {time.monotonic() - started:.1f} s")
    return running


def test_three_replicas_from_compose_each_serve(stack: Stack) -> None:
    replicas = stack.containers("app")
    assert len(replicas) == REPLICAS
    for replica in replicas:
        assert replica["State"]["Running"], replica["Name"]
        assert replica["HostConfig"]["ReadonlyRootfs"], replica["Name"]
        assert replica["HostConfig"]["Memory"] == 2 * 2**30, replica["Name"]  # deploy.resources.limits
    answer = httpx.post(stack.url + "/api/models/summary", json=LESSON_MLP, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["total_params"] == 15010
    for _ in range(3 * REPLICAS):
        assert httpx.get(stack.url + "/healthz", timeout=10).status_code == 200
    served = {line["upstream"] for line in stack.nginx_log() if line["uri"] == "/healthz"}
    assert served == {address(replica) for replica in replicas}


def test_a_replica_killed_mid_class_fails_no_request(stack: Stack) -> None:
    load = load_module()
    victim = stack.containers("app")[0]
    reports: list[dict] = []
    player = threading.Thread(target=lambda: reports.append(load.run(stack.url, STUDENTS, SECONDS, warmup=0)))
    player.start()
    time.sleep(KILL_AFTER)
    killed_at = time.time()
    docker("kill", victim["Id"])
    dead_by = time.time()
    player.join(timeout=SECONDS + 180)
    assert not player.is_alive(), "the load run did not end"
    (report,) = reports
    load.print_report(report, STUDENTS, SECONDS)

    stats = report["stats"]
    assert "aborted" not in report, report["aborted"]
    assert sum(len(v) for v in stats.latency.values()) > STUDENTS * 10
    assert dict(stats.errors) == {}, dict(stats.error_samples)
    assert report["healthz"] and report["healthz_errors"] == 0

    log = stack.nginx_log()
    dead = address(victim)
    before = [line for line in log if float(line["at"]) < killed_at]
    after = [line for line in log if float(line["at"]) >= killed_at]
    assert any(line["upstream"] == dead for line in before), "the killed replica served nothing before"
    retried = [line for line in after if dead + "," in line["upstream"]]
    assert retried, "no request met the killed replica: the kill tested nothing"
    assert all(line["status"] in ("200", "304") for line in retried), retried[:5]
    answered_by_dead = [line for line in after if line["upstream"].endswith(dead) and float(line["at"]) > dead_by]
    assert not answered_by_dead, answered_by_dead[:5]
    (state,) = [replica["State"] for replica in stack.containers("app") if replica["Id"] == victim["Id"]]
    assert not state["Running"]
    print(f"killed {victim['Name']} ({dead}) at +{KILL_AFTER} s; {len(retried)} requests met it and were retried")
