"""Building a model by hand: layers from the catalogue, the summary following each edit, errors at their layer."""

import tempfile
from pathlib import Path

import pytest
from page_kit import screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# for people to look at (pytest-playwright empties test-results/ when it starts)
SHOTS = Path(tempfile.gettempdir()) / "layerlab-builder"
SHOTS.mkdir(exist_ok=True)


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


def test_the_models_outputs_have_a_control_and_an_error_asking_for_one_has_its_button(open_page):
    """Issue 9 #4: after an LSTM with return_state=True, a layer on one of its states is a dead end."""
    page = open_page()
    start_new(page)
    field(page, 0, "shape").fill("4, 1")
    card(page, 1).locator(".type-select").select_option("LSTM")
    card(page, 1).locator('.field[data-arg="return_state"] input').check()
    expect(card(page, 1).locator(".layer-shape")).to_have_text("(None, 2) (None, 2) (None, 2)")
    add(page, "Dense")
    card(page, 2).locator(".inputs-picker select").select_option("lstm:0")
    expect(card(page, 2).locator(".layer-shape")).to_have_text("(None, 2)")
    add(page, "Dense")
    card(page, 3).locator(".inputs-picker select").select_option("lstm:1")
    error = card(page, 2).locator(".layer-error")
    expect(error).to_contain_text("does not lead to any model output")
    error.get_by_role("button", name="Add dense to the model's outputs").click()
    expect(page.locator(".layer-card.has-error")).to_have_count(0)
    outputs = page.locator("#model-outputs")
    expect(outputs.locator("input[value=dense_1]")).to_be_checked()
    expect(outputs.locator("input[value=dense]")).to_be_checked()
    expect(page.locator("#total-params")).to_have_text(f"{4 * 2 * (1 + 2 + 1) + 2 * (2 + 1) * 2:,}")
    outputs.locator("input[value=dense]").uncheck()
    expect(card(page, 2).locator(".layer-error")).to_contain_text("does not lead to any model output")


@pytest.mark.parametrize(("first", "second"), [("en", "ru"), ("ru", "en")])
def test_switching_language_keeps_a_live_error_and_translates_the_status(open_page, first, second):
    """Issue 9 #5: the error text and red outline vanished on a language switch; the status line stayed."""
    words = {
        "en": {
            "expects": "Expected a whole number ≥ 1",
            "waiting": "Waiting for a valid value…",
            "conv": "Conv2D expects",
        },
        "ru": {"expects": "Ожидается", "waiting": "Ждём правильное значение…", "conv": "Conv2D ожидает"},
    }
    page = open_page(f"/?lang={first}")
    page.locator(f"[data-lang-choice={first}]").click()
    page.locator(".layer-card").first.wait_for()
    page.locator("#new-model").click()
    expect(page.locator(".layer-card")).to_have_count(2)
    page.locator("#add-type").select_option("Conv2D")
    page.locator("#add-button").click()
    expect(card(page, 2).locator(".layer-error")).to_contain_text(words[first]["conv"])
    units = field(page, 1, "units")
    units.fill("0")
    hint = card(page, 1).locator('.field[data-arg="units"] .field-error')
    expect(hint).to_contain_text(words[first]["expects"])
    expect(page.locator("#summary-status")).to_have_text(words[first]["waiting"])
    page.locator(f"[data-lang-choice={second}]").click()
    expect(page.locator("html")).to_have_attribute("lang", second)
    expect(field(page, 1, "units")).to_have_value("0")
    expect(field(page, 1, "units")).to_have_class("invalid")
    expect(hint).to_contain_text(words[second]["expects"])
    expect(page.locator("#summary-status")).to_have_text(words[second]["waiting"])
    expect(card(page, 2)).to_have_class("layer-card has-error")
    expect(card(page, 2).locator(".layer-error")).to_contain_text(words[second]["conv"])


def test_while_the_model_is_refused_cards_show_no_old_shapes_and_the_message_is_in_view(open_page, page):
    """Issue 9 #9: cards kept old shapes; the message said #1 for card 2; it sat off screen."""
    page.set_viewport_size({"width": 1024, "height": 700})
    page = open_page("/?lang=en&example=conv2d-valid")
    expect(card(page, 1).locator(".layer-shape")).to_have_text("(None, 126, 126, 32)")
    card(page, 1).locator(".type-select").select_option("Dense")
    card(page, 1).locator(".type-select").select_option("Conv1D")
    broken = card(page, 1)
    expect(broken.locator(".layer-error")).to_contain_text("layer #2 'conv1d'")  # numbered as the cards are
    expect(broken.locator(".layer-error")).not_to_contain_text("Layer 2 (conv1d):")  # and named once
    expect(broken.locator(".layer-error")).to_be_in_viewport()
    for n in range(page.locator(".layer-card").count()):
        expect(card(page, n).locator(".layer-shape")).to_have_text("—")


