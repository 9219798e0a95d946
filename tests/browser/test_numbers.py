"""Numbers in and out of the page (static/js/numbers.js at work): decimal commas, "−" and numpy's printouts read
back; numbers written in the page's language; the full float32 value on hover, focus and tap."""

import numpy as np
import pytest
from page_kit import runs, wait_for_runs
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASTE = {"en": "Paste numbers", "ru": "Вставить числа"}
USE = {"en": "Use these numbers", "ru": "Взять эти числа"}


def opened(open_page, lang: str) -> Page:
    page = open_page(f"/?lang={lang}&example=dense-dot-product")
    wait_for_runs(page, 0)
    return page


def paste(page: Page, lang: str, text: str) -> None:
    page.get_by_text(PASTE[lang]).click()
    page.locator("#data-editors textarea").fill(text)


def sent(page: Page) -> list[float]:
    return page.evaluate("Array.from(window.layerLab.state.data.input_layer.values)")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pasted_decimal_commas_are_read_as_decimals_never_split(open_page, lang):
    page = opened(open_page, lang)
    numbers = [k / 4 for k in range(24)]
    paste(page, lang, " ".join(f"{v:g}".replace(".", ",") for v in numbers))
    before = runs(page)
    page.get_by_role("button", name=USE[lang]).click()
    wait_for_runs(page, before)
    assert sent(page) == numbers


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_comma_that_could_mean_two_things_is_refused_saying_why(open_page, lang):
    page = opened(open_page, lang)
    paste(page, lang, "1,2,3 " + " ".join(["1"] * 21))
    status = page.locator("#data-editors .paste-row")
    expect(status).to_contain_text("1,2,3")
    expect(status).to_contain_text(
        {"en": "at most one decimal comma", "ru": "не больше одной десятичной запятой"}[lang]
    )
    expect(page.get_by_role("button", name=USE[lang])).to_be_disabled()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_numpys_printed_array_and_the_pages_own_minus_are_read(open_page, lang):
    page = opened(open_page, lang)
    numbers = (np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 10) / 4
    paste(page, lang, repr(numbers))
    before = runs(page)
    page.get_by_role("button", name=USE[lang]).click()
    wait_for_runs(page, before)
    assert sent(page) == [float(v) for v in numbers.ravel()]
    before = runs(page)
    page.locator('#data-editors input[data-flat="0"]').fill("−3")
    wait_for_runs(page, before)
    assert sent(page)[0] == -3


def test_pasted_brackets_of_another_shape_are_refused(open_page):
    page = opened(open_page, "en")
    paste(page, "en", repr(np.zeros((4, 6))))
    expect(page.locator("#data-editors .paste-row")).to_contain_text("(4, 6)")
    expect(page.get_by_role("button", name=USE["en"])).to_be_disabled()


def test_the_russian_page_groups_digits_with_spaces_and_writes_decimal_commas(open_page):
    page = open_page("/?lang=ru&example=dense-basic")
    expect(page.locator("#total-params")).to_have_text("15\u00a0010")
    page = opened(open_page, "ru")
    expect(page.locator('#weight-editors input[data-flat="1"]')).to_have_value("0,5")
    page = open_page("/?lang=en&example=dense-basic")
    expect(page.locator("#total-params")).to_have_text("15,010")
