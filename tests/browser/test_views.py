"""The layer views in headless Chromium, on the views harness page, against a real server.

Each test opens /static/views-harness.html#body=<predict request>, which asks the server for a
predict with trace and renders the view of the last layer.
"""

import json
import math
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "static" / "screenshots"

NOTEBOOK_IMAGE = [[[4], [2]], [[3], [6]]]
UPSAMPLING = {
    "model": {
        "layers": [
            {"type": "Input", "name": "inp", "args": {"shape": [2, 2, 1]}},
            {"type": "UpSampling2D", "name": "up", "args": {"size": [2, 2]}},
        ]
    },
    "inputs": NOTEBOOK_IMAGE,
}
CONV_TRANSPOSE = {
    "model": {
        "layers": [
            {"type": "Input", "name": "inp", "args": {"shape": [3, 3, 1]}},
            {
                "type": "Conv2DTranspose",
                "name": "ct",
                "args": {"filters": 1, "kernel_size": 3, "strides": 2, "padding": "same"},
            },
        ]
    },
    "inputs": [[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]],
    "weights": {"ct": [[[[[v]] for v in row] for row in [[1, 0, -1], [2, 0, -2], [1, 0, -1]]], [0.5]]},
}
NOTEBOOK_CONV_TRANSPOSE = {
    "model": {
        "layers": [
            {"type": "Input", "args": {"shape": [2, 2, 1]}},
            {
                "type": "Conv2DTranspose",
                "name": "ct",
                "args": {"filters": 1, "kernel_size": 1, "strides": 3, "padding": "same"},
            },
        ]
    },
    "inputs": NOTEBOOK_IMAGE,
    "weights": {"ct": [[[[[1]]]], [0]]},
}
LSTM = {
    "model": {
        "layers": [
            {"type": "Input", "name": "inp", "args": {"shape": [4, 1]}},
            {"type": "LSTM", "name": "lstm", "args": {"units": 2, "return_sequences": True, "return_state": True}},
        ]
    },
    "inputs": [[0.1], [0.2], [0.3], [0.4]],
}


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


