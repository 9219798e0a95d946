"""Tensors bigger than the view: every part can be reached (pan, jump), stepping keeps the moving window in
sight, and a model too big to send whole runs with its big tensors sent in parts."""

import tempfile
from pathlib import Path

import pytest
from page_kit import click_pixel, runs, wait_for_runs
from playwright.sync_api import Page, expect

from app import lesson, pictures

pytestmark = pytest.mark.browser

# for people to look at (pytest-playwright empties test-results/ when it starts)
SHOTS = Path(tempfile.gettempdir()) / "layerlab-big-tensors"
SHOTS.mkdir(exist_ok=True)


def run_step(open_page, step: str, lang: str = "en") -> Page:
    """Open a lesson step and run it (pressing Run when the step waits for it); no error may show."""
    page = open_page(f"/?lang={lang}&example={step}")
    notice = page.locator("#view-root .notice button")
    before = runs(page)
    if not before:
        page.wait_for_function(
            "() => Number(document.body.dataset.runs || 0) > 0 || document.querySelector('#view-root .notice button')"
        )
        if notice.count():
            notice.click()
        wait_for_runs(page, 0)
    expect(page.locator("#data-error")).to_be_hidden()
    return page


def panel(page: Page, n: int):
    return page.locator("#view-root .lv-panel").nth(n)


def shown(page: Page, n: int, r: int, c: int):
    return panel(page, n).locator(f'.lv-cell[data-r="{r}"][data-c="{c}"]')


def value_of(locator) -> float:
    return float(locator.get_attribute("data-value"))


def test_max_pooling_127_to_63_shows_its_last_row_and_column(open_page, api):
    step = lesson.get("maxpool2d-odd")
    page = run_step(open_page, "maxpool2d-odd")
    expect(page.locator('#view-root[data-layer="max_pooling2d"] .lv-view')).to_be_visible()
    # its 32 input channels as small maps, as the output's (each 256 px wide made the view ~6,700 px tall)
    inputs = page.locator("#view-root .lv-maps-part").first.locator(".pic-frame")
    expect(inputs).to_have_count(32)
    assert max(inputs.evaluate_all("(frames) => frames.map((f) => f.getBoundingClientRect().width)")) <= 80
    prediction = page.evaluate("window.layerLab.state.prediction")
    conv = next(layer for layer in prediction["trace"] if layer["name"] == "conv2d")["outputs"][0]["data"][0]
    pooled = prediction["outputs"][0]["data"][0]
    assert len(pooled) == 63 and len(conv) == step.expected.output_shapes["conv2d"][1] == 127
    # jump to the end of both grids: the output's last cell is the max of the input's last full window
    panel(page, 1).get_by_role("button", name="To the last row and column").click()
    expect(shown(page, 1, 62, 62)).to_be_visible()
    assert value_of(shown(page, 1, 62, 62)) == pytest.approx(pooled[62][62][0], abs=1e-6)
    panel(page, 0).locator('input[aria-label="First row shown"]').fill("120")
    panel(page, 0).locator('input[aria-label="First column shown"]').fill("110")
    panel(page, 0).locator('input[aria-label="First column shown"]').press("Enter")
    expect(shown(page, 0, 126, 126)).to_be_visible()
    assert value_of(shown(page, 0, 126, 126)) == pytest.approx(conv[126][126][0], abs=1e-6)
    window = [conv[r][c][0] for r in (124, 125) for c in (124, 125)]
    assert max(window) == pytest.approx(pooled[62][62][0], abs=1e-6)
    expect(shown(page, 0, 126, 126)).not_to_have_class("is-window")


def test_stepping_keeps_the_moving_window_in_sight_on_a_1024_px_screen(open_page):
    page = open_page("/?lang=en")
    page.set_viewport_size({"width": 1024, "height": 800})
    page = run_step(open_page, "conv2d-strides")
    page.set_viewport_size({"width": 1024, "height": 800})
    status = page.locator(".lv-status")
    expect(status).to_contain_text("Position 1 of 4,096")
    page.get_by_role("button", name="Next position").focus()
    page.keyboard.press("End")
    expect(status).to_have_text("Position 4,096 of 4,096: output [63, 63]")
    current = page.locator("#view-root .is-current")
    expect(current).to_have_count(1)
    box = page.locator("#view-root").bounding_box()
    cell = current.bounding_box()
    assert box["x"] <= cell["x"] and cell["x"] + cell["width"] <= box["x"] + box["width"] + 1
    window = page.locator("#view-root .is-window")
    expect(window.first).to_be_visible()
    for k in range(window.count()):
        seen = window.nth(k).bounding_box()
        assert box["x"] <= seen["x"] and seen["x"] + seen["width"] <= box["x"] + box["width"] + 1


