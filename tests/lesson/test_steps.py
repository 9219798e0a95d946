"""The lesson's steps (app/lesson/steps/): each one builds, in our plan and in real Keras, with what the notebook
printed, and carries the notebook's own cells word for word."""

import re
from pathlib import Path

import numpy as np
import orjson
import pytest

from app import lesson, pictures
from app.config import get_settings
from app.data import feed_arrays, weight_arrays
from app.graph import Plan, build_plan
from app.schemas import ModelSpec

STEPS = lesson.STEPS
IDS = [step.id for step in STEPS]
NOTEBOOK_STEPS = [step for step in STEPS if step.cells]
"""The steps that follow the notebook; the ones after them ("put-it-together" on) go beyond it."""
NOTEBOOK_IDS = [step.id for step in NOTEBOOK_STEPS]
NOTEBOOK = (Path(__file__).parent / "basic-layers-notebook.txt").read_text(encoding="utf-8")
"""The notebook the lesson follows, as its author saved it."""


def notebook_cell(number: int) -> str:
    """The notebook's text from ``In [number]:`` to the next cell: its code, what it printed, the prose after."""
    start = NOTEBOOK.index(f"In [{number}]:\n") + len(f"In [{number}]:\n")
    end = NOTEBOOK.find("\nIn [", start)
    return NOTEBOOK[start:] + "\n" if end == -1 else NOTEBOOK[start:end]


def plan_of(step: lesson.Step) -> Plan:
    return build_plan(ModelSpec.model_validate(step.model), get_settings())


def shapes(outputs: list) -> list:
    """One shape as a list, several as a list of lists (how the expected shapes read)."""
    listed = [list(shape) for shape in outputs]
    return listed[0] if len(listed) == 1 else listed


@pytest.fixture(scope="module")
def engine():
    from app import engine

    return engine


def predict(engine, step: lesson.Step, seed: int | None = None) -> list[np.ndarray]:
    plan = plan_of(step)
    arrays, _ = feed_arrays(step.inputs, plan)
    weights = weight_arrays(step.weights, plan)
    seed = step.seed if seed is None else seed
    return engine.predict(plan.wire(), arrays, weights, seed, trace=False)["outputs"]


def test_the_steps_follow_the_notebook_cells_in_order():
    cells = [int(re.match(r"In \[(\d+)", step.cell)[1]) for step in NOTEBOOK_STEPS]
    assert cells[0] == 2 and cells[-1] == 40
    assert STEPS[:28] == NOTEBOOK_STEPS
    assert [step.number for step in STEPS] == list(range(1, len(STEPS) + 1))
    assert IDS[28] == "put-it-together"


def test_step_ids_are_unique_slugs_and_the_share_links_of_before():
    assert len(set(IDS)) == len(IDS)
    assert all(i.replace("-", "").isalnum() and i == i.lower() for i in IDS)
    assert IDS[:3] == ["dense-basic", "dense-matrix", "dense-dot-product"]
    assert {"conv2d-transpose-demo", "upsampling2d-demo", "lstm-sequences-and-state"} <= set(IDS)


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_every_step_speaks_russian_and_english(step):
    for field in (step.title, step.text):
        assert set(field) == {"ru", "en"}
        assert all(text.strip() for text in field.values())


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_the_russian_words_write_numbers_with_a_decimal_comma(step):
    """Outside `code`, where Python's point belongs, the Russian page writes 0,1, not 0.1."""
    words = [step.title["ru"], step.text["ru"]]
    words += [part.ru for q in step.questions for part in (q.text, q.hint) if part is not None and part.ru]
    for text in words:
        assert not re.findall(r"\d\.\d", re.sub(r"`[^`]*`", "", text))


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_every_step_asks_one_to_three_questions(step):
    assert 1 <= len(step.questions) <= 3
    assert step.expected is not None, "a built-in step says what the notebook printed"


def test_the_questions_ask_what_the_notebook_teaches():
    kinds = {q.kind for step in STEPS for q in step.questions}
    assert kinds == {"shape", "params", "value", "outputs"}
    top_left = lesson.get("upsampling2d-demo").questions[0]
    assert (top_left.kind, top_left.cell, top_left.text.en) == (
        "value",
        [0, 0, 0, 0],
        "Which number lands in the top-left cell after UpSampling2D?",
    )
    assert [q.kind for q in lesson.get("lstm-return-state-rerun").questions] == ["outputs", "params"]


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_no_step_text_gives_away_how_many_arrays_it_asks_for(step):
    """The return_state steps' own text says "three arrays": those steps ask other questions."""
    if any(q.kind == "outputs" for q in step.questions):
        assert not re.search(r"\b(three|три|3) (arrays|массива)", step.text["en"] + step.text["ru"])


