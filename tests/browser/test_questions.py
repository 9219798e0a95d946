"""Questions before answers (static/js/questions.js, answers.js) and exercise links (exercise.js), in Chromium
against the real server: the asked fact stays hidden until answered or shown, a wrong answer gets a hint from the
layer's formula, a right one shows the formula; a teacher's link asks exactly the chosen questions and scores them."""

import tempfile
from pathlib import Path

import pytest
from page_kit import screenshot, wait_for_runs
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# for people to look at (pytest-playwright empties test-results/ when it starts)
SHOTS = Path(tempfile.gettempdir()) / "layerlab-questions"
SIZES = [("en", (1366, 768)), ("ru", (1366, 768)), ("en", (390, 844)), ("ru", (390, 844))]
SIZE_IDS = ["desktop-en", "desktop-ru", "phone-en", "phone-ru"]


def question(page: Page, index: int):
    return page.locator(f'#questions li.question[data-index="{index}"]')


def answer(page: Page, index: int, text: str) -> None:
    question(page, index).locator("input.question-answer").fill(text)
    question(page, index).locator("button[type=submit]").click()


def shown(page: Page, selector: str) -> bool:
    """Whether the element's own text is painted (a mask hides it and paints "?" in its place)."""
    return page.locator(selector).first.evaluate("(e) => e.checkVisibility({visibilityProperty: true})")


def test_a_wrong_answer_gets_a_hint_and_the_answer_stays_hidden_a_right_one_shows_it(asking):
    page = asking("/?lang=en&example=dense-basic")
    params = '#summary tr.main-row[data-layer="dense"] td.params'
    expect(question(page, 1).locator(".question-text")).to_have_text("How many parameters does dense (Dense) have?")
    assert not shown(page, params) and not shown(page, "#total-params")
    assert shown(page, '#summary tr.main-row[data-layer="dense_1"] td.params'), "only the asked fact is hidden"
    page.locator("#example-notebook summary").click()  # the notebook printed model.summary(): every answer
    expect(page.locator("#example-notebook pre.code").first).to_be_visible()
    expect(page.locator("#example-notebook pre.output")).to_be_hidden()

    answer(page, 1, "12 800")
    feedback = question(page, 1).locator(".question-feedback")
    expect(feedback).to_contain_text("Not quite: “12 800” is not it.")
    expect(feedback.locator(".question-hint code")).to_have_text("64 × 200 + 200 = ?")
    expect(feedback).not_to_contain_text("13,000")
    assert not shown(page, params), "a wrong answer leaves the fact hidden"
    assert question(page, 1).get_attribute("data-status") == "open"

    answer(page, 1, "13,000")
    expect(feedback).to_contain_text("Right: 13,000")
    expect(feedback.locator("code")).to_have_text("64 × 200 + 200 = 13,000")
    assert shown(page, params) and shown(page, "#total-params")
    expect(page.locator(params)).to_have_text("13,000")
    expect(page.locator("#questions .question-score")).to_have_text("1 of 2 right so far")

    shape = '#summary tr.main-row[data-layer="dense_1"] td.shape'
    assert not shown(page, shape) and not shown(page, '.layer-card[data-layer-name="dense_1"] .layer-shape')
    page.locator("#graph-details summary").click()
    edge = '#graph .graph-edge[data-from="dense_1"] .graph-label'
    page.wait_for_selector(edge, state="attached")
    assert not shown(page, edge) and shown(page, '#graph .graph-edge[data-from="dense"] .graph-label')
    answer(page, 0, "(None, 20)")
    expect(question(page, 0).locator(".question-hint")).to_contain_text("(…, 200) → (…, units) = ? (units = 10)")
    screenshot(page.locator("#questions"), "questions.png")
    answer(page, 0, "None,10")
    expect(question(page, 0).locator(".question-verdict")).to_have_text("Right: (None, 10)")
    assert shown(page, shape) and shown(page, edge)
    expect(page.locator("#questions .question-score")).to_have_text("Done: 2 of 2 right")
    expect(page.locator("#example-notebook pre.output")).to_be_visible()


