"""SimpleRNN, GRU, LSTM and Bidirectional against Keras: outputs, states, weights and formulas."""

from itertools import product

import pytest
from layer_check import check_error, run

from app.layers import REGISTRY, ShapeError

SHAPES = [(10, 20), (None, 3), (1, 1)]
FLAGS = list(product([False, True], [False, True]))  # return_sequences, return_state
VARIANTS = [
    {},
    {"use_bias": False},
    {"trainable": False, "go_backwards": True, "dropout": 0.2, "recurrent_dropout": 0.1},
]


def inner_variants(name):
    extra = {
        "GRU": [{"reset_after": False}, {"reset_after": False, "use_bias": False}],
        "LSTM": [{"unit_forget_bias": False, "recurrent_activation": "hard_sigmoid"}],
    }
    return VARIANTS + extra.get(name, [])


CASES = [
    (name, variant, sequences, state, shape)
    for name in ("SimpleRNN", "GRU", "LSTM")
    for variant in inner_variants(name)
    for (sequences, state) in FLAGS
    for shape in SHAPES
]


@pytest.mark.parametrize(("name", "variant", "sequences", "state", "shape"), CASES)
def test_recurrent_matches_keras(name, variant, sequences, state, shape):
    args = {"units": 4, "return_sequences": sequences, "return_state": state, **variant}
    inferred, _ = run(name, args, [shape])
    assert inferred.steps == (shape[0] or 0)
    assert inferred.work > 0


BIDIRECTIONAL = [
    (name, merge, sequences, state, shape)
    for name in ("SimpleRNN", "GRU", "LSTM")
    for merge in ("concat", "sum", "mul", "ave")
    for (sequences, state) in FLAGS
    for shape in SHAPES[:2]
]


@pytest.mark.parametrize(("name", "merge_mode", "sequences", "state", "shape"), BIDIRECTIONAL)
def test_bidirectional_matches_keras(name, merge_mode, sequences, state, shape):
    layer = {"type": name, "args": {"units": 3, "return_sequences": sequences, "return_state": state}}
    inferred, _ = run("Bidirectional", {"layer": layer, "merge_mode": merge_mode}, [shape])
    assert inferred.steps == (shape[0] or 0)


def test_bidirectional_checks_the_inner_arguments_with_the_inner_model():
    from pydantic import ValidationError

    kind = REGISTRY["Bidirectional"]
    for bad in [
        {"type": "LSTM", "args": {"units": 3, "reset_after": True}},
        {"type": "Dense", "args": {"units": 3}},
        {"type": "GRU", "args": {}},
    ]:
        with pytest.raises(ValidationError):
            kind.args(layer=bad)
    with pytest.raises(ValidationError):
        kind.args(layer={"type": "GRU", "args": {"units": 3}}, merge_mode=None)


@pytest.mark.parametrize("name", ["SimpleRNN", "GRU", "LSTM"])
@pytest.mark.parametrize("shape", [(4,), (4, 3, 2), (4, None)])
def test_refusals_match_keras(name, shape):
    inferred, _ = run(name, {"units": 3}, [shape])
    assert inferred is None


def test_bidirectional_refuses_a_flat_input():
    kind = REGISTRY["Bidirectional"]
    with pytest.raises(ShapeError) as caught:
        kind.infer(kind.args(layer={"type": "LSTM", "args": {"units": 3}}), [(None, 8)])
    check_error(caught.value)


def test_lesson_formulas():
    inferred, _ = run("LSTM", {"units": 64, "return_sequences": True}, [(10, 20)])
    assert inferred.param_formula == "4 × (64 × (20 + 64) + 64) = 21,760"
    assert inferred.shape_formula == "(None, 10, 20) → (None, 10, units) = (None, 10, 64)"
    inferred, _ = run("LSTM", {"units": 64, "return_state": True}, [(10, 20)])
    assert inferred.shape_formula == "(None, 10, 20) → (None, units) = (None, 64); h, c: (None, units) = (None, 64)"
    inferred, _ = run("GRU", {"units": 8}, [(10, 4)])
    assert inferred.param_formula == "3 × (8 × (4 + 8) + 2 × 8) = 336"
    inferred, _ = run("SimpleRNN", {"units": 8, "use_bias": False}, [(10, 4)])
    assert inferred.param_formula == "8 × (4 + 8) = 96"
    inferred, _ = run("Bidirectional", {"layer": {"type": "LSTM", "args": {"units": 64}}}, [(10, 20)])
    assert inferred.param_formula == "2 × (4 × (64 × (20 + 64) + 64)) = 43,520"
    assert inferred.shape_formula == "(None, 10, 20) → (None, 2·units) = (None, 128)"


def test_work_is_steps_times_gates_times_units_times_inputs():
    inferred, _ = run("LSTM", {"units": 64}, [(10, 20)])
    assert inferred.work == 10 * 4 * 64 * (20 + 64)