def test_the_value_questions_of_deterministic_steps_point_at_numbers_worth_asking():
    """Each asked cell holds a number a learner can work out (none of them 0, which a guess would hit)."""
    asked = [(s, q) for s in DETERMINISTIC for q in s.questions if q.kind == "value"]
    assert len(asked) == 4
    for step, question in asked:
        value = np.array(step.expected.outputs)[tuple(question.cell)]
        assert value != 0, (step.id, question.cell)


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_every_steps_view_names_a_layer_of_its_model(step):
    assert step.view in [node.name for node in plan_of(step).nodes]


def test_the_views_show_the_layer_each_step_is_about():
    types = {step.id: plan_of(step).node(step.view).layer.name for step in STEPS}
    assert types["maxpool2d-odd"] == "MaxPooling2D"
    assert types["upsampling2d-demo"] == "UpSampling2D"
    assert types["conv2d-transpose"] == "Conv2DTranspose"
    assert {types[i] for i in IDS if i.startswith("lstm")} == {"LSTM"}


@pytest.mark.parametrize("step", NOTEBOOK_STEPS, ids=NOTEBOOK_IDS)
def test_every_notebook_step_carries_the_notebooks_own_cells_word_for_word(step):
    assert step.cell.startswith("In [")
    for cell in step.cells:
        text = notebook_cell(cell.cell)
        assert text.startswith(cell.code + "\n"), cell.cell
        printed = text.removeprefix(cell.code).lstrip("\n")
        if cell.output is None:
            assert printed.strip() == "", cell.cell
        else:
            assert printed.startswith(cell.output + "\n"), cell.cell


def test_every_model_cell_of_the_notebook_is_in_one_step_and_none_twice():
    in_steps = [cell.cell for step in STEPS for cell in step.cells]
    in_notebook = [int(n) for n in re.findall(r"^In \[(\d+)\]:$", NOTEBOOK, re.M)]
    assert in_steps == in_notebook[1:], "every cell but the imports of In [1], in the notebook's order"


def test_a_step_sends_the_notebooks_code_and_output_and_no_test_answers():
    body = lesson.get("upsampling2d-demo").as_json()
    assert set(body) == {
        "id",
        "cell",
        "title",
        "text",
        "model",
        "inputs",
        "pictures",
        "weights",
        "view",
        "seed",
        "notebook",
        "draw",
        "window",
        "questions",
    }
    assert body["notebook"]["code"].startswith("inp = Input(shape=(2, 2, 1))\nx = UpSampling2D(size=(2, 2))(inp)")
    assert body["notebook"]["output"].endswith("[3., 3., 6., 6.]], dtype=float32)")
    assert orjson.loads(orjson.dumps(body)) == body
    ModelSpec.model_validate(body["model"])
    assert lesson.get("conv2d-transpose-demo").as_json()["notebook"]["code"].count("\n\n") >= 3


def test_the_notebook_block_joins_the_cells_code_and_what_they_printed():
    step = lesson.get("conv2d-transpose-demo")
    assert [cell.cell for cell in step.cells] == [45, 46, 52, 27]
    assert [cell.output is None for cell in step.cells] == [True, False, True, False]
    assert step.notebook["code"] == "\n\n".join(cell.code for cell in step.cells)
    assert step.notebook["output"] == "[[4 2]\n [3 6]]\n\n" + step.cells[3].output
    assert lesson.get("dense-basic").notebook["output"].startswith('Model: "model"\n')


def test_the_first_step_explains_keras_3_input_names():
    first = STEPS[0]
    for language in ("ru", "en"):
        assert "input_layer" in first.text[language] and "input_1" in first.text[language]


def test_maxpool_steps_use_the_notebooks_type_name():
    types = [layer["type"] for s in STEPS if s.id.startswith("maxpool2d") for layer in s.model["layers"]]
    assert "MaxPool2D" in types


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_every_step_builds_with_the_notebooks_shapes_and_params(step):
    plan = plan_of(step)
    assert {node.name: shapes(node.info.outputs) for node in plan.nodes} == step.expected.output_shapes
    assert plan.total_params == step.expected.total_params


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_keras_builds_every_step_with_the_notebooks_shapes_and_params(engine, step):
    summary = engine.summary(plan_of(step).wire())
    assert {row["name"]: row["output_shape"] for row in summary["layers"]} == step.expected.output_shapes
    assert summary["total_params"] == step.expected.total_params


