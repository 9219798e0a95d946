"""How soon a learner sees the page: a real browser, a cold cache, a simulated network.

    python bench/first_paint.py                       # starts its own server; 50 ms RTT, 7 loads of each variant
    python bench/first_paint.py --rtt 100 --runs 9
    python bench/first_paint.py --url http://127.0.0.1:8000
    python bench/first_paint.py --before http://127.0.0.1:8001      # also a server of the previous version

Two variants in one run, against the same server, loads alternating: the page as served, and the same page
with its preload hints (``<link rel="modulepreload">`` for every module the page imports, ``<link
rel="preload">`` for the two API answers it starts with) taken out before the browser reads it; with
``--before``, a third: the page of another server (the previous version, say), in the same alternation. Each load is a new browser context (nothing cached) with Chromium's network
emulation (``Network.emulateNetworkConditions``: the RTT as latency on every request, ``--mbps`` down, a
quarter of it up). The page itself is handed to the browser by the script in both variants (so that one of
them can be edited), after the same one-RTT wait.

Measured per load, medians printed: first paint and first contentful paint (the browser's Paint Timing),
the moment the lesson list shows its first step (a MutationObserver, then the next animation frame), the
moment the last module arrived, the number of requests, and any file fetched twice (a hint that does not
match what the page asks for would show there). Needs Playwright and Debian's Chromium (/usr/bin/chromium).
"""

import argparse
import re
import statistics
import sys
import time
from collections import Counter

from bench_kit import loopback_only, served, wait_for
from playwright.sync_api import Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
HINT = re.compile(r'<link rel="(?:modulepreload|preload)"[^>]*>\n?')
MAX_RUNS = 30
WATCH_LESSON = """
new MutationObserver((_, observer) => {
  if (document.querySelector("#example-list li")) {
    observer.disconnect();
    requestAnimationFrame(() => { window.lessonVisibleAt = performance.now(); });
  }
}).observe(document, { childList: true, subtree: true });
"""
MEASURES = ("first paint", "first contentful paint", "lesson list visible", "last module arrived")


def load_once(browser, url: str, rtt_ms: float, mbps: float, hints: bool) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        rate = mbps * 1e6 / 8
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": rtt_ms, "downloadThroughput": rate, "uploadThroughput": rate / 4},
        )

        def serve_page(route: Route) -> None:
            answer = route.fetch()
            html = answer.text() if hints else HINT.sub("", answer.text())
            time.sleep(rtt_ms / 1000)
            route.fulfill(response=answer, body=html)

        page.route(url + "/", serve_page)
        page.add_init_script(WATCH_LESSON)
        page.goto(url + "/", wait_until="load", timeout=60_000)
        wait_for(page, "window.lessonVisibleAt", timeout=60, every=0.02)
        found = page.evaluate(
            """() => ({
              paint: Object.fromEntries(performance.getEntriesByType("paint").map((e) => [e.name, e.startTime])),
              lesson: window.lessonVisibleAt,
              resources: performance.getEntriesByType("resource").map((e) => [e.name, e.responseEnd]),
            })"""
        )
    finally:
        context.close()
    modules = [end for name, end in found["resources"] if name.split("?")[0].endswith(".js")]
    counts = Counter(name for name, _ in found["resources"])
    return {
        "first paint": found["paint"].get("first-paint", float("nan")),
        "first contentful paint": found["paint"].get("first-contentful-paint", float("nan")),
        "lesson list visible": found["lesson"],
        "last module arrived": max(modules, default=float("nan")),
        "requests": len(found["resources"]) + 1,
        "modules": len(modules),
        "twice": sorted(name for name, n in counts.items() if n > 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--before", help="also load the page of this server (loopback), e.g. the previous version")
    parser.add_argument("--rtt", type=float, default=50, help="simulated round trip, ms (default 50)")
    parser.add_argument("--mbps", type=float, default=20, help="simulated download rate, Mbit/s (default 20)")
    parser.add_argument("--runs", type=int, default=7, help=f"loads of each variant (default 7, at most {MAX_RUNS})")
    args = parser.parse_args()
    if not 1 <= args.runs <= MAX_RUNS:
        parser.error(f"--runs must be 1..{MAX_RUNS}")
    with served(args.url, {"LAYERLAB_WORKERS": "1"}) as url, sync_playwright() as playwright:
        variants = [("without hints", url, False), ("with hints", url, True)]
        if args.before:
            variants.insert(0, ("--before", loopback_only(args.before), True))
        results: dict[str, list[dict]] = {label: [] for label, _, _ in variants}
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--headless", "--disable-gpu"]
        )
        for _, where, _ in variants:  # each server's own first answers, not counted
            load_once(browser, where, args.rtt, args.mbps, hints=True)
        for _ in range(args.runs):
            for label, where, hints in variants:
                results[label].append(load_once(browser, where, args.rtt, args.mbps, hints))
        browser.close()

    print(f"Chromium, cold cache, {args.rtt:g} ms RTT, {args.mbps:g} Mbit/s down; {args.runs} loads each, medians (ms)")
    if args.before:
        print(f"--before: {args.before}")
    print(f"{'':<26}" + "".join(f"{label:>15}" for label in results))
    for measure in (*MEASURES, "requests", "modules"):
        medians = [statistics.median(r[measure] for r in runs) for runs in results.values()]
        print(f"{measure:<26}" + "".join(f"{m:>15.0f}" for m in medians))
    twice = sorted({name for runs in results.values() for r in runs for name in r["twice"]})
    print(f"fetched twice in some load: {', '.join(twice) if twice else 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
