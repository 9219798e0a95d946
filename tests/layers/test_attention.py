"""Attention and MultiHeadAttention against Keras: shapes (with the attention scores), weights, counts, the
refusals, and the numbers: MultiHeadAttention with given weights computed step by step in numpy (projections per
head, softmax(QKᵀ/√d) with and without the causal mask, the weighted sum, the heads joined and projected)."""

import keras
import numpy as np
import pytest
from layer_check import keras_call, run

from app.layers import REGISTRY, ShapeError

SEQUENCES = [
    [(4, 3), (5, 3)],
    [(4, 3), (5, 3), (5, 3)],
    [(4, 3), (5, 2), (5, 3)],
    [(4, 3), (4, 3)],
    [(None, 3), (None, 3)],
    [(4, 3), (5, 3), (6, 3)],
    [(4, 3), (5, 2)],
    [(4,), (5,)],
]


@pytest.mark.parametrize("shapes", SEQUENCES)
@pytest.mark.parametrize(
    "args",
    [
        {},
        {"use_scale": True},
        {"score_mode": "concat", "return_attention_scores": True},
        {"use_causal_mask": True, "use_scale": True, "score_mode": "concat", "trainable": False},
    ],
)
def test_attention_matches_keras(args, shapes):
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) > 2 else value
    if len(query) == 2 and (query[-1] != key[-1] or value[0] != key[0]):
        # Keras builds these and fails on the first numbers: Layer Lab refuses them before.
        with pytest.raises(ShapeError, match="the same number"):
            REGISTRY["Attention"].infer(REGISTRY["Attention"].args(**args), [(None, *s) for s in shapes])
        return
    if len(query) == 1:  # one axis: not a sequence (Keras would read it as one)
        with pytest.raises(ShapeError, match="3-D"):
            REGISTRY["Attention"].infer(REGISTRY["Attention"].args(**args), [(None, *s) for s in shapes])
        return
    run("Attention", args, shapes)


MHA_CASES = [
    {"num_heads": 2, "key_dim": 3},
    {"num_heads": 1, "key_dim": 4, "value_dim": 2},
    {"num_heads": 3, "key_dim": 2, "output_shape": 5, "return_attention_scores": True},
    {"num_heads": 2, "key_dim": 2, "output_shape": [2, 3]},
    {"num_heads": 2, "key_dim": 3, "use_bias": False, "use_causal_mask": True, "trainable": False},
    {"num_heads": 4, "key_dim": 8, "dropout": 0.1, "kernel_initializer": "he_normal"},
]


@pytest.mark.parametrize("shapes", SEQUENCES + [[(4, None), (5, 3)], [(2, 4, 3), (2, 5, 3)]])
@pytest.mark.parametrize("args", MHA_CASES)
def test_multi_head_attention_matches_keras(args, shapes):
    if any(len(s) != 2 for s in shapes):  # Keras attends over more axes than one; Layer Lab takes sequences
        with pytest.raises(ShapeError, match="3-D"):
            REGISTRY["MultiHeadAttention"].infer(
                REGISTRY["MultiHeadAttention"].args(**args), [(None, *s) for s in shapes]
            )
        return
    kind = REGISTRY["MultiHeadAttention"]
    if args.get("return_attention_scores") and shapes[0][0] != shapes[1][0]:
        try:
            kind.infer(kind.args(**args), [(None, *s) for s in shapes])
        except ShapeError:
            pass  # refused: run() checks that Keras refuses it too
        else:
            return test_multi_head_attention_scores_have_the_shape_of_the_numbers(args, shapes)
    inferred, _ = run("MultiHeadAttention", args, shapes)
    if inferred is not None and args.get("return_attention_scores"):
        assert inferred.outputs[1] == (None, args["num_heads"], shapes[0][0], shapes[1][0])


