"""Words in (static/js/words.js, words_input.js) in Chromium, against a real server: a typed sentence becomes the
vocabulary's indices (unknown words marked), goes through Embedding and LSTM, and the views name each row and step
by its word, with Keras's numbers."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from page_kit import screenshot
from playwright.sync_api import Page, expect

from app import lesson

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WORDS = json.loads((ROOT / "static" / "words" / "vocabulary.json").read_text(encoding="utf-8"))["words"]
SENTENCE = "The cat sat on the mat with Иван"


def indices_of(sentence: str, length: int) -> list[int]:
    """The sentence as the vocabulary file says it should read: lower case, ё as е, 1 for a word not there."""
    found = [WORDS.index(w) if w in WORDS else 1 for w in sentence.lower().replace("ё", "е").split()]
    return found + [0] * (length - len(found))


def answer_for(page: Page, sent: list[int]) -> None:
    """Wait until the page's answer is for these indices and its view is drawn."""
    page.wait_for_function(
        "(sent) => JSON.stringify(window.layerLab.state.prediction?.inputs?.[0]?.data?.[0]) === JSON.stringify(sent)",
        arg=sent,
    )


def type_sentence(page: Page, text: str) -> None:
    field = page.locator(".words-field")
    field.click()
    field.press_sequentially(text, delay=20)
    expect(field).to_be_focused()  # the editors redraw as the learner types; the field keeps the focus
    expect(field).to_have_value(re.compile(re.escape(text) + "$"))


def cell(page: Page, name: str):
    """A read-only grid cell of the view by its name (`y[1, 0]`): its title starts with it."""
    return page.locator(f'#view-root .lv-cell[title^="{name} = "]').first


def test_the_readme_counts_the_vocabulary():
    assert f"{len(WORDS) - 2} English and\nRussian words" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_typed_sentence_becomes_indices_with_unknown_words_marked(open_page):
    page = open_page("/?lang=en&example=embedding")
    type_sentence(page, SENTENCE)
    want = indices_of(SENTENCE, 10)
    chips = page.locator(".words-tokens li")
    expect(chips).to_have_count(8)
    assert [int(chips.nth(k).get_attribute("data-index")) for k in range(8)] == want[:8]
    expect(page.locator(".words-tokens li.is-unknown")).to_have_count(1)
    expect(page.locator(".words-tokens li.is-unknown")).to_contain_text("Иван")
    expect(page.locator(".words-shown")).to_contain_text("The other 2 places are filled with 0.")
    assert page.evaluate("Array.from(window.layerLab.state.data.input_layer.values)") == want
    type_sentence(page, " и ещё три слова")
    expect(page.locator(".words-shown")).to_contain_text("Only 10 fit: the last 2 words are left out.")


def test_the_embedding_view_shows_the_row_each_word_picks_with_kerass_numbers(open_page, api):
    page = open_page("/?lang=en&example=embedding")
    type_sentence(page, SENTENCE)
    want = indices_of(SENTENCE, 10)
    answer_for(page, want)
    page.locator('#layer-tabs [data-layer="embedding"]').click()
    expect(page.locator("#view-root .lv-axis-col").first).to_have_text("The")
    expect(page.locator("#view-root .lv-axis-row", has_text="cat").first).to_have_text(f"{WORDS.index('cat')} cat")
    step = lesson.get("embedding")
    body = {"model": step.model, "inputs": [want], "seed": step.seed}
    keras = np.array(api.post("/api/models/predict", json=body).json()["outputs"][0]["data"], dtype=np.float32)[0]
    for n, k in [(1, 0), (1, 4), (7, 2), (9, 3)]:
        assert np.float32(float(cell(page, f"y[{n}, {k}]").get_attribute("data-value"))) == keras[n, k]
    # "the" twice picks the same row: the same numbers
    np.testing.assert_array_equal(keras[0], keras[4])


def test_the_lstm_view_steps_through_the_words_with_kerass_numbers(open_page, api):
    page = open_page("/?lang=ru&example=lstm")
    type_sentence(page, "Мама мыла раму")
    want = indices_of("Мама мыла раму", 100)
    assert 1 not in want[:3]
    answer_for(page, want)
    page.locator('#layer-tabs [data-layer="lstm"]').click()
    status = page.locator("#view-root .lv-status")
    expect(status).to_contain_text("читает «Мама»")
    page.locator('#view-root [data-action="next"]').click()
    expect(status).to_contain_text("читает «мыла»")
    expect(page.locator("#view-root .lv-axis-row", has_text="раму").first).to_have_text("t=2 раму")
    # Keras's h after each word: the same model and weights, returning every step
    step = lesson.get("lstm")
    body = {"model": step.model, "inputs": [want], "seed": step.seed, "trace": ["embedding", "lstm"]}
    trace = {layer["name"]: layer for layer in api.post("/api/models/predict", json=body).json()["trace"]}
    weights = {name: [w["data"] for w in trace[name]["weights"]] for name in ("embedding", "lstm")}
    every = json.loads(json.dumps(step.model))
    every["layers"][-1]["args"]["return_sequences"] = True
    answer = api.post("/api/models/predict", json={"model": every, "inputs": [want], "weights": weights}).json()
    keras = np.array(answer["outputs"][0]["data"], dtype=np.float32)[0]
    for t in range(3):
        for u in (0, 5, 17):
            shown = float(cell(page, f"h[{t}, {u}]").get_attribute("data-value"))
            assert shown == pytest.approx(float(keras[t, u]), rel=1e-4, abs=1e-7), (t, u)
    expect(page.locator("#view-root .lv-badge.is-match")).to_contain_text("совпадает с Keras")
    page.set_viewport_size({"width": 1440, "height": 1000})
    screenshot(page.locator("#data-section"), "words-ru.png")