def test_a_value_question_hides_the_view_until_answered_in_russian_with_a_decimal_comma(asking):
    page = asking("/?lang=ru&example=upsampling2d-demo")
    wait_for_runs(page, 0)
    expect(question(page, 0).locator(".question-text")).to_have_text(
        "Какое число окажется в верхней левой клетке после UpSampling2D?"
    )
    expect(page.locator("#question-cover")).to_be_visible()
    expect(page.locator("#view-root")).to_be_hidden()
    answer(page, 0, "3")
    expect(question(page, 0).locator(".question-hint")).to_contain_text("повторяется size = (2, 2) раза")
    answer(page, 0, "4,0")
    expect(question(page, 0).locator(".question-verdict")).to_have_text("Верно: 4")
    expect(page.locator("#view-root")).to_be_hidden()  # two questions are still open
    question(page, 1).locator("[data-give-up]").click()
    expect(question(page, 1).locator(".question-verdict")).to_have_text("Ответ: 2")
    question(page, 2).locator("[data-give-up]").click()
    expect(question(page, 2).locator(".question-verdict")).to_have_text("Ответ: (None, 4, 4, 1)")
    expect(question(page, 2).locator("code")).to_have_text("H, W: 2 × 2 = 4")
    expect(page.locator("#view-root")).to_be_visible()
    expect(page.locator("#question-cover")).to_be_hidden()
    expect(page.locator("#questions .question-score")).to_have_text("Готово: верно 1 из 3")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page.locator("#questions"), "phone-questions.png")
    page.locator("#questions-again").click()
    expect(page.locator("#questions li.question[data-status=open]")).to_have_count(3)
    expect(page.locator("#view-root")).to_be_hidden()
    expect(page.locator("#questions .question-score")).to_have_text("Пока верно 0 из 3")


def test_a_learner_can_switch_the_questions_off_and_the_page_remembers(asking):
    page = asking("/?lang=en&example=conv2d-valid")
    shape = '#summary tr.main-row[data-layer="conv2d"] td.shape'
    assert not shown(page, shape)
    page.locator("#questions .question-switch input").uncheck()
    expect(page.locator("#questions")).to_contain_text("Questions are off: every answer is on show.")
    assert shown(page, shape)
    expect(page.locator(shape)).to_have_text("(None, 126, 126, 32)")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#total-params")
    expect(page.locator("#questions .question-switch input")).not_to_be_checked()
    assert shown(page, shape)


def test_a_teachers_exercise_link_asks_exactly_the_chosen_questions_and_scores_them(asking, server_url):
    teacher = asking("/?lang=en&example=upsampling2d-demo")
    wait_for_runs(teacher, 0)
    teacher.locator("#make-exercise").click()
    dialog = teacher.locator("#exercise-dialog")
    dialog.locator('input[data-kind="shape"][data-layer="up_sampling2d"]').check()
    dialog.locator('input[data-kind="value"][data-layer="up_sampling2d"]').check()
    dialog.locator('input.exercise-cell[data-layer="up_sampling2d"]').fill("0, 9, 0, 0")
    dialog.locator("#exercise-link").click()
    expect(dialog.locator(".error-box")).to_contain_text(
        "up_sampling2d: the cell “0, 9, 0, 0” is not inside the output (1, 4, 4, 1)"
    )
    dialog.locator('input.exercise-cell[data-layer="up_sampling2d"]').fill("0, 2, 3, 0")
    dialog.locator("#exercise-link").click()
    link = dialog.locator("#exercise-url").input_value()
    assert "#lab=" in link and "lang=" not in link

    student = asking(link.removeprefix(server_url), width=390, height=844)
    wait_for_runs(student, 0)
    expect(student.locator("#questions-heading")).to_have_text("Exercise")
    expect(student.locator("#questions .question-text")).to_have_text(
        [
            "What shape comes out of up_sampling2d (UpSampling2D)?",
            "Which number lands in cell [0, 2, 3, 0] of the output of up_sampling2d (UpSampling2D)?",
        ]
    )
    expect(student.locator("#questions .question-switch")).to_have_count(0)
    assert not shown(student, '#summary tr.main-row[data-layer="up_sampling2d"] td.shape')
    expect(student.locator("#view-root")).to_be_hidden()
    answer(student, 0, "4, 4, 1")
    student.reload()  # a reload in class keeps the answers given in this tab
    student.wait_for_selector("#questions .question")
    expect(question(student, 0)).to_have_attribute("data-status", "right")
    expect(student.locator("#questions .question-score")).to_have_text("1 of 2 right so far")
    answer(student, 1, "2")
    expect(question(student, 1).locator(".question-verdict")).to_contain_text("Not quite")
    answer(student, 1, "6")
    expect(question(student, 1).locator(".question-verdict")).to_have_text("Right: 6")
    score = student.locator("#questions .question-score")
    expect(score).to_have_text("Done: 2 of 2 right")
    assert (score.get_attribute("data-right"), score.get_attribute("data-total")) == ("2", "2")
    expect(student.locator("#view-root")).to_be_visible()


