"""Pictures of (height, width, channels) tensors in headless Chromium against a real server: the images show
Keras's numbers, a pixel picked on a picture is the cell picked on the grid and back."""

import json
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from app import pictures

from .page_kit import screenshot

pytestmark = pytest.mark.browser

H, W, C = 20, 30, 3
IMAGE = [[[((r * W + c) * C + ch) % 17 - 8 for ch in range(C)] for c in range(W)] for r in range(H)]
RELU = {
    "model": {
        "layers": [
            {"type": "Input", "name": "inp", "args": {"shape": [H, W, C]}},
            {"type": "ReLU", "name": "relu"},
        ]
    },
    "inputs": [IMAGE],
}


def open_view(page: Page, server_url: str, body: dict, lang: str = "en") -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server_url}/static/views-harness.html#lang={lang}&body={quote(json.dumps(body))}")
    expect(page.locator("body")).to_have_attribute("data-ready", "yes", timeout=60_000)
    return errors


def click_pixel(page: Page, frame, r: int, c: int, rows: int, cols: int) -> None:
    box = frame.locator(".pic-marks").bounding_box()
    page.mouse.click(box["x"] + (c + 0.5) * box["width"] / cols, box["y"] + (r + 0.5) * box["height"] / rows)


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
    screenshot(page, "pictures-generic.png", full_page=True)
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
    screenshot(page, "pictures-lesson.png", full_page=True)
