"""Shared fixtures, started on demand. Live tier: one real server (``python -m app``: uvicorn + Keras workers)
for the whole session (``api``). In-process tier (``tests/inprocess.py``): the app over ASGITransport with a
fake pool, new for each test (``fake_api``, ``fake_pool``), or with real Keras in this process (``keras_api``)."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from inprocess import Client, FakePool, make_lab
from live_server import ROOT, Server

from app.inline import InlinePool

CHROMIUM = "/usr/bin/chromium"


LIVE_FIXTURES = {"server", "server_url", "api", "server_class"}
"""A test that asks for one of these talks to a real server process: it is marked ``live``."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of the live tier are marked ``live`` (``-m "not live"``: the tiers that start no server). Without
    Debian's Chromium (`apt-get install chromium`) the browser tests are skipped, saying why."""
    for item in items:
        if LIVE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.live)
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
def portal() -> Iterator[BlockingPortal]:
    """The in-process tier's event loop, in a thread of its own."""
    with start_blocking_portal() as running:
        yield running


@pytest.fixture
def fake_pool() -> FakePool:
    return FakePool()


@pytest.fixture
def fake_api(portal: BlockingPortal, fake_pool: FakePool) -> Iterator[Client]:
    """The app with a fresh Lab (empty cache) whose tasks go to ``fake_pool``: no TensorFlow."""
    client = Client(portal, make_lab(fake_pool))
    yield client
    client.close()


@pytest.fixture(scope="session")
def keras_api(portal: BlockingPortal) -> Iterator[Client]:
    """The app with real Keras in this process, shared by the session like the live server."""
    client = Client(portal, make_lab(InlinePool()))
    yield client
    client.close()


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
