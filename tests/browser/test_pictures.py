"""Pictures of (height, width, channels) tensors in headless Chromium against a real server: the images show
Keras's numbers, a pixel picked on a picture is the cell picked on the grid and back."""

import base64
import io
import json
import tempfile
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from app import pictures

from .page_kit import click_pixel, runs, screenshot, wait_for_runs

pytestmark = pytest.mark.browser

# for people to look at (pytest-playwright empties test-results/ when it starts)
SHOTS = Path(tempfile.gettempdir()) / "layerlab-pictures"
SHOTS.mkdir(exist_ok=True)

H, W, C = 20, 30, 3
IMAGE = [[[((r * W + c) * C + ch) % 17 - 8 for ch in range(C)] for c in range(W)] for r in range(H)]


def one_layer(shape: list[int], layer: dict, image: list) -> dict:
    """A predict request: Input(shape) → layer, on one example."""
    return {"model": {"layers": [{"type": "Input", "name": "inp", "args": {"shape": shape}}, layer]}, "inputs": [image]}


RELU = one_layer([H, W, C], {"type": "ReLU", "name": "relu"}, IMAGE)


def open_view(page: Page, server_url: str, body: dict, lang: str = "en") -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server_url}/static/views-harness.html#lang={lang}&body={quote(json.dumps(body))}")
    expect(page.locator("body")).to_have_attribute("data-ready", "yes", timeout=60_000)
    return errors


def test_a_big_image_tensor_opens_as_pictures_showing_keras_numbers(page: Page, server_url: str, api):
    errors = open_view(page, server_url, RELU)
    keras = api.post("/api/models/predict", json=RELU).json()["outputs"][0]["data"][0]
    output = page.locator(".pic-either").nth(1)
    # the colour picture and one per channel, each canvas holding the tensor's own pixels
    expect(output.locator(".pic-frame")).to_have_count(1 + C)
    assert output.locator(".pic-base").first.evaluate("c => [c.width, c.height]") == [W, H]
    assert output.locator(".pic-base").first.evaluate("c => getComputedStyle(c).imageRendering") == "pixelated"
    channel = output.locator('.pic-frame[data-channel="1"]')
    click_pixel(page, channel, 7, 11, H, W)
    value = output.locator(".pic-value")
    expect(value).to_have_count(1)
    assert value.get_attribute("data-index") == "7,11,1"
    assert float(value.get_attribute("data-value")) == keras[7][11][1]
    assert output.locator(".pic-images").get_attribute("data-picked") == "7,11"
    # the same cell is the one picked on the grid, on its channel's page
    output.locator('[data-as="grid"]').click()
    picked = output.locator(".lv-cell.is-picked")
    expect(picked).to_have_count(1)
    assert picked.get_attribute("title") == f"[7, 11, 1] = {keras[7][11][1]:.1f}"
    # and a cell picked on the grid is the pixel picked on the picture
    output.locator('.lv-cell[data-r="3"][data-c="4"]').click()
    output.locator('[data-as="picture"]').click()
    assert output.locator(".pic-images").get_attribute("data-picked") == "3,4"
    assert errors == []


def test_the_input_with_negative_numbers_is_drawn_on_the_grids_diverging_scale(page: Page, server_url: str):
    open_view(page, server_url, RELU, lang="ru")
    first = page.locator(".pic-either").first.locator('.pic-frame[data-channel="0"] .pic-base')
    # IMAGE[0][0][0] is -8, the most negative number: the scale's darkest blue (#1d5a9e)
    assert first.evaluate("c => Array.from(c.getContext('2d').getImageData(0, 0, 1, 1).data)") == [29, 90, 158, 255]
    expect(page.locator(".pic-either").first.locator('[data-as="picture"]')).to_have_text("картинку")


