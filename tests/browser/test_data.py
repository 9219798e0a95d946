"""The learner's numbers: typing in a cell, filling an input and editing weights change what the model gives."""

import re

import pytest
from page_kit import runs, screenshot, wait_for_runs
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def output(page: Page):
    return page.evaluate("window.layerLab.state.prediction.outputs[0].data")


def opened(open_page) -> Page:
    page = open_page("/?lang=en&example=dense-dot-product")
    wait_for_runs(page, 0)
    return page


def test_typing_a_number_changes_the_output(open_page):
    page = opened(open_page)
    before = runs(page)
    cell = page.locator('#data-editors input[data-flat="0"]')
    expect(cell).to_have_value("2")
    cell.fill("12")
    wait_for_runs(page, before)
    assert output(page)[0][0] == pytest.approx([9.0, 15.0])
    assert output(page)[0][1] == pytest.approx([6.0, 10.0])


def test_a_cell_that_is_not_a_number_is_marked_and_not_sent(open_page):
    page = opened(open_page)
    cell = page.locator('#data-editors input[data-flat="1"]')
    cell.fill("four")
    expect(cell).to_have_class("invalid")
    assert page.evaluate("window.layerLab.state.data.input_layer.values[1]") == 4


def test_fill_zeros_and_paste(open_page):
    page = opened(open_page)
    before = runs(page)
    page.locator('#data-editors [data-fill="zeros"]').click()
    wait_for_runs(page, before)
    assert output(page) == [[[0, 0]] * 3] * 2
    page.get_by_text("Paste numbers").click()
    paste = page.locator("#data-editors textarea")
    paste.fill("1 2 3")
    expect(page.locator("#data-editors .paste-row")).to_contain_text("3 of 24 numbers")
    paste.fill(" ".join(["1"] * 24))
    before = runs(page)
    page.get_by_role("button", name="Use these numbers").click()
    wait_for_runs(page, before)
    assert output(page)[1][2] == pytest.approx([1.2, 2.0])


def test_editing_a_weight_changes_the_output(open_page):
    page = opened(open_page)
    kernel = page.locator('#weight-editors input[data-flat="1"]')
    expect(kernel).to_have_value("0.5")
    before = runs(page)
    kernel.fill("1")
    wait_for_runs(page, before)
    assert output(page)[0][0] == pytest.approx([6.0, 2 * 1 + (4 + 6 + 8) * 0.5])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_weights_say_where_they_came_from(open_page, lang):
    """Issue 9 #11: a step's weights were labelled both "set by you" and "from the seed above"."""
    words = {
        "en": {"step": "set by this step", "you": "set by you", "seed": "for the seed above"},
        "ru": {"step": "заданы этим шагом", "you": "заданы вами", "seed": "для seed выше"},
    }[lang]
    page = open_page(f"/?lang={lang}&example=dense-dot-product")
    wait_for_runs(page, 0)
    weights = page.locator("#weight-editors details.weights")
    expect(weights.locator("summary")).to_contain_text(words["step"])
    expect(weights).not_to_contain_text(words["you"])
    expect(weights).not_to_contain_text(words["seed"])
    before = runs(page)
    page.locator('#weight-editors input[data-flat="1"]').fill("1")
    wait_for_runs(page, before)
    page.locator('#layer-tabs [data-layer="input_layer"]').click()
    page.locator('#layer-tabs [data-layer="dense"]').click()
    expect(weights.locator("summary")).to_contain_text(words["you"])
    page.locator("#new-model").click()
    page.wait_for_function("() => window.layerLab.state.prediction !== null")
    page.locator("#weight-editors details.weights summary").wait_for()
    expect(page.locator("#weight-editors details.weights")).to_contain_text(words["seed"])
    expect(page.locator("#weight-editors details.weights summary")).not_to_contain_text(words["you"])


SHOWN_ERROR = "#data-editors .lv-grid-error:not([hidden])"
REFUSED = {  # the cell, the number the model still gets, and what was expected
    "en": ["Cell [0, 0, 0] is not sent, the model still gets 2: “1,2,3”", "at most one decimal comma", "“1, 2, 3”"],
    "ru": [
        "Ячейка [0, 0, 0] не отправлена, модель получает прежнее 2: «1,2,3»",
        "одной десятичной запятой",
        "«1, 2, 3»",
    ],
}


def says(line, parts: list[str]) -> None:
    for part in parts:
        expect(line).to_contain_text(part)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_refused_cell_says_which_and_why_in_words_on_the_page(open_page, lang):
    """A cell's refusal was only a title tooltip: on a touch screen nobody saw why the cell was red."""
    page = open_page(f"/?lang={lang}&example=dense-dot-product")
    wait_for_runs(page, 0)
    cell = page.locator('#data-editors input[data-flat="0"]')
    cell.fill("1,2,3")
    expect(cell).to_have_class("invalid")
    line = page.locator(SHOWN_ERROR)
    expect(line).to_be_visible()
    says(line, REFUSED[lang])
    cell.fill("5")
    expect(line).to_have_count(0)
    expect(cell).not_to_have_class("invalid")


def test_switching_language_keeps_a_refused_cell_and_translates_why(open_page):
    """Switching to English put the old number back in a refused cell and dropped its red outline and error."""
    page = open_page("/?lang=ru&example=dense-dot-product")
    wait_for_runs(page, 0)
    page.locator('#data-editors input[data-flat="0"]').fill("1,2,3")
    expect(page.locator('#data-editors input[data-flat="0"]')).to_have_class("invalid")
    page.locator('[data-lang-choice="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    cell = page.locator('#data-editors input[data-flat="0"]')
    expect(cell).to_have_value("1,2,3")
    expect(cell).to_have_class("invalid")
    expect(cell).to_have_attribute("aria-invalid", "true")
    says(page.locator(SHOWN_ERROR), REFUSED["en"])
    screenshot(page.locator("#data-section"), "data-cell-refused.png")
    assert page.evaluate("window.layerLab.state.data.input_layer.values[0]") == 2


@pytest.mark.parametrize(
    ("lang", "said", "prefix"),
    [
        ("en", "layer 'embedding' (Embedding): indices must be whole numbers", "Layer 2 (embedding):"),
        ("ru", "слой 'embedding' (Embedding): индексы должны быть целыми", "Слой 2 (embedding):"),
    ],
)
def test_the_servers_refusal_of_the_numbers_names_the_layer_once(open_page, lang, said, prefix):
    page = open_page(f"/?lang={lang}&example=embedding")
    wait_for_runs(page, 0)
    page.locator('#data-editors input[data-flat="1"]').fill("−3")
    expect(page.locator("#data-error")).to_have_text(re.compile("^" + re.escape(said)))
    expect(page.locator("#data-error")).not_to_contain_text(prefix)
