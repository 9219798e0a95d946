"""Step 30, a tiny Transformer encoder block on a sentence: the same block written in plain Keras, with the step's
weights, gives the numbers the engine and the API give, its padding weighs nothing, and its attention shows
something (the weights of a row are not all alike)."""

import keras
import numpy as np
import pytest

from app import lesson
from app.config import get_settings
from app.data import feed_arrays
from app.graph import build_plan
from app.schemas import ModelSpec

STEP = lesson.get("attention")
NAMES = [layer["name"] for layer in STEP.model["layers"]]


@pytest.fixture(scope="module")
def engine_module():
    from app import engine

    return engine


@pytest.fixture(scope="module")
def traced():
    """The step run as the page runs it (seed 0, every layer traced), and the tokens it was given."""
    from app import engine

    plan = build_plan(ModelSpec.model_validate(STEP.model), get_settings())
    arrays, _ = feed_arrays(STEP.inputs, plan)
    result = engine.predict(plan.wire(), arrays, {}, STEP.seed, trace=NAMES)
    return {entry["name"]: entry for entry in result["trace"]}, arrays[0]


def plain_keras_block(weights: dict[str, list[np.ndarray]]):
    """The encoder block as one writes it with Keras, its weights set; returns the model and its attention layer."""
    tokens = keras.Input((8,), dtype="int32")
    x = keras.layers.Embedding(1000, 4, mask_zero=True)(tokens)
    attention = keras.layers.MultiHeadAttention(num_heads=2, key_dim=2)
    x = keras.layers.LayerNormalization()(keras.layers.Add()([x, attention(x, x)]))
    y = keras.layers.Dense(4)(keras.layers.Dense(8, activation="relu")(x))
    out = keras.layers.LayerNormalization()(keras.layers.Add()([x, y]))
    model = keras.Model(tokens, out)
    layers = [layer for layer in model.layers if layer.weights]
    for layer, name in zip(layers, ["embedding", "attention", "norm", "ffn", "ffn_out", "norm_2"], strict=True):
        layer.set_weights(weights[name])
    return model, attention


def test_the_step_is_the_sentence_padded_with_zeros_and_the_attention_view_opens_first():
    assert STEP.number == 30 and STEP.view == "attention"
    assert STEP.inputs == [[2, 137, 499, 479, 2, 500, 0, 0]]
    assert [layer["type"] for layer in STEP.model["layers"]][1:4] == ["Embedding", "MultiHeadAttention", "Add"]


def test_the_block_still_builds_when_the_learner_asks_for_the_attention_scores(engine_module):
    """The residual takes the attention's first output by name (attention:0), so that switching on
    return_attention_scores adds an output instead of feeding the scores into the Add."""
    layers = [dict(layer, args=dict(layer.get("args", {}))) for layer in STEP.model["layers"]]
    next(layer for layer in layers if layer["name"] == "attention")["args"]["return_attention_scores"] = True
    plan = build_plan(ModelSpec.model_validate({"layers": layers}), get_settings())
    assert plan.node("attention").info.outputs == [(None, 8, 4), (None, 2, 8, 8)]
    assert engine_module.summary(plan.wire())["total_params"] == STEP.expected.total_params


def test_plain_keras_gives_the_steps_numbers(traced):
    entries, tokens = traced
    weights = {name: [np.asarray(w) for _, w in entry["weights"]] for name, entry in entries.items()}
    model, _ = plain_keras_block(weights)
    expected = keras.ops.convert_to_numpy(model(tokens))
    np.testing.assert_allclose(entries["norm_2"]["outputs"][0], expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(
        entries["residual"]["outputs"][0], entries["embedding"]["outputs"][0] + entries["attention"]["outputs"][0]
    )


def test_the_padding_weighs_nothing_and_the_words_attend_unevenly(traced):
    """Keras's own attention weights on the step's sentence: the two padded places get 0 from every word, and each
    head has a word that gives another more than twice the even share, 1/6 (the block shows something to look at)."""
    entries, tokens = traced
    weights = {name: [np.asarray(w) for _, w in entry["weights"]] for name, entry in entries.items()}
    model, attention = plain_keras_block(weights)
    embedded = model.layers[1](tokens)
    _, scores = attention(embedded, embedded, return_attention_scores=True)
    scores = keras.ops.convert_to_numpy(scores)[0]  # (heads, 8, 8)
    words = int((tokens[0] != 0).sum())
    assert words == 6
    np.testing.assert_array_equal(scores[:, :words, words:], 0)
    np.testing.assert_allclose(scores[:, :words, :words].sum(axis=-1), 1, rtol=1e-6)
    assert (scores[:, :words, :words].max(axis=(1, 2)) > 2 / words).all()
    assert entries["embedding"]["masks"] == [(tokens != 0).tolist()]


def test_the_api_answers_the_steps_numbers(keras_api, traced):
    entries, _ = traced
    body = {"model": STEP.model, "inputs": STEP.inputs, "seed": STEP.seed, "trace": True}
    answer = keras_api.post("/api/models/predict", json=body)
    assert answer.status_code == 200, answer.text
    served = {entry["name"]: entry for entry in answer.json()["trace"]}
    for name in NAMES:
        np.testing.assert_array_equal(
            np.asarray(served[name]["outputs"][0]["data"], "float32"), entries[name]["outputs"][0]
        )
    assert served["embedding"]["masks"] == [[[True] * 6 + [False] * 2]]  # one output, one sample
    assert "masks" not in served["tokens"]
