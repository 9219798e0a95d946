"""The engine on its own, in this process: a checked plan built and run by ``app.engine`` gives what the same
model written with plain Keras gives (shapes, counts, numbers), and what it sends back is named as the plan
names it; seeding, kept models and compiled calls."""

import gc
import itertools
from types import SimpleNamespace

import keras
import numpy as np
import pytest
from sample_models import SAMPLES, SCORES_FLATTENED
from tensorflow.python.eager import context as eager_context

from app import engine
from app.config import Settings
from app.errors import Invalid
from app.graph import build_plan
from app.schemas import ModelSpec

TWO_INPUTS = {
    "name": "two_inputs",
    "layers": [
        {"type": "Input", "name": "a", "args": {"shape": [3]}},
        {"type": "Input", "name": "b", "args": {"shape": [2]}},
        {"type": "Concatenate", "name": "cat", "inputs": ["a", "b"]},
        {"type": "Dense", "name": "hidden", "args": {"units": 4, "activation": "relu"}},
        {"type": "Dense", "name": "out", "args": {"units": 2}},
    ],
}

BIDIRECTIONAL = {
    "name": "bi",
    "layers": [
        {"type": "Input", "args": {"shape": [3, 2]}},
        {"type": "Bidirectional", "name": "bi", "args": {"layer": {"type": "GRU", "args": {"units": 2}}}},
    ],
}


def wire(model: dict) -> dict:
    return build_plan(ModelSpec.model_validate(model), Settings()).wire()


def plain_keras_two_inputs() -> keras.Model:
    a, b = keras.Input((3,)), keras.Input((2,))
    x = keras.layers.Dense(4, activation="relu")(keras.layers.Concatenate()([a, b]))
    return keras.Model([a, b], keras.layers.Dense(2)(x))


def given_weights(model: keras.Model) -> list[np.ndarray]:
    """Exactly representable values, different in every place, in Keras's own weight order."""
    return [((np.arange(w.size) % 11 - 5) / 8).reshape(w.shape).astype("float32") for w in model.get_weights()]


FED = [np.array([[0.5, -1.0, 2.0], [1.0, 0.25, -0.5]], "float32"), np.array([[1.0, 2.0], [-3.0, 0.0]], "float32")]


def test_a_summary_gives_keras_shapes_counts_and_text():
    facts = engine.summary(wire(TWO_INPUTS))
    assert [row["name"] for row in facts["layers"]] == ["a", "b", "cat", "hidden", "out"]
    assert [row["output_shape"] for row in facts["layers"]] == [[None, 3], [None, 2], [None, 5], [None, 4], [None, 2]]
    assert [row["params"] for row in facts["layers"]] == [0, 0, 0, 24, 10]
    assert facts["total_params"] == plain_keras_two_inputs().count_params() == 34
    assert (facts["trainable_params"], facts["non_trainable_params"]) == (34, 0)
    assert "Total params: 34" in facts["text"] and "\x1b[" not in facts["text"]


def test_non_trainable_weights_are_counted_apart():
    model = {"layers": [{"type": "Input", "args": {"shape": [3]}}, {"type": "BatchNormalization"}]}
    facts = engine.summary(wire(model))
    assert (facts["total_params"], facts["trainable_params"], facts["non_trainable_params"]) == (12, 6, 6)
    assert facts["layers"][1]["trainable_params"] == 6


def test_a_prediction_with_given_weights_equals_plain_keras():
    reference = plain_keras_two_inputs()
    values = given_weights(reference)
    reference.set_weights(values)
    plan = wire(TWO_INPUTS)
    weights = {"hidden": values[:2], "out": values[2:]}
    result = engine.predict(plan, FED, weights, seed=0)
    assert set(result) == {"outputs"}
    (got,) = result["outputs"]
    assert got.dtype == np.float32 and got.shape == (2, 2)
    np.testing.assert_array_equal(got, np.asarray(reference(FED, training=False)))