def keras_output(api, start: list[int]) -> dict:
    """Step 17's output (its picture through its Conv2DTranspose, seed 0) from `start` on, as the API sends it."""
    body = {
        "model": lesson.get("conv2d-transpose").model,
        "inputs": pictures.pixels("shapes")[None].astype(int).tolist(),  # the step opens with this picture
        "window": {"max_numbers": 65_536, "at": {"conv2d_transpose": start}},
    }
    return api.post("/api/models/predict", json=body).json()["outputs"][0]


def test_a_model_too_big_to_send_whole_runs_in_parts_and_every_part_can_be_reached(open_page, api):
    """Step 17's 256 × 256 × 32 output comes in parts, the first the step's own (`window`: where the circle meets
    the triangle; the output's first part is sky): its own view works on the part the page has (the picture, the
    feature maps of the part, the window), every number Keras's, and moving past the part asks for another."""
    page = run_step(open_page, "conv2d-transpose")
    view = page.locator('#view-root .lv-view[data-layer-type="Conv2DTranspose"]')
    expect(view).to_be_visible()
    expect(page.locator("#view-root .lv-note")).to_have_count(0)
    expect(view.locator(".lv-badge")).to_have_attribute("data-match", "true")
    sent = page.evaluate("window.layerLab.state.prediction.outputs[0]")
    start = lesson.get("conv2d-transpose").window["conv2d_transpose"]
    assert start == [0, 112, 48, 0]
    assert sent["shape"] == [1, 256, 256, 32] and sent["window"] == {"start": start, "shape": [1, 39, 52, 32]}
    keras = keras_output(api, start)
    assert keras["window"] == sent["window"]
    maps = view.locator(".lv-maps")
    expect(maps).to_have_attribute("open", "")
    expect(maps).to_contain_text("rows 112–150, columns 48–99 of 256 × 256")
    strip = maps.locator(".lv-maps-part").nth(2)
    expect(strip.locator(".pic-frame")).to_have_count(32)
    assert strip.locator(".pic-base").first.evaluate("c => [c.width, c.height]") == [52, 39]
    assert maps.locator(".lv-maps-part").first.locator(".pic-images").get_attribute("data-picked") is not None
    strip.locator('.pic-frame[data-channel="5"]').click()  # follows output channel 5, large
    large = maps.locator(".lv-maps-part").nth(1)
    expect(large).to_contain_text("Output channel 5")
    click_pixel(page, large.locator(".pic-frame"), 20, 41, 39, 52)
    value = large.locator(".pic-value")
    assert value.get_attribute("data-index") == "132,89,5"
    assert float(value.get_attribute("data-value")) == pytest.approx(keras["data"][0][20][41][5], abs=1e-5)
    expect(view.locator(".lv-stepper")).to_contain_text("output [132, 89]")
    output = panel(page, 3)
    expect(output.locator(".lv-panel-title")).to_contain_text("Output")
    assert value_of(shown(page, 3, 132, 89)) == pytest.approx(keras["data"][0][20][41][5], abs=1e-5), "filter 5"

    # a step past the part's last column asks for the part there, and the view goes on from that position
    click_pixel(page, large.locator(".pic-frame"), 0, 51, 39, 52)
    expect(view.locator(".lv-stepper")).to_contain_text("output [112, 99]")
    before = runs(page)
    view.locator('.lv-stepper button[data-action="next"]').click()
    wait_for_runs(page, before)
    view = page.locator('#view-root .lv-view[data-layer-type="Conv2DTranspose"]')
    expect(view.locator(".lv-stepper")).to_contain_text("output [112, 100]")
    moved = page.evaluate("window.layerLab.state.prediction.outputs[0].window")
    assert moved["start"][1] <= 112 < moved["start"][1] + moved["shape"][1]
    assert 48 < moved["start"][2] <= 100 < moved["start"][2] + moved["shape"][2]
    expect(view.locator(".lv-badge")).to_have_attribute("data-match", "true")
    assert view.locator(".lv-controls select").first.input_value() == "5", "the filter followed stays"
    output = panel(page, 3)

    before = runs(page)
    output.get_by_role("button", name="To the last row and column").click()
    wait_for_runs(page, before)
    view = page.locator('#view-root .lv-view[data-layer-type="Conv2DTranspose"]')
    expect(view.locator(".lv-badge")).to_have_attribute("data-match", "true")
    moved = page.evaluate("window.layerLab.state.prediction.outputs[0].window")
    assert moved["start"][1] > 0 and moved["start"][2] > 0
    r0, c0 = moved["start"][1:3]
    expect(view.locator(".lv-maps")).to_contain_text(f"rows {r0}–255, columns {c0}–255 of 256 × 256")
    keras = keras_output(api, moved["start"])
    assert keras["window"] == moved
    expect(shown(page, 3, 255, 255)).to_be_visible()
    assert value_of(shown(page, 3, 255, 255)) == pytest.approx(keras["data"][0][-1][-1][5], abs=1e-5)
    view.locator(".lv-maps-part").nth(2).locator('.pic-frame[data-channel="31"]').click()
    large = view.locator(".lv-maps-part").nth(1)
    h, w = moved["shape"][1:3]
    click_pixel(page, large.locator(".pic-frame"), h - 1, w - 1, h, w)
    value = large.locator(".pic-value")
    assert value.get_attribute("data-index") == "255,255,31", "a part's pixels are named where they are"
    assert float(value.get_attribute("data-value")) == pytest.approx(keras["data"][0][-1][-1][31], abs=1e-5)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_pan_controls_speak_the_pages_language(open_page, lang):
    page = run_step(open_page, "maxpool2d-odd", lang)
    name = {"en": "To the last row and column", "ru": "К последней строке и столбцу"}[lang]
    expect(panel(page, 1).get_by_role("button", name=name)).to_be_visible()
    where = {"en": "rows 0–23 / 63, columns 0–23 / 63", "ru": "строки 0–23 / 63, столбцы 0–23 / 63"}[lang]
    expect(panel(page, 1).locator(".lv-pan-where")).to_have_text(where)


