"""The grid renderer (static/js/grid.js) on the lesson's steps: every number is readable in full, and a grid
wider than the screen scrolls inside its own box, never the page."""

import pytest
from page_kit import runs, screenshot, wait_for_runs

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

CUT_CELLS = """() => [...document.querySelectorAll('.lv-cell, .lv-cell input')]
  .filter((el) => el.scrollWidth > el.clientWidth)
  .map((el) => [el.closest('.lv-panel')?.querySelector('.lv-panel-title')?.textContent, el.value ?? el.textContent,
                el.scrollWidth, el.clientWidth])"""

STICKING_OUT = """() => [...document.querySelectorAll('.lv-panel-title, .lv-pan, .lv-grid-wrap, #run-button')]
  .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
  .map((el) => [el.className || el.id, el.textContent.slice(0, 60), el.getBoundingClientRect().right])"""


def run(page) -> None:
    before = runs(page)
    page.locator("#run-button").click()
    wait_for_runs(page, before)


def open_weights(page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("example", ["lstm", "lstm-return-state"])
def test_every_cell_shows_its_whole_number(open_page, page, example, width):
    """Russian LSTM steps: "5,55e−4" and "−0,00695" were cut to "5,55e−" and "−0,0069" in 48 px cells."""
    page.set_viewport_size({"width": width, "height": 900})
    page = open_page(f"/?lang=ru&example={example}")
    run(page)
    open_weights(page)
    assert page.locator(".view-root .lv-cell").count() > 0
    assert page.evaluate(CUT_CELLS) == []
    if example == "lstm" and width == 390:
        page.locator(".view-root .lv-panel").nth(1).scroll_into_view_if_needed()
        screenshot(page, "phone-lstm-gates.png")


@pytest.mark.parametrize("example", ["dense-basic", "conv2d-transpose", "conv2d-transpose-demo", "lstm"])
def test_on_a_phone_grids_scroll_in_their_box_and_the_page_does_not(open_page, page, example):
    """At 390 px the data editor's grid made the page 1662 px wide; the pan line and the output titles were cut."""
    page.set_viewport_size(PHONE)
    page = open_page(f"/?lang=ru&example={example}")
    run(page)
    open_weights(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
    assert page.evaluate(STICKING_OUT) == []
    assert page.evaluate(CUT_CELLS) == []
    run(page)
    if example == "conv2d-transpose":
        screenshot(page, "phone-conv2d-transpose.png", full_page=True)
