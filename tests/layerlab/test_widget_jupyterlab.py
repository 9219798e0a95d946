"""The widget in a real JupyterLab (from PyPI, headless, in a temporary folder, on a free port, behind a token):
a notebook runs the seed notebook's cells, then ``layerlab.show(...)``; Chromium finds each widget showing the
numbers ``model.predict`` printed in the cell above, in English and in Russian, and a model with a custom layer
shown with that layer marked, never run by Layer Lab."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "static" / "screenshots" / "notebook-widget.png"

CELLS = [
    # the seed's imports (tf.keras is Keras 3 here), and the widget
    """import numpy as np
from tensorflow.keras.models import Model
from tensorflow.keras.layers import Input, Dense, UpSampling2D, Conv2DTranspose, LSTM
import keras
import layerlab""",
    # Dense on a matrix: the seed's input_data and weights (cell 4), as a Dense layer
    """input_data = np.array([[[2,4,6,8],
                        [2,4,6,8],
                        [2,4,6,8]],

                       [[3,5,7,9],
                        [3,5,7,9],
                        [3,5,7,9]]])
weights = np.array([[0.3, 0.5],
                    [0.3, 0.5],
                    [0.3, 0.5],
                    [0.3, 0.5]])
inp = Input(shape=(3, 4))
x = Dense(2, use_bias=False)(inp)
model = Model(inp, x)
model.set_weights([weights])
print(repr(model.predict(input_data, verbose=0)))""",
    "layerlab.show(model, input_data)",
    # UpSampling2D (cells 19-22)
    """inp = Input(shape=(2, 2, 1))
x = UpSampling2D(size=(2, 2))(inp)
model = Model(inp, x)
data = np.array([[4, 2],
                 [3, 6]])
data = data.reshape((1, 2, 2, 1))
pred = model.predict(data, verbose=0)
print(repr(pred.reshape((4, 4))))""",
    'layerlab.show(model, data, lang="ru")',
    # Conv2DTranspose with set_weights (cells 45, 46, 52, 27)
    """inp = Input(shape=(2, 2, 1))
x = Conv2DTranspose(filters=1, kernel_size=(1, 1), strides=(3, 3), padding='same')(inp)
model = Model(inp, x)
data = np.array([[4, 2],
                 [3, 6]])
data = data.reshape((1, 2, 2, 1))
weights = [np.array([[[[1]]]]), np.array([0])]
model.set_weights(weights)
pred = model.predict(data, verbose=0)
print(repr(pred.reshape((6, 6))))""",
    'layerlab.show(model, data, lang="en")',
    # LSTM with return_state (cell 35)
    """inp = Input(shape=(4, 1))
lstm1, state_h, state_c = LSTM(units=1, return_state=True)(inp)
model = Model(inputs=inp, outputs=[lstm1, state_h, state_c])
data = np.array([0.1, 0.2, 0.3, 0.4]).reshape((1,4,1))
print(repr(model.predict(data, verbose=0)))""",
    'layerlab.show(model, data, lang="ru")',
    # a model with a layer Layer Lab does not know: it counts its own calls
    """class Twice(keras.layers.Layer):
    calls = 0

    def call(self, x):
        Twice.calls += 1
        return x * 2

custom = keras.Sequential([keras.Input((3,)), Dense(3, name="before"), Twice(name="twice"), Dense(2, name="after")])
calls_before = Twice.calls
print("calls before:", calls_before)""",
    'layerlab.show(custom, np.ones((1, 3)), lang="en")',
    'print("calls after:", Twice.calls)',
    # one layer, explained
    'layerlab.explain(model.get_layer("lstm"), data, lang="en")',
    # a tensor too big to send whole (90,000 numbers; a part holds 65,536)
    """big = keras.Sequential([keras.Input((300, 300, 1)), Dense(1, name="scale")])