def test_multi_head_attention_scores_have_the_key_steps_in_a_summary_when_the_query_has_other_steps():
    """Keras 3.15 writes the scores' shape as (batch, heads, 4, 4) before anything runs (the query's steps
    twice); the scores it computes are (batch, heads, 4, 5): the summary gives those, and the Dense after them
    gets the 2 × 4 × 5 = 40 inputs the numbers have."""
    q, v = keras.Input((4, 6)), keras.Input((5, 6))
    _, symbolic = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3)(q, v, return_attention_scores=True)
    assert tuple(symbolic.shape) == (None, 2, 4, 4)  # Keras's own slip, which the engine's layer mends
    facts = engine.summary(wire(SCORES_FLATTENED))
    rows = {row["name"]: row for row in facts["layers"]}
    assert rows["mha"]["output_shape"] == [[None, 4, 6], [None, 2, 4, 5]]
    assert rows["mha"]["type"] == "MultiHeadAttention" and "(MultiHeadAttentio" in facts["text"]
    assert rows["flat"]["output_shape"] == [None, 40] and rows["out"]["params"] == 40 * 2 + 2
    fed = [np.ones((1, 4, 6), "float32"), np.ones((1, 5, 6), "float32")]
    plain = engine.predict(wire(SCORES_FLATTENED), fed, {}, seed=0, trace=("mha",))
    assert plain["trace"][0]["outputs"][1].shape == (1, 2, 4, 5)
    kernel = np.linspace(-1, 1, 80, dtype="float32").reshape(40, 2)
    given = engine.predict(wire(SCORES_FLATTENED), fed, {"out": [kernel, np.zeros(2, "float32")]}, seed=0)
    scores = plain["trace"][0]["outputs"][1].reshape(1, 40)
    np.testing.assert_allclose(given["outputs"][0], scores @ kernel, rtol=1e-6)


EMBEDDED_ATTENTION = {
    "name": "embedded_attention",
    "layers": [
        {"type": "Input", "name": "tokens", "args": {"shape": [5], "dtype": "int32"}},
        {"type": "Embedding", "name": "emb", "args": {"input_dim": 6, "output_dim": 4, "mask_zero": True}},
        {"type": "MultiHeadAttention", "name": "mha", "args": {"num_heads": 2, "key_dim": 2}, "inputs": ["emb", "emb"]},
        {"type": "Dense", "name": "out", "args": {"units": 2}},
    ],
}


def test_a_trace_carries_the_keras_masks_in_eager_and_compiled_calls(monkeypatch):
    """The Embedding's mask (index 0 is padding) comes back though MultiHeadAttention takes it off the tensor it
    was given; MultiHeadAttention's output carries the query's; a Dense has none of its own to send."""
    compile_early(monkeypatch)
    plan = wire(EMBEDDED_ATTENTION)
    tokens = np.array([[3, 1, 4, 0, 0], [2, 0, 5, 0, 1]], "int32")
    trace = ("emb", "mha", "out")
    for _ in range(4):  # eager twice, then compiled
        emb, mha, out = engine.predict(plan, [tokens], {}, seed=0, trace=trace, key="embedded_attention")["trace"]
        assert emb["masks"] == mha["masks"] == [(tokens != 0).tolist()]
        assert out["masks"] == [(tokens != 0).tolist()]  # a Dense passes its input's mask on
    assert engine._kept["embedded_attention"].calls[trace].compiled is not None
    plain = engine.predict(wire(TWO_INPUTS), FED, {}, seed=0, trace=("a", "cat"))["trace"]
    assert [entry["masks"] for entry in plain] == [[None], [None]]


def test_a_trace_gives_the_named_layers_only_in_model_order_with_the_same_outputs():
    plan = wire(TWO_INPUTS)
    untraced = engine.predict(plan, FED, {}, seed=5)["outputs"][0]
    traced = engine.predict(plan, FED, {}, seed=5, trace=["out", "cat"])
    assert [layer["name"] for layer in traced["trace"]] == ["cat", "out"]
    cat, out = traced["trace"]
    np.testing.assert_array_equal(cat["outputs"][0], np.concatenate(FED, axis=1))
    np.testing.assert_array_equal(out["outputs"][0], untraced)
    np.testing.assert_array_equal(traced["outputs"][0], untraced)
    assert [name for name, _ in out["weights"]] == ["kernel", "bias"]
    assert [w.shape for _, w in out["weights"]] == [(4, 2), (2,)]
    assert cat["weights"] == []


