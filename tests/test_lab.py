"""The Lab on its own, with a fake pool: what it sends the workers, what it makes of their answers, what it
shares, keeps and refuses before any worker is asked."""

from collections import Counter
from functools import partial

import numpy as np
import orjson
import pytest
from inprocess import FakePool, echo, make_lab

from app import lab as lab_module
from app import lesson
from app.cache import body_key as real_body_key
from app.errors import Invalid
from app.schemas import ModelSpec, PredictRequest

DENSE = {
    "name": "tiny",
    "layers": [
        {"type": "Input", "args": {"shape": [4]}},
        {"type": "Dense", "name": "d", "args": {"units": 3}},
    ],
}


def spec(model: dict = DENSE) -> ModelSpec:
    return ModelSpec.model_validate(model)


def predict_request(inputs, model: dict = DENSE, **fields) -> PredictRequest:
    return PredictRequest.model_validate({"model": model, "inputs": inputs, **fields})


def test_a_given_pool_is_used_and_start_keeps_it(portal):
    pool = FakePool()
    lab = make_lab(pool)
    lab.start()
    assert lab.pool is pool
    portal.call(lab.summary, spec())
    assert [t["kind"] for t in pool.tasks] == ["summary"]
    assert [e["type"] for e in pool.tasks[0]["plan"]["layers"]] == ["Input", "Dense"]
    lab.close()
    assert pool.closed


def test_summary_rows_merge_keras_facts_with_the_plans_formulas(portal):
    def keras_says(task):
        answer = echo(task)
        for row, shape, params in zip(answer["layers"], [[None, 4], [None, 3]], [0, 15]):
            row.update(output_shape=shape, params=params, trainable_params=params)
        return {**answer, "total_params": 15, "trainable_params": 15, "text": "from the pool\n"}

    body = orjson.loads(portal.call(make_lab(FakePool(keras_says)).summary, spec()).body)
    assert [r["name"] for r in body["layers"]] == ["input_layer", "d"]
    dense = body["layers"][1]
    assert dense["output_shape"] == [None, 3] and dense["params"] == 15  # the pool's, i.e. Keras's
    assert dense["inputs"] == ["input_layer"]  # the plan's
    assert dense["param_formula"] and "3" in dense["param_formula"]
    assert (body["total_params"], body["non_trainable_params"], body["text"]) == (15, 0, "from the pool\n")
    assert body["inputs"] == ["input_layer"] and body["outputs"] == ["d"]


def test_identical_summaries_share_one_task_and_a_change_is_a_new_one(portal):
    pool = FakePool()
    lab = make_lab(pool)
    first = portal.call(lab.summary, spec()).body
    again = portal.call(lab.summary, spec()).body
    other = portal.call(lab.summary, spec({**DENSE, "name": "other"})).body
    assert first == again != other
    assert len(pool.tasks) == 2


def test_an_answer_over_the_number_limit_is_refused_before_any_worker_is_asked(portal):
    pool = FakePool()
    lab = make_lab(pool, max_output_numbers=20)
    inputs = [[1, 2, 3, 4]] * 5  # 5 x 3 outputs fit; traced, 5 x 4 inputs + 15 outputs + 15 weights do not
    portal.call(lab.predict, predict_request(inputs))
    with pytest.raises(Invalid) as refused:
        portal.call(lab.predict, predict_request(inputs, trace=True))
    assert "50 numbers" in refused.value.message and "20" in refused.value.message
    assert "trace" in refused.value.message and "trace" in refused.value.message_ru
    assert len(pool.tasks) == 1


def test_a_pinned_answer_outlives_the_cache_bound_and_others_are_evicted(portal):
    pool = FakePool()
    lab = make_lab(pool, cache_entries=1)
    pinned, evicted, last = (spec({**DENSE, "name": name}) for name in ("pinned", "evicted", "last"))
    portal.call(partial(lab.summary, pinned, pin=True))
    portal.call(lab.summary, evicted)
    portal.call(lab.summary, last)
    assert len(pool.tasks) == 3
    portal.call(lab.summary, pinned)
    assert len(pool.tasks) == 3  # still kept
    portal.call(lab.summary, evicted)
    assert len(pool.tasks) == 4  # pushed out by the last one: asked again


