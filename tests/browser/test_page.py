"""The page shell: it loads from our server alone, and every word exists in Russian and English."""

import re
from pathlib import Path

import pytest
from page_kit import screenshot
from playwright.sync_api import Browser, Page, expect

ROOT = Path(__file__).resolve().parents[2]
KEY = re.compile(r"""\bt\(\s*["']([A-Za-z_]+\.[A-Za-z0-9_]+)["']""")
TEMPLATE_KEY = re.compile(r'data-i18n(?:-[a-z-]+)?="([a-z_]+\.[a-z_]+)"')

pytestmark = pytest.mark.browser


def strings(page: Page) -> dict[str, dict[str, str]]:
    """Both languages' tables (the page loads only its own language's; the other is loaded here)."""
    return page.evaluate(
        "import('/static/js/i18n.js').then((m) => Promise.all(m.LANGUAGES.map(m.loadLanguage)).then(() => m.STRINGS))"
    )


def test_every_string_has_russian_and_english(open_page):
    page = open_page()
    table = strings(page)
    assert set(table["en"]) == set(table["ru"])
    assert all(text.strip() for lang in table.values() for text in lang.values())
    used = set(TEMPLATE_KEY.findall((ROOT / "templates" / "index.html").read_text()))
    for source in (ROOT / "static" / "js").rglob("*.js"):
        used |= set(KEY.findall(source.read_text()))
    used |= {f"data.fill_{kind}" for kind in ("zeros", "ones", "arange", "random")}
    # the notebook widget's own words, outside the page's tables (both languages: tests/js/notebook.test.mjs)
    widget = set(re.findall(r'"(widget\.[a-z_]+)":', (ROOT / "static/js/strings/widget.js").read_text()))
    assert sorted(used - set(table["en"]) - widget) == []


def test_switching_to_russian_translates_the_page(open_page):
    page = open_page("/?lang=en&example=dense-dot-product")
    expect(page.locator("#builder-heading")).to_have_text("Model")
    page.get_by_role("button", name="Русский").click()
    expect(page.locator("#builder-heading")).to_have_text("Модель")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#summary th").first).to_have_text("Слой (тип)")
    assert "lang=ru" in page.url
    table = strings(page)
    visible = page.locator("body").inner_text()
    assert not [key for key in table["en"] if re.search(rf"(?<![\w.]){re.escape(key)}(?![\w.])", visible)]


def test_the_browser_language_chooses_the_first_render(browser: Browser, server_url: str):
    context = browser.new_context(locale="ru-RU", extra_http_headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#lesson-heading")).to_have_text("Урок")
    assert page.locator("html").get_attribute("lang") == "ru"
    context.close()


@pytest.mark.parametrize(("path", "lang", "other"), [("/", "en", "ru"), ("/?lang=ru", "ru", "en")])
def test_the_page_is_light(browser: Browser, server_url: str, path: str, lang: str, other: str):
    """A new learner's first load (a fresh browser, questions on, until the first step's view is drawn and the
    network is quiet), everything included (page, styles, modules, the catalogue, the lesson, the first summary),
    stays under 300 KB as it travels; the page's own files also stay under 300 KB uncompressed. Only the page's
    language's words are loaded (bench/first_load.py lists the files)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        page = context.new_page()
        page.goto(server_url + path)
        page.wait_for_selector("body[data-ready=true]")
        page.wait_for_selector("#questions .question")
        page.wait_for_selector("#view-root > *", state="attached")
        page.wait_for_load_state("networkidle")
        entries = page.evaluate(
            """() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
                 .map((e) => ({name: e.name, wire: e.encodedBodySize || 0, size: e.decodedBodySize || 0}))"""
        )
    finally:
        context.close()
    names = [e["name"].split("?")[0] for e in entries]
    assert f"{server_url}/static/js/strings/{lang}.js" in names
    assert f"{server_url}/static/js/strings/{other}.js" not in names
    wire = sum(e["wire"] for e in entries)
    files = sum(e["size"] for e in entries if "/api/" not in e["name"])
    assert any("/api/layers" in name for name in names)
    assert 0 < wire < 300_000, wire
    assert 0 < files < 300_000, files


@pytest.mark.parametrize("example", ["dense-basic", "concatenate", "lstm-sequences-and-state"])
def test_on_a_phone_the_summary_fits_its_column(open_page, page, example):
    """Issue 9 #11: on a phone the summary's parameter column was cut off."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(f"/?lang=ru&example={example}")
    sizes = page.evaluate(
        """() => {
          const box = document.querySelector('#summary .table-scroll');
          const cells = [...document.querySelectorAll('#summary td.params')].map((c) => c.getBoundingClientRect().right);
          return {scroll: box.scrollWidth, client: box.clientWidth, right: box.getBoundingClientRect().right, cells};
        }"""
    )
    assert sizes["scroll"] <= sizes["client"], sizes
    assert sizes["cells"] and max(sizes["cells"]) <= sizes["right"] + 0.5, sizes
    if example == "lstm-sequences-and-state":
        screenshot(page.locator("#summary-section"), "phone-summary.png")
