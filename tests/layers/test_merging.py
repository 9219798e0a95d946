"""Merging layers against Keras, including the shapes Keras broadcasts and the ones it refuses."""

import pytest
from layer_check import check_error, run

from app.layers import REGISTRY, ShapeError

ELEMENTWISE = ["Add", "Subtract", "Multiply", "Average", "Maximum"]
PAIRS = [
    [(4, 3), (4, 3)],
    [(1, 3), (4, 3)],
    [(4, 1), (4, 3)],
    [(3,), (4, 3)],
    [(4, 3), (3,)],
    [(None, 3), (4, 3)],
    [(1, 3), (None, 3)],
    [(2, 3), (4, 3)],
    [(4, 3), (4, 5)],
    [(5,), (4, 3)],
    [(2, 2, 3), (2, 3)],
    [(6,), (6,)],
]
TRIPLES = [[(4, 3), (4, 3), (4, 3)], [(1, 3), (4, 1), (4, 3)], [(4, 3), (4, 3), (5, 3)]]


@pytest.mark.parametrize("shapes", PAIRS)
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_two_inputs_match_keras(name, shapes):
    run(name, {}, shapes)


@pytest.mark.parametrize("shapes", TRIPLES)
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_three_inputs_match_keras(name, shapes):
    run(name, {}, shapes)


def test_add_formula_shows_the_shapes():
    inferred, _ = run("Add", {}, [(1, 3), (4, 3)])
    assert inferred.shape_formula == "(None, 1, 3) + (None, 4, 3) = (None, 4, 3)"
    inferred, _ = run("Maximum", {}, [(4, 3), (4, 3)])
    assert inferred.shape_formula == "max((None, 4, 3), (None, 4, 3)) = (None, 4, 3)"


def test_merge_inputs_are_declared():
    assert (REGISTRY["Subtract"].min_inputs, REGISTRY["Subtract"].max_inputs) == (2, 2)
    assert (REGISTRY["Add"].min_inputs, REGISTRY["Add"].max_inputs) == (2, None)


CONCAT = [
    (-1, [(2, 3), (2, 5)]),
    (-1, [(3,), (3,)]),
    (1, [(2, 3), (4, 3)]),
    (-2, [(2, 3), (4, 3)]),
    (2, [(2, 3), (2, 3), (2, 1)]),
    (1, [(None, 3), (4, 3)]),
    (-1, [(None, 3), (4, 3)]),
    (-1, [(4, 3), (None, 3)]),
    (-1, [(2, 3), (4, 3)]),
    (-1, [(1, 3), (4, 3)]),
    (-1, [(3,), (4, 3)]),
    (3, [(4, 3), (4, 3)]),
    (-4, [(4, 3), (4, 3)]),
    (2, [(2, 3, 4), (2, 1, 4)]),
    (-1, [(8, 8, 3), (8, 8, 16)]),
]


@pytest.mark.parametrize(("axis", "shapes"), CONCAT)
def test_concatenate_matches_keras(axis, shapes):
    run("Concatenate", {"axis": axis}, shapes, default_axis=axis)


def test_concatenate_formula():
    inferred, _ = run("Concatenate", {}, [(64, 64, 3), (64, 64, 3)], default_axis=-1)
    assert inferred.shape_formula == "3 + 3 = 6"


@pytest.mark.parametrize("axis", [0, -3])
def test_concatenate_refuses_the_batch_axis_that_keras_would_take(axis):
    kind = REGISTRY["Concatenate"]
    with pytest.raises(ShapeError) as caught:
        kind.infer(kind.args(axis=axis), [(None, 4, 3), (None, 4, 3)])
    check_error(caught.value)
