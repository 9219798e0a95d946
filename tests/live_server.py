"""A real Layer Lab server in a subprocess on a free loopback port: for the tests and the bench scripts.

Started the way the README starts it (``python -m app``), configured only by environment variables.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback_only(url: str) -> str:
    """Load and soak scripts may only ever target this machine."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"--url must be http://127.0.0.1:PORT (loopback only), not {url!r}")
    return url.rstrip("/")


class Server:
    def __init__(self, env: dict[str, str] | None = None, log_path: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("w") if log_path else None
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app"],
            cwd=ROOT,
            env={
                **os.environ,
                "LAYERLAB_WORKERS": "2",
                **(env or {}),
                "LAYERLAB_HOST": "127.0.0.1",
                "LAYERLAB_PORT": str(self.port),
            },
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self, timeout: float = 300, poll: float = 0.2) -> "Server":
        deadline = self.started + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"the server exited with {self.process.returncode}; log: {self.log_path}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return self
            time.sleep(poll)
        self.stop()
        raise TimeoutError(f"the server was not ready after {timeout} s; log: {self.log_path}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self._log:
            self._log.close()