@pytest.mark.parametrize("step", lesson.STEPS, ids=lambda step: step.id)
def test_every_lesson_step_runs_traced_from_the_page(open_page, step):
    page = run_step(open_page, step.id)
    assert page.evaluate("window.layerLab.state.prediction.trace.length") == len(step.model["layers"])
    expect(page.locator(f'#view-root[data-layer="{step.view}"] .lv-view')).to_be_visible()


@pytest.mark.parametrize(
    ("lang", "size"),
    [("en", (1366, 768)), ("ru", (1366, 768)), ("en", (390, 844)), ("ru", (390, 844))],
    ids=["desktop-en", "desktop-ru", "phone-en", "phone-ru"],
)
def test_step_17s_part_is_in_the_feature_map_strip_and_shows_the_picture_not_its_sky(open_page, page, api, lang, size):
    """Under the layer tabs, step 17's output (sent in parts) is drawn too: the part the page has, said where it
    is, each pixel named where it is in the whole output and its number Keras's. The part is the step's own: the
    picture's pixels it comes from hold the circle, the triangle and the sky, where the first part's hold sky only."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page = run_step(open_page, "conv2d-transpose", lang)
    strip = page.locator('#trace-maps .trace-map[data-layer="conv2d_transpose"]')
    expect(strip.locator(".pic-frame")).to_have_count(32)
    expect(strip.locator(".lv-hint")).to_have_text(
        {
            "en": "The part the page has: rows 112–150, columns 48–99 of 256 × 256",
            "ru": "Часть, которая есть на странице: строки 112–150, столбцы 48–99 из 256 × 256",
        }[lang]
    )
    assert strip.locator(".pic-base").first.evaluate("c => [c.width, c.height]") == [52, 39]
    keras = keras_output(api, [0, 112, 48, 0])
    click_pixel(page, strip.locator('.pic-frame[data-channel="3"]'), 10, 30, 39, 52)
    value = strip.locator(".pic-value")
    # a map is 40 px wide for 52 pixels: the click lands within a pixel of (10, 30)
    r, c, ch = map(int, value.get_attribute("data-index").split(","))
    assert abs(r - 122) <= 1 and abs(c - 78) <= 1 and ch == 3, "a part's pixel is named where it is in the output"
    assert float(value.get_attribute("data-value")) == pytest.approx(keras["data"][0][r - 112][c - 48][3], abs=1e-5)
    picture = pictures.pixels("shapes").astype(int)  # strides 2: output pixel (r, c) comes from input (r / 2, c / 2)
    colours = [
        len({tuple(p) for p in picture[r0:r1, c0:c1].reshape(-1, 3) // 64})
        for r0, r1, c0, c1 in [(56, 76, 24, 50), (0, 16, 0, 32)]
    ]
    assert colours == [4, 1], "the step's part: sky, circle, triangle; the first part: sky"
    strip.screenshot(path=SHOTS / f"step17-strip-{lang}-{size[0]}.png")
