"""The lesson's examples: each one builds, in our plan and in real Keras, with what the notebook printed."""

import numpy as np
import orjson
import pytest

from app import examples
from app.config import get_settings
from app.data import feed_arrays, weight_arrays
from app.graph import Plan, build_plan
from app.schemas import ModelSpec

EXAMPLES = examples.EXAMPLES
IDS = [example.id for example in EXAMPLES]


def plan_of(example: examples.Example) -> Plan:
    return build_plan(ModelSpec.model_validate(example.model), get_settings())


def shapes(outputs: list) -> list:
    """One shape as a list, several as a list of lists (how ``expected`` writes them)."""
    listed = [list(shape) for shape in outputs]
    return listed[0] if len(listed) == 1 else listed


@pytest.fixture(scope="module")
def engine():
    from app import engine

    return engine


def predict(engine, example: examples.Example, seed: int | None = None) -> list[np.ndarray]:
    plan = plan_of(example)
    arrays, _ = feed_arrays(example.inputs, plan)
    weights = weight_arrays(example.weights or {}, plan)
    seed = example.seed if seed is None else seed
    return engine.predict(plan.wire(), arrays, weights, seed, trace=False)["outputs"]


def test_the_examples_follow_the_notebook_cells_in_order():
    cells = [int(example.cell.removeprefix("In [").split("-")[0].split(",")[0].rstrip("]")) for example in EXAMPLES]
    assert cells[0] == 2 and cells[-1] == 40
    assert len(EXAMPLES) == 28


def test_example_ids_are_unique_slugs():
    assert len(set(IDS)) == len(IDS)
    assert all(i.replace("-", "").isalnum() and i == i.lower() for i in IDS)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_every_example_speaks_russian_and_english(example):
    for field in (example.title, example.text):
        assert set(field) == {"ru", "en"}
        assert all(text.strip() for text in field.values())
    assert example.view in examples.VIEWS
    assert example.cell.startswith("In [")


def test_the_first_example_explains_keras_3_input_names():
    first = EXAMPLES[0]
    for language in ("ru", "en"):
        assert "input_layer" in first.text[language] and "input_1" in first.text[language]


def test_maxpool_examples_use_the_notebooks_type_name():
    types = [layer["type"] for e in EXAMPLES if e.view == "maxpool2d" for layer in e.model["layers"]]
    assert "MaxPool2D" in types


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_every_example_builds_with_the_notebooks_shapes_and_params(example):
    plan = plan_of(example)
    assert {node.name: shapes(node.info.outputs) for node in plan.nodes} == example.expected["output_shapes"]
    assert plan.total_params == example.expected["total_params"]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_keras_builds_every_example_with_the_notebooks_shapes_and_params(engine, example):
    summary = engine.summary(plan_of(example).wire())
    assert {row["name"]: row["output_shape"] for row in summary["layers"]} == example.expected["output_shapes"]
    assert summary["total_params"] == example.expected["total_params"]


DETERMINISTIC = [e for e in EXAMPLES if "outputs" in e.expected]
WITH_DATA = [e for e in EXAMPLES if e.inputs is not None]


def test_the_deterministic_cells_are_the_ones_with_set_weights_or_no_weights():
    assert [e.id for e in DETERMINISTIC] == [
        "dense-dot-product",
        "upsampling2d-demo",
        "conv2d-transpose-demo",
    ]


@pytest.mark.parametrize("example", DETERMINISTIC, ids=[e.id for e in DETERMINISTIC])
def test_keras_predicts_the_numbers_the_notebook_printed(engine, example):
    (output,) = predict(engine, example)
    np.testing.assert_allclose(output, np.array(example.expected["outputs"], dtype=np.float32), rtol=1e-6)


@pytest.mark.parametrize("example", WITH_DATA, ids=[e.id for e in WITH_DATA])
def test_predictions_have_the_shapes_the_notebook_printed(engine, example):
    outputs = predict(engine, example)
    assert [list(o.shape) for o in outputs] == example.expected["prediction_shapes"]


@pytest.mark.parametrize("example_id", ["lstm-return-state-demo", "lstm-return-state", "lstm-return-state-rerun"])
def test_return_state_gives_the_last_output_again_as_the_hidden_state(engine, example_id):
    output, state_h, _ = predict(engine, examples.get(example_id))
    np.testing.assert_allclose(output, state_h, rtol=1e-6)


def test_with_sequences_the_last_step_is_the_hidden_state(engine):
    sequence, state_h, _ = predict(engine, examples.get("lstm-sequences-and-state-demo"))
    np.testing.assert_allclose(sequence[:, -1], state_h, rtol=1e-6)


def test_the_rerun_cell_gets_new_random_weights_and_so_new_numbers(engine):
    first, rerun = examples.get("lstm-return-state-demo"), examples.get("lstm-return-state-rerun")
    assert first.model == rerun.model and first.inputs == rerun.inputs
    assert (first.seed, rerun.seed) == (0, 1)
    assert not np.allclose(predict(engine, first)[0], predict(engine, rerun)[0])
    np.testing.assert_array_equal(predict(engine, rerun)[0], predict(engine, rerun)[0])


def test_get_finds_an_example_by_id():
    assert examples.get("upsampling2d-demo").cell == "In [19-22]"
    assert examples.get("no-such-example") is None


def test_as_json_sends_every_field_as_json():
    body = examples.as_json(examples.get("conv2d-transpose-demo"))
    assert set(body) == {
        "id",
        "cell",
        "title",
        "text",
        "model",
        "inputs",
        "weights",
        "view",
        "expected",
        "seed",
    }
    assert orjson.loads(orjson.dumps(body)) == body
    ModelSpec.model_validate(body["model"])
