"""The Lab on its own, with a fake pool: what it sends the workers, what it makes of their answers, what it
shares, keeps and refuses before any worker is asked."""

import orjson
import pytest
from inprocess import FakePool, echo, make_lab

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

    body = orjson.loads(portal.call(make_lab(FakePool(keras_says)).summary, spec()))
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
    first = portal.call(lab.summary, spec())
    again = portal.call(lab.summary, spec())
    other = portal.call(lab.summary, spec({**DENSE, "name": "other"}))
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