def test_the_same_bytes_are_recalled_without_parsing_again(portal):
    lab = make_lab(FakePool())
    body = orjson.dumps(DENSE)
    assert lab.recall("summary", body) is None
    answer = portal.call(partial(lab.summary, spec(), body=body))
    assert lab.recall("summary", body) == answer
    assert lab.recall("predict", body) is None and lab.recall("summary", body + b" ") is None


def test_a_body_is_hashed_once_for_its_recall_and_its_answer(portal, monkeypatch):
    """The route asks for the answer to the body's bytes before anything reads them, and the Lab files the answer
    under the same key: one hash of the body, however big it is; equal bytes in another object are hashed anew."""
    hashed = []
    monkeypatch.setattr(lab_module, "body_key", lambda kind, body: hashed.append(body) or real_body_key(kind, body))
    lab = make_lab(FakePool())
    body = orjson.dumps({"model": DENSE, "inputs": [1, 2, 3, 4]})
    assert lab.recall("predict", body) is None
    answer = portal.call(partial(lab.predict, predict_request([1, 2, 3, 4]), body=body))
    assert hashed == [body]
    again = bytes(bytearray(body))
    assert lab.recall("predict", again) == answer
    assert len(hashed) == 2 and hashed[1] is again


def test_identical_predictions_share_one_task_and_seed_or_numbers_make_a_new_one(portal):
    pool = FakePool()
    lab = make_lab(pool)
    first = portal.call(lab.predict, predict_request([1, 2, 3, 4], seed=1)).body
    assert portal.call(lab.predict, predict_request([1, 2, 3, 4], seed=1)).body == first
    portal.call(lab.predict, predict_request([1, 2, 3, 4], seed=2))
    portal.call(lab.predict, predict_request([1, 2, 3, 5], seed=1))
    assert len(pool.tasks) == 3
    task = pool.tasks[0]
    assert task["kind"] == "predict" and task["seed"] == 1
    assert task["inputs"][0].tolist() == [[1, 2, 3, 4]] and task["inputs"][0].dtype.name == "float32"


def test_the_batch_axis_note_is_kept_apart_from_an_answer_without_it(portal):
    pool = FakePool()
    lab = make_lab(pool)
    without = orjson.loads(portal.call(lab.predict, predict_request([1, 2, 3, 4])).body)
    with_batch = orjson.loads(portal.call(lab.predict, predict_request([[1, 2, 3, 4]])).body)
    assert without["outputs"] == with_batch["outputs"]
    assert with_batch["notes"] == [] and without["notes"] == [
        "inputs['input_layer']: added a batch axis of 1, shape (1, 4)"
    ]


def test_numbers_that_are_not_finite_are_sent_as_null_and_counted_in_a_note(portal):
    def overflow(task):
        answer = echo(task)
        out = answer["outputs"][0].copy()
        out[0, :2] = [np.nan, np.inf]
        return {**answer, "outputs": [out]}

    body = orjson.loads(portal.call(make_lab(FakePool(overflow)).predict, predict_request([[1, 2, 3, 4]])).body)
    assert body["outputs"][0]["data"] == [[None, None, 3.0, 4.0]]
    assert body["notes"] == ["2 output numbers are not finite (NaN or ±Infinity) and are sent as null"]
    assert body["notes_ru"] == ["выходных чисел, которые не конечны (NaN или ±Infinity) и отправлены как null: 2"]


def test_a_prediction_answer_carries_the_inputs_fed_the_seed_and_every_traced_layer_with_its_arguments(portal):
    body = orjson.loads(
        portal.call(make_lab(FakePool()).predict, predict_request([[1, 2, 3, 4]], seed=9, trace=True)).body
    )
    assert body["seed"] == 9
    assert body["inputs"] == [{"name": "input_layer", "shape": [1, 4], "data": [[1.0, 2.0, 3.0, 4.0]]}]
    assert [layer["name"] for layer in body["trace"]] == ["input_layer", "d"]
    assert body["trace"][1]["args"]["units"] == 3 and body["trace"][1]["args"]["activation"] == "linear"


