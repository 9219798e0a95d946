"""The summary text written from Keras's facts is Keras's own ``summary()`` text, byte for byte: every lesson step,
every gallery model, every layer type of the catalogue, the cells rich wraps or cuts, and the console widths that
change Keras's table (or make it fall back to Keras's own drawing)."""

import pytest
from sample_models import every_type

from app import engine, gallery, lesson
from app.config import Settings
from app.graph import build_plan
from app.schemas import ModelSpec
from app.summary_text import keras_summary_text, summary_text

BIG = Settings(max_summary_params=200_000_000, max_summary_layers=1000, max_tensor_elements=2**40)

WRAPPED = {
    "name": "wrapped",
    "layers": [
        {"type": "Input", "name": "a" * 40, "args": {"shape": [200, 300, 3]}},
        {"type": "Input", "name": "second_input_with_a_long_name", "args": {"shape": [200, 300, 3]}},
        {"type": "Input", "name": "third", "args": {"shape": [200, 300, 3]}},
        {"type": "Concatenate", "name": "joined", "inputs": ["a" * 40, "second_input_with_a_long_name", "third"]},
        {"type": "Conv2D", "name": "x" * 64, "args": {"filters": 12345, "kernel_size": 3}},
    ],
}
"""Cells longer than their columns: names cut with "…", connections and shapes wrapped over lines, a wide count."""


def model_of(spec: dict):
    model, _ = engine.build(build_plan(ModelSpec.model_validate(spec), BIG).wire())
    return model


def assert_keras_text(spec: dict) -> None:
    model = model_of(spec)
    assert summary_text(model) == keras_summary_text(model)


@pytest.mark.parametrize("step", lesson.STEPS, ids=lambda step: step.id)
def test_a_lesson_steps_summary_is_kerass_text(step):
    assert_keras_text(step.model)


@pytest.mark.parametrize("model_id", list(gallery.ENTRIES))
def test_a_gallery_models_summary_is_kerass_text(model_id):
    assert_keras_text(gallery.layer_list(model_id))


@pytest.mark.parametrize(("type_name", "spec"), list(every_type().items()))
def test_every_layer_types_summary_is_kerass_text(type_name, spec):
    assert_keras_text(spec)


def test_cells_too_long_for_their_columns_are_wrapped_and_cut_as_keras_draws_them():
    model = model_of(WRAPPED)
    text = summary_text(model)
    assert "…" in text and "│  1,012,290 │" in text and text.count("\n") > 20
    assert text == keras_summary_text(model)


@pytest.mark.parametrize("columns", ["200", "100", "60", "30"])
def test_the_console_width_changes_the_table_as_it_changes_kerass(columns, monkeypatch):
    """200: Keras's own widths (88, 108); 60: narrower columns, more wrapping; 30: headers wrapped, Keras's text."""
    monkeypatch.setenv("COLUMNS", columns)
    for spec in (WRAPPED, lesson.STEPS[0].model):
        model = model_of(spec)
        assert summary_text(model) == keras_summary_text(model)