def open_view(page: Page, server_url: str, body: dict, lang: str = "en") -> list[str]:
    """Open the harness on `body`; returns the list that collects page errors (CSP included)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server_url}/static/views-harness.html#lang={lang}&body={quote(json.dumps(body))}")
    expect(page.locator("body")).to_have_attribute("data-ready", "yes", timeout=60_000)
    return errors


def flat(data) -> list[float]:
    return [v for item in data for v in flat(item)] if isinstance(data, list) else [data]


def cell(page: Page, panel: int, r: int, c: int):
    return page.locator(".lv-panel").nth(panel).locator(f'.lv-cell[data-r="{r}"][data-c="{c}"]')


def grid_values(page: Page, panel: int) -> list[float]:
    return [
        float(v.replace("−", "-"))
        for v in page.locator(".lv-panel")
        .nth(panel)
        .locator(".lv-cell")
        .evaluate_all("cells => cells.map(c => c.dataset.value)")
    ]


def test_upsampling_hover_and_focus_light_the_input_cell_copied(page: Page, server_url: str):
    errors = open_view(page, server_url, UPSAMPLING)
    expect(page.locator(".lv-badge")).to_have_attribute("data-match", "true")
    cell(page, 1, 2, 3).hover()
    lit = page.locator(".lv-panel").nth(0).locator(".lv-cell.is-lit")
    expect(lit).to_have_count(1)
    expect(cell(page, 0, 1, 1)).to_have_class("lv-cell is-lit")
    expect(page.locator(".lv-panel").nth(1).locator(".is-echo")).to_have_count(4)
    expect(page.locator(".lv-formula")).to_contain_text("copies input [1, 1]")
    cell(page, 1, 0, 1).focus()
    expect(cell(page, 0, 0, 0)).to_have_class("lv-cell is-lit")
    page.keyboard.press("ArrowRight")
    expect(cell(page, 1, 0, 2)).to_be_focused()
    expect(cell(page, 0, 0, 1)).to_have_class("lv-cell is-lit")
    page.locator("main").screenshot(path=SCREENSHOTS / "view-upsampling.png")
    assert errors == []


def test_conv_transpose_steps_through_positions_and_ends_on_keras_numbers(page: Page, server_url: str, api):
    keras = api.post("/api/models/predict", json=CONV_TRANSPOSE).json()["outputs"][0]
    errors = open_view(page, server_url, CONV_TRANSPOSE)
    status = page.locator(".lv-status")
    expect(status).to_have_text("Position 1 of 36: output [0, 0]")
    expect(page.locator(".lv-panel").nth(1).locator(".is-window")).to_have_count(9)
    page.get_by_role("button", name="Next position").click()
    expect(status).to_have_text("Position 2 of 36: output [0, 1]")
    expect(cell(page, 3, 0, 1)).to_have_class("lv-cell is-current")
    page.keyboard.press("ArrowRight")
    expect(status).to_contain_text("Position 3 of 36")
    page.get_by_role("button", name="Play or pause").click()
    expect(status).to_contain_text("Position 5 of 36", timeout=5_000)
    page.get_by_role("button", name="Play or pause").click()
    page.keyboard.press("Home")
    for _ in range(14):
        page.keyboard.press("ArrowRight")
    expect(status).to_have_text("Position 15 of 36: output [2, 2]")
    formula = "output [2, 2] = 1 × −1 + 2 × 1 + 4 × −1 + 5 × 1 + bias 0.5 = 2.5"
    expect(page.locator(".lv-formula")).to_contain_text(formula)
    page.locator("main").screenshot(path=SCREENSHOTS / "view-conv2dtranspose.png")
    page.keyboard.press("End")
    expect(status).to_have_text("Position 36 of 36: output [5, 5]")
    expect(page.locator(".lv-panel").nth(3).locator(".is-pending")).to_have_count(0)
    got = grid_values(page, 3)
    want = flat(keras["data"])
    assert len(got) == len(want) == 36
    assert max(abs(a - b) for a, b in zip(got, want, strict=True)) < 1e-4
    expect(page.locator(".lv-badge")).to_have_attribute("data-match", "true")
    assert errors == []


def test_conv_transpose_notebook_example_spreads_with_two_zeros(page: Page, server_url: str):
    open_view(page, server_url, NOTEBOOK_CONV_TRANSPOSE)
    spread = page.locator(".lv-panel").nth(1)
    expect(spread.locator(".lv-cell.is-input")).to_have_count(4)
    expect(spread.locator(".lv-cell.is-zero")).to_have_count(12)
    page.keyboard.press("Tab")
    page.locator(".lv-stepper").press("End")
    assert grid_values(page, 3) == flat([[4, 0, 0, 2, 0, 0], [0] * 6, [0] * 6, [3, 0, 0, 6, 0, 0], [0] * 6, [0] * 6])


def test_lstm_steps_and_its_js_gates_agree_with_keras(page: Page, server_url: str, api):
    keras = api.post("/api/models/predict", json=LSTM).json()["outputs"]
    errors = open_view(page, server_url, LSTM)
    badge = page.locator(".lv-badge")
    expect(badge).to_have_attribute("data-match", "true")
    expect(badge).to_contain_text("matches Keras ✓")
    assert float(badge.get_attribute("data-max-diff")) < 1e-4
    status = page.locator(".lv-status")
    expect(status).to_have_text("Step 1 of 4 (x at t=0)")
    page.get_by_role("button", name="Next position").click()
    page.get_by_role("button", name="Next position").click()
    expect(status).to_have_text("Step 3 of 4 (x at t=2)")
    expect(page.locator(".lv-formula").first).to_contain_text("i = sigmoid(")
    # Gates and states of step 3 are those of the JS run; h of every step equals Keras's sequence.
    gates = [
        float(v.replace("−", "-"))
        for v in page.locator(".lv-panel")
        .nth(1)
        .locator(".lv-cell")
        .evaluate_all("cells => cells.map(c => c.dataset.value)")
    ]
    i, f, g, o, c, h = (gates[k * 2 : (k + 1) * 2] for k in range(6))
    assert all(0 < v < 1 for v in i + f + o)
    assert all(math.isclose(hv, ov * math.tanh(cv), abs_tol=1e-5) for hv, ov, cv in zip(h, o, c, strict=True))
    sequence = flat(keras[0]["data"])
    assert max(abs(a - b) for a, b in zip(h, sequence[4:6], strict=True)) < 1e-5
    assert max(abs(a - b) for a, b in zip(grid_values(page, 2), sequence, strict=True)) < 1e-5
    expect(page.locator(".lv-return-list li")).to_have_count(3)
    page.locator(".lv-panel").nth(1).locator('.lv-cell[data-r="0"][data-c="1"]').hover()
    expect(page.locator(".lv-hint").first).to_contain_text("Unit u1")
    page.locator("main").screenshot(path=SCREENSHOTS / "view-lstm.png")
    assert errors == []


def test_views_speak_russian(page: Page, server_url: str):
    open_view(page, server_url, LSTM, lang="ru")
    expect(page.locator(".lv-badge")).to_contain_text("совпадает с Keras")
    expect(page.locator(".lv-status")).to_have_text("Шаг 1 из 4 (x при t=0)")


OTHER_EXAMPLES = ["dense", "embedding", "flatten", "reshape", "concatenate", "conv2d", "conv1d", "maxpool"]


@pytest.mark.parametrize("example", OTHER_EXAMPLES)
def test_every_other_view_draws_and_agrees_with_keras(page: Page, server_url: str, example: str):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server_url}/static/views-harness.html#example={example}")
    expect(page.locator("body")).to_have_attribute("data-ready", "yes", timeout=60_000)
    expect(page.locator(".lv-view .lv-cell").first).to_be_visible()
    for badge in page.locator(".lv-badge").all():
        expect(badge).to_have_attribute("data-match", "true")
    assert errors == []


def test_the_filter_picker_redraws_the_window_view(page: Page, server_url: str):
    page.goto(f"{server_url}/static/views-harness.html#example=conv1d")
    expect(page.locator("body")).to_have_attribute("data-ready", "yes", timeout=60_000)
    kernel_before = grid_values(page, 1)
    page.get_by_label("Filter").select_option("1")
    expect(page.locator(".lv-formula")).to_contain_text("output [0, 0] =")
    assert grid_values(page, 1) != kernel_before
    expect(page.locator(".lv-status")).to_contain_text("Position 1 of")
    expect(page.locator(".lv-badge")).to_have_attribute("data-match", "true")


SELF_ATTENTION = {
    "model": {
        "layers": [
            {"type": "Input", "name": "x", "args": {"shape": [4, 3]}},
            {
                "type": "MultiHeadAttention",
                "name": "mha",
                "args": {"num_heads": 2, "key_dim": 2, "use_causal_mask": True, "return_attention_scores": True},
                "inputs": ["x", "x"],
            },
        ],
        "outputs": ["mha:0", "mha:1"],
    },
    "inputs": [[0.5, -1, 0.2], [1, 0.3, -0.4], [-0.6, 0.8, 0.1], [0.2, 0.2, 0.9]],
}


def titled_values(page: Page, title: str) -> list[float]:
    grid = page.locator(".lv-panel", has=page.locator(".lv-panel-title", has_text=title)).locator(".lv-cell")
    return [float(v.replace("−", "-")) for v in grid.evaluate_all("cells => cells.map(c => c.dataset.value)")]


@pytest.mark.parametrize("returned", [True, False])
def test_attention_shows_keras_softmax_weights_per_head_and_the_causal_mask_zeros_the_upper_triangle(
    page: Page, server_url: str, api, returned: bool
):
    """With return_attention_scores the grid shows Keras's own weights; without, the page's arithmetic, which
    must give the same numbers Keras returns for that layer."""
    scores = flat(api.post("/api/models/predict", json=SELF_ATTENTION).json()["outputs"][1]["data"])
    body = SELF_ATTENTION
    if not returned:
        layers = [SELF_ATTENTION["model"]["layers"][0], json.loads(json.dumps(SELF_ATTENTION["model"]["layers"][1]))]
        layers[1]["args"]["return_attention_scores"] = False
        body = {**SELF_ATTENTION, "model": {"layers": layers}}
    errors = open_view(page, server_url, body)
    expect(page.locator(".lv-badge")).to_have_attribute("data-match", "true")
    title = "Keras's own" if returned else "each row adds up to 1"
    weights = page.locator(".lv-panel", has=page.locator(".lv-panel-title", has_text=title))
    for head in (0, 1):
        if head:
            page.get_by_role("combobox", name="Head").select_option("1")
        got = titled_values(page, title)
        assert len(got) == 16
        assert max(abs(a - b) for a, b in zip(got, scores[head * 16 : (head + 1) * 16], strict=True)) < 1e-6
        assert [got[r * 4 + c] for r in range(4) for c in range(4) if c > r] == [0] * 6
        expect(weights.locator(".lv-cell.is-pad")).to_have_count(6)
        for r in range(4):
            assert abs(sum(got[r * 4 : r * 4 + 4]) - 1) < 1e-6
    page.get_by_role("button", name="Next position").click()
    page.get_by_role("button", name="Next position").click()
    expect(page.locator(".lv-status")).to_have_text("Query step 3 of 4")
    weights.locator('.lv-cell[data-r="2"][data-c="1"]').hover()
    expect(page.locator(".lv-formula").first).to_contain_text("score[2, 1] = q[2] · k[1] / √2")
    expect(page.locator(".lv-formula").nth(1)).to_contain_text("weight[2, 1] = exp(score[2, 1])")
    weights.locator('.lv-cell[data-r="2"][data-c="3"]').hover()
    expect(page.locator(".lv-formula").nth(1)).to_contain_text("hidden by the mask")
    if returned:
        page.locator("main").screenshot(path=SCREENSHOTS / "view-attention.png")
    assert errors == []


def test_the_attention_view_speaks_russian(page: Page, server_url: str):
    open_view(page, server_url, SELF_ATTENTION, lang="ru")
    expect(page.locator(".lv-status")).to_have_text("Шаг запроса 1 из 4")
    expect(page.locator(".lv-panel-title", has_text="Оценки Q·Kᵀ/√2")).to_be_visible()
    expect(page.locator(".lv-hint").first).to_contain_text("Причинная маска")
    expect(page.locator(".lv-formula").first).to_contain_text("оценка[0, 0] = q[0] · k[0] / √2")
    expect(page.locator(".lv-formula").first).to_contain_text(") / 1,41 = ")  # √2 with the decimal comma
    # the heads side by side have a Russian name, in the output's formula as in the grid's own
    expect(page.locator(".lv-panel-title", has_text="Выход = склейка · W_o + b_o (от Keras)")).to_be_visible()
    expect(page.locator(".lv-panel-title", has_text="Склейка: 2 головы рядом")).to_be_visible()
    joined = page.locator(".lv-panel", has=page.locator(".lv-panel-title", has_text="Склейка"))
    expect(joined.locator(".lv-cell").first).to_have_attribute("title", re.compile(r"^склейка\[0, 0\] = "))
    assert "joined" not in page.locator(".lv-view").inner_text()


PADDED_ATTENTION = {
    "model": {
        "layers": [
            {"type": "Input", "name": "tokens", "args": {"shape": [5]}},
            {"type": "Embedding", "name": "emb", "args": {"input_dim": 6, "output_dim": 4, "mask_zero": True}},
            {
                "type": "MultiHeadAttention",
                "name": "mha",
                "args": {"num_heads": 2, "key_dim": 2, "return_attention_scores": True},
                "inputs": ["emb", "emb"],
            },
        ],
        "outputs": ["mha:0", "mha:1"],
    },
    "inputs": [3, 1, 4, 0, 0],
}


def test_attention_hides_the_padding_an_embedding_masks(page: Page, server_url: str, api):
    """Index 0 is padding (mask_zero): its columns weigh 0 (and the padded rows, which see nothing), as Keras's."""
    scores = flat(api.post("/api/models/predict", json=PADDED_ATTENTION).json()["outputs"][1]["data"])
    errors = open_view(page, server_url, PADDED_ATTENTION)
    expect(page.locator(".lv-badge")).to_have_attribute("data-match", "true")
    expect(page.locator(".lv-hint").first).to_contain_text("Padding mask")
    title = "Keras's own"
    got = titled_values(page, title)
    assert max(abs(a - b) for a, b in zip(got, scores[:25], strict=True)) < 1e-6
    assert [got[r * 5 + c] for r in range(5) for c in range(5) if r > 2 or c > 2] == [0] * 16
    weights = page.locator(".lv-panel", has=page.locator(".lv-panel-title", has_text=title))
    expect(weights.locator(".lv-cell.is-pad")).to_have_count(16)
    assert errors == []


