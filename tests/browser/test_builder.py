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


def test_a_field_the_page_refuses_sets_aside_the_cards_old_answer(open_page):
    page = open_page()
    start_new(page)
    field(page, 1, "units").fill("10")
    add(page, "Reshape")
    reshape = card(page, 2)
    field(page, 2, "target_shape").fill("3")
    expect(reshape.locator(".layer-error")).to_contain_text("holds 3")
    # A value the page itself refuses: the server's error about "3" no longer belongs on the card.
    field(page, 2, "target_shape").fill("3, a")
    expect(reshape.locator('.field[data-arg="target_shape"] .field-error')).to_contain_text("Expected")
    expect(reshape.locator(".layer-error")).to_be_hidden()
    expect(reshape).not_to_have_class("layer-card has-error")
    expect(reshape.locator(".layer-pending")).to_have_text("unknown until the marked field is fixed")
    field(page, 2, "target_shape").fill("2, 5")
    expect(reshape.locator(".layer-pending")).to_be_hidden()
    expect(reshape.locator(".layer-shape")).to_have_text("(None, 2, 5)")
    expect(reshape.locator(".layer-error")).to_be_hidden()
    # The same for an output shape: it comes back once the field is valid again.
    dense = card(page, 1)
    expect(dense.locator(".layer-shape")).to_have_text("(None, 10)")
    field(page, 1, "units").fill("0")
    expect(dense.locator(".layer-shape")).to_be_hidden()
    expect(dense.locator(".layer-pending")).to_be_visible()
    field(page, 1, "units").fill("10")
    expect(dense.locator(".layer-pending")).to_be_hidden()
    expect(dense.locator(".layer-shape")).to_have_text("(None, 10)")


@pytest.mark.parametrize(
    ("padding", "sent", "shape"),
    [
        ("1", 1, "(None, 6, 7, 1)"),
        ("1, 2", [1, 2], "(None, 6, 9, 1)"),
        ("(1,1),(2,0)", [[1, 1], [2, 0]], "(None, 6, 7, 1)"),
        ("[[0, 1], [2, 2]]", [[0, 1], [2, 2]], "(None, 5, 9, 1)"),
    ],
)
def test_padding_and_cropping_take_a_number_two_or_two_pairs(open_page, padding, sent, shape):
    page = open_page()
    start_new(page)
    field(page, 0, "shape").fill("4, 5, 1")
    card(page, 1).locator(".type-select").select_option("ZeroPadding2D")
    expect(card(page, 1).locator(".layer-shape")).to_have_text("(None, 6, 7, 1)")
    with page.expect_request(lambda r: r.url.endswith("/api/models/summary")) as request:
        field(page, 1, "padding").fill(padding)
    assert request.value.post_data_json["layers"][1]["args"]["padding"] == sent
    expect(card(page, 1).locator('.field[data-arg="padding"] .field-error')).to_be_hidden()
    expect(card(page, 1).locator(".layer-shape")).to_have_text(shape)
    add(page, "Cropping2D")
    field(page, 2, "cropping").fill("(1, 0), (0, 3)")
    rows, cols = (int(d) for d in shape.strip("()").split(", ")[1:3])
    expect(card(page, 2).locator(".layer-shape")).to_have_text(f"(None, {rows - 1}, {cols - 3}, 1)")
