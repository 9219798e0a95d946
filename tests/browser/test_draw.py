"""The drawing canvas of the digits step (static/js/draw.js, draw_layers.js) in Chromium, against a real server:
the pointer draws held-out digits (big and centred, or small and off-centre), the page prepares them as the dataset's
scans were (fitted into a 32 × 32 frame, 4 × 4 blocks counted: 8 × 8 cells, 0–16), the trained model reads them,
and every layer's output is shown with Keras's numbers."""

import json
from pathlib import Path

import httpx
import numpy as np
import pytest
from page_kit import screenshot
from playwright.sync_api import Page, expect

from app import lesson

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = json.loads((ROOT / "app" / "lesson" / "models" / "digits.json").read_text(encoding="utf-8"))["samples"]
STEP = lesson.get("put-it-together")
CELL = 32
"""CSS pixels of a cell: the canvas is 256 px wide for 8 cells on a desktop."""


def strokes(
    pixels: list[list[int]], scale: float = 1, at: tuple[int, int] = (0, 0)
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """How a person might trace a digit they see as 8 × 8 cells: a stroke along every run of dark cells (9 or
    more of 16) in a row and in a column, through the cells' middles, and a dot on each lighter cell (4 to 8).
    Returns each stroke's two ends in CSS pixels from the canvas's corner, (x, y), the whole digit `scale` times
    the canvas's size with its corner at `at`."""
    image = np.array(pixels)
    lines = []  # (row, column) of each end
    for r in range(8):
        c = 0
        while c < 8:
            if image[r, c] >= 9:
                start = c
                while c + 1 < 8 and image[r, c + 1] >= 9:
                    c += 1
                lines.append(((r, start), (r, c)))
            elif image[r, c] >= 4:
                lines.append(((r, c), (r, c)))
            c += 1
    for c in range(8):
        r = 0
        while r < 8:
            if image[r, c] >= 9:
                start = r
                while r + 1 < 8 and image[r + 1, c] >= 9:
                    r += 1
                lines.append(((start, c), (r, c)))
            r += 1

    def middle(cell: tuple[int, int]) -> tuple[float, float]:
        return at[0] + scale * (cell[1] * CELL + CELL // 2), at[1] + scale * (cell[0] * CELL + CELL // 2)

    return [(middle(a), middle(b)) for a, b in lines]


def draw(page: Page, pixels: list[list[int]], scale: float = 1, at: tuple[int, int] = (0, 0)) -> None:
    """Clear the canvas, then drag the mouse along each stroke (a press, a few moves, a release)."""
    page.locator("[data-draw=clear]").click()
    box = page.locator(".draw-canvas").bounding_box()
    assert box and round(box["width"]) == 8 * CELL, box
    for (x0, y0), (x1, y1) in strokes(pixels, scale, at):
        page.mouse.move(box["x"] + x0, box["y"] + y0)
        page.mouse.down()
        page.mouse.move(box["x"] + x1, box["y"] + y1, steps=3)
        page.mouse.up()


def answered(page: Page) -> dict:
    """Wait for the answer to the numbers now on the page and the panel drawn from it; returns what it shows."""
    page.wait_for_function(
        """() => {
          if (document.querySelector('.draw-canvas')?.dataset.pending) return false;
          const s = window.layerLab.state;
          const sent = s.prediction?.inputs?.[0]?.data?.flat(3);
          const now = Array.from(s.data.digit.values);
          const probs = s.prediction?.outputs?.[0]?.data?.[0];
          if (!sent || sent.join() !== now.join() || !probs) return false;
          const best = probs.indexOf(Math.max(...probs));
          return document.querySelector('.draw-verdict')?.dataset.class === String(best);
        }"""
    )
    return page.evaluate(
        """() => ({
          cells: Array.from(window.layerLab.state.data.digit.values),
          verdict: Number(document.querySelector('.draw-verdict').dataset.class),
          shown: [...document.querySelectorAll('.draw-p')].map((el) => el.dataset.value),
        })"""
    )


def keras_probabilities(server_url: str, cells: list[float]) -> list[float]:
    body = {
        "model": STEP.model,
        "inputs": np.array(cells, dtype=float).reshape(1, 8, 8, 1).tolist(),
        "weights": STEP.weights,
    }
    answer = httpx.post(server_url + "/api/models/predict", json=body, timeout=60).json()
    return answer["outputs"][0]["data"][0]


DRAWN = {"big and centred": (1, (0, 0)), "small, off-centre": (0.55, (100, 88))}
"""How the ten digits are drawn: a digit's size as a share of the canvas, and its corner in CSS pixels."""


@pytest.mark.timeout(900)  # ten digits drawn stroke by stroke, each one run by the real model as it is drawn
@pytest.mark.parametrize("how", DRAWN)
def test_drawn_held_out_digits_are_read_by_the_trained_model(open_page, server_url: str, how: str):
    page = open_page("/?lang=en&example=put-it-together")
    first = answered(page)
    assert first["cells"] == [v for row in SAMPLES[3]["pixels"] for v in row]
    assert first["verdict"] == 3
    read, apart = [], []
    for sample in SAMPLES:
        draw(page, sample["pixels"], *DRAWN[how])
        shown = answered(page)
        cells = np.array(shown["cells"]).reshape(8, 8)
        assert cells.min() >= 0 and cells.max() <= 16 and np.all(cells == np.round(cells))
        # fitted into the frame as the scans were: the drawing fills the cells' height, whatever its size
        assert cells[0].any() and cells[7].any(), (sample["label"], cells)
        apart.append(float(np.abs(cells - np.array(sample["pixels"])).mean()))
        # the table beside the canvas shows the numbers the model got (its input, as Keras's trace has it)
        table = page.eval_on_selector_all(".draw-cells td", "(tds) => tds.map((td) => Number(td.dataset.value))")
        assert table == shown["cells"]
        read.append(shown["verdict"])
    correct = sum(verdict == sample["label"] for verdict, sample in zip(read, SAMPLES))
    print(f"\n{how}: read {read}, {correct} of 10 right; mean |cell - scan| {np.round(apart, 2).tolist()}")
    assert correct >= 9, read
    assert np.mean(apart) < 2.5, apart  # near the scans they were traced from, though centred and fitted
    keras = keras_probabilities(server_url, shown["cells"])
    assert [float(v) for v in shown["shown"]] == pytest.approx(keras, rel=1e-6, abs=1e-30)
    assert shown["verdict"] == int(np.argmax(keras))


def test_every_layer_shows_its_feature_maps_with_keras_numbers(open_page, server_url: str):
    page = open_page("/?lang=en&example=put-it-together")
    answered(page)
    layers = page.locator(".draw-layer")
    expect(layers).to_have_count(6)
    names = [layers.nth(k).get_attribute("data-layer") for k in range(6)]
    assert names == ["digit", "conv2d", "max_pooling2d", "conv2d_1", "flatten", "dense"]
    images = {name: page.locator(f'.draw-layer[data-layer="{name}"] .pic-figure').count() for name in names}
    assert images == {"digit": 0, "conv2d": 8, "max_pooling2d": 8, "conv2d_1": 16, "flatten": 1, "dense": 0}
    expect(page.locator('.draw-layer[data-layer="digit"] .draw-cells td')).to_have_count(64)
    # the feature maps are shown once, beside the canvas: not again under the layer tabs
    expect(page.locator("#trace-maps .trace-map")).to_have_count(0)
    expect(page.locator(".draw-probs li")).to_have_count(10)
    # a pixel of a feature map picked on the page shows Keras's number for it
    body = {"model": STEP.model, "inputs": STEP.inputs, "weights": STEP.weights, "trace": ["conv2d"]}
    trace = httpx.post(server_url + "/api/models/predict", json=body, timeout=60).json()["trace"]
    conv = np.array(trace[0]["outputs"][0]["data"], dtype=np.float32)[0]
    frame = page.locator('.draw-layer[data-layer="conv2d"] .pic-frame[data-channel="5"] .pic-marks')
    box = frame.bounding_box()
    frame.click(position={"x": box["width"] * 4.5 / 8, "y": box["height"] * 2.5 / 8})
    value = page.locator('.draw-layer[data-layer="conv2d"] .pic-value').first
    assert value.get_attribute("data-index") == "2,4,5"
    assert np.float32(float(value.get_attribute("data-value"))) == conv[2, 4, 5]
    # a layer's name opens its view below
    page.locator('.draw-layer[data-layer="conv2d_1"] h4 button').click()
    expect(page.locator("#view-root")).to_have_attribute("data-layer", "conv2d_1")
    # the canvas is the input's picture: no other picture input beside it
    expect(page.locator('.editor[data-input="digit"] .pic-shipped')).to_have_count(0)


def test_the_drawing_outlives_a_language_switch(open_page):
    page = open_page("/?lang=en&example=put-it-together")
    answered(page)
    draw(page, SAMPLES[7]["pixels"])
    drawn = answered(page)
    page.get_by_role("button", name="Русский").click()
    expect(page.locator(".draw-verdict")).to_contain_text("Модель видит цифру")
    expect(page.locator("[data-draw=clear]")).to_have_text("Стереть")
    assert page.evaluate("Array.from(window.layerLab.state.data.digit.values)") == drawn["cells"]
    page.locator(".draw-canvas").scroll_into_view_if_needed()
    box = page.locator(".draw-canvas").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 20, steps=3)
    page.mouse.up()
    again = answered(page)["cells"]
    assert again != drawn["cells"] and again[1:] != [0] * 63, "the new stroke joins the old drawing"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_digits_step_on_a_desktop_and_a_phone(open_page, page: Page, lang: str):
    page.set_viewport_size({"width": 390, "height": 844} if lang == "ru" else {"width": 1440, "height": 1000})
    open_page(f"/?lang={lang}&example=put-it-together")
    answered(page)
    words = {"en": "The model reads a 3", "ru": "Модель видит цифру 3"}[lang]
    expect(page.locator(".draw-verdict")).to_contain_text(words)
    if lang == "ru":
        expect(page.locator(".draw-verdict")).to_contain_text(",")  # a decimal comma
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
    page.locator("#data-section").scroll_into_view_if_needed()
    screenshot(page.locator("#data-section"), f"digits-{lang}.png")


def test_a_finger_draws_too(browser, server_url: str):
    """Touch: a finger's stroke over the canvas (pointer events of type touch) changes the cells the model gets."""
    context = browser.new_context(has_touch=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server_url + "/?lang=ru&example=put-it-together")
    page.wait_for_selector("body[data-ready=true]")
    before = answered(page)["cells"]
    page.locator("[data-draw=clear]").tap()
    page.locator(".draw-canvas").scroll_into_view_if_needed()
    box = page.locator(".draw-canvas").bounding_box()
    cdp = context.new_cdp_session(page)
    y = box["y"] + box["height"] * 4.5 / 8
    points = [(box["x"] + box["width"] * (k + 0.5) / 8, y) for k in range(1, 7)]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": points[0][0], "y": y}]})
    for x, _ in points[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cells = np.array(answered(page)["cells"]).reshape(8, 8)
    assert cells.tolist() != np.array(before).reshape(8, 8).tolist()
    assert cells[4, 1:7].min() >= 8 and cells[:3].sum() == 0, cells
    context.close()
