"""The lesson: every example opens with one click and shows Keras's own numbers."""

import pytest
from page_kit import flat, runs, screenshot, wait_for_runs
from playwright.sync_api import expect

from app import lesson

pytestmark = pytest.mark.browser


def test_each_example_opens_with_kerass_total(open_page, api):
    examples = api.get("/api/examples").json()
    page = open_page("/?lang=en")
    for example in examples:
        expected = api.post("/api/models/summary", json=example["model"]).json()["total_params"]
        page.locator(f'[data-example="{example["id"]}"]').click()
        expect(page.locator("#example-title")).to_have_text(example["title"]["en"])
        expect(page.locator("#total-params")).to_have_text(f"{expected:,}")
        expect(page.locator(f'[data-example="{example["id"]}"]')).to_have_attribute("aria-current", "true")


def test_a_link_opens_one_example_with_its_numbers(open_page, api):
    example = api.get("/api/examples/dense-dot-product").json()
    page = open_page("/?lang=ru&example=dense-dot-product")
    wait_for_runs(page, 0)
    expect(page.locator("#example-title")).to_have_text(example["title"]["ru"])
    outputs = page.evaluate("window.layerLab.state.prediction.outputs[0].data")
    assert flat(outputs) == pytest.approx(flat(lesson.get("dense-dot-product").expected.outputs))
    expect(page.locator('#view-root[data-layer="dense"] > *').first).to_be_visible()
    screenshot(page, "lesson.png", full_page=True)
    screenshot(page.locator("#views-section"), "views.png")


def test_the_conv2d_transpose_example_uses_the_lessons_weights(open_page):
    page = open_page("/?lang=en&example=conv2d-transpose-demo")
    if not runs(page):
        wait_for_runs(page, 0)
    outputs = page.evaluate("window.layerLab.state.prediction.outputs[0].data")
    assert flat(outputs) == pytest.approx(flat(lesson.get("conv2d-transpose-demo").expected.outputs))


def test_a_step_about_shapes_runs_when_asked(open_page):
    page = open_page("/?lang=en&example=reshape-10x10")
    notice = page.locator("#view-root .notice")
    expect(notice).to_contain_text("Press Run")
    notice.get_by_role("button", name="Run").click()
    wait_for_runs(page, 0)
    expect(page.locator('#layer-tabs [data-layer="reshape"]')).to_have_attribute("aria-selected", "true")
    assert page.evaluate("window.layerLab.state.prediction.outputs[0].shape") == [1, 10, 10]