def test_a_merge_taking_a_layers_first_output_by_number_shows_it_ticked_and_keeps_it(open_page):
    """Step 30's residual Add takes attention:0 (a one-output layer, named with its output's number)."""
    page = open_page("/?lang=en&example=attention")
    residual = page.locator('.layer-card[data-layer-name="residual"] .inputs-picker')
    expect(residual.locator("input:checked")).to_have_count(2)
    assert [b.get_attribute("value") for b in residual.locator("input:checked").all()] == ["embedding", "attention:0"]
    residual.locator('input[value="tokens"]').check()
    residual.locator('input[value="tokens"]').uncheck()
    inputs = page.evaluate("layerLab.state.model.layers.find((l) => l.name === 'residual').inputs")
    assert inputs == ["embedding", "attention:0"]


@pytest.mark.parametrize("width", [390, 360])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_on_a_phone_a_cards_type_shows_its_whole_name(open_page, page: Page, lang, width):
    """Issue 12: step 30's cards cut MultiHeadAttention and LayerNormalization at 390 px. A type's select is as wide
    as the chosen name needs (measured on a copy with no width limit) and stays inside its card, for every type;
    at 360 px too, where the GlobalAveragePooling names were wider than the room beside the layer's number."""
    page.set_viewport_size({"width": width, "height": 844})
    open_page(f"/?lang={lang}&example=attention")
    fits = page.evaluate(
        """() => {
          const natural = (select, value) => {
            const free = select.cloneNode(true);
            free.value = value;
            Object.assign(free.style, {position: 'absolute', left: '0', top: '0', maxWidth: 'none'});
            select.parentElement.append(free);
            const width = free.getBoundingClientRect().width;
            free.remove();
            return width;
          };
          const inside = (select) => {
            const head = select.closest('.layer-head').getBoundingClientRect();
            return select.getBoundingClientRect().right <= head.right + 0.5;
          };
          const selects = [...document.querySelectorAll('.layer-card .type-select')];
          const head = selects[0].closest('.layer-head');
          const room = head.clientWidth - selects[0].getBoundingClientRect().left + head.getBoundingClientRect().left;
          return {
            cards: selects.map((s) => [s.value, s.getBoundingClientRect().width + 0.5 >= natural(s, s.value), inside(s)]),
            cut: [...selects[0].options].filter((o) => natural(selects[0], o.value) > room).map((o) => o.value),
          };
        }"""
    )
    names = [value for value, *_ in fits["cards"]]
    assert {"MultiHeadAttention", "LayerNormalization"} <= set(names), names
    assert all(whole and inside for _, whole, inside in fits["cards"]), fits
    assert fits["cut"] == [], fits
    # the widest name chosen: whole, on the number's row, inside the card
    card = page.locator(".layer-card").nth(3)
    card.locator(".type-select").select_option("GlobalAveragePooling1D")
    expect(card.locator(".type-select")).to_have_value("GlobalAveragePooling1D")
    box, badge, head = card.evaluate(
        """(card) => ['.type-select', '.layer-index', '.layer-head'].map((s) => {
          const r = card.querySelector(s).getBoundingClientRect();
          return {middle: r.top + r.height / 2, right: r.right}; })"""
    )
    assert abs(box["middle"] - badge["middle"]) < 2, (box, badge)
    assert box["right"] <= head["right"] + 0.5
    card.screenshot(path=SHOTS / f"type-{lang}-{width}.png")


@pytest.mark.parametrize(("lang", "width"), [("en", 1366), ("ru", 390)])
def test_a_layer_written_by_its_alias_shows_its_own_type_not_the_first_of_the_list(open_page, page: Page, lang, width):
    """Steps 12-14 and 29 write MaxPool2D, as the notebook does: the card's type list, which holds MaxPooling2D, fell
    back to its first entry and said Activation above the pooling's own arguments (on screen and on the worksheet)."""
    page.set_viewport_size({"width": width, "height": 844})
    open_page(f"/?lang={lang}&example=maxpool2d")
    pooling = card(page, 2)
    expect(pooling.locator(".field[data-arg=pool_size]")).to_be_visible()
    expect(pooling.locator(".type-select")).to_have_value("MaxPooling2D")
    assert pooling.locator(".type-select option:checked").inner_text() == "MaxPooling2D"
    pooling.screenshot(path=str(SHOTS / f"alias-{lang}-{width}.png"))