def test_the_warm_up_keeps_every_lesson_answer_and_a_failing_step_does_not_stop_it(portal, caplog):
    failed: list[dict] = []

    def fails_once(task):
        if not failed:
            failed.append(task)
            return {"error": "a step Keras refused"}
        return echo(task)

    pool = FakePool(fails_once)
    lab = make_lab(pool, warm_examples=True)
    portal.call(lab.warm_up)
    assert lab.ready and lab.ready_after is not None
    assert "a step Keras refused" in caplog.text
    kinds = Counter(task["kind"] for task in pool.tasks)
    assert kinds["predict"] == sum(1 for s in lesson.STEPS if s.inputs is not None)
    asked = len(pool.tasks)
    for step in lesson.STEPS:
        model = ModelSpec.model_validate(step.model)
        portal.call(lab.summary, model)
        if step.inputs is not None:
            portal.call(lab.predict, lab.example_request(step))
    # every answer is kept but the one that failed, which is asked again
    assert len(pool.tasks) == asked + 1 and pool.tasks[-1] == failed[0]


def test_a_lesson_step_the_page_opens_is_answered_from_the_warm_up_and_a_rest_client_asks_anew(portal):
    """The page's first request of a step holds no weights yet (held_weights: {}, static/js/held.js): the one
    warmed up. A client that does not send the field is given the answer without digests, worked out for it."""
    pool = FakePool()
    lab = make_lab(pool, warm_examples=True)
    portal.call(lab.warm_up)
    step = next(s for s in lesson.STEPS if s.id == "lstm-return-state")
    asked = len(pool.tasks)
    page = {"model": step.model, "inputs": step.inputs, "seed": step.seed, "trace": True, "held_weights": {}}
    portal.call(lab.predict, PredictRequest.model_validate(page))
    assert len(pool.tasks) == asked
    portal.call(lab.predict, PredictRequest.model_validate({k: v for k, v in page.items() if k != "held_weights"}))
    assert len(pool.tasks) == asked + 1 and pool.tasks[-1]["held"] is None


def test_a_step_sent_in_parts_is_warmed_up_at_the_part_the_page_opens(portal):
    """Step 17's output comes in parts and the page opens the step's own (its `window`): the warm-up answered that
    request, not the first part's."""
    pool = FakePool()
    lab = make_lab(pool, warm_examples=True)
    portal.call(lab.warm_up)
    step = lesson.get("conv2d-transpose")
    asked = len(pool.tasks)
    window = {"max_numbers": 65_536, "at": step.window}
    page = {"model": step.model, "inputs": step.inputs, "seed": step.seed, "trace": True, "held_weights": {}}
    portal.call(lab.predict, PredictRequest.model_validate({**page, "window": window}))
    assert len(pool.tasks) == asked
    portal.call(lab.predict, PredictRequest.model_validate({**page, "window": {**window, "at": {}}}))
    assert len(pool.tasks) == asked + 1


def test_a_trace_of_named_layers_asks_for_those_only_and_refuses_a_name_the_model_lacks(portal):
    pool = FakePool()
    lab = make_lab(pool)
    body = orjson.loads(portal.call(lab.predict, predict_request([[1, 2, 3, 4]], trace=["d"])).body)
    assert pool.tasks[0]["trace"] == ["d"] and [layer["name"] for layer in body["trace"]] == ["d"]
    with pytest.raises(Invalid) as refused:
        portal.call(lab.predict, predict_request([[1, 2, 3, 4]], trace=["nope"]))
    assert refused.value.layer == "nope" and "input_layer, d" in refused.value.message
    assert len(pool.tasks) == 1


def test_the_same_layer_list_gets_the_kept_plan_and_a_changed_or_bad_one_is_checked_anew():
    lab = make_lab(FakePool())
    plan = lab.plan(spec())
    assert lab.plan(spec()) is plan and plan.wire() is plan.wire()
    other = {**DENSE, "layers": [DENSE["layers"][0], {"type": "Dense", "name": "d", "args": {"units": 4}}]}
    assert lab.plan(spec(other)) is not plan
    assert lab.plan(spec(other)).nodes[1].info.outputs == [(None, 4)]
    bad = {**DENSE, "layers": [DENSE["layers"][0], {"type": "Dense", "name": "d", "args": {"units": -1}}]}
    for _ in range(2):
        with pytest.raises(Invalid, match="units"):
            lab.plan(spec(bad))
