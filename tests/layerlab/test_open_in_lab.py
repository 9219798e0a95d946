"""layerlab.open_in_lab: the link a notebook gives opens the learner's model, its weights and data in a running
Layer Lab server's page, which shows the numbers model.predict gave in the notebook."""

import keras
import numpy as np
import pytest
from page_kit import wait_for_runs
from playwright.sync_api import Page, expect

import layerlab

pytestmark = pytest.mark.browser


def test_the_link_opens_the_model_with_its_own_weights_and_data_on_the_page(page: Page, server_url: str):
    inp = keras.Input((4, 1), name="seq")
    outputs = keras.layers.LSTM(2, return_state=True, name="lstm")(inp)
    model = keras.Model(inp, outputs)  # weights drawn by Keras here, not Layer Lab's seed
    data = np.array([0.1, 0.2, 0.3, 0.4]).reshape((1, 4, 1))
    expected = model.predict(data, verbose=0)
    link = layerlab.open_in_lab(model, data, url=server_url, lang="ru")
    page.goto(link)
    wait_for_runs(page, 0)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    shown = page.evaluate("window.layerLab.state.prediction.outputs.map((o) => o.data)")
    assert len(shown) == 3
    for got, want in zip(shown, expected, strict=True):
        np.testing.assert_array_equal(np.asarray(got, dtype=np.float32), want)