big.set_weights([np.array([[0.5]]), np.array([0.25])])
ramp = np.arange(90_000, dtype="float32").reshape((1, 300, 300, 1))
print(repr(big.predict(ramp, verbose=0)[0, -1, -1, 0]))""",
    'layerlab.show(big, ramp, lang="en")',
]
STDOUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]'
PREDICT_CELLS = {2: (1, 2), 4: (3, 1), 6: (5, 1), 8: (7, 1)}
"""Widget cell → the cell above it that printed model.predict, and the batch size of that data."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real JupyterLab serving a notebook of CELLS; its URL with the token."""
    home = tmp_path_factory.mktemp("jupyter")
    notebook = {
        "cells": [
            {"cell_type": "code", "source": cell, "metadata": {}, "outputs": [], "execution_count": None}
            for cell in CELLS
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (home / "seed.ipynb").write_text(json.dumps(notebook))
    # no news, no update check: nothing is asked of the internet, and no notification covers the notebook
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"checkForUpdates": false, "fetchNews": "false"}')
    # every cell in the page, drawn, however far from the viewport
    notebook_settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    notebook_settings.mkdir(parents=True)
    (notebook_settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),  # the kernel imports this checkout's layerlab and app
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    log = (ROOT / "test-results").joinpath("jupyterlab.log")
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--allow-root",  # CI runs as root
                "--LabApp.extension_manager=readonly",
                "--expose-app-in-browser",
                f"--ServerApp.port={port}",
                "--ServerApp.ip=127.0.0.1",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={home}",
                "--ServerApp.port_retries=0",
            ],
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({process.returncode}): {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/api/status", params={"token": token}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise TimeoutError(f"JupyterLab did not answer in 60 s: {log.read_text()[-2000:]}")
        yield f"{url}/lab/tree/seed.ipynb?token={token}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def numbers(text: str) -> np.ndarray:
    """The numbers a printed numpy repr holds, in order (dtype=float32 left out)."""
    text = text.replace("float32", "").replace("−", "-")
    return np.array([float(n) for n in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", text)], dtype=np.float32)


@pytest.fixture(scope="module")
def ran(jupyterlab: str, browser) -> Iterator[Page]:
    """The notebook opened in Chromium, every cell run, every widget drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    server = jupyterlab.split("/lab/")[0]
    # the widget's modules come from the kernel: nothing from a CDN or any other host. (A module's own URL is
    # layerlab:/… in the widget, static/js/notebook.js: the stylesheet links the graph and pictures add to the page
    # name that scheme, which loads nothing; the widget has those styles already.)
    outside: list[str] = []
    here = (server, "blob:", "data:", "layerlab:")
    page.on("request", lambda r: None if r.url.startswith(here) else outside.append(r.url))
    page.goto(jupyterlab)
    page.wait_for_function(
        "window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'", timeout=60_000
    )
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")  # not awaited
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    expect(cells.nth(len(CELLS) - 1).locator(".ll-widget")).to_be_visible(timeout=90_000)
    yield page
    context.close()
    assert errors == []
    assert outside == []


def widget(page: Page, cell: int) -> Locator:
    return page.locator(".jp-Notebook .jp-CodeCell").nth(cell).locator(".ll-widget")


def printed(page: Page, cell: int) -> str:
    """What the cell printed (its standard output, not the warnings on standard error)."""
    outputs = page.locator(".jp-Notebook .jp-CodeCell").nth(cell).locator(STDOUT)
    return "\n".join(outputs.all_text_contents())


@pytest.mark.parametrize("cell", sorted(PREDICT_CELLS))
def test_the_widget_shows_the_numbers_model_predict_printed_above_it(ran: Page, cell: int):
    above, batch = PREDICT_CELLS[cell]
    keras_numbers = numbers(printed(ran, above))
    shown = widget(ran, cell)
    expect(shown.locator(".summary-table")).to_be_visible()
    readout = numbers(shown.locator(".ll-numpy").text_content())
    np.testing.assert_array_equal(readout, keras_numbers)
    # the last layer's view, on the first sample, at its last step: its grids hold those numbers, one hover away
    steps = shown.locator(".ll-view .lv-stepper input[type=range]")
    if steps.count():
        expect(steps.first).to_be_visible()  # the page's controls, with the page's screen styles only
        steps.first.fill(steps.first.get_attribute("max"))
    values = shown.locator(".ll-view .lv-panels [data-value]").evaluate_all(
        "cells => cells.map(c => c.dataset.value).filter(Boolean)"
    )
    got = np.array([float(v) for v in values], dtype=np.float32)
    for number in keras_numbers.reshape(batch, -1)[0]:
        assert np.isclose(got, number, rtol=1e-6, atol=1e-7).any(), (number, sorted(set(got)))


def test_each_widget_speaks_its_language(ran: Page):
    assert widget(ran, 2).get_attribute("lang") == "en"  # no lang: the notebook's (Chromium's en-US)
    assert widget(ran, 4).get_attribute("lang") == "ru"
    expect(widget(ran, 4).locator(".ll-trace h2")).to_have_text("Выходы каждого слоя на ваших данных")
    expect(widget(ran, 6).locator(".ll-trace h2")).to_have_text("Every layer's outputs on your data")
    # the page's feature maps of the trace, in the widget's language: the UpSampling2D model's input and output
    maps = widget(ran, 4).locator(".trace-maps")
    expect(maps.locator(".trace-map")).to_have_count(2)
    expect(maps.locator("summary")).to_have_text(re.compile("[а-я]"))
    # the LSTM in Russian: decimal commas in its grids (its numbers as the page writes them), no decimal points
    lstm_cells = widget(ran, 8).locator(".ll-view .lv-panels [data-value]").all_inner_texts()
    assert any(re.fullmatch(r"−?\d+,\d+", text) for text in lstm_cells), lstm_cells
    assert not any("." in text for text in lstm_cells), lstm_cells
    # and the Dense matrix's weights 0.3 in English
    weights = widget(ran, 2).locator(".ll-view .lv-panels [data-value]").all_inner_texts()
    assert "0.3" in weights and "0,3" not in weights


def test_a_feature_maps_name_opens_its_layer_and_the_maps_are_not_drawn_again(ran: Page):
    shown = widget(ran, 4)
    maps = shown.locator(".trace-maps .trace-map")
    first, last = maps.nth(0).locator("button").first, maps.nth(1).locator("button").first
    expect(last).to_have_attribute("aria-pressed", "true")
    shown.locator(".trace-maps .pic-frame").first.evaluate("(frame) => (frame.dataset.before = 'yes')")
    name = maps.nth(0).get_attribute("data-layer")
    first.click()
    expect(shown.locator(f'.ll-tabs [data-layer="{name}"]')).to_have_attribute("aria-selected", "true")
    expect(shown.locator(".ll-view")).to_have_attribute("data-layer", name)
    expect(first).to_have_attribute("aria-pressed", "true")
    expect(last).to_have_attribute("aria-pressed", "false")
    expect(shown.locator(".trace-maps .pic-frame[data-before]")).to_have_count(1)  # the same maps, pressed
    last.click()  # back as the other tests find it
    expect(last).to_have_attribute("aria-pressed", "true")
    expect(shown.locator(".trace-maps .pic-frame[data-before]")).to_have_count(1)


def test_a_custom_layer_is_shown_marked_and_never_run_by_layer_lab(ran: Page):
    shown = widget(ran, 10)
    row = shown.locator('tr.main-row[data-layer="twice"]')
    expect(row).to_have_class(re.compile(r"\bopaque\b"))
    expect(row.locator(".ll-opaque")).to_have_text("not in Layer Lab's catalogue")
    expect(row.locator(".shape")).to_have_text("(None, 3)")
    # Layer Lab ran what came before it, and neither it nor what comes after it
    expect(shown.locator('.ll-tabs button[data-layer="before"]')).to_be_enabled()
    expect(shown.locator('.ll-tabs button[data-layer="twice"]')).to_be_disabled()
    expect(shown.locator('.ll-tabs button[data-layer="after"]')).to_be_disabled()
    assert printed(ran, 9).strip().split()[-1] == printed(ran, 11).strip().split()[-1]
    # the page's graph, beside the summary: the custom layer is a node on the path like any other
    expect(shown.locator('.ll-graph .graph-node[data-layer="twice"]')).to_be_visible()
    expect(shown.locator('.ll-graph .graph-node[data-layer]:not([data-layer=""])')).to_have_count(4)


def test_explain_focuses_one_layer_with_the_models_weights(ran: Page):
    shown = widget(ran, 12)
    expect(shown.locator(".summary-table tr.main-row")).to_have_count(2)  # its input, and the LSTM
    expect(shown.locator('.ll-view .lv-view[data-layer-type="LSTM"]')).to_be_visible()
    keras_numbers = numbers(printed(ran, 7))
    readout = numbers(shown.locator(".ll-numpy").text_content())
    np.testing.assert_array_equal(readout, keras_numbers)


def test_a_tensor_too_big_to_send_whole_comes_in_the_part_the_view_moves_to(ran: Page):
    """As on the page: the view shows the part the kernel sent; moved to the last row and column, it asks the
    kernel for that part and shows the number model.predict printed there."""
    output = widget(ran, 14).locator(".ll-view .lv-panel").nth(1)
    expect(output.get_by_role("heading")).to_have_text("Output 0: scale (300, 300, 1)")
    last = output.locator('.lv-cell[data-r="299"][data-c="299"]')
    expect(last).to_have_count(0)
    output.get_by_role("button", name="To the last row and column").click()
    expect(last).to_have_attribute("data-value", re.compile(r"\d"), timeout=30_000)
    [keras_number] = numbers(printed(ran, 13).splitlines()[-1])  # after TensorFlow's warning of retracing
    assert np.float32(last.get_attribute("data-value")) == keras_number


def test_screenshot_for_the_readme(ran: Page):
    ran.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
    ran.set_viewport_size({"width": 1280, "height": 1500})
    ran.locator(".jp-Notebook .jp-CodeCell").nth(6).evaluate("cell => cell.scrollIntoView({block: 'start'})")
    expect(widget(ran, 6).locator(".ll-view .lv-view")).to_be_visible()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    ran.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