def test_an_untraced_output_comes_back_when_only_earlier_layers_are_traced():
    plan = wire(TWO_INPUTS)
    whole = engine.predict(plan, FED, {}, seed=2)["outputs"][0]
    traced = engine.predict(plan, FED, {}, seed=2, trace=["hidden"])
    assert [layer["name"] for layer in traced["trace"]] == ["hidden"]
    np.testing.assert_array_equal(traced["outputs"][0], whole)


def test_a_wrapped_layers_weights_keep_the_plans_names_and_direction():
    plan = wire(BIDIRECTIONAL)
    traced = engine.predict(plan, [np.ones((1, 3, 2), "float32")], {}, seed=1, trace=["bi"])
    names = [name for name, _ in traced["trace"][0]["weights"]]
    assert names == [w for w in plan["layers"][1]["weights"]]
    assert names[0].startswith("forward") and names[-1].startswith("backward") and len(set(names)) == len(names)


def test_the_same_seed_gives_the_same_numbers_after_other_work_and_a_keras_reset():
    plan = wire(TWO_INPUTS)
    first = engine.predict(plan, FED, {}, seed=7)["outputs"][0]
    engine.summary(wire(BIDIRECTIONAL))
    keras.backend.clear_session()
    again = engine.predict(plan, FED, {}, seed=7)["outputs"][0]
    other = engine.predict(plan, FED, {}, seed=8)["outputs"][0]
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_a_window_is_that_part_of_the_whole_tensor():
    model = {
        "layers": [{"type": "Input", "args": {"shape": [6, 5]}}, {"type": "Dense", "name": "d", "args": {"units": 4}}]
    }
    plan = wire(model)
    x = np.arange(2 * 6 * 5, dtype="float32").reshape(2, 6, 5) / 10
    whole = engine.predict(plan, [x], {}, seed=3, trace=["d"])
    part = engine.predict(plan, [x], {}, seed=3, trace=["d"], windows={"d": ((1, 2, 1), (1, 3, 2))})
    np.testing.assert_array_equal(part["trace"][0]["outputs"][0], whole["trace"][0]["outputs"][0][1:2, 2:5, 1:3])
    np.testing.assert_array_equal(part["outputs"][0], whole["outputs"][0][1:2, 2:5, 1:3])


def test_run_turns_a_keras_refusal_into_plain_text():
    """A plan Keras refuses (written by hand: the graph checks would have caught it) is an error, not a crash."""
    plan = {
        "name": "bad",
        "layers": [
            {"name": "i", "type": "Input", "kwargs": {"shape": [4]}, "inputs": [], "takes_list": False},
            {
                "name": "r",
                "type": "Reshape",
                "kwargs": {"target_shape": [5]},
                "inputs": [("i", None)],
                "takes_list": False,
            },
        ],
        "inputs": ["i"],
        "outputs": [("r", None)],
    }
    result = engine.run({"kind": "summary", "plan": plan})
    assert set(result) == {"error"} and "\x1b[" not in result["error"]
    assert "5" in result["error"] and "4" in result["error"]


@pytest.mark.parametrize("task, key", [({"kind": "ping"}, "pid"), ({"kind": "train"}, "error")])
def test_run_answers_a_ping_and_refuses_an_unknown_kind(task, key):
    result = engine.run(task)
    assert set(result) == {key}
    if key == "error":
        assert "train" in result["error"]


# Seeding, kept models, compiled calls

DENSE = {
    "layers": [
        {"type": "Input", "args": {"shape": [6]}},
        {"type": "Dense", "args": {"units": 5, "activation": "relu"}},
        {"type": "Dense", "name": "out", "args": {"units": 3}},
    ]
}
LSTM = {
    "layers": [
        {"type": "Input", "args": {"shape": [7, 2]}},
        {"type": "LSTM", "args": {"units": 4, "return_sequences": True, "return_state": True}},
    ]
}
CONV = {
    "layers": [
        {"type": "Input", "args": {"shape": [9, 9, 2]}},
        {"type": "Conv2D", "args": {"filters": 3, "kernel_size": 3, "activation": "relu"}},
        {"type": "MaxPooling2D"},
        {"type": "Flatten"},
        {"type": "Dense", "args": {"units": 2}},
    ]
}


