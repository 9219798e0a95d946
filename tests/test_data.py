"""Feeding numbers to a model: what is accepted (and what is added, said in a note), and every refusal
naming the input, layer or weight it is about, what was expected and what arrived, in both languages."""

import numpy as np
import pytest

from app.config import Settings
from app.data import check_embedding_indices, feed_arrays, weight_arrays
from app.errors import Invalid
from app.graph import Plan, build_plan
from app.schemas import ModelSpec


def plan(*layers: dict) -> Plan:
    return build_plan(ModelSpec.model_validate({"layers": list(layers)}), Settings())


IMAGE = plan({"type": "Input", "name": "img", "args": {"shape": [2, 2, 1]}}, {"type": "Flatten"})
TWO = plan(
    {"type": "Input", "name": "a", "args": {"shape": [2]}},
    {"type": "Input", "name": "b", "args": {"shape": [3]}},
    {"type": "Concatenate", "inputs": ["a", "b"]},
)
WORDS = plan(
    {"type": "Input", "name": "words", "args": {"shape": [3], "dtype": "int32"}},
    {"type": "Embedding", "name": "emb", "args": {"input_dim": 10, "output_dim": 2}},
)
DENSE = plan({"type": "Input", "args": {"shape": [3]}}, {"type": "Dense", "name": "d", "args": {"units": 2}})


def refused(call, *args) -> Invalid:
    with pytest.raises(Invalid) as caught:
        call(*args)
    assert caught.value.status == 422 and caught.value.message and caught.value.message_ru
    return caught.value


def test_one_example_without_its_batch_axis_gets_one_and_a_note_saying_so():
    (array,), notes = feed_arrays([[[4], [2]], [[3], [6]]], IMAGE)
    assert array.shape == (1, 2, 2, 1) and array.dtype == np.float32
    assert array[0, :, :, 0].tolist() == [[4, 2], [3, 6]]
    assert notes == [
        (
            "inputs['img']: added a batch axis of 1, shape (1, 2, 2, 1)",
            "inputs['img']: добавлена ось батча размера 1, форма (1, 2, 2, 1)",
        )
    ]


def test_a_batch_is_taken_as_it_is_with_no_note():
    (array,), notes = feed_arrays([[[[1], [2]], [[3], [4]]]] * 3, IMAGE)
    assert array.shape == (3, 2, 2, 1) and notes == []


def test_several_inputs_by_name_come_in_the_models_input_order():
    by_name, _ = feed_arrays({"b": [3, 4, 5], "a": [1, 2]}, TWO)
    by_position, _ = feed_arrays([[1, 2], [3, 4, 5]], TWO)
    assert [a.tolist() for a in by_name] == [a.tolist() for a in by_position] == [[[1, 2]], [[3, 4, 5]]]


def test_several_inputs_of_one_shape_read_as_one_array_are_split_as_a_list_of_them_is():
    same = plan(
        {"type": "Input", "name": "a", "args": {"shape": [2]}},
        {"type": "Input", "name": "b", "args": {"shape": [2]}},
        {"type": "Concatenate", "inputs": ["a", "b"]},
    )
    stacked, _ = feed_arrays(np.array([[[1.0, 2.0]], [[3.0, 4.0]]]), same)
    listed, _ = feed_arrays([[[1, 2]], [[3, 4]]], same)
    assert [a.tolist() for a in stacked] == [a.tolist() for a in listed] == [[[1, 2]], [[3, 4]]]
    assert "list of 2 arrays" in refused(feed_arrays, np.zeros((3, 1, 2)), same).message


def test_inputs_by_name_say_what_is_missing_and_what_is_unknown():
    error = refused(feed_arrays, {"a": [1, 2], "c": [1]}, TWO)
    assert "missing ['b']" in error.message and "unknown ['c']" in error.message and error.arg == "inputs"
    assert "['b']" in error.message_ru and "['c']" in error.message_ru


