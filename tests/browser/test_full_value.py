"""The full value box (static/js/fullvalue.js) in Chromium against the real server: it says the value of the number
it stands above, and only while that number is on the page where the box is: typing over a field, the page moving
under it (an error shown above) or the number being drawn again do not leave it saying an old value elsewhere."""

import pytest
from page_kit import wait_for_runs
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def box_sits_above(page: Page, selector: str) -> bool:
    """Whether the box's bottom edge is just above the top of the element's number (its cell), as show() places it."""
    return page.evaluate(
        """(selector) => {
          const box = document.querySelector('.full-value').getBoundingClientRect();
          const cell = document.querySelector(selector).closest('[data-value]').getBoundingClientRect();
          return Math.abs(cell.top - 4 - box.bottom) < 2 && Math.abs(Math.max(4, cell.left) - box.left) < 2;
        }""",
        selector,
    )


def test_typing_over_a_field_takes_its_old_value_away_and_a_refusal_above_leaves_no_stale_box(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script("localStorage.setItem('layerlab.questions', 'off')")
    page.goto(server_url + "/?lang=ru&example=embedding")
    wait_for_runs(page, 0)
    cell = page.locator('#data-editors input[data-flat="1"]')
    cell.tap()
    box = page.locator(".full-value")
    expect(box.locator("code")).to_have_text("1.0")
    assert box_sits_above(page, '#data-editors input[data-flat="1"]')
    cell.fill("−2,5")  # an index no Embedding takes: the server refuses it above the grid
    expect(box).to_be_hidden()
    cell.press("Enter")
    expect(page.locator("#data-error")).to_contain_text("embedding")
    expect(box).to_be_hidden()
    context.close()


def test_the_box_follows_its_number_when_a_refusal_above_moves_the_grid_down_and_back(open_page):
    page = open_page("/?lang=en&example=embedding")
    wait_for_runs(page, 0)
    page.locator('#data-editors input[data-flat="1"]').fill("-3")
    page.locator('#data-editors input[data-flat="1"]').press("Tab")  # on to the next field
    box = page.locator(".full-value")
    expect(box.locator("code")).to_have_text("2.0")
    expect(page.locator("#data-error")).to_contain_text("indices must be whole numbers")  # drawn above the grid
    selector = '#data-editors input[data-flat="2"]'
    page.wait_for_function("(s) => document.activeElement === document.querySelector(s)", arg=selector)
    page.wait_for_timeout(100)  # the observer's callback runs after layout
    assert box_sits_above(page, selector), "the box moved down with its field"
    before = page.evaluate("Number(document.body.dataset.runs)")
    page.locator('#data-editors input[data-flat="1"]').fill("3")
    page.locator('#data-editors input[data-flat="1"]').press("Tab")
    wait_for_runs(page, before)
    expect(page.locator("#data-error")).to_be_hidden()
    expect(box.locator("code")).to_have_text("2.0")
    page.wait_for_timeout(100)
    assert box_sits_above(page, selector), "and back up when the refusal went"
