"""Numbers in and out of the page (static/js/numbers.js at work): decimal commas, "−" and numpy's printouts read
back; numbers written in the page's language; the full float32 value on hover, focus and tap."""

import re

import numpy as np
import pytest
from page_kit import runs, wait_for_runs
from playwright.sync_api import Page, expect
from test_big_tensors import run_step
from test_builder import add, field

from app import lesson

pytestmark = pytest.mark.browser

PASTE = {"en": "Paste numbers", "ru": "Вставить числа"}
USE = {"en": "Use these numbers", "ru": "Взять эти числа"}
NEXT_RU = "Вперёд, к следующей позиции"


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
def test_a_refused_paste_quotes_the_number_as_it_was_pasted(open_page, lang):
    page = opened(open_page, lang)
    paste(page, lang, "−4,5 2.5 " + " ".join(["1"] * 22))
    status = page.locator("#data-editors .paste-row")
    expect(status).to_contain_text({"en": "“−4,5”", "ru": "«−4,5»"}[lang])
    assert "-4,5" not in status.inner_text()
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


def test_a_russian_number_copied_from_the_page_is_one_number_in_a_cell(open_page):
    """The browser's copy of the Russian page's "15 010" has a plain space for its no-break one (QA)."""
    page = opened(open_page, "ru")
    before = runs(page)
    page.locator('#data-editors input[data-flat="0"]').fill("15 010")
    wait_for_runs(page, before)
    assert sent(page)[0] == 15010


def test_pasted_brackets_of_another_shape_are_refused(open_page):
    page = opened(open_page, "en")
    paste(page, "en", repr(np.zeros((4, 6))))
    expect(page.locator("#data-editors .paste-row")).to_contain_text("(4, 6)")
    expect(page.get_by_role("button", name=USE["en"])).to_be_disabled()


def test_the_russian_page_groups_digits_with_spaces_and_writes_decimal_commas(open_page):
    page = open_page("/?lang=ru&example=dense-basic")
    expect(page.locator("#total-params")).to_have_text("15\u202f010")
    formula = page.locator('.formula-row[data-layer="dense"] code').first
    expect(formula).to_contain_text("= 13\u202f000")
    page = opened(open_page, "ru")
    expect(page.locator('#weight-editors input[data-flat="1"]')).to_have_value("0,5")
    page = open_page("/?lang=en&example=dense-basic")
    expect(page.locator("#total-params")).to_have_text("15,010")
    expect(page.locator('.formula-row[data-layer="dense"] code').first).to_contain_text("= 13,000")


def significant(text: str) -> int:
    mantissa = text.replace("−", "-").replace("\u202f", "").replace(",", ".").split("e")[0]
    return len(re.sub(r"[^0-9]", "", mantissa).lstrip("0"))


def shown_numbers(locator) -> list[tuple[str, float]]:
    """(text shown, full value) of every number in a part of the page that carries its full value."""
    pairs = locator.locator("[data-value]").evaluate_all(
        "els => els.filter(e => e.dataset.value && !e.querySelector('input'))"
        ".map(e => [(e.querySelector('.lv-num') ?? e).textContent, e.dataset.value])"
    )
    return [(text.strip(), float(full)) for text, full in pairs]


def read_number(text: str) -> float:
    return float(text.replace("−", "-").replace("\u202f", "").replace(",", "."))


@pytest.mark.parametrize("step", ["lstm", "conv2d-strides"])
def test_every_value_shows_three_significant_digits_and_its_float32_in_full(open_page, step):
    page = run_step(open_page, step)
    numbers = shown_numbers(page.locator("#view-root"))
    assert len(numbers) > 100
    for text, full in numbers:
        assert read_number(text) == full or significant(text) >= 3, (text, full)
    if step == "lstm":
        return  # the rows Keras returns (the last h and c) are below the 24 rows in view; the rest is the page's LSTM
    view = lesson.get(step).view
    prediction = page.evaluate(f"window.layerLab.state.prediction.trace.find(l => l.name === '{view}').outputs[0]")
    keras = np.asarray(prediction["data"], dtype=np.float32).ravel()
    written = {str(np.float32(v)) for v in keras}
    on_page = {e for e in page.locator("#view-root [data-value]").evaluate_all("els => els.map(e => e.dataset.value)")}
    assert written & on_page, "the cells carry the float32 values as numpy prints them"


def formula_numbers(text: str) -> list[float]:
    return [read_number(n) for n in re.findall(r"−?\d[\d\u202f]*(?:[.,]\d+)?(?:e−?\d+)?", text)]


