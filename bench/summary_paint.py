"""How soon a gallery model's summary shows after the server's answer: a real browser, the page as served.

    python bench/summary_paint.py                          # starts its own server; DenseNet121, 5 opens
    python bench/summary_paint.py --model resnet50 --runs 9
    python bench/summary_paint.py --url http://127.0.0.1:8000

Each run opens the page in a new browser context, then the gallery, then the model; the first run only warms
the server's cache (so the answer's own time, the server building the model with Keras, is not in the number).
Measured in the page, medians printed: from the moment the summary's answer arrived (``responseEnd`` of POST
/api/models/summary, Resource Timing) to the first animation frame after the summary's first rows and its
totals are in the page (a MutationObserver), which is when the browser paints them (the first useful paint);
the same from the click; then the slowest frame (requestAnimationFrame to the next) while the mouse wheel
scrolls the summary's box from top to bottom, beside the slowest frame of as long a time at rest (on a busy
machine, what waiting for a core costs), and the most table rows the page held meanwhile (only those in sight
are drawn). Needs Playwright and Chromium.
"""

import argparse
import time

import httpx
from bench_kit import print_medians, served, wait_for
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
MAX_RUNS = 30
MAX_WHEELS = 200
WATCH_SUMMARY = """
(first) => {
  window.summaryPainted = null;
  const seen = () => document.querySelector(`#summary tr.main-row[data-layer="${first}"]`);
  new MutationObserver((_, observer) => {
    if (!seen() || !document.querySelector("#total-params")) return;
    requestAnimationFrame(() => (window.summaryPainted ??= performance.now()));
    observer.disconnect();
  }).observe(document.querySelector("#summary"), { childList: true, subtree: true });
}
"""


COUNT_FRAMES = """
() => {
  window.frames_seen = [];
  const step = (now) => {
    window.frames_seen.push(now);
    if (window.frames_seen.length < 400) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
"""


def slowest_frame(page: Page) -> float:
    frames = page.evaluate("window.frames_seen")
    return max(b - a for a, b in zip(frames, frames[1:], strict=False))


def scroll_frames(page: Page) -> tuple[float, float, int]:
    """The slowest frame (ms) while the wheel scrolls the summary's box from top to bottom, once the page is at
    rest; for comparison, the slowest frame over as long a time with nothing happening (the machine's own); and
    the most table rows the page held while scrolling (summary.js draws those in sight)."""
    box = page.locator(".long-summary")
    cards = page.evaluate("window.layerLab.state.model.layers.length")
    page.locator(".layer-card").nth(cards - 1).wait_for(state="attached")  # the builder's last batch is made
    box.evaluate("(el) => (el.scrollTop = 0)")
    box.hover()
    page.evaluate(COUNT_FRAMES)
    started = time.monotonic()
    rows = 0
    for _ in range(MAX_WHEELS):
        page.mouse.wheel(0, 600)
        time.sleep(0.03)
        rows = max(rows, page.locator("#summary tbody tr").count())
        if box.evaluate("(el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1"):
            break
    scrolling = slowest_frame(page)
    page.evaluate(COUNT_FRAMES)
    time.sleep(time.monotonic() - started)
    return scrolling, slowest_frame(page), rows


def open_once(page: Page, url: str, model: str, first: str) -> dict:
    page.goto(url + "/?lang=en")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#gallery-button")
    page.wait_for_selector(f"[data-gallery={model}]")
    page.evaluate(WATCH_SUMMARY, first)
    page.evaluate("performance.clearResourceTimings()")
    clicked = page.evaluate("performance.now()")
    page.click(f"[data-gallery={model}]")
    painted = wait_for(page, "window.summaryPainted", every=0.02)
    answered = page.evaluate(
        """() => performance.getEntriesByType("resource")
          .filter((e) => e.name.endsWith("/api/models/summary")).map((e) => e.responseEnd).pop() ?? null"""
    )
    scrolling, at_rest, rows = scroll_frames(page)
    return {
        "first rows, after the answer": painted - answered,
        "first rows, from the click": painted - clicked,
        "slowest frame, scrolling": scrolling,
        "slowest frame, at rest": at_rest,
        "table rows in the page, most": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server (loopback only); default: start one")
    parser.add_argument("--model", default="densenet121", help="a gallery id")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = min(max(args.runs, 1), MAX_RUNS)
    with served(args.url, {"LAYERLAB_WARM_EXAMPLES": "false"}) as url, sync_playwright() as p:
        spec = httpx.get(f"{url}/api/gallery/{args.model}", timeout=30).json()["model"]
        first = spec["layers"][0]["name"]
        browser = p.chromium.launch(executable_path=CHROMIUM)
        results = []
        for i in range(runs + 1):
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            found = open_once(context.new_page(), url, args.model, first)
            context.close()
            if i:  # the first open warms the server's cache
                results.append(found)
        browser.close()
    print(f"{args.model}: {len(spec['layers'])} layers, {runs} opens, medians (ms)")
    print_medians(results, list(results[0]))


if __name__ == "__main__":
    main()
