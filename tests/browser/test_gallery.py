"""The gallery (static/js/gallery.js): famous architectures opened with one click and the default settings,
their long summaries scrolling in their own box, their graphs with the blocks folded."""

import re

import pytest
from page_kit import screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_gallery_opens_resnet50_scrolls_its_summary_and_shows_its_graph(open_page, api):
    entry = api.get("/api/gallery/resnet50").json()
    summary = api.post("/api/models/summary", json=entry["model"]).json()
    page = open_page("/?lang=en")
    page.locator("#gallery-button").click()
    expect(page.locator(".gallery-entry h3")).to_have_text([m["title"]["en"] for m in api.get("/api/gallery").json()])
    expect(page.locator(".gallery-entry").nth(1)).to_contain_text("2015 · 177 layers")
    screenshot(page, "gallery.png")
    page.locator("[data-gallery=resnet50]").click()

    last = summary["layers"][-1]["name"]
    expect(page.locator("#total-params")).to_have_text(f"{summary['total_params']:,}", timeout=60_000)
    first = page.locator("#summary tr.main-row").first
    expect(first).to_have_attribute("data-layer", summary["layers"][0]["name"])
    # the box holds the rows in sight (tests/browser/test_summary.py reaches every one of DenseNet121's)
    assert page.locator("#summary tr.main-row").count() < len(summary["layers"]) / 2
    expect(page.locator("#gallery-card h2")).to_have_text("ResNet50")
    expect(page.locator("#gallery-card")).to_contain_text("Residual blocks")
    assert "gallery=resnet50" in page.url

    box = page.locator(".long-summary")
    assert box.evaluate("(el) => el.scrollHeight > 3 * el.clientHeight")
    expect(page.locator(f'#summary tr.main-row[data-layer="{last}"]')).not_to_be_in_viewport()
    box.hover()
    at_end = "(el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1"
    for _ in range(60):
        page.mouse.wheel(0, 1000)
        if box.evaluate(at_end):
            break
    assert box.evaluate(at_end)
    expect(page.locator(f'#summary tr.main-row[data-layer="{last}"]')).to_be_in_viewport()
    expect(page.locator(".long-summary thead th").first).to_be_in_viewport()

    page.locator("#graph-details > summary").click()
    expect(page.locator("#graph-details")).to_have_attribute("open", "")
    expect(page.locator("svg.graph")).to_be_visible(timeout=20_000)
    stages = page.locator(".graph-folded")
    expect(stages).to_have_count(4)
    into = page.locator('.graph-edge[data-to="group/conv2"]')
    row = next(r for r in summary["layers"] if r["name"] == "pool1_pool")
    expect(into.locator(".graph-label")).to_have_text(
        "(" + ", ".join("None" if d is None else str(d) for d in row["output_shape"]) + ")"
    )
    page.locator('[data-group="group/conv2"]').click()
    expect(page.locator('.graph-group-head[data-group="group/conv2"]')).to_be_visible()
    page.locator('[data-group="group/conv2_block1"]').click()
    page.locator('.graph-node[data-layer="conv2_block1_add"]').click()
    expect(page.locator('#summary tr.main-row[data-layer="conv2_block1_add"]')).to_have_class("main-row selected")
    in_box = """(box) => {
      const row = box.querySelector('tr[data-layer="conv2_block1_add"]').getBoundingClientRect();
      const edge = box.getBoundingClientRect();
      return row.top >= edge.top && row.bottom <= edge.bottom;
    }"""
    assert box.evaluate(in_box), "the selected row is scrolled into the summary's own box"
    screenshot(page.locator("#summary-section"), "gallery-resnet50-graph.png")

    page.locator('.graph-group-head[data-group="group/conv2"]').click()
    expect(page.locator('[data-group="group/conv2"].graph-folded')).to_be_visible()
    expect(page.locator('.graph-node[data-layer="conv2_block1_add"]')).to_have_count(0)


def test_the_gallery_speaks_russian(open_page):
    page = open_page("/?lang=ru")
    page.locator("#gallery-button").click()
    expect(page.locator(".gallery-entry h3").last).to_have_text("Блок кодировщика трансформера")
    expect(page.locator(".gallery-entry").nth(4)).to_contain_text("2016 · 429 слоёв")
    expect(page.locator(".gallery-entry").nth(4)).to_contain_text("Плотные блоки")
    page.locator("[data-gallery=encoder]").click()
    expect(page.locator("#gallery-card h2")).to_have_text("Блок кодировщика трансформера")
    expect(page.locator("#gallery-card")).to_contain_text("Галерея · 2017")
    expect(page.locator("#gallery-card")).to_contain_text("самовнимание")
    expect(page.locator('#summary tr.main-row[data-layer="attention"]')).to_be_visible(timeout=60_000)
    screenshot(page, "gallery-encoder-ru.png")


def test_densenet121_unfolds_every_block_inside_its_box_and_each_arrow_says_keras_s_shape(open_page, api):
    entry = api.get("/api/gallery/densenet121").json()
    summary = api.post("/api/models/summary", json=entry["model"]).json()
    shapes = {row["name"]: row["output_shape"] for row in summary["layers"]}
    page = open_page("/?lang=en")
    page.locator("#gallery-button").click()
    page.locator("[data-gallery=densenet121]").click()
    expect(page.locator("#total-params")).to_have_text(f"{summary['total_params']:,}", timeout=60_000)
    page.locator("#graph-details > summary").click()
    expect(page.locator(".graph-folded")).to_have_count(4, timeout=20_000)  # the stages conv2 … conv5
    folded = page.locator(".graph-node").count()

    unfold, fold = page.locator(".graph-bar button").first, page.locator(".graph-bar button").last
    expect(unfold).to_have_text("Unfold all")
    unfold.click()
    expect(page.locator(".graph-node[data-layer]:not([data-layer=''])")).to_have_count(len(summary["layers"]))
    expect(page.locator(".graph-folded")).to_have_count(0)
    places = page.evaluate(
        """() => {
          const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
          const groups = Object.fromEntries([...document.querySelectorAll(".graph-group")].map((g) =>
            [g.querySelector(".graph-group-head").dataset.group, box(g.querySelector(":scope > rect"))]));
          const nodes = Object.fromEntries([...document.querySelectorAll(".graph-node[data-layer]")]
            .filter((n) => n.dataset.layer).map((n) => [n.dataset.layer, box(n.querySelector("rect"))]));
          const labels = [...document.querySelectorAll(".graph-edge")].filter((e) => e.querySelector(".graph-label"))
            .map((e) => [e.dataset.from, e.querySelector(".graph-label").textContent]);
          return { groups, nodes, labels };
        }"""
    )
    assert len(places["groups"]) == 62, "4 stages of 6, 12, 24 and 16 dense blocks"
    inside = lambda a, b: a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]  # noqa: E731
    for name, rect in places["nodes"].items():
        match = re.match(r"(conv\d)_(block\d+)_", name)
        for group in [f"group/{match[1]}", f"group/{match[1]}_{match[2]}"] if match else []:
            assert inside(rect, places["groups"][group]), f"{name} inside {group}"
    assert len(places["labels"]) >= len(summary["layers"])
    for layer, text in places["labels"]:
        assert text == "(" + ", ".join("None" if d is None else str(d) for d in shapes[layer]) + ")", layer

    page.locator('.graph-node[data-layer="conv4_block12_concat"]').click()
    expect(page.locator('#summary tr.main-row[data-layer="conv4_block12_concat"]')).to_have_class("main-row selected")
    fold.click()
    expect(page.locator(".graph-node")).to_have_count(folded)
