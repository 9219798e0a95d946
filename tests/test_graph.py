"""Checking a layer list without Keras: names, references, argument errors, limits."""

import pytest

from app.config import Settings
from app.errors import Invalid
from app.graph import build_plan, check_batch
from app.schemas import ModelSpec


def plan(layers, settings=None, **extra):
    return build_plan(ModelSpec.model_validate({"layers": layers, **extra}), settings or Settings())


def refused(layers, **extra) -> Invalid:
    with pytest.raises(Invalid) as caught:
        plan(layers, **extra)
    return caught.value


INPUT = {"type": "Input", "args": {"shape": [8]}}


def test_unnamed_layers_get_keras_style_names_skipping_taken_ones():
    p = plan(
        [
            INPUT,
            {"type": "Dense", "args": {"units": 2}},
            {"type": "Dense", "name": "dense_1", "args": {"units": 2}},
            {"type": "Dense", "args": {"units": 2}},
            {"type": "Reshape", "args": {"target_shape": [2, 1]}},
            {"type": "MaxPool1D", "args": {"pool_size": 2}},
        ]
    )
    assert [n.name for n in p.nodes] == ["input_layer", "dense", "dense_1", "dense_2", "reshape", "max_pooling1d"]


def test_names_are_the_same_for_the_same_list_whatever_came_before():
    layers = [INPUT, {"type": "Dense", "args": {"units": 3}}]
    assert [n.name for n in plan(layers).nodes] == [n.name for n in plan(layers).nodes] == ["input_layer", "dense"]


def test_unknown_type_lists_what_is_supported():
    error = refused([INPUT, {"type": "Lambda", "args": {}}])
    assert "unknown type 'Lambda'" in error.message and "Dense" in error.message and error.layer == 1
    assert error.message_ru and "Lambda" in error.message_ru


def test_a_bad_argument_names_layer_argument_expectation_and_value():
    error = refused([INPUT, {"type": "Dense", "args": {"units": -3}}])
    assert error.layer == "dense" and error.arg == "units"
    assert "whole number ≥ 1" in error.message and "units=-3" in error.message
    assert "целое число" in error.message_ru


def test_an_unknown_argument_is_refused_with_the_accepted_ones():
    error = refused([INPUT, {"type": "Dense", "args": {"units": 3, "kernel_initializer": {"class_name": "X"}}}])
    assert error.arg == "kernel_initializer"
    error = refused([INPUT, {"type": "Dense", "args": {"units": 3, "dtype": "float64"}}])
    assert "`dtype` is not an argument" in error.message and "units" in error.message


def test_a_choice_lists_the_choices():
    error = refused([INPUT, {"type": "Dense", "args": {"units": 3, "activation": "magic"}}])
    assert '"relu"' in error.message and "magic" in error.message


def test_numbers_given_as_text_are_refused_not_guessed():
    error = refused([INPUT, {"type": "Dense", "args": {"units": "3"}}])
    assert error.arg == "units"


def test_references_must_point_back_to_defined_layers():
    error = refused(
        [
            INPUT,
            {"type": "Dense", "args": {"units": 3}, "inputs": ["later"]},
            {"type": "Dense", "name": "later", "args": {"units": 1}},
        ]
    )
    assert "'later' is not a layer defined before" in error.message


def test_the_first_layer_must_be_an_input():
    error = refused([{"type": "Dense", "args": {"units": 3}}])
    assert "first layer must be an Input" in error.message


def test_a_multi_output_layer_must_be_picked_from_for_a_single_input_layer():
    lstm = {"type": "LSTM", "name": "lstm", "args": {"units": 2, "return_state": True}}
    seq = {"type": "Input", "args": {"shape": [4, 1]}}
    error = refused([seq, lstm, {"type": "Dense", "args": {"units": 1}}])
    assert "'lstm:0'" in error.message
    p = plan([seq, lstm, {"type": "Dense", "args": {"units": 1}, "inputs": ["lstm:1"]}])
    assert p.nodes[-1].info.outputs == [(None, 1)]