def test_the_view_is_covered_only_while_it_shows_an_asked_fact(asking):
    page = asking("/?lang=en&example=put-it-together")
    wait_for_runs(page, 0)
    expect(page.locator("#view-root")).to_be_visible()  # it shows dense; the questions ask about two other layers
    page.locator('#layer-tabs .tab[data-layer="conv2d_1"]').click()
    expect(page.locator("#view-root")).to_be_hidden()
    expect(page.locator("#question-cover")).to_be_visible()
    page.locator('#layer-tabs .tab[data-layer="conv2d"]').click()
    expect(page.locator("#view-root")).to_be_visible()
    expect(page.locator("#question-cover")).to_be_hidden()


def test_the_panel_says_nothing_after_the_score_until_every_question_is_answered(asking):
    page = asking("/?lang=en&example=flatten")
    panel = page.locator("#questions")
    expect(panel.locator(".question-score")).to_have_text("0 of 1 right so far")
    assert panel.inner_text().rstrip().endswith("0 of 1 right so far")
    expect(panel).not_to_contain_text("null")
    question(page, 0).locator("[data-give-up]").click()
    expect(panel.locator("#questions-again")).to_be_visible()


def test_the_shape_hint_of_a_layer_that_keeps_its_inputs_shape_leaves_the_answer_out(asking):
    page = asking("/?lang=ru&example=attention")
    answer(page, 1, "(None, 8)")
    hint = question(page, 1).locator(".question-hint")
    expect(hint.locator("code")).to_have_text("(None, 8, 4) → ?")
    expect(hint).to_contain_text("последний размер — output_shape")
    expect(hint).not_to_contain_text("(None, 8, 4) → (None, 8, 4)")
    page.locator('[data-lang-choice="en"]').click()
    expect(hint).to_contain_text("(None, 8, 4) → ? The output is as long as the query; its last size is output_shape")


def test_how_many_arrays_is_answered_with_the_count_then_their_shapes_in_both_languages(asking):
    page = asking("/?lang=ru&example=lstm-return-state-rerun")
    expect(question(page, 0)).to_have_attribute("data-kind", "outputs")
    question(page, 0).locator("[data-give-up]").click()
    verdict = question(page, 0).locator(".question-verdict strong")
    expect(verdict).to_have_text("3 — (None, 1), (None, 1), (None, 1)")
    page.locator('[data-lang-choice="en"]').click()
    expect(question(page, 0).locator(".question-verdict")).to_have_text(
        "The answer: 3 — (None, 1), (None, 1), (None, 1)"
    )


