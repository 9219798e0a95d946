"""Helpers for the page's browser tests: open the page ready, and fail any test whose page asks another host."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page


@pytest.fixture
def outside_requests(page: Page, server_url: str) -> Iterator[list[str]]:
    """Every request the page makes that does not go to our server; each test ends with this list empty."""
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server_url, "data:")) else outside.append(r.url))
    yield outside
    assert outside == []


@pytest.fixture
def open_page(page: Page, server_url: str, outside_requests: list[str]) -> Callable[[str], Page]:
    """open_page("/?example=flatten") loads the page, questions switched off, and waits until it has its catalogue
    and a summary."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 1440, "height": 1000})
    # the step questions hide answers until answered (questions.js); these tests look at the page with them off,
    # as a learner who switched them off sees it (tests/browser/test_questions.py looks at it with them on)
    page.add_init_script("localStorage.setItem('layerlab.questions', 'off')")

    def go(path: str = "/?lang=en") -> Page:
        page.goto(server_url + path)
        page.wait_for_selector("body[data-ready=true]")
        page.wait_for_selector("#total-params")
        return page

    yield go
    assert errors == []


@pytest.fixture
def asking(browser: Browser, server_url: str, outside_requests) -> Iterator[Callable[..., Page]]:
    """asking("/?example=…") opens the page in a fresh browser context, questions on (as a learner first sees it)."""
    contexts, errors = [], []

    def go(path: str, width: int = 1440, height: int = 1000) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server_url + path)
        page.wait_for_selector("body[data-ready=true]")
        page.wait_for_selector("#total-params", state="attached")
        page.wait_for_selector("#questions .question")
        return page

    yield go
    for context in contexts:
        context.close()
    assert errors == []
