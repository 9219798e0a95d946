"""The model graph beside the summary (static/js/graph.js): the lesson's merge and multi-output steps drawn from
Keras's summary, edges labelled with Keras's shapes, a click on a node selecting the layer everywhere."""

import pytest
from page_kit import screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def keras_shape(shape) -> str:
    dims = ["None" if d is None else str(d) for d in shape]
    return f"({', '.join(dims)}{',' if len(dims) == 1 else ''})"


def open_graph(page):
    page.locator("#graph-details > summary").click()
    expect(page.locator("svg.graph")).to_be_visible()


def test_the_concatenate_step_shows_both_inputs_feeding_one_node(open_page, api):
    summary = api.post("/api/models/summary", json=api.get("/api/examples/concatenate").json()["model"]).json()
    shapes = {row["name"]: row["output_shape"] for row in summary["layers"]}
    page = open_page("/?lang=en&example=concatenate")
    open_graph(page)
    into = page.locator('.graph-edge[data-to="concatenate"]')
    expect(into).to_have_count(2)
    assert sorted(into.nth(i).get_attribute("data-from") for i in range(2)) == ["inp_1", "inp_2"]
    for i in range(2):
        expect(into.nth(i).locator(".graph-label")).to_have_text(
            keras_shape(shapes[into.nth(i).get_attribute("data-from")])
        )
    out = page.locator('.graph-edge[data-from="concatenate"]')
    expect(out.locator(".graph-label")).to_have_text(keras_shape(shapes["concatenate"]))
    screenshot(page.locator("#summary-section"), "graph-concatenate.png")

    page.locator('.graph-node[data-layer="inp_2"]').click()
    expect(page.locator('.graph-node[data-layer="inp_2"]')).to_have_class("graph-node graph-input selected")
    expect(page.locator('#summary tr.main-row[data-layer="inp_2"]')).to_have_class("main-row selected")
    expect(page.locator("#layer-tabs [aria-selected=true]")).to_have_attribute("data-layer", "inp_2")
    assert page.evaluate("window.layerLab.state.selected") == "inp_2"


@pytest.mark.parametrize(
    "example", ["lstm-return-state-rerun", "lstm-sequences-and-state-demo", "lstm-sequences-and-state"]
)
def test_an_lstm_with_return_state_shows_its_three_outputs(open_page, api, example):
    summary = api.post("/api/models/summary", json=api.get(f"/api/examples/{example}").json()["model"]).json()
    lstm = next(row for row in summary["layers"] if row["type"] == "LSTM")
    assert len(lstm["output_shape"]) == 3
    page = open_page(f"/?lang=en&example={example}")
    open_graph(page)
    out = page.locator(f'.graph-edge[data-from="{lstm["name"]}"]')
    expect(out).to_have_count(3)
    expect(out.locator(".graph-label")).to_have_text(
        [f"[{i}] {keras_shape(s)}" for i, s in enumerate(lstm["output_shape"])]
    )
    expect(page.locator(".graph-output")).to_have_count(3)
    expect(page.locator(".graph-output .graph-top")).to_have_text(["output 1", "output 2", "output 3"])


def test_the_graph_speaks_russian(open_page):
    page = open_page("/?lang=ru&example=lstm-return-state-rerun")
    open_graph(page)
    expect(page.locator("#graph-details > summary")).to_have_text("Граф модели")
    expect(page.locator(".graph-output .graph-top")).to_have_text(["выход 1", "выход 2", "выход 3"])
    expect(page.locator(".graph-bar")).to_contain_text("Щелчок по слою выбирает его")
    page.locator('[data-lang-choice="en"]').click()
    expect(page.locator(".graph-output .graph-top").first).to_have_text("output 1")
