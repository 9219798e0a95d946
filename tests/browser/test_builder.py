"""Building a model by hand: layers from the catalogue, the summary following each edit, errors at their layer."""

import pytest
from page_kit import screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def card(page: Page, n: int):
    return page.locator(".layer-card").nth(n)


def field(page: Page, n: int, arg: str):
    return card(page, n).locator(f'.field[data-arg="{arg}"]').locator("input, select").first


def start_new(page: Page) -> None:
    page.get_by_role("button", name="Start a new model").click()
    expect(page.locator(".layer-card")).to_have_count(2)
    expect(page.locator("#total-params")).to_have_text("10")


def add(page: Page, layer_type: str) -> None:
    page.locator("#add-type").select_option(layer_type)
    page.locator("#add-button").click()


def test_a_model_built_by_hand_gets_kerass_summary(open_page, api):
    page = open_page()
    start_new(page)
    field(page, 0, "shape").fill("64")
    field(page, 1, "units").fill("200")
    field(page, 1, "activation").select_option(label="relu")
    add(page, "Dense")
    field(page, 2, "units").fill("10")
    expect(page.locator("#total-params")).to_have_text("15,010")
    expect(page.locator("#summary .formula code").nth(2)).to_have_text("64 × 200 + 200 = 13,000")
    expect(card(page, 2).locator(".layer-shape")).to_have_text("(None, 10)")
    page.get_by_role("button", name="Move dense_1 up").click()
    expect(card(page, 1).locator(".name-input")).to_have_value("dense_1")
    expect(page.locator("#total-params")).to_have_text(f"{64 * 10 + 10 + 10 * 200 + 200:,}")
    page.get_by_role("button", name="Remove dense_1").click()
    expect(page.locator("#total-params")).to_have_text("13,000")
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "builder.png")
    screenshot(page.locator("#summary-section"), "summary.png")


def test_two_inputs_merge_with_concatenate(open_page):
    page = open_page()
    start_new(page)
    card(page, 1).locator(".type-select").select_option("Input")
    expect(card(page, 1).locator(".name-input")).to_have_value("input_layer_1")
    field(page, 1, "shape").fill("3")
    add(page, "Concatenate")
    boxes = card(page, 2).locator(".inputs-picker input[type=checkbox]")
    expect(boxes).to_have_count(2)
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).to_be_checked()
    expect(card(page, 2).locator(".layer-shape")).to_have_text("(None, 7)")
    expect(page.locator(".summary-table tr.main-row").nth(2).locator(".connected")).to_contain_text("input_layer_1")
    expect(page.locator("#data-editors .editor")).to_have_count(2)


def test_an_invalid_argument_is_explained_at_its_field(open_page):
    page = open_page()
    start_new(page)
    field(page, 1, "units").fill("0")
    error = card(page, 1).locator('.field[data-arg="units"] .field-error')
    expect(error).to_contain_text("Expected a whole number ≥ 1")


def test_a_layer_keras_refuses_shows_the_error_on_its_card(open_page):
    page = open_page()
    start_new(page)
    add(page, "Conv2D")
    broken = card(page, 2)
    expect(broken).to_have_class("layer-card has-error")
    expect(broken.locator(".layer-error")).to_contain_text("Conv2D expects a 4-D input")
    expect(page.locator("#model-error")).to_be_hidden()
    page.get_by_role("button", name="Русский").click()
    page.get_by_role("button", name="Удалить conv2d").click()
    expect(page.locator(".layer-card.has-error")).to_have_count(0)
    add(page, "Conv2D")
    expect(card(page, 2).locator(".layer-error")).to_contain_text("Conv2D ожидает")