def test_every_layers_feature_maps_hide_what_an_open_question_asks(asking):
    """Step 18 asks conv2d_transpose's shape and one of its numbers: the maps under the tabs said the shape beside
    the layer's name, drew its 6 × 6 pixels and read each one out on pointing, while the view was covered."""
    page = asking("/?lang=en&example=conv2d-transpose-demo")
    wait_for_runs(page, 0)
    maps, layer = "#trace-maps", '#trace-maps .trace-map[data-layer="conv2d_transpose"]'
    expect(page.locator(f"{layer} .lv-shape")).to_be_attached()
    assert not shown(page, maps), "a number is asked: no layer's pixels to point at"
    question(page, 1).locator("[data-give-up]").click()
    expect(page.locator(maps)).to_be_visible()
    assert shown(page, '#trace-maps .trace-map[data-layer="input_layer"] .lv-shape')
    assert not shown(page, f"{layer} .lv-shape") and not shown(page, f"{layer} .pic"), "its shape is still asked"
    question(page, 0).locator("[data-give-up]").click()
    expect(page.locator(f"{layer} .lv-shape")).to_have_text("(1, 6, 6, 1)")
    assert shown(page, f"{layer} .lv-shape") and shown(page, f"{layer} .pic")


def test_a_drawing_steps_maps_hide_the_shape_a_question_asks(asking):
    """Step 29 asks max_pooling2d's shape; beside the canvas its 8 maps of 4 × 4 pixels, captioned channel 0 to 7,
    said it."""
    page = asking("/?lang=ru&example=put-it-together")
    wait_for_runs(page, 0)
    pooled, first = '#draw-root .draw-layer[data-layer="max_pooling2d"]', '#draw-root .draw-layer[data-layer="conv2d"]'
    expect(page.locator(f"{pooled} .pic")).to_be_attached()
    assert shown(page, f"{first} .pic"), "a layer not asked about keeps its maps"
    assert not shown(page, f"{pooled} .pic") and not shown(page, f"{pooled} [data-shape-of]")
    question(page, 0).locator("[data-give-up]").click()
    expect(page.locator(f"{pooled} [data-shape-of]")).to_have_text("(1, 4, 4, 8)")
    assert shown(page, f"{pooled} .pic")


BACKS = """(edge) => [...edge.querySelectorAll('.graph-label-back')]
  .filter((r) => r.checkVisibility({visibilityProperty: true})).map((r) => r.getBBox().width)"""


@pytest.mark.parametrize(("lang", "size"), SIZES, ids=SIZE_IDS)
def test_a_masked_graph_label_sits_on_a_box_of_its_own_width(asking, lang, size):
    """The graph's edge whose shape is asked shows "?" on a box as wide as the "?", not as wide as the hidden
    "(None, 10)" (an empty white bar across the edge); the other edges keep their shapes' boxes."""
    page = asking(f"/?lang={lang}&example=dense-basic", *size)
    page.locator("#graph-details > summary").click()
    asked = page.locator('#graph .graph-edge[data-from="dense_1"]')
    expect(asked.locator(".graph-label-mask")).to_be_visible()
    mark = asked.locator(".graph-label-mask text").evaluate("(t) => t.getBBox().width")
    [box] = asked.evaluate(BACKS)
    assert mark < box < 2.5 * mark + 4, (mark, box)
    other = page.locator('#graph .graph-edge[data-from="dense"]')
    [full] = other.evaluate(BACKS)
    assert full >= other.locator(".graph-label").evaluate("(t) => t.getBBox().width")
    SHOTS.mkdir(exist_ok=True)
    page.locator("#graph").screenshot(path=SHOTS / f"graph-mask-{lang}-{size[0]}.png")
    answer(page, 0, "(None, 10)")
    expect(asked.locator(".graph-label")).to_have_text("(None, 10)")
    expect(asked.locator(".graph-label-mask")).to_be_hidden()
    [shown_box] = asked.evaluate(BACKS)
    assert shown_box >= asked.locator(".graph-label").evaluate("(t) => t.getBBox().width")