def test_the_attention_step_shows_the_softmax_weights_keras_computes(open_page, api):
    """Step 30 in the page: the weights the view works out are those Keras returns for the same model and seed
    asked for its scores (the six words' rows: the two padded rows differ between Keras's two paths, see
    math/attention.js), and the padding columns weigh 0."""
    from app import lesson

    step = lesson.get("attention")
    layers = json.loads(json.dumps(step.model["layers"]))
    mha = next(layer for layer in layers if layer["type"] == "MultiHeadAttention")
    mha["args"]["return_attention_scores"] = True
    body = {
        "model": {"layers": layers, "outputs": [layers[-1]["name"], f"{mha['name']}:1"]},
        "inputs": step.inputs,
        "seed": step.seed,
    }
    answer = api.post("/api/models/predict", json=body)
    assert answer.status_code == 200, answer.text
    scores = flat(answer.json()["outputs"][1]["data"])
    page = open_page("/?lang=en&example=attention")
    view = page.locator('.lv-view[data-layer-type="MultiHeadAttention"]')
    expect(view).to_be_visible(timeout=60_000)
    expect(view.locator(".lv-badge")).to_have_attribute("data-match", "true")
    for head in (0, 1):
        if head:
            view.get_by_role("combobox", name="Head").select_option("1")
        got = titled_values(page, "each row adds up to 1")
        want = scores[head * 64 : (head + 1) * 64]
        assert max(abs(got[k] - want[k]) for k in range(48)) < 1e-6  # rows 0-5: the words
        assert [got[r * 8 + c] for r in range(6) for c in (6, 7)] == [0] * 12


def test_the_attention_step_names_its_steps_by_the_words_typed(open_page):
    page = open_page("/?lang=en&example=attention")
    view = page.locator('.lv-view[data-layer-type="MultiHeadAttention"]')
    expect(view).to_be_visible(timeout=60_000)
    field = page.locator(".words-field")
    field.click()
    field.press_sequentially("the dog sees a cat", delay=20)
    expect(view.locator(".lv-status")).to_have_text("Query step 1 of 8 — “the” looks at every word", timeout=30_000)
    weights = view.locator(".lv-panel", has=page.locator(".lv-panel-title", has_text="each row adds up to 1"))
    expect(weights.locator(".lv-axis-row").nth(1)).to_have_text("t=1 dog")
    expect(weights.locator(".lv-axis-col").nth(4)).to_have_text("s=4 cat")
    expect(weights.locator(".lv-cell.is-pad")).to_have_count(3 * 8 + 5 * 3)  # 5 words: 3 padded rows, 3 columns
    expect(view.locator(".lv-badge")).to_have_attribute("data-match", "true")