def data(shape: tuple[int, ...], shift: float = 0.0) -> np.ndarray:
    return ((np.arange(int(np.prod(shape))) % 9) / 8 - 0.3 + shift).reshape(shape).astype("float32")


@pytest.fixture(autouse=True)
def fresh_cache():
    engine.keep(32, 128 * 2**20)
    engine._kept.clear()
    engine._due.clear()
    yield
    engine._kept.clear()
    engine._due.clear()


def buildable() -> list[str]:
    names = []
    for name, spec in SAMPLES.items():
        try:
            wire(spec)
        except Invalid:
            continue
        names.append(name)
    return names


@pytest.mark.parametrize("type_name", buildable())
def test_the_quick_seed_gives_the_weights_of_keras_set_random_seed(type_name, monkeypatch):
    plan = wire(SAMPLES[type_name])
    for seed in (0, 7):
        ours = [w.numpy() for w in engine.build(plan, seed)[0].weights]
        with monkeypatch.context() as patched:
            patched.setattr(engine, "seed_keras", lambda seed: None)
            keras.utils.set_random_seed(seed)
            theirs = [w.numpy() for w in engine.build(plan, seed)[0].weights]
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            np.testing.assert_array_equal(a, b)


def outputs(result: dict) -> list[np.ndarray]:
    return [np.asarray(a) for a in result["outputs"]]


def test_a_kept_model_sets_only_the_weights_given_and_restores_the_others():
    plan, x = wire(DENSE), data((2, 6))
    first = outputs(engine.predict(plan, [x], {}, 3, key="dense"))
    assert engine.kept_models() == 1
    kernel, bias = data((5, 3), 0.1), np.full(3, 0.5, "float32")
    changed = outputs(engine.predict(plan, [x], {"out": [kernel, bias]}, 3, key="dense"))
    assert not np.array_equal(first[0], changed[0])
    hidden = engine.predict(plan, [x], {}, 3, ["dense"], key="dense")["trace"][0]["outputs"][0]
    np.testing.assert_allclose(changed[0], hidden @ kernel + bias, rtol=1e-6)
    again = outputs(engine.predict(plan, [x], {}, 3, key="dense"))
    np.testing.assert_array_equal(again[0], first[0])
    fresh = outputs(engine.predict(plan, [x], {}, 3))
    np.testing.assert_array_equal(fresh[0], first[0])
    assert engine.kept_models() == 1


def test_a_traced_call_of_a_kept_model_gives_the_plain_calls_numbers():
    plan, x = wire(CONV), data((1, 9, 9, 2))
    plain = outputs(engine.predict(plan, [x], {}, 0, key="conv"))
    traced = engine.predict(plan, [x], {}, 0, ["conv2d", "dense"], key="conv")
    np.testing.assert_array_equal(outputs(traced)[0], plain[0])
    assert [layer["name"] for layer in traced["trace"]] == ["conv2d", "dense"]
    np.testing.assert_array_equal(traced["trace"][1]["outputs"][0], plain[0])


@pytest.mark.parametrize("spec", [DENSE, LSTM, CONV], ids=["dense", "lstm", "conv"])
def test_a_compiled_call_gives_the_eager_numbers_bit_for_bit(spec):
    plan = wire(spec)
    kept = engine.Kept(plan, 0)
    shape = build_plan(ModelSpec.model_validate(spec), Settings()).nodes[0].info.outputs[0][1:]
    batches = [data((n, *shape)) for n in (3, 1)]
    call = engine.Call(kept, ())
    eager = [call([x]) for x in batches]
    call.compile([batches[0]])
    for x, expected in zip(batches, eager):
        compiled = call([x])
        assert list(compiled) == list(expected)
        for ref in expected:
            np.testing.assert_array_equal(np.asarray(compiled[ref]), np.asarray(expected[ref]))


def fed_to(checked) -> list[np.ndarray]:
    """Numbers for each input of a checked plan, a batch of 2 (small whole numbers for an int32 input)."""
    fed = []
    for name in checked.inputs:
        node = checked.node(name)
        shape = (2, *(d or 3 for d in node.info.outputs[0][1:]))
        size = int(np.prod(shape))
        if node.args.dtype == "int32":
            fed.append((np.arange(size) % 3).reshape(shape).astype("int32"))
        else:
            fed.append(data(shape))
    return fed