def test_inputs_by_position_need_one_array_per_input():
    error = refused(feed_arrays, [[1, 2]], TWO)
    assert "2 inputs ['a', 'b']" in error.message and "list of 2 arrays" in error.message


def test_a_wrong_shape_names_the_input_the_shape_expected_and_the_shape_received():
    error = refused(feed_arrays, [[1, 2, 3]], IMAGE)
    assert error.message == "inputs['img']: expected shape (None, 2, 2, 1) (or without the batch axis); received (1, 3)"
    assert "(None, 2, 2, 1)" in error.message_ru and "(1, 3)" in error.message_ru
    assert (error.layer, error.arg) == ("img", "inputs")


def test_inputs_of_different_batch_sizes_are_refused():
    error = refused(feed_arrays, {"a": [[1, 2], [3, 4]], "b": [[1, 2, 3]]}, TWO)
    assert "[1, 2]" in error.message and "batch" in error.message


@pytest.mark.parametrize(
    "value, words",
    [
        ([[1, 2, 3], [4, 5]], "different lengths: inputs['x'][0] has 3 items, inputs['x'][1] has 2 items"),
        ([[1, 2, 3], [4, 5, [6]]], "different lengths: inputs['x'][1][0] is a number, inputs['x'][1][2] has 1 item"),
        ([[1, 2, 3], 4], "inputs['x'][0] has 3 items, inputs['x'][1] is a number"),
        ([[1, 2, 3], [4, 5, "6"]], "expected numbers (nested lists of numbers); inputs['x'][1][2] is text '6'"),
        ("123", "inputs['x'] is text '123'"),
        ([True, False, True], "inputs['x'][0] is a true/false value (true)"),
        ([[1, 2, 3], [4, True, 6]], "inputs['x'][1][1] is a true/false value (true)"),
        ([[0.5, 2.5, 3], [4, 5, False]], "inputs['x'][1][2] is a true/false value (false)"),
        ([1, None, 3], "inputs['x'][1] is null"),
        ([1, 2, {"a": 1}], "inputs['x'][2] is an object"),
        (
            [[1, 2, 3], [4, 1e39, 6]],
            "inputs['x'][1][1]: every number must be finite and within ±3.4e38 (float32); received 1e+39",
        ),
        ([[1, 2, 3], [4, 5, float("nan")]], "inputs['x'][1][2]: every number must be finite"),
        ([-float("inf"), 2, 3], "inputs['x'][0]: every number must be finite"),
        ([1, 2, 2**70], "inputs['x'][2]: a whole number must be within ±9.2e18; received 1.18e+21"),
        ([], "inputs['x']: the array is empty"),
    ],
    ids=[
        "ragged",
        "ragged-deeper",
        "row-and-number",
        "text",
        "all-text",
        "bool",
        "bool-among-whole-numbers",
        "bool-among-fractions",
        "null",
        "object",
        "too-big",
        "nan",
        "infinity",
        "huge-whole-number",
        "empty",
    ],
)
def test_numbers_a_model_cannot_take_are_refused_naming_the_first_cell_that_is_wrong(value, words):
    model = plan({"type": "Input", "name": "x", "args": {"shape": [3]}}, {"type": "Dense", "args": {"units": 2}})
    error = refused(feed_arrays, value, model)
    assert words in error.message
    assert (error.layer, error.arg) == ("x", "inputs")
    assert error.message_ru.startswith("inputs['x']")
    cells = [part for part in words.split() if part.startswith("inputs['x']")]
    assert all(cell.rstrip(":,") in error.message_ru for cell in cells)


def test_a_true_among_hundreds_of_ones_is_found_and_hundreds_of_ones_are_numbers():
    model = plan({"type": "Input", "name": "x", "args": {"shape": [20, 30]}}, {"type": "Flatten"})
    ones = [[1] * 30 for _ in range(20)]
    (array,), _ = feed_arrays(ones, model)
    assert array.shape == (1, 20, 30) and array.sum() == 600
    ones[19][29] = True
    assert "inputs['x'][19][29] is a true/false value (true)" in refused(feed_arrays, ones, model).message


