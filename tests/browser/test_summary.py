"""A big model's summary (static/js/summary.js): DenseNet121's 429 layers (858 table rows) scroll in a box that
holds only the rows in sight; every row is reached by scrolling, found by the field above it, selected, masked by
an open question and printed whole, in both languages."""

import pytest
from playwright.sync_api import Page, expect
from test_questions import shown

pytestmark = pytest.mark.browser

MOST_ROWS = 120
"""Table rows the page may hold at once for a long summary (it held all 858 for DenseNet121)."""
AT_END = "(el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1"
FIND = {"en": "Find a layer (name or type)", "ru": "Найти слой (имя или тип)"}


@pytest.fixture(scope="module")
def densenet(api) -> dict:
    entry = api.get("/api/gallery/densenet121").json()
    return api.post("/api/models/summary", json=entry["model"]).json()


def opened(open_page, lang: str, densenet: dict) -> Page:
    page = open_page(f"/?lang={lang}&gallery=densenet121")
    expect(page.locator("#summary tr.main-row").first).to_have_attribute("data-layer", densenet["layers"][0]["name"])
    return page


def rows_held(page: Page) -> int:
    return page.locator("#summary tbody tr").count()


def column_widths(page: Page) -> list[float]:
    return page.eval_on_selector_all("#summary thead th", "(ths) => ths.map((th) => th.getBoundingClientRect().width)")


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_row_of_densenet_is_reached_by_scrolling_with_few_rows_in_the_page(
    open_page, page: Page, densenet, lang, size
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page = opened(open_page, lang, densenet)
    names = [row["name"] for row in densenet["layers"]]
    assert len(names) == 429
    box = page.locator(".long-summary")
    widths = column_widths(page)
    seen, most = [], 0
    box.hover()
    for _ in range(400):
        drawn = page.eval_on_selector_all("#summary tr.main-row", "(rows) => rows.map((r) => r.dataset.layer)")
        seen += [name for name in drawn if name not in seen]
        most = max(most, rows_held(page))
        if box.evaluate(AT_END):
            break
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(20)
    drawn = page.eval_on_selector_all("#summary tr.main-row", "(rows) => rows.map((r) => r.dataset.layer)")
    seen += [name for name in drawn if name not in seen]
    assert box.evaluate(AT_END)
    assert sorted(set(seen), key=names.index) == names
    assert most <= MOST_ROWS, most
    expect(page.locator(f'#summary tr.main-row[data-layer="{names[-1]}"]')).to_be_in_viewport()
    if size[0] > 600:
        expect(page.locator(".long-summary thead th").first).to_be_in_viewport()
        assert column_widths(page) == widths, "the columns keep their widths whichever rows are drawn"
    params = page.locator(f'#summary tr.main-row[data-layer="{names[-1]}"] td.params')
    expect(params).to_have_text({"en": "1,025,000", "ru": "1\u00a0025\u00a0000"}[lang])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_find_field_keeps_the_layers_whose_name_or_type_holds_the_text(open_page, page: Page, densenet, lang):
    page = opened(open_page, lang, densenet)
    find = page.locator("#summary-find-input")
    expect(find).to_have_accessible_name(FIND[lang])
    find.fill("conv5_block16")
    wanted = [row["name"] for row in densenet["layers"] if "conv5_block16" in row["name"]]
    assert len(wanted) == 7
    expect(page.locator("#summary tr.main-row")).to_have_count(7)
    expect(page.locator("#summary-find-said")).to_have_text({"en": "7 of 429 layers", "ru": "7 из 429 слоёв"}[lang])
    assert page.eval_on_selector_all("#summary tr.main-row", "(r) => r.map((x) => x.dataset.layer)") == wanted
    find.fill("concatenate")  # a type, in any case
    concatenated = [row["name"] for row in densenet["layers"] if row["type"] == "Concatenate"]
    expect(page.locator("#summary-find-said")).to_contain_text(str(len(concatenated)))
    find.fill("xyz")
    expect(page.locator("#summary tr.main-row")).to_have_count(0)
    expect(page.locator("#summary-find-said")).to_have_text(
        {"en": "No layer’s name or type holds “xyz”.", "ru": "Ни в имени, ни в типе слоя нет «xyz»."}[lang]
    )
    find.fill("")
    expect(page.locator("#summary tr.main-row").first).to_have_attribute("data-layer", "input_layer")
    expect(page.locator("#summary-find-said")).to_have_text("")


def test_a_selected_row_stays_selected_as_it_scrolls_out_and_back(open_page, page: Page, densenet):
    page = opened(open_page, "en", densenet)
    page.locator("#summary-find-input").fill("conv3_block4_concat")
    page.locator('#summary tr.main-row[data-layer="conv3_block4_concat"] button').click()
    assert page.evaluate("window.layerLab.state.selected") == "conv3_block4_concat"
    page.locator("#summary-find-input").fill("")
    expect(page.locator('#summary tr.main-row[data-layer="conv3_block4_concat"]')).to_have_count(0)
    box = page.locator(".long-summary")
    box.hover()
    row = page.locator('#summary tr.main-row[data-layer="conv3_block4_concat"]')
    for _ in range(200):
        if row.count():
            break
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(20)
    expect(row).to_have_class("main-row selected")
    expect(page.locator("#summary tr.main-row.selected")).to_have_count(1)


def test_the_whole_summary_is_printed(open_page, page: Page, densenet):
    page = opened(open_page, "en", densenet)
    assert rows_held(page) <= MOST_ROWS
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator("#summary tr.main-row")).to_have_count(429)
    expect(page.locator("#summary tr.formula-row")).to_have_count(429)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert rows_held(page) <= MOST_ROWS


def test_an_exercise_on_densenet_masks_a_row_drawn_only_when_scrolled_to(open_page, densenet, asking, server_url):
    teacher = opened(open_page, "en", densenet)
    teacher.locator("#make-exercise").click()
    dialog = teacher.locator("#exercise-dialog")
    dialog.locator('input[data-kind="shape"][data-layer="conv5_block16_concat"]').check()
    dialog.locator("#exercise-link").click()
    link = dialog.locator("#exercise-url").input_value()

    student = asking(link.removeprefix(server_url), width=1366, height=768)
    row = '#summary tr.main-row[data-layer="conv5_block16_concat"]'
    expect(student.locator(row)).to_have_count(0)
    student.locator("#summary-find-input").fill("conv5_block16_c")
    expect(student.locator(row)).to_have_count(1)
    assert not shown(student, f"{row} td.shape")
    assert shown(student, f"{row} td.params")
    student.locator("#summary-find-input").fill("")
    student.locator(".long-summary").evaluate("(el) => (el.scrollTop = el.scrollHeight)")
    expect(student.locator(row)).to_have_count(1)
    assert not shown(student, f"{row} td.shape")
