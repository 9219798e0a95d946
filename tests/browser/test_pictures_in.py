"""A learner's own picture from the camera or a paste, in headless Chromium against a real server: it lands in the
step's input cropped and scaled as an uploaded file is, the model gets exactly those numbers (Keras's answer to
them is the one the page shows), and a refused, absent or unreachable camera or a paste that is not a picture says
so in the page's language and keeps the numbers.

The camera is Chromium's fake one (`--use-fake-device-for-media-stream`) playing a still frame from a file; the
permission is granted or not per browser context (as `--use-fake-ui-for-media-stream` would grant it to all)."""

import base64
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserType, Page, expect

from app import pictures

from .page_kit import click_pixel, runs, wait_for_runs

pytestmark = pytest.mark.browser

# for people to look at (pytest-playwright empties test-results/ when it starts)
SHOTS = Path(tempfile.gettempdir()) / "layerlab-pictures-in"
DESKTOP, PHONE = (1366, 768), (390, 844)
SIZES = [pytest.param("en", DESKTOP, id="desktop-en"), pytest.param("ru", PHONE, id="phone-ru")]
STEP = "/?example=conv2d-valid&lang={lang}"
EDITOR = '.editor[data-input="input_layer"]'
PIXELS = "c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)"


def camera_frame() -> bytes:
    """One 640 × 480 frame in YUV 4:2:0 (the fake camera's file format, Y4M): an 80-pixel bar at each side, which
    a 128 × 128 input must crop away, and four flat quadrants between them."""
    y, u, v = (np.zeros((480 // s, 640 // s), np.uint8) for s in (1, 2, 2))

    def fill(rows: slice, cols: slice, yuv: tuple[int, int, int]) -> None:
        y[rows, cols] = yuv[0]
        half = (slice(rows.start // 2, rows.stop // 2), slice(cols.start // 2, cols.stop // 2))
        u[half], v[half] = yuv[1], yuv[2]

    fill(slice(0, 480), slice(0, 80), (16, 128, 128))
    fill(slice(0, 480), slice(560, 640), (235, 128, 128))
    fill(slice(0, 240), slice(80, 320), (81, 90, 240))
    fill(slice(0, 240), slice(320, 560), (41, 240, 110))
    fill(slice(240, 480), slice(80, 320), (145, 54, 34))
    fill(slice(240, 480), slice(320, 560), (128, 128, 128))
    return b"FRAME\n" + y.tobytes() + u.tobytes() + v.tobytes()


# every getUserMedia stream the page opens, so a test can see whether its camera is still on
RECORD_STREAMS = """
window.cameraStreams = [];
const ask = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
if (ask) navigator.mediaDevices.getUserMedia = async (c) => { const s = await ask(c); cameraStreams.push(s); return s; };
"""
CAMERA_ON = "() => cameraStreams.map((s) => s.getVideoTracks().every((t) => t.readyState === 'live'))"


@pytest.fixture(scope="module", autouse=True)
def screenshots_folder() -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)


def fake_camera(browser_type: BrowserType, launch_args: dict, video: Path) -> Browser:
    """Chromium whose fake camera plays the Y4M file `video`; lab.test is this machine, reached over plain http."""
    args = [
        *launch_args["args"],
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
        "--host-resolver-rules=MAP lab.test 127.0.0.1",
    ]
    return browser_type.launch(**{**launch_args, "args": args})


@pytest.fixture(scope="module")
def camera_browser(
    browser_type: BrowserType, browser_type_launch_args: dict, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    """Chromium with a fake camera showing camera_frame()."""
    video = tmp_path_factory.mktemp("camera") / "frame.y4m"
    video.write_bytes(b"YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n" + camera_frame() * 2)
    browser = fake_camera(browser_type, browser_type_launch_args, video)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def busy_camera_browser(
    browser_type: BrowserType, browser_type_launch_args: dict, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    """Chromium with a camera that is there but cannot start: its frames are 0 × 0 pixels, and Chromium refuses
    getUserMedia with NotReadableError ("Could not start video source"), as it does for a camera another program
    holds."""
    video = tmp_path_factory.mktemp("camera") / "none.y4m"
    video.write_bytes(b"YUV4MPEG2 W0 H0 F30:1 Ip A1:1 C420jpeg\nFRAME\n")
    browser = fake_camera(browser_type, browser_type_launch_args, video)
    yield browser
    browser.close()


@pytest.fixture
def with_camera(camera_browser: Browser, server_url: str) -> Iterator[Callable[..., Page]]:
    """with_camera(path, size, allowed=True, browser=None): the page in a context of the camera browser (or
    `browser`; a phone's at PHONE), the camera allowed or not, questions off, no page errors and no request but to
    the server."""
    contexts, errors, outside = [], [], []

    def go(
        path: str, size: tuple[int, int], allowed: bool = True, origin: str = server_url, browser: Browser | None = None
    ) -> Page:
        context = (browser or camera_browser).new_context(
            viewport=dict(zip(("width", "height"), size, strict=True)),
            permissions=["camera"] if allowed else [],
            # a phone's page: touch, the mobile viewport, twice the pixels
            **({"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if size == PHONE else {}),
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:")) else outside.append(r.url))
        page.add_init_script("localStorage.setItem('layerlab.questions', 'off');" + RECORD_STREAMS)
        page.goto(origin + path)
        page.wait_for_selector("body[data-ready=true]")
        page.locator(EDITOR).locator(".pic-camera button").first.wait_for()
        return page

    yield go
    for context in contexts:
        context.close()
    assert errors == [] and outside == []


def status(page: Page):
    return page.locator(EDITOR).locator(".pic-input > p[aria-live]")


def drawn(page: Page) -> np.ndarray:
    """Example 0 of the input as the page draws it (its colour picture's canvas), H × W × 3."""
    canvas = page.locator(EDITOR).locator(".pic-current .pic-base").first
    size = canvas.evaluate("c => [c.height, c.width]")
    return np.array(canvas.evaluate(PIXELS), dtype=np.uint8).reshape(*size, 4)[..., :3]


def press_run(page: Page) -> None:
    page.locator("#view-root .notice button").click()


def run_and_compare(page: Page, api, run=press_run, channels: int = 3, map_size: int = 126) -> np.ndarray:
    """run(page) runs the model: the numbers sent are the picture drawn; the output pixels the page shows are
    Keras's answer to them, as the API gives it. Returns the numbers sent (example 0)."""
    before = runs(page)
    with page.expect_request("**/api/models/predict") as asked:
        run(page)
    wait_for_runs(page, before)
    body = asked.value.post_data_json
    sent = np.array(body["inputs"]["input_layer"])[0]
    expected = drawn(page)
    np.testing.assert_array_equal(sent, expected if channels == 3 else expected[..., :1])
    keras = np.array(api.post("/api/models/predict", json={**body, "trace": False}).json()["outputs"][0]["data"][0])
    large = page.locator("#view-root .lv-maps .lv-maps-part").nth(1)
    for r, c in [(5, 9), (map_size // 2, map_size // 3), (map_size - 3, map_size - 8)]:
        click_pixel(page, large.locator(".pic-frame"), r, c, map_size, map_size)
        value = large.locator(".pic-value")
        assert value.get_attribute("data-index") == f"{r},{c},0"
        assert float(value.get_attribute("data-value")) == keras[r, c, 0]
    return sent


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_the_camera_picture_is_cropped_as_an_upload_and_the_model_gets_its_numbers(with_camera, api, lang, size):
    page = with_camera(STEP.format(lang=lang), size)
    editor = page.locator(EDITOR)
    editor.get_by_role("button", name={"en": "Camera", "ru": "Камера"}[lang]).click()
    expect(status(page)).to_have_text(
        {"en": "The camera is on: press “Take the picture”.", "ru": "Камера включена: нажмите «Снять»."}[lang]
    )
    preview = editor.locator("video.pic-video")
    # the preview is framed as the input: the square middle the picture is cropped to
    box = preview.bounding_box()
    assert abs(box["width"] - box["height"]) < 1.5
    editor.screenshot(path=SHOTS / f"camera-on-{lang}.png")
    # the whole frame as the camera gives it, 1:1, as a PNG a learner might upload instead
    frame = preview.evaluate(
        """async (v) => {
          const c = Object.assign(document.createElement("canvas"), {width: v.videoWidth, height: v.videoHeight});
          c.getContext("2d").drawImage(v, 0, 0);
          const png = new Uint8Array(await (await new Promise((r) => c.toBlob(r, "image/png"))).arrayBuffer());
          return {rgba: Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data),
                  png: btoa(Array.from(png, (b) => String.fromCharCode(b)).join(""))};
        }"""
    )
    full = np.array(frame["rgba"], dtype=np.uint8).reshape(480, 640, 4)[..., :3]
    editor.get_by_role("button", name={"en": "Take the picture", "ru": "Снять"}[lang]).click()
    expect(status(page)).to_contain_text(
        {
            "en": "The camera's picture: resized and cropped to 128 × 128 × 3",
            "ru": "Картинка с камеры: обрезана и масштабирована до 128 × 128 × 3",
        }[lang]
    )
    assert page.evaluate(CAMERA_ON) == [False]
    expect(preview).to_be_hidden()
    taken = drawn(page)
    # 640 × 480 scaled to cover 128 × 128: the middle 480 × 480, both bars cropped away to the last pixel
    quadrants = {(0, 0): full[120, 200], (0, 1): full[120, 440], (1, 0): full[360, 200], (1, 1): full[360, 440]}
    assert len({tuple(colour) for colour in quadrants.values()} | {tuple(full[240, 40]), tuple(full[240, 600])}) == 6
    for (qr, qc), colour in quadrants.items():
        rows, cols = slice(qr * 66, 62 + qr * 66), slice(qc * 66, 62 + qc * 66)
        assert (taken[rows, cols] == colour).all(), (qr, qc)
    editor.screenshot(path=SHOTS / f"camera-taken-{lang}.png")
    sent = run_and_compare(page, api)
    # the same frame uploaded as a file is the same numbers
    editor.locator('input[type="file"]').set_input_files(
        files=[{"name": "frame.png", "mimeType": "image/png", "buffer": base64.b64decode(frame["png"])}]
    )
    expect(status(page)).to_contain_text("frame.png")
    np.testing.assert_array_equal(drawn(page), sent)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_a_refused_camera_says_so_and_keeps_the_numbers(with_camera, lang, size):
    page = with_camera(STEP.format(lang=lang), size, allowed=False)
    page.locator(EDITOR).locator(".pic-camera button").first.click()
    expect(status(page)).to_have_text(
        {
            "en": "The camera was not allowed: nothing was taken and the numbers are as they were. To use it, allow "
            "the camera for this page in the browser (the icon at the left of the address bar) and press “Camera” "
            "again.",
            "ru": "Камера не разрешена: ничего не снято, числа прежние. Чтобы снимать, разрешите камеру для этой "
            "страницы в браузере (значок слева в адресной строке) и снова нажмите «Камера».",
        }[lang]
    )
    expect(status(page)).to_have_class("small field-error")
    page.locator(EDITOR).screenshot(path=SHOTS / f"camera-refused-{lang}.png")
    np.testing.assert_array_equal(drawn(page), pictures.pixels("house"))
    with page.expect_request("**/api/models/predict") as asked:
        page.locator("#view-root .notice button").click()
    assert asked.value.post_data_json["inputs"]["input_layer"] == pictures.pixels("house")[None].tolist()


@pytest.mark.parametrize(("lang", "size"), [*SIZES, ("ru", DESKTOP), ("en", PHONE)])
def test_a_camera_that_cannot_start_says_it_is_busy_and_keeps_the_numbers(with_camera, busy_camera_browser, lang, size):
    page = with_camera(STEP.format(lang=lang), size, browser=busy_camera_browser)
    page.locator(EDITOR).get_by_role("button", name={"en": "Camera", "ru": "Камера"}[lang]).click()
    expect(status(page)).to_have_text(
        {
            "en": "The camera is in use by another program or could not start; the numbers are as they were. Close "
            "the other program and press “Camera” again.",
            "ru": "Камера занята другой программой или не включается; числа прежние. Закройте ту программу и снова "
            "нажмите «Камера».",
        }[lang]
    )
    expect(status(page)).to_have_class("small field-error")
    assert page.evaluate("window.cameraStreams") == []
    expect(page.locator(EDITOR).locator("video.pic-video")).to_be_hidden()
    expect(page.locator(EDITOR).get_by_role("button", name={"en": "Camera", "ru": "Камера"}[lang])).to_be_visible()
    page.locator(EDITOR).screenshot(path=SHOTS / f"camera-busy-{lang}-{size[0]}.png")
    np.testing.assert_array_equal(drawn(page), pictures.pixels("house"))


def test_no_camera_at_all_says_so_in_russian(open_page, page: Page):
    page.set_viewport_size(dict(zip(("width", "height"), PHONE, strict=True)))
    page = open_page(STEP.format(lang="ru"))
    page.locator(EDITOR).get_by_role("button", name="Камера").click()
    expect(status(page)).to_have_text(
        "На этом устройстве не найдено камеры; числа прежние. Можно взять файл с картинкой или вставить картинку."
    )
    np.testing.assert_array_equal(drawn(page), pictures.pixels("house"))


def test_a_page_over_plain_http_says_the_camera_needs_https(with_camera, server):
    origin = f"http://lab.test:{server.port}"
    page = with_camera(STEP.format(lang="en"), DESKTOP, origin=origin)
    assert page.evaluate("window.isSecureContext") is False
    page.locator(EDITOR).get_by_role("button", name="Camera").click()
    expect(status(page)).to_contain_text(
        f"only over https or on this computer (localhost), and this page is at {origin}"
    )
    np.testing.assert_array_equal(drawn(page), pictures.pixels("house"))


def test_the_camera_goes_off_when_its_editor_is_drawn_again(with_camera):
    page = with_camera(STEP.format(lang="en"), DESKTOP)
    editor = page.locator(EDITOR)
    editor.get_by_role("button", name="Camera").click()
    expect(editor.get_by_role("button", name="Take the picture")).to_be_visible()
    assert page.evaluate(CAMERA_ON) == [True]
    # a batch of 2 draws the input's editor anew: the old one's preview is gone, and so must be its camera
    editor.get_by_label("Batch").fill("2")
    editor.get_by_label("Batch").press("Enter")
    expect(editor.get_by_role("button", name="Camera")).to_be_visible()
    page.wait_for_function(f"() => !({CAMERA_ON})()[0]")
    assert page.locator("video.pic-video:visible").count() == 0


def png_between_bars(height: int, width: int, left: tuple, right: tuple) -> np.ndarray:
    """A picture 1.5 times as wide as tall: a black and a white bar (a sixth of the width each, cropped away by a
    square input) around a left and a right half of two colours."""
    image = np.zeros((height, width, 3), dtype=np.uint8)
    bar = width // 6
    image[:, width - bar :] = 255
    image[:, bar : width // 2] = left
    image[:, width // 2 : width - bar] = right
    return image


def paste_png(page: Page, png: bytes, how: str) -> None:
    """Paste a PNG into the input's paste box: with Ctrl+V from the real clipboard, or as the browser's paste event
    carrying it (a ClipboardEvent with a DataTransfer, as a paste from another program brings)."""
    zone = page.locator(EDITOR).locator(".pic-paste")
    if how == "ctrl+v":
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.evaluate(
            """async (b64) => { const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
               await navigator.clipboard.write([new ClipboardItem({"image/png": new Blob([bytes], {type: "image/png"})})]); }""",
            base64.b64encode(png).decode(),
        )
        zone.focus()
        page.keyboard.press("Control+V")
    else:
        zone.evaluate(
            """(zone, b64) => { const data = new DataTransfer();
               data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], "image.png", {type: "image/png"}));
               zone.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})); }""",
            base64.b64encode(png).decode(),
        )


def test_a_png_pasted_with_ctrl_v_is_cropped_scaled_up_and_run(open_page, page: Page, api):
    page = open_page(STEP.format(lang="en"))
    # 90 × 60: the middle 60 × 60 scaled up to 128 × 128, half red, half blue, no trace of the bars at its edges
    png = pictures.write_png(png_between_bars(60, 90, (250, 20, 10), (10, 30, 240)))
    paste_png(page, png, "ctrl+v")
    expect(status(page)).to_have_text(
        "The pasted picture: resized and cropped to 128 × 128 × 3; these are now the input's numbers."
    )
    pasted = drawn(page)
    assert (pasted[:, :60] == (250, 20, 10)).all() and (pasted[:, 68:] == (10, 30, 240)).all()
    run_and_compare(page, api)
    page.locator(EDITOR).screenshot(path=SHOTS / "paste-en.png")
    # the same PNG uploaded as a file is the same numbers
    page.locator(EDITOR).locator('input[type="file"]').set_input_files(
        files=[{"name": "same.png", "mimeType": "image/png", "buffer": png}]
    )
    expect(status(page)).to_contain_text("same.png")
    np.testing.assert_array_equal(drawn(page), pasted)


ONE_CHANNEL = {
    "m": {
        "layers": [
            {"type": "Input", "name": "input_layer", "args": {"shape": [64, 64, 1]}},
            {"type": "Conv2D", "name": "conv", "args": {"filters": 2, "kernel_size": 3}},
        ]
    }
}


def test_a_png_pasted_into_a_grey_input_on_a_phone_is_pillows_grey(open_page, page: Page, api):
    page.set_viewport_size(dict(zip(("width", "height"), PHONE, strict=True)))
    link = base64.urlsafe_b64encode(json.dumps(ONE_CHANNEL).encode()).decode().rstrip("=")
    page = open_page(f"/?lang=ru#lab=j.{link}")
    left, right = (250, 120, 10), (10, 40, 240)
    # 450 × 300 scaled down to 64 × 64; an input this small runs as soon as its numbers change
    png = pictures.write_png(png_between_bars(300, 450, left, right))
    sent = run_and_compare(page, api, lambda page: paste_png(page, png, "event"), channels=1, map_size=62)
    expect(status(page)).to_have_text(
        "Вставленная картинка: обрезана и масштабирована до 64 × 64 × 1; теперь это числа входа."
    )
    grey = [Image.new("RGB", (1, 1), colour).convert("L").getpixel((0, 0)) for colour in (left, right)]
    assert (sent[:, :31] == grey[0]).all() and (sent[:, 33:] == grey[1]).all()
    page.locator(EDITOR).screenshot(path=SHOTS / "paste-grey-phone-ru.png")


@pytest.mark.parametrize(
    ("lang", "size", "said"),
    [
        pytest.param("en", DESKTOP, "What was pasted is text, not a picture: “−4,5 1 2”", id="desktop-en"),
        pytest.param("ru", PHONE, "Вставлен текст, а не картинка: «−4,5 1 2»", id="phone-ru"),
    ],
)
def test_pasted_text_is_not_a_picture_and_is_quoted_as_pasted(open_page, page: Page, lang, size, said):
    page.set_viewport_size(dict(zip(("width", "height"), size, strict=True)))
    page = open_page(STEP.format(lang=lang))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("navigator.clipboard.writeText('  −4,5\\n1 2 ')")
    page.locator(EDITOR).locator(".pic-paste").focus()
    page.keyboard.press("Control+V")
    expect(status(page)).to_contain_text(said)
    expect(status(page)).to_contain_text({"en": "“Paste numbers” below", "ru": "«Вставить числа» ниже"}[lang])
    page.locator(EDITOR).screenshot(path=SHOTS / f"paste-text-{lang}.png")
    np.testing.assert_array_equal(drawn(page), pictures.pixels("house"))


def test_the_paste_box_is_editable_for_a_phones_paste_yet_keeps_its_words(open_page, page: Page):
    page.set_viewport_size(dict(zip(("width", "height"), PHONE, strict=True)))
    page = open_page(STEP.format(lang="ru"))
    zone = page.locator(EDITOR).get_by_role("textbox", name="Вставьте картинку сюда (Ctrl+V или долгим нажатием)")
    # a phone offers "Paste" on a long press only where text can go; no keyboard comes up for it
    assert zone.evaluate("z => [z.isContentEditable, z.inputMode]") == [True, "none"]
    zone.click()
    page.keyboard.type("12 ab")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    expect(zone).to_have_text("Вставьте картинку сюда (Ctrl+V или долгим нажатием)")
    np.testing.assert_array_equal(drawn(page), pictures.pixels("house"))


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_a_file_or_a_paste_that_is_no_picture_says_so_and_keeps_the_numbers(open_page, page: Page, lang, size):
    page.set_viewport_size(dict(zip(("width", "height"), size, strict=True)))
    page = open_page(STEP.format(lang=lang))
    editor = page.locator(EDITOR)
    editor.locator('input[type="file"]').set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"1 2 3"}]
    )
    expect(status(page)).to_have_text(
        {
            "en": "notes.txt cannot be read as a picture (PNG, JPEG, GIF, WebP and BMP can); the numbers are as they "
            "were.",
            "ru": "notes.txt: не читается как картинка (читаются PNG, JPEG, GIF, WebP и BMP); числа прежние.",
        }[lang]
    )
    # a PNG's signature followed by no PNG: said as a pasted picture that cannot be read
    paste_png(page, b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "event")
    expect(status(page)).to_have_text(
        {
            "en": "The pasted picture cannot be read as a picture (PNG, JPEG, GIF, WebP and BMP can); the numbers are "
            "as they were.",
            "ru": "Вставленная картинка: не читается как картинка (читаются PNG, JPEG, GIF, WebP и BMP); числа "
            "прежние.",
        }[lang]
    )
    expect(status(page)).to_have_class("small field-error")
    # a copied file that is no picture (a PDF) and no text
    page.locator(EDITOR).locator(".pic-paste").evaluate(
        """(zone) => { const data = new DataTransfer();
           data.items.add(new File(["%PDF-1.4"], "paper.pdf", {type: "application/pdf"}));
           zone.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})); }"""
    )
    expect(status(page)).to_have_text(
        {
            "en": "What was pasted holds no picture; the numbers are as they were.",
            "ru": "Во вставленном нет картинки; числа прежние.",
        }[lang]
    )
    np.testing.assert_array_equal(drawn(page), pictures.pixels("house"))


def png_with_clear_pixels(height: int, width: int) -> tuple[bytes, np.ndarray]:
    """An RGBA PNG: its left half clear (stored as transparent black, as drawing programs save it), a red band at
    half opacity, the rest opaque blue-green; and what it shows on white paper (Pillow's composite), H × W × 3."""
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    rgba[:, width // 2 :] = (10, 120, 200, 255)
    rgba[: height // 4, width // 2 :] = (250, 20, 10, 128)
    image = Image.fromarray(rgba, "RGBA")
    out = io.BytesIO()
    image.save(out, format="PNG")
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return out.getvalue(), np.array(Image.alpha_composite(white, image).convert("RGB"))


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_a_transparent_pngs_clear_pixels_are_white_as_on_the_drawing_pad(open_page, page: Page, api, lang, size):
    """A picture with clear pixels reads as it looks on the page's white (the drawing pad's paper): 255, not 0;
    opaque pixels keep their numbers to the byte, half-clear ones are blended with white as Pillow blends them."""
    page.set_viewport_size(dict(zip(("width", "height"), size, strict=True)))
    page = open_page(STEP.format(lang=lang))
    png, on_white = png_with_clear_pixels(128, 128)
    page.locator(EDITOR).locator('input[type="file"]').set_input_files(
        files=[{"name": "clear.png", "mimeType": "image/png", "buffer": png}]
    )
    expect(status(page)).to_contain_text("clear.png")
    sent = run_and_compare(page, api).astype(int)
    assert (sent[:, :64] == 255).all(), "clear pixels are the white they show on"
    assert (sent[32:, 64:] == (10, 120, 200)).all(), "opaque pixels as they are"
    assert np.abs(sent[:32, 64:] - on_white[:32, 64:]).max() <= 1, "half-clear pixels blended with white"
    page.locator(EDITOR).screenshot(path=SHOTS / f"clear-png-{lang}.png")
    # a grey input sees the same: its clear pixels white too
    link = base64.urlsafe_b64encode(json.dumps(ONE_CHANNEL).encode()).decode().rstrip("=")
    page = open_page(f"/?lang={lang}#lab=j.{link}")
    png, _ = png_with_clear_pixels(64, 64)
    grey = run_and_compare(
        page,
        api,
        lambda page: (
            page.locator(EDITOR)
            .locator('input[type="file"]')
            .set_input_files(files=[{"name": "clear.png", "mimeType": "image/png", "buffer": png}])
        ),
        channels=1,
        map_size=62,
    )
    assert (grey[:, :32] == 255).all()
