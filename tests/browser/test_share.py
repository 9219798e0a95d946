"""Sharing: the link carries the model, the numbers and the weights; code and import round-trip through Keras."""

import ast
import re
from pathlib import Path

import pytest
from page_kit import flat, runs, wait_for_runs
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KERAS_JSON = Path(__file__).with_name("keras_dense_model.json")  # model.to_json() of Input(4) -> Dense(2, name="d")


def test_a_shared_link_reopens_model_numbers_and_weights(open_page, browser):
    page = open_page("/?lang=en&example=dense-dot-product")
    wait_for_runs(page, 0)
    before = runs(page)
    page.locator('#data-editors input[data-flat="0"]').fill("12")
    wait_for_runs(page, before)
    before = runs(page)
    page.locator('#weight-editors input[data-flat="1"]').fill("1")
    wait_for_runs(page, before)
    page.locator(".layer-card").nth(1).locator('.field[data-arg="units"] input').fill("2")
    page.wait_for_function("() => location.hash.startsWith('#lab=')")
    page.wait_for_timeout(500)
    link = page.url
    expected = page.evaluate("window.layerLab.state.prediction.outputs[0].data")

    other = browser.new_context().new_page()
    other.goto(link)
    other.wait_for_selector("body[data-ready=true]")
    wait_for_runs(other, 0)
    expect(other.locator('#data-editors input[data-flat="0"]')).to_have_value("12")
    expect(other.locator("#total-params")).to_have_text("8")
    assert flat(other.evaluate("window.layerLab.state.prediction.outputs[0].data")) == pytest.approx(flat(expected))
    other.context.close()


def test_python_code_shows_the_model_in_keras(open_page):
    page = open_page("/?lang=en&example=dense-basic")
    page.get_by_role("button", name="Python code").click()
    code = page.locator("#code-text")
    expect(code).to_contain_text("keras.layers.Dense(units=200")
    page.locator("#code-dialog").get_by_role("button", name="Close").click()
    expect(page.locator("#code-dialog")).to_be_hidden()


def test_python_code_runs_the_numbers_on_the_page_and_checks_the_answer(open_page):
    page = open_page("/?lang=en&example=dense-dot-product")
    wait_for_runs(page, 0)
    before = runs(page)
    page.locator('#data-editors input[data-flat="0"]').fill("12,5")
    wait_for_runs(page, before)
    shown = page.evaluate("window.layerLab.state.prediction.outputs[0].data")
    page.get_by_role("button", name="Python code").click()
    code = page.locator("#code-text")
    expect(code).to_contain_text("np.testing.assert_allclose(outputs, expected")
    text = code.text_content()
    assert "keras.utils.set_random_seed(" in text
    assert re.search(r"x = np\.array\(\[+12\.5,", text), "the number typed as 12,5 is in the code as 12.5"
    written = re.search(r"expected = np\.array\((.*?), dtype='float32'\)", text, re.S).group(1)
    assert flat(ast.literal_eval(written)) == pytest.approx(flat(shown), rel=1e-6)


def test_the_notebook_variant_of_the_code_ends_by_showing_the_model_with_layerlab(open_page):
    page = open_page("/?lang=ru&example=upsampling2d-demo")
    wait_for_runs(page, 0)
    page.locator("#code-button").click()
    code = page.locator("#code-text")
    expect(code).to_contain_text("np.testing.assert_allclose")
    page.get_by_role("radio", name=re.compile("^блокнота")).check()
    expect(code).to_contain_text("layerlab.show(model, x)")
    text = code.text_content()
    assert text.startswith("import keras\nimport layerlab\n") and "assert_allclose" not in text
    assert re.search(r"x = np\.array\(\[+4", text), "the step's numbers [[4, 2], [3, 6]] are in the cell"


def test_a_keras_json_import_replaces_the_model(open_page):
    page = open_page("/?lang=en&example=dense-basic")
    page.get_by_role("button", name="Import Keras JSON").click()
    page.locator("#import-text").fill(KERAS_JSON.read_text())
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-dialog")).to_be_hidden()
    expect(page.locator(".layer-card .name-input").nth(1)).to_have_value("d")
    expect(page.locator("#total-params")).to_have_text("10")
    expect(page.locator("#example-card")).to_be_hidden()


def test_an_import_keras_refuses_explains_why(open_page):
    page = open_page("/?lang=ru&example=dense-basic")
    page.get_by_role("button", name="Импорт JSON Keras").click()
    page.locator("#import-text").fill("{not json")
    page.get_by_role("button", name="Импортировать").click()
    expect(page.locator("#import-error")).to_contain_text("JSON")