@pytest.mark.parametrize("type_name", buildable())
def test_a_model_a_summary_built_without_initial_values_runs_with_the_numbers_of_a_plain_build(type_name):
    """A summary's build draws no initial weights (``build_unvalued``); the prediction that runs that kept model
    draws them, and gets exactly what a model built with its weights at once gives: outputs and every weight."""
    checked = build_plan(ModelSpec.model_validate(SAMPLES[type_name]), Settings())
    plan, fed, names = checked.wire(), fed_to(checked), [node.name for node in checked.nodes]
    engine.summary(plan, "summarised")
    assert engine._kept["summarised"].unvalued or not engine.build(plan, 0)[0].weights
    kept = engine.predict(plan, fed, {}, 0, names, key="summarised")
    plain = engine.predict(plan, fed, {}, 0, names)
    for a, b in zip(outputs(kept), outputs(plain)):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(kept["trace"], plain["trace"], strict=True):
        assert [label for label, _ in a["weights"]] == [label for label, _ in b["weights"]]
        for (label, x), (_, y) in zip(a["weights"], b["weights"]):
            np.testing.assert_array_equal(x, y, err_msg=f"{a['name']}/{label}")
    assert not engine._kept["summarised"].unvalued


@pytest.mark.parametrize("type_name", buildable())
def test_layers_called_one_by_one_give_the_functional_models_numbers(type_name):
    """A new model runs its layers eagerly as the plan wires them, never built as a functional model first:
    the numbers are those of Keras's own ``model(x)``, for every layer type."""
    spec = SAMPLES[type_name]
    checked = build_plan(ModelSpec.model_validate(spec), Settings())
    plan = checked.wire()
    fed = fed_to(checked)
    eager = outputs(engine.predict(plan, fed, {}, 4))
    model = engine.build(plan, 4)[0]
    functional = model(fed[0] if len(fed) == 1 else fed, training=False)
    functional = functional if isinstance(functional, (list, tuple)) else [functional]
    assert len(eager) == len(functional)
    for a, b in zip(eager, functional):
        np.testing.assert_array_equal(a, np.asarray(b))


def compile_early(monkeypatch) -> None:
    """Compiling is expected to cost nothing: a call is compiled at its third call (the first is not timed)."""
    monkeypatch.setattr(engine, "COMPILE_CALLS", 0)
    monkeypatch.setattr(engine, "COMPILE_BASE_SECONDS", 0.0)


def test_a_call_is_compiled_once_its_eager_calls_cost_what_compiling_does(monkeypatch):
    compile_early(monkeypatch)
    plan = wire(LSTM)
    x = data((1, 7, 2))
    results = []
    for k in range(4):
        results.append(outputs(engine.predict(plan, [x], {}, 0, key="lstm")))
        engine.compile_due()  # the worker has nothing else to do
        compiled = engine._kept["lstm"].calls[()].compiled
        assert (compiled is not None) == (k >= 2), k  # the first call builds, the second is timed, then compiled
    for later in results[1:]:
        for a, b in zip(later, results[0]):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("calls", "base", "most", "compiled_at"),
    [(0, 0.0, 60.0, 3), (3, 0.0, 60.0, 5), (2, 1.0, 60.0, 6), (0, 1.0, 60.0, 4), (5, 1.0, 1.0, 4)],
    ids=["free", "three calls", "two calls and a second", "a second", "at most a second"],
)
def test_a_call_is_compiled_when_its_eager_calls_have_cost_compile_calls_of_them_and_the_base(
    calls, base, most, compiled_at, monkeypatch
):
    """Each eager call costs half a second of CPU here. n timed calls have cost 0.5 n: compiled once that is
    ``calls`` of them (their mean) and ``base`` more, or ``most``, at call n + 2 (the first call is not timed)."""
    monkeypatch.setattr(engine, "COMPILE_CALLS", calls)
    monkeypatch.setattr(engine, "COMPILE_BASE_SECONDS", base)
    monkeypatch.setattr(engine, "COMPILE_MOST_SECONDS", most)
    clock = itertools.count(0, 0.5)
    monkeypatch.setattr(engine, "time", SimpleNamespace(process_time=lambda: next(clock)))
    plan, x = wire(DENSE), data((1, 6))
    for k in range(1, 9):
        engine.predict(plan, [x], {}, 0, key="dense")
        engine.compile_due()
        assert (engine._kept["dense"].calls[()].compiled is not None) == (k >= compiled_at), k