def decimals(text: str) -> int:
    """Digits after the decimal mark of a number as the page writes it."""
    mantissa = text.strip().split("e")[0]
    return len(re.split(r"[.,]", mantissa)[1]) if re.search(r"[.,]", mantissa) else 0


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_conv_formula_adds_up_from_the_numbers_it_shows(open_page, lang):
    page = run_step(open_page, "conv2d-strides", lang)
    formula = page.locator("#view-root .lv-formula")
    next_position = {"en": "Next position", "ru": NEXT_RU}[lang]
    for _ in range(12):
        text = formula.text_content()
        left, right = text.split("=", 1)[1].rsplit("=", 1)
        result = right.split("→")[0].strip()
        by_hand = 0.0
        for term in left.split(" + "):
            numbers = formula_numbers(term)
            by_hand += numbers[0] * numbers[1] if "×" in term else sum(numbers[:1])
        places = decimals(result)
        assert abs(by_hand - read_number(result)) <= 10**-places / 2 * (1 + 1e-9), text
        page.get_by_role("button", name=next_position).click()


def test_the_lstm_c_line_adds_up_from_the_numbers_it_shows(open_page):
    page = run_step(open_page, "lstm-sequences-and-state-demo")
    for step in range(4):
        if step:
            page.get_by_role("button", name="Next position").click()
        line = page.locator("#view-root .lv-formula", has_text="c = f").text_content()
        f, c_prev, i, g, c = formula_numbers(line.split("=", 1)[1])[-5:]
        places = decimals(line.rsplit("=", 1)[1])
        assert abs(f * c_prev + i * g - c) <= 10**-places / 2 * (1 + 1e-9), line


def test_a_numbers_full_value_on_tap_and_focus_can_be_copied(open_page):
    page = run_step(open_page, "lstm-sequences-and-state-demo")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    cell = page.locator("#view-root .lv-cell[data-value]").nth(3)
    full = cell.get_attribute("data-value")
    cell.tap() if page.context.browser.browser_type.name == "webkit" else cell.click()
    box = page.locator(".full-value")
    expect(box).to_be_visible()
    expect(box.locator("code")).to_have_text(full)
    box.get_by_role("button", name="Copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == full
    page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    term = page.locator("#view-root .lv-formula .lv-term").first
    term.focus()
    expect(box.locator("code")).to_have_text(term.get_attribute("data-value"))


def test_the_numpy_readout_prints_the_outputs_as_the_notebook_does(open_page):
    step = lesson.get("lstm-sequences-and-state-demo")
    page = run_step(open_page, step.id)
    outputs = page.evaluate("window.layerLab.state.prediction.outputs")
    reprs = [repr(np.asarray(o["data"], dtype=np.float32)) for o in outputs]
    numpy = "[" + ",\n ".join(r.replace("\n", "\n ") for r in reprs) + "]"
    page.get_by_text("numpy: the outputs as model.predict prints them").click()
    expect(page.locator("#numpy-text")).to_have_text(numpy)
    layout = lambda text: re.sub(r"\s+", " ", re.sub(r"-?\d+\.\d*(e[-+]\d+)?", "N", text)).strip()  # noqa: E731
    assert layout(numpy) == layout(step.notebook["output"])


@pytest.mark.parametrize(("lang", "typed"), [("ru", "−0,25"), ("en", "−0.25")])
def test_a_number_argument_takes_the_pages_minus_and_decimal_comma(open_page, lang, typed):
    page = open_page(f"/?lang={lang}&example=dense-dot-product")
    add(page, "Rescaling")
    scale = field(page, 2, "scale")
    scale.fill(typed)
    page.wait_for_function("() => window.layerLab.state.model.layers[2].args.scale === -0.25")
    expect(scale).not_to_have_class("invalid")
    scale.fill("0,2,5")
    expect(scale).to_have_class("invalid")
    assert page.evaluate("window.layerLab.state.model.layers[2].args.scale") == -0.25


def test_a_russian_number_copied_from_the_page_pastes_back_as_one_number(open_page):
    """Chromium's copy turns a no-break space into a plain one ("15 010": 15 and 10); the page's groups survive it."""
    page = open_page("/?lang=ru&example=dense-basic")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#total-params").select_text()
    page.keyboard.press("Control+c")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.replace("\u202f", "") == "15010", repr(copied)
    cell = page.locator('#data-editors input[data-flat="0"]')
    cell.select_text()
    page.keyboard.press("Control+v")
    expect(cell).to_have_value(copied)
    expect(cell).not_to_have_class(re.compile("invalid"))
    assert sent(page)[0] == 15010
