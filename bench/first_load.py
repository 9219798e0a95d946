"""What a new learner's first load of the page is: every file, its size as it travels and uncompressed.

    python bench/first_load.py                        # starts its own server; loads / and /?lang=ru
    python bench/first_load.py --url http://127.0.0.1:8000
    python bench/first_load.py --path "/?example=conv2d-basic"

Each path is loaded in a new Chromium context (nothing cached, nothing stored: questions on, as a learner
first sees the page) until the page says it is ready (``body[data-ready=true]``) and the first view is drawn
(``#view-root`` filled: the first step's view, or its notice to press Run), then a short quiet wait so that what the first view asks for
is counted too. Printed per path: each request (the page, styles, modules, the API answers), its bytes on
the wire (``encodedBodySize``) and uncompressed (``decodedBodySize``), and the totals the 300 KB rule of
``tests/browser/test_page.py`` holds: everything on the wire, and the page's own files uncompressed (all but
``/api/``). Needs Playwright and Debian's Chromium (/usr/bin/chromium).
"""

import argparse
import sys
import time

from bench_kit import served
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ENTRIES = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .map((e) => ({name: e.name, wire: e.encodedBodySize || 0, size: e.decodedBodySize || 0}))"""
QUIET_S = 1.0


def first_load(browser, url: str) -> list[dict]:
    """The resources of one first load of ``url`` in a fresh context, the page first."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url, timeout=60_000)
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        page.wait_for_selector("#view-root > *", state="attached", timeout=60_000)
        time.sleep(QUIET_S)
        return page.evaluate(ENTRIES)
    finally:
        context.close()


def totals(entries: list[dict]) -> dict:
    return {
        "requests": len(entries),
        "wire": sum(e["wire"] for e in entries),
        "files": sum(e["size"] for e in entries if "/api/" not in e["name"]),
        "api": sum(e["size"] for e in entries if "/api/" in e["name"]),
    }


def table(base: str, path: str, entries: list[dict]) -> str:
    lines = [f"{path}", f"  {'file':<44}{'wire KB':>10}{'size KB':>10}"]
    for e in sorted(entries, key=lambda e: -e["size"]):
        name = e["name"].removeprefix(base).split("?v=")[0]
        lines.append(f"  {name[:44]:<44}{e['wire'] / 1000:>10.1f}{e['size'] / 1000:>10.1f}")
    t = totals(entries)
    lines.append(
        f"  {t['requests']} requests, {t['wire'] / 1000:.1f} KB on the wire, {t['files'] / 1000:.1f} KB of page files"
        f" uncompressed ({t['api'] / 1000:.1f} KB of API answers besides)"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--path", action="append", help="a path to load (default: / and /?lang=ru); repeatable")
    args = parser.parse_args()
    paths = args.path or ["/", "/?lang=ru"]
    with served(args.url, {"LAYERLAB_WORKERS": "1"}) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--headless", "--disable-gpu"]
        )
        first_load(browser, url + paths[0])  # the server's own first answers (cold caches), not counted
        for path in paths:
            print(table(url, path, first_load(browser, url + path)))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