def test_a_call_due_is_compiled_when_the_worker_is_idle_or_else_at_its_next_call(monkeypatch):
    """The call that pays for compiling is answered eagerly; the trace is made when the worker has nothing to do
    (``compile_due``), or by the next call if no such moment came. A model no longer kept is not compiled."""
    compile_early(monkeypatch)
    plan, x = wire(DENSE), data((1, 6))
    eager = [outputs(engine.predict(plan, [x], {}, 0, key="idle")) for _ in range(3)]  # the third pays
    call = engine._kept["idle"].calls[()]
    assert call.compiled is None and call.due is not None
    assert engine.compile_due() and call.compiled is not None and call.due is None
    assert not engine.compile_due()
    np.testing.assert_array_equal(outputs(engine.predict(plan, [x], {}, 0, key="idle"))[0], eager[0][0])

    for _ in range(3):
        engine.predict(plan, [x], {}, 0, key="busy")
    call = engine._kept["busy"].calls[()]
    assert call.compiled is None and call.due is not None
    engine.predict(plan, [x], {}, 0, key="busy")  # no idle moment: compiled by this call
    assert call.compiled is not None and call.due is None and not engine.compile_due()

    for _ in range(3):
        engine.predict(plan, [x], {}, 0, key="gone")
    call = engine._kept.pop("gone").calls[()]
    assert call.due is not None and not engine.compile_due() and call.compiled is None


def test_a_call_whose_trace_fails_stays_eager_with_the_same_numbers_and_is_not_traced_again(monkeypatch):
    """A trace that raises (at the worker's idle moment or in a request) costs no answer and no worker: the call
    goes on eagerly, and is not traced again at every call."""
    compile_early(monkeypatch)
    plan, x = wire(DENSE), data((1, 6))
    eager = outputs(engine.predict(plan, [x], {}, 0, key="untraceable"))
    traces = []

    def refused(*args, **kwargs):
        traces.append(args)
        raise RuntimeError("cannot trace this")

    monkeypatch.setattr(engine.tf, "function", refused)
    for _ in range(2):
        engine.predict(plan, [x], {}, 0, key="untraceable")
    call = engine._kept["untraceable"].calls[()]
    assert call.due is not None and engine.compile_due()  # it tried, and failed
    for _ in range(5):
        np.testing.assert_array_equal(outputs(engine.predict(plan, [x], {}, 0, key="untraceable"))[0], eager[0])
    assert len(traces) == 1 and call.compiled is None and call.eager_only and not engine.compile_due()


def test_a_compiled_call_leaves_this_threads_function_options_as_they_were(monkeypatch):
    """A compiled call runs its graph as traced (no rewrites); whatever else runs in the thread keeps its options."""
    compile_early(monkeypatch)
    before = eager_context.context().function_call_options.config_proto_serialized
    plan, x = wire(DENSE), data((1, 6))
    for _ in range(4):
        engine.predict(plan, [x], {}, 0, key="dense")
    call = engine._kept["dense"].calls[()]
    assert call.compiled is not None
    assert eager_context.context().function_call_options.config_proto_serialized == before
    assert call.options.config_proto_serialized != before


def test_a_model_called_a_few_times_is_never_compiled():
    plan = wire(DENSE)
    x = data((1, 6))
    for _ in range(3):
        engine.predict(plan, [x], {}, 0, key="dense")
    call = engine._kept["dense"].calls[()]
    assert call.compiled is None and 0 < call.eager_seconds and not call.pays()


def test_kept_models_outlive_a_keras_reset(monkeypatch):
    x = data((1, 6))
    first = outputs(engine.predict(wire(DENSE), [x], {}, 0, key="dense"))
    monkeypatch.setattr(engine, "_builds", engine.CLEAR_EVERY - 1)
    engine.predict(wire({**DENSE, "name": "other"}), [x], {}, 0, key="other")  # this build resets Keras
    assert list(engine._kept) == ["dense", "other"]
    np.testing.assert_array_equal(outputs(engine.predict(wire(DENSE), [x], {}, 0, key="dense"))[0], first[0])