DETERMINISTIC = [s for s in STEPS if s.expected.outputs is not None]
PRINTED_SHAPES = [s for s in STEPS if s.expected.prediction_shapes is not None]


def test_the_deterministic_cells_are_the_ones_with_set_weights_or_no_weights():
    assert [s.id for s in DETERMINISTIC] == ["dense-dot-product", "upsampling2d-demo", "conv2d-transpose-demo"]
    assert [s.id for s in STEPS if s.weights] == ["dense-dot-product", "conv2d-transpose-demo", "put-it-together"]


@pytest.mark.parametrize("step", DETERMINISTIC, ids=[s.id for s in DETERMINISTIC])
def test_keras_predicts_the_numbers_the_notebook_printed(engine, step):
    (output,) = predict(engine, step)
    np.testing.assert_allclose(output, np.array(step.expected.outputs, dtype=np.float32), rtol=1e-6)


@pytest.mark.parametrize("step", PRINTED_SHAPES, ids=[s.id for s in PRINTED_SHAPES])
def test_predictions_have_the_shapes_the_notebook_printed(engine, step):
    outputs = predict(engine, step)
    assert [list(o.shape) for o in outputs] == step.expected.prediction_shapes


def test_the_steps_with_numbers_are_the_notebooks_concatenate_and_the_pictures():
    with_data = [s.id for s in NOTEBOOK_STEPS if s.inputs is not None and not s.pictures]
    assert with_data == ["dense-dot-product", "concatenate"] + [s.id for s in PRINTED_SHAPES[1:] if s.cells]


def test_every_128_by_128_by_3_step_opens_with_a_picture():
    big = [s.id for s in STEPS if s.model["layers"][0]["args"]["shape"] == [128, 128, 3]]
    assert big == [s.id for s in STEPS if s.pictures] and len(big) == 7
    for step in STEPS:
        for name, picture in step.pictures.items():
            assert step.inputs[name] == pictures.pixels(picture)[None].tolist()


def test_concatenate_shows_which_half_came_from_which_input(engine):
    step = lesson.get("concatenate")
    assert set(step.inputs) == {"inp_1", "inp_2"}
    (output,) = predict(engine, step)
    assert output.shape == (1, 64, 64, 6)
    np.testing.assert_array_equal(output[..., :3], np.ones((1, 64, 64, 3)))
    np.testing.assert_array_equal(output[..., 3:], np.full((1, 64, 64, 3), 2))


def test_steps_set_weights_by_name_in_the_order_keras_takes_them():
    plan = plan_of(lesson.get("conv2d-transpose-demo"))
    assert [w.name for w in plan.node("conv2d_transpose").info.weights] == ["kernel", "bias"]
    assert lesson.get("conv2d-transpose-demo").weights == {"conv2d_transpose": [[[[[1]]]], [0]]}


@pytest.mark.parametrize("step_id", ["lstm-return-state-demo", "lstm-return-state", "lstm-return-state-rerun"])
def test_return_state_gives_the_last_output_again_as_the_hidden_state(engine, step_id):
    output, state_h, _ = predict(engine, lesson.get(step_id))
    np.testing.assert_allclose(output, state_h, rtol=1e-6)


def test_with_sequences_the_last_step_is_the_hidden_state(engine):
    sequence, state_h, _ = predict(engine, lesson.get("lstm-sequences-and-state-demo"))
    np.testing.assert_allclose(sequence[:, -1], state_h, rtol=1e-6)


def test_the_rerun_cell_gets_new_random_weights_and_so_new_numbers(engine):
    first, rerun = lesson.get("lstm-return-state-demo"), lesson.get("lstm-return-state-rerun")
    assert first.model == rerun.model and first.inputs == rerun.inputs
    assert (first.seed, rerun.seed) == (0, 1)
    assert not np.allclose(predict(engine, first)[0], predict(engine, rerun)[0])
    np.testing.assert_array_equal(predict(engine, rerun)[0], predict(engine, rerun)[0])


def test_get_finds_a_step_by_id():
    assert lesson.get("upsampling2d-demo").cell == "In [19-22]"
    assert lesson.get("conv2d-transpose-demo").cell == "In [45, 46, 52, 27]"
    assert lesson.get("no-such-step") is None
