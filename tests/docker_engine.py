"""The Docker engine, for the tests that build and run the images (test_docker.py, test_compose.py)."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IMAGE = "layer-lab:test"  # one tag for every Docker test: the image is built once and reused


def docker(*args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, check=check)


def engine_problem() -> str | None:
    """Why no Docker engine can be used here, or None when one answers."""
    if shutil.which("docker") is None:
        return "no docker CLI on PATH"
    try:
        info = docker("info", "--format", "{{.ServerVersion}}", timeout=30, check=False)
    except subprocess.TimeoutExpired:
        return "`docker info` did not answer within 30 s"
    if info.returncode != 0 or not info.stdout.strip():
        return "no Docker engine answers `docker info`: " + (info.stderr.strip().splitlines() or ["?"])[-1]
    return None


def require_engine() -> None:
    problem = engine_problem()
    if problem:
        pytest.skip(f"Docker test skipped: {problem} (run /work/shared/tools/docker-env.sh or start dockerd)")


def build(tag: str, context: Path = ROOT) -> str:
    """``docker build -t tag context``; the test fails with the build's output when it does."""
    started = time.monotonic()
    result = subprocess.run(["docker", "build", "-t", tag, str(context)], capture_output=True, text=True, timeout=1500)
    if result.returncode != 0:
        pytest.fail(f"docker build failed ({result.returncode}):\n{(result.stdout + result.stderr)[-4000:]}")
    print(f"docker build -t {tag}: {time.monotonic() - started:.1f} s")
    return tag
