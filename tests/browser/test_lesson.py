"""The lesson: every example opens with one click and shows Keras's own numbers."""

import tempfile
from pathlib import Path

import pytest
from live_server import Server
from page_kit import flat, runs, screenshot, wait_for_runs
from playwright.sync_api import expect

from app import lesson

pytestmark = pytest.mark.browser

# for people to look at (pytest-playwright empties test-results/ when it starts)
SHOTS = Path(tempfile.gettempdir()) / "layerlab-lesson"


def test_each_example_opens_with_kerass_total(open_page, api):
    examples = api.get("/api/examples").json()
    page = open_page("/?lang=en")
    for example in examples:
        expected = api.post("/api/models/summary", json=example["model"]).json()["total_params"]
        page.locator(f'[data-example="{example["id"]}"]').click()
        expect(page.locator("#example-title")).to_have_text(example["title"]["en"])
        expect(page.locator("#total-params")).to_have_text(f"{expected:,}")
        expect(page.locator(f'[data-example="{example["id"]}"]')).to_have_attribute("aria-current", "true")


def test_a_link_opens_one_example_with_its_numbers(open_page, api):
    example = api.get("/api/examples/dense-dot-product").json()
    page = open_page("/?lang=ru&example=dense-dot-product")
    wait_for_runs(page, 0)
    expect(page.locator("#example-title")).to_have_text(example["title"]["ru"])
    outputs = page.evaluate("window.layerLab.state.prediction.outputs[0].data")
    assert flat(outputs) == pytest.approx(flat(lesson.get("dense-dot-product").expected.outputs))
    expect(page.locator('#view-root[data-layer="dense"] > *').first).to_be_visible()
    screenshot(page, "lesson.png", full_page=True)
    screenshot(page.locator("#views-section"), "views.png")


def test_the_conv2d_transpose_example_uses_the_lessons_weights(open_page):
    page = open_page("/?lang=en&example=conv2d-transpose-demo")
    if not runs(page):
        wait_for_runs(page, 0)
    outputs = page.evaluate("window.layerLab.state.prediction.outputs[0].data")
    assert flat(outputs) == pytest.approx(flat(lesson.get("conv2d-transpose-demo").expected.outputs))


def test_a_step_about_shapes_runs_when_asked(open_page):
    page = open_page("/?lang=en&example=reshape-10x10")
    notice = page.locator("#view-root .notice")
    expect(notice).to_contain_text("Press Run")
    notice.get_by_role("button", name="Run").click()
    wait_for_runs(page, 0)
    expect(page.locator('#layer-tabs [data-layer="reshape"]')).to_have_attribute("aria-selected", "true")
    assert page.evaluate("window.layerLab.state.prediction.outputs[0].shape") == [1, 10, 10]


WORDS = {
    "en": {
        "replaced": "replaced the model you had changed",
        "undo": "Bring my model back",
        "next": "Next step →",
        "previous": "← Previous step",
        "notebook": "The notebook's code",
    },
    "ru": {
        "replaced": "заменил модель, которую вы изменили",
        "undo": "Вернуть мою модель",
        "next": "Следующий шаг →",
        "previous": "← Предыдущий шаг",
        "notebook": "Код из блокнота",
    },
}


def units_field(page):
    return page.locator(".layer-card").nth(1).locator('.field[data-arg="units"] input')


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_step_over_a_changed_model_warns_and_undoes_and_back_returns_to_it(open_page, api, lang):
    """Issue 9 #3: a step replaced the learner's own model silently, and Back left the app."""
    examples = {e["id"]: e for e in api.get("/api/examples").json()}
    page = open_page(f"/?lang={lang}&example=dense-basic")
    units_field(page).fill("7")
    expect(page.locator("#total-params")).to_have_text(
        f"{64 * 7 + 7 + 7 * 10 + 10:,}".replace(",", "\u202f" if lang == "ru" else ",")
    )
    page.locator('[data-example="flatten"]').click()
    expect(page.locator("#example-title")).to_have_text(examples["flatten"]["title"][lang])
    undo = page.locator("#undo-box")
    expect(undo).to_contain_text(WORDS[lang]["replaced"])
    assert "example=flatten" in page.url
    undo.get_by_role("button", name=WORDS[lang]["undo"]).click()
    expect(units_field(page)).to_have_value("7")
    expect(undo).to_be_hidden()
    expect(page.locator("#example-title")).to_have_text(examples["dense-basic"]["title"][lang])
    page.go_back()
    expect(page.locator("#example-title")).to_have_text(examples["flatten"]["title"][lang])
    page.go_back()
    expect(page.locator("#example-title")).to_have_text(examples["dense-basic"]["title"][lang])
    expect(units_field(page)).to_have_value("7")
    page.go_forward()
    expect(page.locator("#example-title")).to_have_text(examples["flatten"]["title"][lang])