def test_a_lesson_conv2d_step_opens_with_its_picture_and_runs_on_its_pixels(open_page, page: Page):
    page = open_page("/?example=conv2d-valid&lang=en")
    picture = page.locator('.editor[data-input="input_layer"] .pic-current')
    expect(picture.locator(".pic-frame")).to_have_count(4)
    # the page read static/pictures/house.png in the browser: the same bytes the server reads
    drawn = picture.locator(".pic-base").first.evaluate(
        "c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)"
    )
    house = pictures.pixels("house")
    assert drawn[0::4] == house[..., 0].ravel().tolist() and drawn[2::4] == house[..., 2].ravel().tolist()
    with page.expect_request("**/api/models/predict") as asked:
        page.locator("#view-root .notice button").click()
    assert asked.value.post_data_json["inputs"]["input_layer"] == house[None].tolist()


def correlate_valid(image: np.ndarray, window: np.ndarray) -> np.ndarray:
    """What Conv2D computes (cross-correlation, no padding) for one channel and one window, in float64."""
    kh, kw = window.shape
    rows, cols = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    return sum(window[a, b] * image[a : a + rows, b : b + cols] for a in range(kh) for b in range(kw))


def test_sobel_x_on_the_lesson_picture_shows_the_edge_map_keras_computes(open_page, page: Page, api):
    page = open_page("/?example=conv2d-valid&lang=en")
    before = runs(page)
    page.locator("#view-root .notice button").click()
    wait_for_runs(page, before)
    presets = page.locator("#weight-editors .kernel-presets")
    before = runs(page)
    with page.expect_request("**/api/models/predict") as asked:
        presets.locator('[data-preset="sobel_x"]').click()
    wait_for_runs(page, before)
    expect(presets.locator('[data-preset="sobel_x"]')).to_have_attribute("aria-pressed", "true")
    body = asked.value.post_data_json
    keras = np.array(api.post("/api/models/predict", json={**body, "trace": False}).json()["outputs"][0]["data"][0])
    # the edge map of the house's red channel: filter 0 looks at channel 0 through Sobel x, exactly (whole numbers)
    edges = correlate_valid(
        pictures.pixels("house")[..., 0].astype(float), np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    )
    np.testing.assert_array_equal(keras[..., 0], edges)
    assert np.abs(edges).max() > 100 and (edges == 0).mean() > 0.5
    maps = page.locator("#view-root .lv-maps")
    expect(maps).to_have_attribute("open", "")
    expect(maps.locator(".lv-maps-part").nth(2).locator(".pic-frame")).to_have_count(32)
    large = maps.locator(".lv-maps-part").nth(1)
    for r, c in [(40, 20), (70, 45), (100, 90)]:
        click_pixel(page, large.locator(".pic-frame"), r, c, 126, 126)
        value = large.locator(".pic-value")
        assert value.get_attribute("data-index") == f"{r},{c},0"
        assert float(value.get_attribute("data-value")) == keras[r, c, 0] == edges[r, c]
    screenshot(maps, "pictures-sobel.png")
    # a kernel cell edited (kernel[0, 0, 0, 0]: −1 → 5): the map runs again at once, Keras's numbers again
    before = runs(page)
    page.locator("#weight-editors details.weights input[data-flat='0']").first.fill("5")
    wait_for_runs(page, before)
    edited = correlate_valid(
        pictures.pixels("house")[..., 0].astype(float), np.array([[5, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    )
    click_pixel(page, large.locator(".pic-frame"), 40, 20, 126, 126)
    assert float(large.locator(".pic-value").get_attribute("data-value")) == edited[40, 20] != edges[40, 20]
    # every layer of the trace as feature maps, under the tabs; a layer's name opens its view
    trace = page.locator("#trace-maps .trace-map")
    expect(trace).to_have_count(2)
    expect(trace.nth(1).locator(".pic-frame")).to_have_count(32)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#trace-maps").screenshot(path="/tmp/p11/trace-phone.png")
    # picking a layer there (or in the tabs) presses its name; the maps are the ones drawn, not drawn again
    trace.locator(".pic-frame").first.evaluate("(frame) => (frame.dataset.before = 'yes')")
    first, last = trace.nth(0).locator("button").first, trace.nth(1).locator("button").first
    expect(last).to_have_attribute("aria-pressed", "true")
    first.click()
    expect(page.locator('#layer-tabs [data-layer="input_layer"]')).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-pressed", "true")
    expect(last).to_have_attribute("aria-pressed", "false")
    page.locator(f'#layer-tabs [data-layer="{trace.nth(1).get_attribute("data-layer")}"]').click()
    expect(last).to_have_attribute("aria-pressed", "true")
    expect(first).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#trace-maps .pic-frame[data-before]")).to_have_count(1)


DEPTHWISE = one_layer(
    [6, 7, 2],
    {"type": "DepthwiseConv2D", "name": "dw", "args": {"kernel_size": 3, "depth_multiplier": 2, "padding": "same"}},
    [[[r * 7 + c, (r + c) % 3] for c in range(7)] for r in range(6)],
)


def test_depthwise_conv2d_has_the_window_view_and_a_feature_map_click_follows_that_channel(page: Page, server_url):
    errors = open_view(page, server_url, DEPTHWISE)
    expect(page.locator(".lv-badge")).to_have_attribute("data-match", "true")
    maps = page.locator(".lv-maps")
    # small tensors: the grids are the view of record, the pictures folded under them
    expect(maps).not_to_have_attribute("open", "")
    maps.locator("summary").click()
    strip = maps.locator(".lv-maps-part").nth(2)
    expect(strip.locator(".pic-frame")).to_have_count(4)
    click_pixel(page, strip.locator('.pic-frame[data-channel="3"]'), 2, 4, 6, 7)
    expect(page.get_by_label("Filter")).to_have_value("3")
    expect(page.locator(".lv-status")).to_contain_text("output [2, 4]")
    expect(strip.locator('.pic-frame[data-channel="3"]')).to_have_class("pic-frame is-selected")
    expect(page.locator(".lv-formula")).not_to_contain_text("other channels")
    assert errors == []


def test_an_uploaded_png_of_another_size_is_cropped_and_resized_to_the_input_and_run(open_page, page: Page, tmp_path):
    page = open_page("/?example=conv2d-same&lang=ru")
    editor = page.locator('.editor[data-input="input_layer"]')
    # 256 × 128: as wide as two inputs, so the middle 128 × 128 is taken as it is, half red, half blue
    wide = np.zeros((128, 256, 3), dtype=np.uint8)
    wide[:, :128] = (200, 30, 20)
    wide[:, 128:] = (20, 40, 210)
    (tmp_path / "wide.png").write_bytes(pictures.write_png(wide))
    editor.locator('input[type="file"]').set_input_files(tmp_path / "wide.png")
    expect(editor.locator(".pic-input p.ok")).to_contain_text("128 × 128 × 3")
    before = runs(page)
    with page.expect_request("**/api/models/predict") as asked:
        page.locator("#view-root .notice button").click()
    wait_for_runs(page, before)
    sent = np.array(asked.value.post_data_json["inputs"]["input_layer"])
    assert sent.shape == (1, 128, 128, 3)
    assert (sent[0, :, :64] == (200, 30, 20)).all() and (sent[0, :, 64:] == (20, 40, 210)).all()
    # 300 × 300 of one colour, scaled down to 128 × 128: still that colour, everywhere; once the learner has asked
    # for this big answer, a new picture of the same size runs on its own
    (tmp_path / "big.png").write_bytes(pictures.write_png(np.full((300, 300, 3), (90, 160, 60), dtype=np.uint8)))
    before = runs(page)
    with page.expect_request("**/api/models/predict") as asked:
        editor.locator('input[type="file"]').set_input_files(tmp_path / "big.png")
    wait_for_runs(page, before)
    sent = np.array(asked.value.post_data_json["inputs"]["input_layer"])
    assert sent.shape == (1, 128, 128, 3) and (sent == (90, 160, 60)).all()
    expect(editor.locator(".pic-input p.ok")).to_contain_text("обрезана и масштабирована до 128 × 128 × 3")


UPSAMPLING = one_layer(
    [24, 30, 1],
    {"type": "UpSampling2D", "name": "up", "args": {"size": 2, "interpolation": "bilinear"}},
    [[[float((r * c) % 11)] for c in range(30)] for r in range(24)],
)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_upsampling_pictures_show_keras_numbers_at_the_pixel_picked(page: Page, server_url: str, api, lang):
    errors = open_view(page, server_url, UPSAMPLING, lang=lang)
    keras = api.post("/api/models/predict", json=UPSAMPLING).json()["outputs"][0]["data"][0]
    maps = page.locator(".lv-maps")
    expect(maps).to_have_attribute("open", "")
    large = maps.locator(".lv-maps-part").nth(1)
    click_pixel(page, large.locator(".pic-frame"), 17, 41, 48, 60)
    value = large.locator(".pic-value")
    assert value.get_attribute("data-index") == "17,41,0"
    assert float(value.get_attribute("data-value")) == pytest.approx(keras[17][41][0], rel=1e-6)
    expect(page.locator(".lv-formula")).to_contain_text("[17, 41]")
    assert errors == []


ONES = {"filters": 1, "kernel_size": 3, "kernel_initializer": "zeros", "bias_initializer": "ones"}
FLAT = {
    "m": {
        "layers": [
            {"type": "Input", "name": "x", "args": {"shape": [16, 16, 1]}},
            {"type": "Conv2D", "name": "flat", "inputs": ["x"], "args": ONES},
            {"type": "Conv2D", "name": "edges", "inputs": ["x"], "args": {"filters": 2, "kernel_size": 3}},
            {"type": "MaxPooling2D", "name": "pool", "inputs": ["flat"], "args": {}},
        ],
        "outputs": ["pool", "edges"],
    },
    "d": {"x": [[1, 16, 16, 1], [(k * 7) % 11 for k in range(256)]]},
}


@pytest.mark.parametrize(
    ("lang", "size"),
    [("en", (1366, 768)), ("ru", (1366, 768)), ("en", (390, 844)), ("ru", (390, 844))],
    ids=["desktop-en", "desktop-ru", "phone-en", "phone-ru"],
)
def test_a_feature_map_of_one_number_is_framed_and_says_its_number(open_page, page: Page, api, lang, size):
    """A Conv2D with a zero kernel and a bias of 1 gives a map of 1s: on the grey scale it is all white, and it
    was drawn white on the page's white. It is framed (dashed) and its caption says the number, Keras's; maps
    that vary are not."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    link = base64.urlsafe_b64encode(json.dumps(FLAT).encode()).decode().rstrip("=")
    page = open_page(f"/?lang={lang}#lab=j.{link}")
    wait_for_runs(page, 0)
    trace = page.locator("#trace-maps")
    for layer in ("flat", "pool"):
        maps = trace.locator(f'.trace-map[data-layer="{layer}"]')
        expect(maps.locator(".pic-frame.is-flat")).to_have_count(1)
        expect(maps.locator("figcaption")).to_have_text({"en": "0 · all 1", "ru": "0 · везде 1"}[lang])
    expect(trace.locator('.trace-map[data-layer="edges"] .pic-frame')).to_have_count(2)
    expect(trace.locator('.trace-map[data-layer="edges"] .pic-frame.is-flat')).to_have_count(0)
    keras = api.post(
        "/api/models/predict",
        json={"model": FLAT["m"], "inputs": {"x": np.array(FLAT["d"]["x"][1]).reshape(1, 16, 16, 1).tolist()}},
    ).json()["outputs"]
    assert {float(v) for v in np.ravel(keras[0]["data"])} == {1.0}, "Keras's pool: every number 1"
    # the map itself is white; its frame is what shows on the white page
    frame = trace.locator('.trace-map[data-layer="flat"] .pic-frame')
    frame.scroll_into_view_if_needed()
    shot = np.array(Image.open(io.BytesIO(frame.screenshot())).convert("L"))
    inner = shot[4:-4, 4:-4]
    assert (inner == 255).all(), "the map of 1s is white"
    assert (
        np.concatenate([shot[:3].ravel(), shot[-3:].ravel(), shot[:, :3].ravel(), shot[:, -3:].ravel()]) < 200
    ).any()
    trace.screenshot(path=SHOTS / f"flat-map-{lang}-{size[0]}.png")