def test_a_summary_whose_build_resets_keras_runs_with_a_plain_builds_numbers(monkeypatch):
    plan, x = wire(LSTM), data((2, 7, 2))
    plain = outputs(engine.predict(plan, [x], {}, 0))
    monkeypatch.setattr(engine, "_builds", engine.CLEAR_EVERY - 1)
    engine.summary(plan, "reset")  # this build resets Keras, its StatelessScope with it
    for a, b in zip(outputs(engine.predict(plan, [x], {}, 0, key="reset")), plain, strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_build_keras_refuses_leaves_no_variable_waiting_for_a_value():
    plan = wire(DENSE)
    plan["layers"][-1]["kwargs"]["units"] = -1  # made after the first Dense has its variables
    with pytest.raises(ValueError, match="units"):
        engine.build_unvalued(plan)
    assert not keras.src.backend.common.global_state.get_global_attribute("uninitialized_variables")


def test_kept_models_are_bounded_by_entries_and_bytes():
    engine.keep(2, 128 * 2**20)
    x = data((1, 6))
    for k in range(3):
        engine.predict(wire({**DENSE, "name": f"m{k}"}), [x], {}, 0, key=f"m{k}")
    assert list(engine._kept) == ["m1", "m2"]

    engine._kept.clear()
    engine.keep(8, 4 * 8 * 60)  # a quarter holds 60 parameters (8 bytes each: the model and its initial copy)
    engine.predict(wire(DENSE), [x], {}, 0, key="small")  # 53 parameters
    wider = {**DENSE, "layers": [*DENSE["layers"][:2], {"type": "Dense", "args": {"units": 8}}]}  # 83
    engine.predict(wire(wider), [x], {}, 0, key="big")
    assert list(engine._kept) == ["small"]
    for k in range(4):  # 4 x 424 bytes > 1920: the oldest go
        engine.predict(wire({**DENSE, "name": f"m{k}"}), [x], {}, 0, key=f"m{k}")
    assert list(engine._kept) == ["m0", "m1", "m2", "m3"][-(1920 // 424) :]


def layers_named(name: str) -> int:
    """Keras layers of that name still in memory, unreachable ones too (the collector has not freed them yet)."""
    return sum(1 for o in gc.get_objects() if isinstance(o, keras.layers.Layer) and o.name == name)


@pytest.mark.parametrize("collect_bytes, left", [(0, 0), (2**40, 1)], ids=["too-big", "under-the-bar"])
def test_a_model_too_big_to_keep_is_collected_as_its_task_ends(collect_bytes, left, monkeypatch):
    monkeypatch.setattr(engine, "COLLECT_BYTES", collect_bytes)
    engine.keep(8, 4 * 8 * 60)  # DENSE's 53 parameters fit, WIDE's 83 do not
    wide = {**DENSE, "layers": [*DENSE["layers"][:2], {"type": "Dense", "name": "wide", "args": {"units": 8}}]}
    gc.collect()
    gc.disable()  # only the engine's own collection may free it
    try:
        for kind in ("summary", "predict"):
            task = {"kind": kind, "plan": wire(wide), "key": "wide", "inputs": [data((1, 6))], "weights": {}}
            assert "error" not in engine.run({**task, "seed": 0, "trace": ["wide"], "windows": {}})
            assert layers_named("wide") == left
            gc.collect()
    finally:
        gc.enable()
    assert not engine._kept


def test_a_mask_reaches_the_next_layer_when_layers_are_called_one_by_one():
    spec = {
        "layers": [
            {"type": "Input", "args": {"shape": [6], "dtype": "int32"}},
            {"type": "Embedding", "args": {"input_dim": 10, "output_dim": 3, "mask_zero": True}},
            {"type": "LSTM", "args": {"units": 2, "return_sequences": True}},
        ]
    }
    plan, x = wire(spec), np.array([[1, 2, 0, 0, 3, 0]], "int32")
    (eager,) = outputs(engine.predict(plan, [x], {}, 0))
    np.testing.assert_array_equal(eager, np.asarray(engine.build(plan, 0)[0](x, training=False)))
    np.testing.assert_array_equal(eager[0, 2], eager[0, 1])  # masked steps carry the last state on
