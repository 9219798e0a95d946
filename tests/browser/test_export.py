"""Figures for slides and paper (static/js/export.js, apng.js) and the worksheet (worksheet.js, css/print.css) in
Chromium against the real server: the files come through the browser's own download, and are read here with
an XML parser and Pillow, not with the page's code."""

import io
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from page_kit import screenshot, wait_for_runs
from PIL import Image, ImageChops
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"


def export(page: Page, part: str, file_format: str):
    """Press the part's Export button and one format: the download (name, bytes) the browser was given."""
    page.locator(f'[data-export="{part}"]').click()
    with page.expect_download(timeout=120_000) as info:
        page.locator(f'#export-dialog button[data-format="{file_format}"]').click()
    download = info.value
    expect(page.locator("#export-status")).to_contain_text(download.suggested_filename)
    page.locator("#export-dialog").get_by_role("button", name=re.compile("Close|Закрыть")).click()
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def svg_texts(data: bytes) -> tuple[ET.Element, list[str]]:
    root = ET.fromstring(data)
    return root, [(t.text or "").strip() for t in root.iter(f"{SVG}text")]


def test_the_upsampling_view_exports_as_svg_and_png_with_its_numbers_in_russian(open_page):
    page = open_page("/?lang=ru&example=upsampling2d-demo")
    page.wait_for_selector("#view-root .lv-cell")
    before = int(page.evaluate("Number(document.body.dataset.runs || 0)"))
    page.locator('#data-editors input[data-flat="0"]').fill("0,25")
    page.locator('#data-editors input[data-flat="0"]').press("Enter")
    wait_for_runs(page, before)
    keras = page.evaluate(
        """() => layerLab.state.prediction.trace.find((l) => l.type === 'UpSampling2D').outputs[0].data.flat(9)"""
    )
    assert keras == [0.25, 0.25, 2, 2, 0.25, 0.25, 2, 2, 3, 3, 6, 6, 3, 3, 6, 6]
    shown = page.locator("#view-root .lv-cell .lv-num").all_inner_texts()
    assert shown.count("0,25") >= 5, shown  # the input's cell and the four it is copied into, decimal comma

    name, data = export(page, "view", "svg")
    assert name == "up_sampling2d-вид.svg"
    root, texts = svg_texts(data)
    assert not Counter(shown) - Counter(texts), "every number the view shows is a text of the SVG"
    assert texts.count("0,25") >= 5 and "0.25" not in texts
    assert any("UpSampling2D" in text for text in texts)
    assert any(re.search("[а-я]{4}", text) for text in texts), "the view's words in Russian"
    coloured = [r for r in root.iter(f"{SVG}rect") if r.get("fill") not in (None, "none")]
    assert len(coloured) >= len(shown), "every cell is a rect of its colour"
    width, height = int(root.get("width")), int(root.get("height"))
    assert width > 200 and height > 100

    name, data = export(page, "view", "png")
    assert name == "up_sampling2d-вид.png"
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (2 * width, 2 * height)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 50, "not blank: cells, text and their edges"
    assert max(count for count, _ in colours) < 0.95 * width * height * 4


def test_the_summary_and_the_graph_export_with_their_shapes(open_page):
    page = open_page("/?lang=en&example=concatenate")
    name, data = export(page, "summary", "svg")
    assert name == "summary.svg"
    _, texts = svg_texts(data)
    rows = page.evaluate("layerLab.state.summary.layers.map((l) => [l.name, l.params])")
    for layer, params in rows:
        assert any(layer in text for text in texts), layer
    assert page.locator("#total-params").inner_text() in texts

    page.locator("#graph-details > summary").click()
    page.wait_for_selector("#graph svg .graph-edge")
    name, data = export(page, "graph", "svg")
    assert name == "graph.svg"
    root, _ = svg_texts(data)
    labels = {(t.text or "").strip() for t in root.iter(f"{SVG}text")}
    assert {layer for layer, _ in rows} <= labels, "every node of the graph, by name"
    assert any(re.fullmatch(r"\(None, .*\)", label) for label in labels), "edges labelled with shapes"
    name, data = export(page, "graph", "png")
    assert Image.open(io.BytesIO(data)).size[0] > 200


@pytest.mark.parametrize("example", ["conv2d-transpose-demo", "lstm-return-sequences-demo", "attention"])
def test_a_stepped_view_exports_as_an_animated_png_with_a_frame_per_step(open_page, example):
    page = open_page(f"/?lang=en&example={example}")
    page.wait_for_selector("#view-root .lv-stepper .lv-slider")
    steps = int(page.locator("#view-root .lv-slider").get_attribute("max")) + 1
    page.locator('#view-root [data-action="next"]').click()
    assert steps > 2
    name, data = export(page, "view", "apng")
    assert name.endswith("-view-steps.png")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and getattr(image, "is_animated", False)
    assert image.n_frames == steps
    frames = []
    for i in range(steps):
        image.seek(i)
        frames.append(image.convert("RGB"))
    changed = [ImageChops.difference(a, b).getbbox() is not None for a, b in zip(frames, frames[1:], strict=False)]
    assert all(changed), "each step draws something new"
    expect(page.locator("#view-root .lv-slider")).to_have_value("1")  # the stepper is put back


def visible(page: Page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("(e) => e.checkVisibility({visibilityProperty: true})")


def test_a_step_prints_as_a_worksheet_without_and_with_the_answers(asking):
    page = asking("/?lang=en&example=upsampling2d", width=1200)
    page.evaluate("() => { window.print = () => (window.printed = (window.printed || 0) + 1); }")
    shape = '#summary tr.main-row[data-layer="up_sampling2d"] td.shape'
    page.locator("#worksheet-button").click()
    page.locator('#worksheet-dialog button[data-worksheet="blank"]').click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    for gone in (
        "header.topbar",
        "aside.lesson",
        "#builder .add-layer",
        "#new-model",
        "#data-section",
        ".layer-buttons",
    ):
        assert not visible(page, gone), gone
    for kept in ("#example-title", "#questions .question-text", "#summary", "#layer-list .layer-card"):
        assert visible(page, kept), kept
    assert not visible(page, shape), "an asked fact stays masked"
    assert not visible(page, "#questions .question-form button")
    assert "null" not in page.locator("#questions").inner_text()
    screenshot(page, "print-worksheet.png", full_page=True)

    page.emulate_media(media="screen")
    page.locator("#worksheet-button").click()
    page.locator('#worksheet-dialog button[data-worksheet="answers"]').click()
    page.emulate_media(media="print")
    assert visible(page, shape), "printed with the answers"
    assert page.locator(shape).inner_text() == "(None, 256, 256, 3)"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not visible(page, shape), "after printing, the question hides it again"