def test_multi_head_attention_scores_have_the_shape_of_the_numbers(args=MHA_CASES[2], shapes=SEQUENCES[0]):
    """Keras 3.15 writes the scores' shape as (batch, heads, query steps, query steps) before anything runs; the
    scores it computes have the value's steps last. Layer Lab gives the shape of the numbers."""
    kind = REGISTRY["MultiHeadAttention"]
    parsed = kind.args(**args)
    inferred = kind.infer(parsed, [(None, *s) for s in shapes])
    _, symbolic = keras_call("MultiHeadAttention", parsed, [keras.Input(s) for s in shapes])
    assert tuple(symbolic[1].shape) == (None, args["num_heads"], shapes[0][0], shapes[0][0])  # Keras's slip
    _, computed = keras_call("MultiHeadAttention", parsed, [np.zeros((1, *s), "float32") for s in shapes])
    assert [(None, *c.shape[1:]) for c in computed] == inferred.outputs


def test_multi_head_attention_formula_names_the_four_projections():
    inferred, _ = run("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, [(4, 6), (5, 6)])
    assert inferred.param_formula == (
        "(6 × 2 × 3 + 2 × 3) (Q) + (6 × 2 × 3 + 2 × 3) (K) + (6 × 2 × 3 + 2 × 3) (V) + (2 × 3 × 6 + 6) (O) = 168"
    )


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("key_given", [False, True])
def test_multi_head_attention_numbers_step_by_step(causal, key_given):
    rng = np.random.default_rng(3)
    heads, kd, vd, e, t, s = 2, 3, 2, 4, 4, 4
    q_in, v_in = rng.normal(size=(1, t, e)).astype("float32"), rng.normal(size=(1, s, e)).astype("float32")
    k_in = rng.normal(size=(1, s, e)).astype("float32") if key_given else v_in
    args = REGISTRY["MultiHeadAttention"].args(
        num_heads=heads, key_dim=kd, value_dim=vd, use_causal_mask=causal, return_attention_scores=True
    )
    inputs = [keras.Input((t, e)), keras.Input((s, e))] + ([keras.Input((s, e))] if key_given else [])
    layer, _ = keras_call("MultiHeadAttention", args, inputs)
    weights = [rng.normal(size=w.shape).astype("float32") for w in layer.weights]
    layer.set_weights(weights)
    wq, bq, wk, bk, wv, bv, wo, bo = weights
    fed = [q_in, v_in] + ([k_in] if key_given else [])
    out, scores = layer(*fed, use_causal_mask=causal, return_attention_scores=True)
    q = np.einsum("bte,ehd->bthd", q_in, wq) + bq
    k = np.einsum("bse,ehd->bshd", k_in, wk) + bk
    v = np.einsum("bse,ehd->bshd", v_in, wv) + bv
    logits = np.einsum("bthd,bshd->bhts", q, k) / np.sqrt(kd)
    if causal:
        logits = np.where(np.tril(np.ones((t, s), bool)), logits, -1e9)
    weights_ = softmax(logits)
    joined = np.einsum("bhts,bshd->bthd", weights_, v)
    expected = np.einsum("bthd,hdo->bto", joined, wo) + bo
    np.testing.assert_allclose(keras.ops.convert_to_numpy(scores), weights_, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(out), expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("use_scale", [False, True])
def test_attention_numbers(use_scale):
    rng = np.random.default_rng(1)
    q, v = rng.normal(size=(2, 3, 4)).astype("float32"), rng.normal(size=(2, 5, 4)).astype("float32")
    args = REGISTRY["Attention"].args(use_scale=use_scale, return_attention_scores=True)
    layer, _ = keras_call("Attention", args, [keras.Input((3, 4)), keras.Input((5, 4))])
    if use_scale:
        layer.set_weights([np.array(0.5, "float32")])
    out, scores = layer([q, v], return_attention_scores=True)
    expected_scores = softmax(np.einsum("btd,bsd->bts", q, v) * (0.5 if use_scale else 1.0))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(scores), expected_scores, rtol=1e-5)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(out), expected_scores @ v, rtol=1e-5, atol=1e-6)
