"""Shared fixtures: one real server (``python -m app``: uvicorn + Keras workers) for the whole session,
started on demand."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import ROOT, Server

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without Debian's Chromium (`apt-get install chromium`) the browser tests are skipped, saying why."""
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"no browser at {CHROMIUM}: apt-get install chromium")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def server_class() -> type[Server]:
    """For tests that need a dedicated server with their own settings."""
    return Server


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    (ROOT / "test-results").mkdir(exist_ok=True)
    running = Server(log_path=ROOT / "test-results" / "server.log").wait_ready()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def server_url(server: Server) -> str:
    return server.url


@pytest.fixture(scope="session")
def api(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=120) as client:
        yield client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium: `playwright install` cannot download a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
