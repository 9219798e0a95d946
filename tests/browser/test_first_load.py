"""The page's first load in Chromium: every hint in its <head> names something the page then uses, once."""

import re
from collections import Counter

from playwright.sync_api import Page


def test_every_preload_is_used_and_nothing_is_fetched_twice(page: Page, open_page, server_url: str):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.removeprefix(server_url)))
    open_page()
    head = page.evaluate("document.head.innerHTML")
    modules = re.findall(r'<link rel="modulepreload" href="([^"]+)"', head)
    fetches = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch"', head)
    counts = Counter(asked)
    assert modules and fetches == ["/api/layers", "/api/examples"]
    assert [url for url in modules + fetches if counts[url] != 1] == []
    assert [url for url, n in counts.items() if n > 1] == []
    loaded = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    module_urls = {url.removeprefix(server_url) for url in loaded if url.split("?")[0].endswith(".js")}
    assert module_urls == {*modules, re.search(r'<script type="module" src="([^"]+)"', head).group(1)}
