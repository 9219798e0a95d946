"""The classroom image: built from the Dockerfile, run the way the README tells a teacher to run it.

Runs ``--read-only --tmpfs /tmp`` with a memory cap, as a non-root user, on the port LAYERLAB_PORT names;
waits for /readyz, builds a lesson model, loads the page, runs the image's own HEALTHCHECK command.
Skipped (with the reason) only when no Docker engine answers. The container is always removed.

The first build downloads TensorFlow (~1 min here); later builds reuse the cached dependency layer.
"""

import json
import time
import uuid

import httpx
import pytest
from docker_engine import IMAGE, build, docker, require_engine

PORT = 8080  # not the default 8000: proves the container listens where LAYERLAB_PORT says
MEMORY = "2g"  # two workers use ~0.5 GB idle and stay under ~0.9 GB under a class's load (README)
LESSON_MLP = {
    "layers": [
        {"type": "Input", "args": {"shape": 64}},
        {"type": "Dense", "args": {"units": 200, "activation": "relu"}},
        {"type": "Dense", "args": {"units": 10, "activation": "softmax"}},
    ]
}

pytestmark = [pytest.mark.docker, pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def image() -> str:
    require_engine()
    return build(IMAGE)


@pytest.fixture(scope="module")
def container(image: str, request: pytest.FixtureRequest) -> dict:
    name = f"layer-lab-test-{uuid.uuid4().hex[:8]}"
    # registered before `docker run`, so the container goes whatever happens next
    request.addfinalizer(lambda: docker("rm", "-f", name, timeout=60, check=False))
    docker(
        "run", "-d", "--name", name,
        "--read-only", "--tmpfs", "/tmp",
        "--memory", MEMORY,
        "-e", f"LAYERLAB_PORT={PORT}", "-e", "LAYERLAB_WORKERS=2",
        "-p", f"127.0.0.1::{PORT}",
        image,
    )  # fmt: skip
    host_port = docker("port", name, f"{PORT}/tcp").stdout.strip().splitlines()[0].rsplit(":", 1)[1]
    url = f"http://127.0.0.1:{host_port}"
    deadline = time.monotonic() + 240
    started = time.monotonic()
    while True:
        state = json.loads(docker("inspect", "--format", "{{json .State}}", name).stdout)
        if not state["Running"]:
            logs = docker("logs", name, check=False)
            pytest.fail(f"container exited ({state['ExitCode']}, OOMKilled={state['OOMKilled']}):\n"
                        f"{(logs.stdout + logs.stderr)[-4000:]}")  # fmt: skip
        try:
            if httpx.get(url + "/readyz", timeout=3).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            logs = docker("logs", name, check=False)
            pytest.fail(f"/readyz not 200 after 240 s:\n{(logs.stdout + logs.stderr)[-4000:]}")
        time.sleep(0.5)
    print(f"container ready in {time.monotonic() - started:.1f} s")
    return {"name": name, "url": url}


def test_serves_a_lesson_model(container: dict) -> None:
    answer = httpx.post(container["url"] + "/api/models/summary", json=LESSON_MLP, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["total_params"] == 15010


def test_serves_the_page(container: dict) -> None:
    page = httpx.get(container["url"] + "/", timeout=30)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")


def test_runs_as_a_user_other_than_root(container: dict) -> None:
    uid = docker("exec", container["name"], "id", "-u").stdout.strip()
    assert uid.isdigit() and int(uid) != 0, uid


def test_healthcheck_command_passes(container: dict) -> None:
    """The image's own HEALTHCHECK, run now (Docker would first run it only after its interval)."""
    check = json.loads(docker("inspect", "--format", "{{json .Config.Healthcheck}}", container["name"]).stdout)
    assert check and check["Test"][0] == "CMD", check
    result = docker("exec", container["name"], *check["Test"][1:], check=False)
    assert result.returncode == 0, result.stderr


def test_writes_nothing_outside_tmp(container: dict) -> None:
    """--read-only already forbids it; this also catches a Dockerfile that starts needing a writable path."""
    probe = docker("exec", container["name"], "python", "-c",
                   "import pathlib; pathlib.Path('/srv/layer-lab/probe').write_text('x')", check=False)  # fmt: skip
    assert probe.returncode != 0 and "Read-only file system" in probe.stderr, probe.stderr
    assert docker("logs", container["name"]).stderr.count("Traceback") == 0
