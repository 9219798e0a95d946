"""Figures for slides and paper (static/js/export.js, apng.js) and the worksheet (worksheet.js, css/print.css) in
Chromium against the real server: the files come through the browser's own download, and are read here with
an XML parser and Pillow, not with the page's code."""

import io
import re
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

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
    # what the status says while the frames are drawn, and the step the stepper is at when it says it
    page.evaluate(
        """() => { window.said = []; const slider = document.querySelector('#view-root .lv-slider');
        new MutationObserver(() => { const s = document.querySelector('#export-status');
          if (s) window.said.push([s.textContent, slider.value]); })
          .observe(document.body, { subtree: true, childList: true, characterData: true }); }"""
    )
    name, data = export(page, "view", "apng")
    said = list(
        {text: int(at) for text, at in reversed(page.evaluate("window.said")) if text.startswith("Frame")}.items()
    )[::-1]
    assert said[0] == (f"Frame 1 of {steps}…", 0), "progress from the first frame"
    assert [text for text, _ in said] == [f"Frame {i} of {steps}…" for i in range(1, steps + 1)]
    assert all(at == i for i, (_, at) in enumerate(said)), "each frame drawn at its step, one after another"
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
    # a frame after the first holds only what changed, drawn over the one before: what it shows is the step's
    # picture all the same, the PNG of that step (drawn whole), at the second step and at the last (where the
    # animation is at the PNG's size, twice the page's: the attention's is drawn smaller, FRAME_PIXELS)
    whole = Image.open(io.BytesIO(export(page, "view", "png")[1])).size
    assert (image.size == whole) == (example != "attention"), (image.size, whole)
    for step in (1, steps - 1) if image.size == whole else ():
        page.evaluate(
            """(i) => { const slider = document.querySelector('#view-root .lv-slider'); slider.value = String(i);
            slider.dispatchEvent(new Event('input', { bubbles: true })); }""",
            step,
        )
        still = Image.open(io.BytesIO(export(page, "view", "png")[1])).convert("RGB")
        far = ImageChops.difference(frames[step], still).convert("L").point(lambda v: 255 * (v > 32))
        assert far.histogram()[255] <= 0.001 * still.width * still.height, (step, far.getbbox())


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


PAPER = {
    "en": "The view of this layer is left out of the sheet: it shows the answers.",
    "ru": "Вида слоя на листе нет: на нём видны ответы.",
}
SCREEN = {"en": "answer the questions above", "ru": "ответьте на вопросы выше"}
LINES = {"en": "Write each answer on its line.", "ru": "Впишите каждый ответ на его линию."}


@pytest.mark.parametrize(
    ("lang", "width", "height"),
    [("en", 1366, 768), ("ru", 1366, 768), ("en", 390, 844), ("ru", 390, 844)],
    ids=["desktop-en", "desktop-ru", "phone-en", "phone-ru"],
)
def test_a_blank_worksheet_says_why_the_view_is_not_on_the_sheet(asking, lang, width, height):
    """The view holds the asked value, so a sheet without the answers leaves it out: the paper says so, not the
    screen's "answer the questions above (or show their answers)", which nobody can do on paper."""
    page = asking(f"/?lang={lang}&example=upsampling2d-demo", width, height)
    wait_for_runs(page, 0)
    page.evaluate("() => { window.print = () => (window.printed = (window.printed || 0) + 1); }")
    cover = page.locator("#question-cover")
    expect(cover).to_contain_text(SCREEN[lang])
    if width < 900:
        page.locator("#menu-button").click()
    page.locator("#worksheet-button").click()
    page.locator('#worksheet-dialog button[data-worksheet="blank"]').click()
    page.emulate_media(media="print")
    assert cover.inner_text() == PAPER[lang]
    assert not visible(page, "#view-root")
    assert SCREEN[lang] not in page.locator("body").inner_text()
    # nor does the questions' intro speak of answering or showing on screen: the answers go on the lines
    intro = page.locator("#questions .question-list").locator("xpath=preceding-sibling::p[1]")
    assert intro.inner_text() == LINES[lang]
    shots = Path(tempfile.gettempdir()) / "layerlab-worksheet"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=shots / f"blank-{lang}-{width}.png", full_page=True)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    expect(cover).to_contain_text(SCREEN[lang])
    assert PAPER[lang] not in cover.inner_text()
    assert intro.inner_text() != LINES[lang]


def texts_at(root: ET.Element) -> list[tuple[str, float, float]]:
    return [((t.text or "").strip(), float(t.get("x", 0)), float(t.get("y", 0))) for t in root.iter(f"{SVG}text")]


def place_of(page: Page, selector: str, within: str) -> dict:
    """Where `selector` is drawn in the part `within` (the export's coordinates: the part's own top left)."""
    return page.evaluate(
        """([selector, within]) => {
          const box = document.querySelector(within).getBoundingClientRect();
          const r = document.querySelector(selector).getBoundingClientRect();
          return { x0: r.left - box.left, y0: r.top - box.top, x1: r.right - box.left, y1: r.bottom - box.top };
        }""",
        [selector, within],
    )


