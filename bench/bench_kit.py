"""What the bench scripts share: the server they measure (``tests/live_server.py``'s) and, for those that drive
Chromium, waiting for what the page says."""

import contextlib
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from live_server import Server, loopback_only


@contextlib.contextmanager
def served(url: str | None, env: dict[str, str] | None = None) -> Iterator[str]:
    """The server at ``url`` (loopback only), or one of this checkout's with ``env``, started for the run and
    stopped after it."""
    if url:
        yield loopback_only(url)
        return
    server = Server(env).wait_ready()
    try:
        yield server.url
    finally:
        server.stop()


def wait_for(page: Page, expression: str, timeout: float = 120, every: float = 0.05) -> object:
    """The value of ``expression`` in the page, once it is truthy (asked every ``every`` s: wait_for_function
    would need the CSP's eval)."""
    deadline = time.monotonic() + timeout
    while not (value := page.evaluate(expression)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression} stayed false for {timeout} s")
        time.sleep(every)
    return value


def print_medians(results: list[dict], measures: list[str]) -> None:
    """Each measure's median over the runs (a dict each), with its least and greatest."""
    for measure in measures:
        values = [r[measure] for r in results]
        print(f"  {measure:<28} {statistics.median(values):7.0f}   (min {min(values):.0f}, max {max(values):.0f})")
