"""Tensors bigger than the view: every part can be reached (pan, jump), stepping keeps the moving window in
sight, and a model too big to send whole runs with its big tensors sent in parts."""

import pytest
from page_kit import runs, wait_for_runs
from playwright.sync_api import Page, expect

from app import lesson, pictures

pytestmark = pytest.mark.browser


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


def value(locator) -> float:
    return float(locator.get_attribute("data-value"))


def test_max_pooling_127_to_63_shows_its_last_row_and_column(open_page, api):
    step = lesson.get("maxpool2d-odd")
    page = run_step(open_page, "maxpool2d-odd")
    expect(page.locator('#view-root[data-layer="max_pooling2d"] .lv-view')).to_be_visible()
    prediction = page.evaluate("window.layerLab.state.prediction")
    conv = next(layer for layer in prediction["trace"] if layer["name"] == "conv2d")["outputs"][0]["data"][0]
    pooled = prediction["outputs"][0]["data"][0]
    assert len(pooled) == 63 and len(conv) == step.expected.output_shapes["conv2d"][1] == 127
    # jump to the end of both grids: the output's last cell is the max of the input's last full window
    panel(page, 1).get_by_role("button", name="To the last row and column").click()
    expect(shown(page, 1, 62, 62)).to_be_visible()
    assert value(shown(page, 1, 62, 62)) == pytest.approx(pooled[62][62][0], abs=1e-6)
    panel(page, 0).locator('input[aria-label="First row shown"]').fill("120")
    panel(page, 0).locator('input[aria-label="First column shown"]').fill("110")
    panel(page, 0).locator('input[aria-label="First column shown"]').press("Enter")
    expect(shown(page, 0, 126, 126)).to_be_visible()
    assert value(shown(page, 0, 126, 126)) == pytest.approx(conv[126][126][0], abs=1e-6)
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


def test_a_model_too_big_to_send_whole_runs_in_parts_and_every_part_can_be_reached(open_page, api):
    page = run_step(open_page, "conv2d-transpose")
    expect(page.locator("#view-root")).to_contain_text("too big to send whole")
    sent = page.evaluate("window.layerLab.state.prediction.outputs[0]")
    assert sent["shape"] == [1, 256, 256, 32] and sent["window"]["start"] == [0, 0, 0, 0]
    output = panel(page, 1)
    before = runs(page)
    output.get_by_role("button", name="To the last row and column").click()
    wait_for_runs(page, before)
    expect(shown(page, 1, 255, 255)).to_be_visible()
    got = value(shown(page, 1, 255, 255))
    model = page.evaluate("window.layerLab.state.prediction.outputs[0]")
    assert model["window"]["start"][1] > 0 and model["window"]["start"][2] > 0
    start = pictures.pixels("shapes")[None].astype(int)  # the step opens with this picture
    assert page.evaluate("Array.from(window.layerLab.state.data.input_layer.values)") == start.ravel().tolist()
    body = {
        "model": lesson.get("conv2d-transpose").model,
        "inputs": start.tolist(),
        "window": {"max_numbers": 1, "at": {"conv2d_transpose": [0, 255, 255, 0]}},
    }
    keras = api.post("/api/models/predict", json=body).json()["outputs"][0]
    assert keras["window"] == {"start": [0, 255, 255, 0], "shape": [1, 1, 1, 1]}
    assert got == pytest.approx(keras["data"][0][0][0][0], abs=1e-5)


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