def test_a_russian_refusal_writes_decimal_commas():
    error = refused(feed_arrays, [1, 2.5, 3], WORDS)
    assert error.message.endswith("received 2.5") and error.message_ru.endswith("получено 2,5")


def test_an_int32_input_takes_whole_numbers_only():
    (array,), _ = feed_arrays([1, 2, 3], WORDS)
    assert array.dtype == np.int32
    error = refused(feed_arrays, [1, 2.5, 3], WORDS)
    assert error.message.startswith("inputs['words'][1]: ") and "whole numbers (int32)" in error.message


def test_embedding_indices_outside_the_table_are_refused_naming_the_layer_and_the_range():
    (array,), _ = feed_arrays([[1, 9, 0]], WORDS)
    check_embedding_indices(WORDS, [array])
    for bad, low, high, cell in ([[1, 10, 0]], 0, 10, "[0][1] = 10"), ([[2, 3, -1]], -1, 3, "[0][2] = -1"):
        (array,), _ = feed_arrays(bad, WORDS)
        error = refused(check_embedding_indices, WORDS, [array])
        assert "'emb'" in error.message and "from 0 to 9 (input_dim=10)" in error.message
        assert f"from {low} to {high}, first outside inputs['words']{cell}" in error.message
        said_ru = cell.replace("-", "\u2212")  # the Russian text writes a minus as the page does
        assert f"inputs['words']{said_ru}" in error.message_ru and (error.layer, error.arg) == ("emb", "inputs")


def test_embedding_indices_are_checked_through_layers_that_only_move_numbers():
    behind = plan(
        {"type": "Input", "name": "words", "args": {"shape": [2, 2], "dtype": "int32"}},
        {"type": "Flatten"},
        {"type": "Embedding", "name": "emb", "args": {"input_dim": 4, "output_dim": 2}},
    )
    (array,), _ = feed_arrays([[1, 2], [3, 4]], behind)
    assert refused(check_embedding_indices, behind, [array]).message.endswith("inputs['words'][0][1][1] = 4")


def test_weights_of_the_right_shapes_are_taken_as_float32():
    checked = weight_arrays({"d": [[[1, 2], [3, 4], [5, 6]], [0.5, -0.5]]}, DENSE)
    assert [w.shape for w in checked["d"]] == [(3, 2), (2,)] and checked["d"][0].dtype == np.float32


def test_weights_for_a_layer_that_is_not_there_list_the_layers():
    error = refused(weight_arrays, {"nope": []}, DENSE)
    assert "'nope'" in error.message and "input_layer, d" in error.message and error.arg == "weights"


def test_the_wrong_number_of_weight_arrays_lists_the_ones_expected():
    error = refused(weight_arrays, {"d": [[[1, 2], [3, 4], [5, 6]]]}, DENSE)
    assert error.message == "weights['d']: Dense has 2 weight arrays (kernel (3, 2), bias (2,)); received 1"


def test_a_weight_of_the_wrong_shape_names_the_layer_the_array_and_the_weight():
    error = refused(weight_arrays, {"d": [[[1, 2, 3], [4, 5, 6]], [0, 0]]}, DENSE)
    assert error.message == "weights['d'][0] (kernel): expected shape (3, 2); received (2, 3)"
    assert (error.layer, error.arg) == ("d", "weights")


def test_a_weight_that_is_not_numbers_names_the_array():
    error = refused(weight_arrays, {"d": [[[1, 2], [3, 4], [5, 6]], [0, "b"]]}, DENSE)
    assert (
        error.message == "weights['d'][1]: expected numbers (nested lists of numbers); weights['d'][1][1] is text 'b'"
    )
    assert (error.layer, error.arg) == ("d", "weights")