def test_lstm_return_state_as_a_three_tensor_output():
    p = plan(
        [{"type": "Input", "args": {"shape": [4, 1]}}, {"type": "LSTM", "args": {"units": 1, "return_state": True}}]
    )
    assert p.output_shapes() == [(None, 1), (None, 1), (None, 1)]


def test_a_layer_that_leads_nowhere_is_refused():
    error = refused(
        [
            INPUT,
            {"type": "Dense", "name": "a", "args": {"units": 3}},
            {"type": "Dense", "name": "b", "args": {"units": 3}, "inputs": ["input_layer"]},
        ]
    )
    assert error.layer == "a" and "does not lead to any model output" in error.message


def test_shape_errors_name_the_layer_in_both_languages():
    error = refused(
        [{"type": "Input", "args": {"shape": [3, 3, 1]}}, {"type": "Conv2D", "args": {"filters": 1, "kernel_size": 5}}]
    )
    assert error.layer == "conv2d" and "does not fit" in error.message and "не помещается" in error.message_ru


def test_a_summary_is_bounded_by_its_own_limits():
    many = [INPUT] + [{"type": "Dense", "args": {"units": 2}}] * 1000
    error = refused(many)
    assert "1,001 layers; the limit is 1,000" in error.message and "предел — 1\u202f000" in error.message_ru
    big = [INPUT, {"type": "Dense", "args": {"units": 10_000}}, {"type": "Dense", "args": {"units": 3_000}}]
    error = refused(big)
    assert "30,093,000 parameters; the limit is 30,000,000" in error.message


@pytest.mark.parametrize(
    ("layers", "words"),
    [
        ([{"type": "Input", "args": {"shape": [4096, 4096]}}, {"type": "Dense", "args": {"units": 8}}], "numbers"),
        ([{"type": "Input", "args": {"shape": [100000, 1]}}, {"type": "LSTM", "args": {"units": 1}}], "time steps"),
    ],
)
def test_a_summary_keeps_tensors_and_sequences_bounded_too(layers, words):
    error = refused(layers)
    assert words in error.message and "limit" in error.message


RUN_LIMITS = [
    (
        "max_params",
        [INPUT, {"type": "Dense", "args": {"units": 1_000_000}}, {"type": "Dense", "args": {"units": 10}}],
        "parameters; the limit for a prediction is 10,000,000 (its summary may have up to 30,000,000)",
    ),
    (
        "max_layers",
        [INPUT] + [{"type": "Dense", "args": {"units": 2}}] * 200,
        "201 layers; the limit for a prediction is 100 (its summary may have up to 1,000)",
    ),
    (
        "max_tensor_elements",
        [{"type": "Input", "args": {"shape": [4096, 4096]}}, {"type": "Dense", "args": {"units": 8}}],
        "numbers; the limit is",
    ),
    (
        "max_sequence_length",
        [{"type": "Input", "args": {"shape": [100000, 1]}}, {"type": "LSTM", "args": {"units": 1}}],
        "time steps; the limit is",
    ),
    (
        "max_work",
        [
            {"type": "Input", "args": {"shape": [128, 128, 64]}},
            {"type": "Conv2D", "args": {"filters": 64, "kernel_size": 9, "padding": "same"}},
        ],
        "multiply-adds; the limit is",
    ),
]


@pytest.mark.parametrize(("setting", "layers", "words"), RUN_LIMITS)
def test_what_a_run_costs_is_checked_before_anything_runs(setting, layers, words):
    summary = Settings(max_tensor_elements=10**9, max_sequence_length=10**6)  # a summary never runs the model
    with pytest.raises(Invalid) as caught:
        check_batch(plan(layers, summary), Settings(), batch=1)
    assert words in caught.value.message and "предел" in caught.value.message_ru


def test_limits_come_from_settings():
    small = Settings(max_summary_params=10)
    with pytest.raises(Invalid, match="the limit is 10"):
        plan([INPUT, {"type": "Dense", "args": {"units": 2}}], small)
