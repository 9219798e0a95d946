"""How long a gallery model's graph takes to unfold every block: a real browser, the page as served.

    python bench/graph_unfold.py                           # starts its own server; DenseNet121, 5 runs
    python bench/graph_unfold.py --model inceptionv3 --runs 9
    python bench/graph_unfold.py --url http://127.0.0.1:8000

Each run opens the page in a new browser context, the model from the gallery and its graph (folded, as a big
model starts), then presses *Unfold all*. Measured in the page, medians printed: from the press to the first
animation frame after the unfolded graph is in the page (a MutationObserver on the graph's box), which is when
the browser paints it; the same for *Fold all* after it; and the CPU time Chromium's renderer processes spent
from the press to that paint (psutil), which a crowded machine does not lengthen as it does the wall clock.
Needs Playwright and Chromium.
"""

import argparse
import os
import time

import httpx
import psutil
from bench_kit import print_medians, served, wait_for
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
MAX_RUNS = 30
OPTIONS = {
    "--url": {"help": "a running server (loopback only); default: start one"},
    "--model": {"default": "densenet121", "help": "a gallery id"},
    "--runs": {"type": int, "default": 5, "help": f"runs, each in a new browser context (at most {MAX_RUNS})"},
}
PRESS = """
(label) => new Promise((done) => {
  const box = document.querySelector(".graph-box");
  const button = [...document.querySelectorAll(".graph-bar button")].find((b) => b.textContent === label);
  new MutationObserver((_, observer) => {
    observer.disconnect();
    requestAnimationFrame(() => done({ painted: performance.now() - pressed, nodes: box.querySelectorAll(".graph-node").length }));
  }).observe(box, { childList: true });
  const pressed = performance.now();
  button.click();
})
"""


def renderer_cpu_ms() -> float:
    """CPU time (user + system) of this script's Chromium renderers: the page's main thread, compositor, GC."""
    total = 0.0
    for process in psutil.Process(os.getpid()).children(recursive=True):
        try:
            if "--type=renderer" in process.cmdline():
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return 1000 * total


def run_once(page: Page, url: str, model: str, layers: int) -> dict:
    page.goto(url + "/?lang=en")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#gallery-button")
    page.click(f"[data-gallery={model}]")
    wait_for(page, f"window.layerLab.state.summary?.layers.length === {layers}", timeout=120)
    page.wait_for_selector("#total-params", state="attached")
    page.click("#graph-details > summary")
    wait_for(page, "document.querySelector('svg.graph') !== null")
    time.sleep(0.5)  # the builder's last cards and the folded graph's paint are done
    before = renderer_cpu_ms()
    unfolded = page.evaluate(PRESS, "Unfold all")
    cpu = renderer_cpu_ms() - before
    folded = page.evaluate(PRESS, "Fold all")
    return {
        "unfold all, press to paint": unfolded["painted"],
        "unfold all, renderer CPU": cpu,
        "fold all, press to paint": folded["painted"],
        "nodes": unfolded["nodes"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for flag, options in OPTIONS.items():
        parser.add_argument(flag, **options)
    args = parser.parse_args()
    runs = min(max(args.runs, 1), MAX_RUNS)
    with served(args.url, {"LAYERLAB_WARM_EXAMPLES": "false"}) as url, sync_playwright() as p:
        layers = httpx.get(f"{url}/api/gallery/{args.model}", timeout=30).json()["model"]["layers"]
        browser = p.chromium.launch(executable_path=CHROMIUM)
        results = []
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            results.append(run_once(context.new_page(), url, args.model, len(layers)))
            context.close()
        browser.close()
    print(f"{args.model}: {len(layers)} layers, {results[0]['nodes']} nodes unfolded, {runs} runs, medians (ms)")
    print_medians(results, [m for m in results[0] if m != "nodes"])


if __name__ == "__main__":
    main()