def test_opening_a_step_over_an_unchanged_one_asks_nothing(open_page):
    page = open_page("/?lang=en&example=dense-basic")
    page.locator('[data-example="flatten"]').click()
    expect(page.locator("#example-title")).to_have_text("Flatten")
    expect(page.locator("#undo-box")).to_be_hidden()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_next_and_previous_walk_the_lesson_with_the_notebooks_cell(open_page, api, lang):
    """Issue 9, lesson navigation: Next / Previous, the notebook's own cell and output, progress in the URL."""
    examples = api.get("/api/examples").json()
    page = open_page(f"/?lang={lang}&example={examples[0]['id']}")
    card = page.locator("#example-card")
    expect(card.get_by_role("button", name=WORDS[lang]["previous"])).to_be_disabled()
    card.get_by_role("button", name=WORDS[lang]["next"]).click()
    expect(page.locator("#example-title")).to_have_text(examples[1]["title"][lang])
    assert f"example={examples[1]['id']}" in page.url
    cell = card.locator(".notebook-cell")
    cell.get_by_text(WORDS[lang]["notebook"]).click()
    expect(cell.locator("pre").first).to_have_text(examples[1]["notebook"]["code"])
    with_output = next(e for e in examples[1:] if e["notebook"]["output"])
    page.goto(page.url.split("?")[0] + f"?lang={lang}&example={with_output['id']}")
    page.wait_for_selector("body[data-ready=true]")
    page.locator(".notebook-cell summary").click()
    expect(page.locator(".notebook-cell pre.output")).to_have_text(with_output["notebook"]["output"])
    card.get_by_role("button", name=WORDS[lang]["previous"]).click()
    index = next(i for i, e in enumerate(examples) if e["id"] == with_output["id"])
    expect(page.locator("#example-title")).to_have_text(examples[index - 1]["title"][lang])


@pytest.mark.parametrize(
    ("lang", "size"),
    [("en", (1366, 768)), ("ru", (1366, 768)), ("en", (390, 844)), ("ru", (390, 844))],
    ids=["desktop-en", "desktop-ru", "phone-en", "phone-ru"],
)
def test_a_steps_lines_beginning_with_a_dash_are_a_list(open_page, page, lang, size):
    """Step 30's layers and step 08's parameters are written as "- …" lines: the card shows them as lists, each
    item's **bold** and *emphasis* kept, the line before a list still its paragraph's."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    for step_id, items in [("attention", 4), ("conv2d-valid", 5)]:
        open_page(f"/?lang={lang}&example={step_id}")
        text = page.locator("#example-text")
        expect(text.locator("ul > li")).to_have_count(items)
        written = [line[2:] for line in lesson.get(step_id).text[lang].splitlines() if line.startswith("- ")]
        assert len(written) == items
        for item, line in zip(text.locator("ul > li").all(), written, strict=True):
            assert item.inner_text() == line.replace("**", "").replace("*", "")
        assert "- " not in "".join(text.locator("p").all_inner_texts()).replace(" - ", "")
        first = text.locator("ul > li").first
        expect(first.locator("strong, em").first).to_be_visible()
        assert first.evaluate("li => getComputedStyle(li).display") == "list-item"
        SHOTS.mkdir(exist_ok=True)
        text.screenshot(path=SHOTS / f"{step_id}-{lang}-{size[0]}.png")
    # step 08: "The main parameters …:" stays its paragraph's last line, right above the list
    expect(text.locator("ul").locator("xpath=preceding-sibling::p[1]")).to_contain_text(
        {"en": "The main parameters", "ru": "Основные параметры"}[lang]
    )


@pytest.mark.parametrize("size", [(1440, 700), (390, 800)], ids=["desktop", "phone"])
def test_a_direct_step_link_shows_that_step_in_the_lesson_list(open_page, api, page, size):
    """Issue 9 #10: on a desktop the list did not scroll to a linked step."""
    last = api.get("/api/examples").json()[-1]
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(f"/?lang=en&example={last['id']}")
    step = page.locator(f'[data-example="{last["id"]}"]')
    expect(step).to_have_attribute("aria-current", "true")
    box = step.bounding_box()
    holder = page.evaluate(
        """(id) => {
          const step = document.querySelector(`[data-example="${id}"]`);
          const list = document.querySelector('#example-list');
          const box = list.scrollHeight > list.clientHeight ? list : list.closest('.lesson');
          const r = box.getBoundingClientRect();
          return {top: Math.max(r.top, 0), bottom: Math.min(r.bottom, innerHeight)};
        }""",
        last["id"],
    )
    assert holder["top"] - 1 <= box["y"] and box["y"] + box["height"] <= holder["bottom"] + 1, (box, holder)
    if size[0] < 600:
        screenshot(page, "phone-lesson.png")


ASKS_WRONG = """
view = "dense"
title = { en = "Mine" }
text = { en = "Mine." }
model = { layers = [{ type = "Input", args = { shape = 2 } }, { type = "Dense", args = { units = 3 } }] }
questions = [{ kind = "params", layer = "dense_9" }]
"""


def test_a_teachers_bad_step_is_said_in_the_pages_language_and_follows_a_switch(browser, tmp_path):
    (tmp_path / "01-asks-wrong.toml").write_text(ASKS_WRONG, encoding="utf-8")
    server = Server(env={"LAYERLAB_TEACHER_STEPS": str(tmp_path), "LAYERLAB_WORKERS": "1"})
    try:
        server.wait_ready()
        page = browser.new_page()
        page.goto(f"{server.url}/?lang=ru")
        problem = page.locator("#teacher-problems li")
        expect(problem).to_have_text(
            "01-asks-wrong.toml: questions.0.layer: ожидается имя слоя модели (input_layer, dense); получено 'dense_9'",
            use_inner_text=True,
        )
        page.locator('[data-lang-choice="en"]').click()
        expect(problem).to_have_text(
            "01-asks-wrong.toml: questions.0.layer: expected the name of a layer of the model (input_layer, dense); "
            "got 'dense_9'",
            use_inner_text=True,
        )
        page.close()
    finally:
        server.stop()
