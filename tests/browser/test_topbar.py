"""The top bar keeps to one row at every width (static/js/topbar.js): what does not fit goes into its menu button,
which a keyboard and a screen reader can use, in both languages. It wrapped to two rows at 1366-1440 px and took
358 of 844 px on a Russian phone."""

import pytest
from page_kit import screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1440, 900), (1920, 1080), (390, 844)]
ACTIONS = ["#share-button", "#code-button", "#import-button", "#gallery-button", "#worksheet-button", ".lang-switch"]
MENU = {"en": "Menu", "ru": "Меню"}
CODE = {"en": "Python code", "ru": "Код на Python"}


def bar(page: Page) -> dict:
    """The bar's height (and the one the page was told, --topbar), whether its items are on one row, where each
    action is, and whether anything sticks out."""
    return page.evaluate(
        """(actions) => {
          const bar = document.querySelector('.topbar');
          const shown = [...bar.querySelectorAll('.brand-name, .tagline, .actions > *')]
            .filter((el) => el.getClientRects().length);
          return {
            height: bar.getBoundingClientRect().height,
            said: getComputedStyle(document.documentElement).getPropertyValue('--topbar'),
            offset: bar.offsetHeight,
            // one row: every item's top is above every item's bottom
            row: Math.max(...shown.map((el) => el.getBoundingClientRect().top)) <
              Math.min(...shown.map((el) => el.getBoundingClientRect().bottom)),
            right: Math.max(...shown.map((el) => el.getBoundingClientRect().right)),
            width: innerWidth,
            page: document.documentElement.scrollWidth,
            where: actions.map((sel) => {
              const el = bar.querySelector(sel);
              return el.closest('#menu-panel') ? 'menu' : el.getClientRects().length ? 'bar' : 'nowhere';
            }),
            menu: !bar.querySelector('.top-menu').hidden,
          };
        }""",
        ACTIONS,
    )


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_top_bar_is_one_row_and_every_action_is_on_it_or_in_its_menu(open_page, page: Page, lang, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(f"/?lang={lang}")
    expect(page.locator(".topbar .brand-name")).to_be_visible()
    laid = bar(page)
    assert laid["row"], laid
    assert laid["height"] <= 70, laid
    assert laid["said"] == f"{laid['offset']}px", "the lesson box is told the bar's height"
    assert laid["right"] <= laid["width"] and laid["page"] <= laid["width"], laid
    assert "nowhere" not in laid["where"], laid
    assert laid["menu"] == ("menu" in laid["where"]), laid
    if size[0] >= 1366:
        # a desktop has room for every button; only the tagline may go
        assert laid["where"] == ["bar"] * len(ACTIONS), laid
    else:
        assert laid["where"] == ["menu"] * len(ACTIONS), laid
        if lang == "ru":
            page.get_by_role("button", name=MENU[lang]).click()
            screenshot(page, "phone-menu.png")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_on_a_phone_the_menu_works_by_keyboard_and_says_whether_it_is_open(open_page, page: Page, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(f"/?lang={lang}")
    menu = page.get_by_role("button", name=MENU[lang])
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "menu-panel")
    expect(page.locator("#menu-panel")).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#menu-panel")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#menu-panel")).to_be_hidden()
    expect(menu).to_be_focused()
    # the arrow keys open it on its first item and move through its items
    page.keyboard.press("ArrowDown")
    expect(page.locator("#share-button")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#code-button")).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator('[data-lang-choice="en"]')).to_be_focused()
    page.keyboard.press("Escape")
    # Tab goes from the button into the open menu; a choice closes it, and its dialog gives the focus back
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=CODE[lang])).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#code-dialog")).to_be_visible()
    expect(page.locator("#menu-panel")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(page.locator("#code-dialog")).to_be_hidden()
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")
    # a click elsewhere closes it
    menu.click()
    expect(page.locator("#menu-panel")).to_be_visible()
    page.mouse.click(195, 800)
    expect(page.locator("#menu-panel")).to_be_hidden()


def test_the_language_switches_from_the_phone_menu_and_the_bar_fits_the_new_words(open_page, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page("/?lang=ru")
    page.get_by_role("button", name="Меню").click()
    expect(page.locator('#menu-panel [data-lang-choice="ru"]')).to_have_attribute("aria-pressed", "true")
    page.locator('#menu-panel [data-lang-choice="en"]').click()
    expect(page.locator("#lesson-heading")).to_have_text("Lesson")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_focused()
    menu.click()
    expect(page.locator('#menu-panel [data-lang-choice="en"]')).to_have_attribute("aria-pressed", "true")
    # a wide window after the switch: the words of the new language are measured, the menu is gone
    page.set_viewport_size({"width": 1920, "height": 1080})
    expect(page.locator(".top-menu")).to_be_hidden()
    expect(page.locator(".tagline")).to_have_text("See what each Keras layer does to your numbers")
    laid = bar(page)
    assert laid["where"] == ["bar"] * len(ACTIONS)
    assert laid["said"] == f"{laid['offset']}px", laid
