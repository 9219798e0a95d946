"""The page says which weights it already holds (held_weights, static/js/held.js): after typing new numbers the
server leaves out the weights that did not change, and the page still shows every weight, Keras's numbers, as
before; a weight typed anew comes back and is shown. In Chromium against the real server."""

import json

import pytest
from page_kit import runs, screenshot, wait_for_runs
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

LSTM_WEIGHTS = ["embedding/embeddings", "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias"]


def traced_weights(page: Page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries(window.layerLab.state.prediction.trace.flatMap((layer) =>
             layer.weights.map((w) => [`${layer.name}/${w.name}`, w.data])))"""
    )


def shown_weights(page: Page) -> list[str]:
    """What the weight editor shows, cell by cell."""
    return page.locator("#weight-editors input[data-flat]").evaluate_all("(cells) => cells.map((c) => c.value)")


def weights_panel(panel) -> str:
    """The text of the view's weights panel, opened (the view is drawn anew with each answer)."""
    panel.evaluate("(details) => { details.open = true; }")
    expect(panel.locator(".lv-grid").first).to_be_visible()
    return panel.inner_text()


def typed(page: Page, cell, text: str) -> tuple[dict, dict]:
    """Type into a cell and wait for the run it causes: the POST /api/models/predict's body and its answer."""
    before = runs(page)
    with page.expect_response(lambda r: r.url.endswith("/api/models/predict") and r.ok) as asked:
        cell.fill(text)
    wait_for_runs(page, before)
    return json.loads(asked.value.request.post_data), asked.value.json()


def test_typing_new_numbers_keeps_showing_the_weights_the_server_did_not_send_again(open_page):
    page = open_page("/?lang=en&example=lstm-return-state")
    wait_for_runs(page, 0)
    panel = page.locator("#view-root details.lv-weights")
    first, shown = traced_weights(page), weights_panel(panel)
    assert list(first) == LSTM_WEIGHTS and shown.count("\n") > 20
    outputs = page.evaluate("window.layerLab.state.prediction.outputs[0].data")
    body, answer = typed(page, page.locator('#data-editors input[data-flat="0"]'), "42")
    assert sorted(body["held_weights"]) == sorted(LSTM_WEIGHTS), "the page names every weight it holds"
    assert [w["data"] for layer in answer["trace"] for w in layer["weights"]] == [None] * 4, "none is sent again"
    assert page.evaluate("window.layerLab.state.prediction.outputs[0].data") != outputs, "the new numbers ran"
    assert traced_weights(page) == first
    assert weights_panel(panel) == shown, "the view shows the same weights"
    screenshot(panel, "held-weights-lstm.png")


def test_a_weight_typed_anew_comes_back_from_keras_and_the_others_stay_held(open_page):
    page = open_page("/?lang=en&example=lstm-return-state-demo")
    wait_for_runs(page, 0)
    page.locator("#weight-editors details.weights summary").click()
    cells = page.locator("#weight-editors input[data-flat]")
    expect(cells.first).to_be_visible()
    first, shown = traced_weights(page), shown_weights(page)
    body, answer = typed(page, cells.first, "0.5")
    assert sorted(body["held_weights"]) == ["lstm/bias", "lstm/kernel", "lstm/recurrent_kernel"]
    came = {
        f"{layer['name']}/{w['name']}" for layer in answer["trace"] for w in layer["weights"] if w["data"] is not None
    }
    assert came == {"lstm/kernel"}, "of the layer's weights the page sent, only the one typed anew comes back"

    body, answer = typed(page, page.locator('#data-editors input[data-flat="0"]'), "0.7")
    assert [w["data"] for layer in answer["trace"] for w in layer["weights"]] == [None] * 3
    now = traced_weights(page)
    assert now["lstm/kernel"][0][0] == 0.5 and now["lstm/bias"] == first["lstm/bias"]
    assert shown_weights(page)[0] == "0.5" and shown_weights(page)[1:] == shown[1:], "the page shows them all"