def test_an_asked_fact_exports_as_the_question_mark_the_page_draws_in_its_place(asking):
    page = asking("/?lang=en&example=dense-basic")
    params = '#summary tr.main-row[data-layer="dense"] td.params'
    shape = '#summary tr.main-row[data-layer="dense_1"] td.shape'
    hidden = page.evaluate(
        "(() => { const s = layerLab.state.summary; const row = (n) => s.layers.find((l) => l.name === n);"
        " return [row('dense').params, s.total_params, row('dense_1').output_shape]; })()"
    )
    assert hidden == [13000, 15010, [None, 10]]
    _, data = export(page, "summary", "svg")
    root, texts = svg_texts(data)
    assert "13,000" not in texts and "15,010" not in texts and "(None, 10)" not in texts
    assert "(None, 200)" in texts and "2,010" in texts, "the facts not asked are there"
    marks = [(x, y) for text, x, y in texts_at(root) if text == "?"]
    for cell in (params, shape, "#total-params"):
        box = place_of(page, cell, "#summary")
        assert any(box["x0"] - 1 <= x <= box["x1"] and box["y0"] <= y <= box["y1"] for x, y in marks), cell

    page.locator("#graph-details > summary").click()
    page.wait_for_selector('#graph .graph-edge[data-from="dense_1"]')
    label = '#graph .graph-edge[data-from="dense_1"] .graph-label-mask'
    expect(page.locator(label)).to_be_visible()
    expect(page.locator('#graph .graph-edge[data-from="dense"] .graph-label-mask')).to_be_hidden()
    _, data = export(page, "graph", "svg")
    labels = [text for text, _, _ in texts_at(ET.fromstring(data))]
    assert "(None, 10)" not in labels and "?" in labels and "(None, 200)" in labels
    assert labels.count("?") == 1, "the asked edge only"
    _, png = export(page, "graph", "png")
    assert Image.open(io.BytesIO(png)).format == "PNG"

    for index, typed in ((0, "(None, 10)"), (1, "13000")):
        page.locator(f'#questions li.question[data-index="{index}"] input.question-answer').fill(typed)
        page.locator(f'#questions li.question[data-index="{index}"] button[type=submit]').click()
    expect(page.locator("#questions .question-score")).to_have_text("Done: 2 of 2 right")
    _, data = export(page, "summary", "svg")
    _, texts = svg_texts(data)
    assert {"13,000", "15,010", "(None, 10)"} <= set(texts) and "?" not in texts
    _, data = export(page, "graph", "svg")
    labels = [text for text, _, _ in texts_at(ET.fromstring(data))]
    assert "(None, 10)" in labels and "?" not in labels


def test_a_phone_summary_exports_its_column_names_in_russian(asking):
    page = asking("/?lang=ru&example=dense-basic", width=390, height=844)
    _, data = export(page, "summary", "svg")
    _, texts = svg_texts(data)
    assert any(text.startswith("Форма выхода") for text in texts), texts[:20]
    assert "?" in texts


def test_a_phone_summary_exports_as_the_page_draws_it_labels_one_selected_block_no_toggle(open_page):
    page = open_page("/?lang=ru&example=conv2d-valid")
    page.set_viewport_size({"width": 390, "height": 844})
    selected = "#summary tr.main-row.selected"
    expect(page.locator(selected)).to_have_attribute("data-layer", "conv2d")
    expect(page.locator("#summary details.keras-text > summary")).to_be_visible()
    _, data = export(page, "summary", "svg")
    root, texts = svg_texts(data)
    at = texts_at(root)
    row = place_of(page, selected, "#summary")
    for label, value in (
        ("Форма выхода:", "(None, 126, 126, 32)"),
        ("Параметров:", "896"),
        ("Соединён с:", "input_layer"),
    ):
        (y,) = {y for text, _, y in at if text == value and row["y0"] < y < row["y1"]}
        assert any(text == label and abs(ty - y) < 2 for text, _, ty in at), f"{label} beside {value}"
    assert not any("model.summary()" in text for text in texts), "the closed toggle is the page's, not the figure's"
    blue = page.evaluate(f"getComputedStyle(document.querySelector('{selected}')).backgroundColor")
    assert blue != "rgba(0, 0, 0, 0)"
    fill = page.evaluate(
        "(css) => { const c = document.createElement('canvas').getContext('2d'); c.fillStyle = css;"
        " c.fillRect(0, 0, 1, 1); const [r, g, b] = c.getImageData(0, 0, 1, 1).data; return `rgb(${r},${g},${b})`; }",
        blue,
    )
    painted = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == fill]
    assert len(painted) == 1, "one block behind the whole row, not a patch behind each value"
    x, y, w, h = (float(painted[0].get(k)) for k in ("x", "y", "width", "height"))
    assert (x, y) == pytest.approx((row["x0"], row["y0"]), abs=0.5)
    assert (x + w, y + h) == pytest.approx((row["x1"], row["y1"]), abs=0.5)
