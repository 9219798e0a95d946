"""Writes attention-fixtures.json: what Keras itself computes inside MultiHeadAttention and Attention, step by step,
for the tests of static/js/math/attention.js. Data, not code: do not edit it by hand.

Each intermediate comes from the layer's own parts: the projections from its ``_query_dense``, ``_key_dense`` and
``_value_dense``, the mask from ``_compute_attention_mask``, the scaled scores by its own einsum equation, the
softmax weights and the weighted sum from ``_compute_attention``, the output from ``_output_dense``; the layer's
plain call gives the output (and ``return_attention_scores=True`` the weights) they must add up to.
tests/js/test_attention_fixtures.py checks that this file is what Keras computes now, and what the API answers.

Run it again after a Keras upgrade: /work/venv/bin/python tests/js/attention_fixtures.py
"""

import json
import os
import subprocess
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

from app.layers import REGISTRY

HERE = Path(__file__).resolve().parent

CASES = {
    "mha_self": {"args": {"num_heads": 2, "key_dim": 3, "value_dim": 2}, "steps": (4, 4), "features": (4, 4)},
    "mha_cross_causal": {
        "args": {"num_heads": 2, "key_dim": 2, "use_bias": False, "output_shape": 3, "use_causal_mask": True},
        "steps": (3, 5),
        "features": (4, 2, 3),
    },
    "mha_one_head_causal": {
        "args": {"num_heads": 1, "key_dim": 4, "output_shape": [2, 3], "use_causal_mask": True},
        "steps": (4, 4),
        "features": (3, 3),
    },
    "mha_padding": {"args": {"num_heads": 2, "key_dim": 2}, "tokens": [3, 1, 4, 0, 0], "features": (4,)},
    "mha_padding_causal": {
        "args": {"num_heads": 3, "key_dim": 2, "value_dim": 1, "use_causal_mask": True},
        "tokens": [2, 5, 1, 0],
        "features": (3,),
    },
    "attention_dot_scaled": {"layer": "Attention", "args": {"use_scale": True}, "steps": (3, 4), "features": (2, 3, 2)},
    "attention_concat_causal": {
        "layer": "Attention",
        "args": {"score_mode": "concat", "use_causal_mask": True},
        "steps": (4, 4),
        "features": (3, 3),
    },
    "attention_masks": {
        "layer": "Attention",
        "args": {},
        "steps": (3, 4),
        "features": (2, 2),
        "masks": {"query": [1, 1, 0], "value": [1, 0, 1, 1]},
    },
}


def numbers(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Two decimals, so that a learner can read them; float32 as Keras holds them."""
    return np.round(rng.uniform(-1, 1, size=shape), 2).astype("float32")


def plain(x) -> list:
    return np.asarray(keras.ops.convert_to_numpy(x), dtype="float32").tolist()


def weight_names(layer: str, args, shapes: list[tuple]) -> list[str]:
    """The weights' names as Layer Lab's plan gives them (``query/kernel`` …), in Keras's order."""
    return [w.name for w in REGISTRY[layer].infer(args, [(None, *s) for s in shapes]).weights]


def multi_head(name: str, case: dict, rng: np.random.Generator) -> dict:
    args = REGISTRY["MultiHeadAttention"].args(**case["args"])
    causal = args.use_causal_mask
    masks: dict[str, list] = {}
    if "tokens" in case:  # self-attention on an Embedding(mask_zero=True): query and value carry its mask
        tokens = np.array([case["tokens"]])
        embedding = keras.layers.Embedding(6, case["features"][0], mask_zero=True)
        embedding.build(tokens.shape)
        embedding.set_weights([numbers(rng, (6, case["features"][0]))])
        kept = plain(embedding.compute_mask(tokens))[0]
        masks = {"query": kept, "value": kept}
        extra = {"tokens": case["tokens"], "embedding": embedding.get_weights()[0].tolist()}
        shapes = [(len(case["tokens"]), case["features"][0])] * 2

        def feed() -> list:  # anew for every call: the layer's call takes the mask off the tensor it was given
            x = embedding(tokens)
            return [x, x]
    else:
        (t, s), features = case["steps"], case["features"]
        shapes = [(t, features[0]), (s, features[1])] + ([(s, features[2])] if len(features) > 2 else [])
        given = [numbers(rng, (1, *shape)) for shape in shapes]
        extra = {}

        def feed() -> list:
            return given

    kwargs = {k: v for k, v in args.model_dump(exclude_unset=True).items() if k not in ("use_causal_mask",)}
    layer = keras.layers.MultiHeadAttention(**kwargs)
    layer(*feed())
    weights = [numbers(rng, tuple(w.shape)) for w in layer.weights]
    layer.set_weights(weights)
    fed = [keras.ops.convert_to_numpy(x) for x in feed()]  # the numbers only: the masks are given below
    query, value = fed[0], fed[1]
    key = fed[2] if len(fed) > 2 else value
    q, k, v = layer._query_dense(query), layer._key_dense(key), layer._value_dense(value)
    bool_mask = None
    if masks:
        bool_mask = keras.ops.array(np.array([masks["query"]], dtype=bool))
    mask = layer._compute_attention_mask(
        query, value, query_mask=bool_mask, value_mask=bool_mask, use_causal_mask=causal
    )
    scaled = keras.ops.multiply(q, keras.ops.cast(layer._inverse_sqrt_key_dim, q.dtype))
    scores = keras.ops.einsum(layer._dot_product_equation, k, scaled)
    context, attention = layer._compute_attention(q, k, v, mask, return_attention_scores=True)
    output = layer._output_dense(context)
    called, returned = layer(*feed(), use_causal_mask=causal, return_attention_scores=True)
    np.testing.assert_array_equal(plain(called), plain(output))
    np.testing.assert_array_equal(plain(returned), plain(attention))
    first = lambda x: plain(x)[0]  # noqa: E731 (one sample: the batch axis goes)
    return {
        "layer": "MultiHeadAttention",
        "args": case["args"],
        "inputs": [first(x) for x in fed],
        "masks": masks,
        "weights": {n: w.tolist() for n, w in zip(weight_names("MultiHeadAttention", args, shapes), weights)},
        "query": first(q),
        "key": first(k),
        "value": first(v),
        "mask": None if mask is None else plain(keras.ops.broadcast_to(mask, scores.shape[:1] + scores.shape[2:]))[0],
        "scores": first(scores),
        "weightsOfAttention": first(attention),
        "context": first(context),
        "output": first(output),
        "outputFused": first(layer(*feed(), use_causal_mask=causal)),
        **extra,
    }


def dot_attention(name: str, case: dict, rng: np.random.Generator) -> dict:
    args = REGISTRY["Attention"].args(**case["args"])
    (t, s), features = case["steps"], case["features"]
    shapes = [(t, features[0]), (s, features[1])] + ([(s, features[2])] if len(features) > 2 else [])
    fed = [numbers(rng, (1, *shape)) for shape in shapes]
    kwargs = {k: v for k, v in case["args"].items() if k != "use_causal_mask"}
    layer = keras.layers.Attention(**kwargs)
    layer(fed)
    weights = [np.array(round(float(rng.uniform(0.5, 1.5)), 2), "float32") for _ in layer.weights]
    layer.set_weights(weights)
    given = case.get("masks", {})
    mask = [np.array([given["query"]], bool), np.array([given["value"]], bool)] if given else None
    key = fed[2] if len(fed) > 2 else fed[1]
    scores = layer._calculate_scores(query=fed[0], key=key)
    scores_mask = layer._calculate_score_mask(scores, mask[1] if mask else None, args.use_causal_mask)
    output, attention = layer(fed, mask=mask, use_causal_mask=args.use_causal_mask, return_attention_scores=True)
    first = lambda x: plain(x)[0]  # noqa: E731
    full_mask = None
    if scores_mask is not None:
        full_mask = plain(keras.ops.broadcast_to(scores_mask, scores.shape))[0]
    return {
        "layer": "Attention",
        "args": case["args"],
        "inputs": [first(x) for x in fed],
        "masks": given,
        "weights": {n: float(w) for n, w in zip(weight_names("Attention", args, shapes), weights)},
        "scores": first(scores),
        "mask": full_mask,
        "weightsOfAttention": first(attention),
        "output": first(output),
        "outputFused": first(layer(fed, mask=mask, use_causal_mask=args.use_causal_mask)),
    }


def fixtures() -> dict:
    rng = np.random.default_rng(13)
    keras.utils.set_random_seed(13)
    return {
        name: (dot_attention if case.get("layer") == "Attention" else multi_head)(name, case, rng)
        for name, case in CASES.items()
    }


def main() -> None:
    path = HERE / "attention-fixtures.json"
    path.write_text(json.dumps({"keras": keras.__version__, "cases": fixtures()}) + "\n")
    subprocess.run(["npx", "prettier", "--write", str(path)], check=True, cwd=HERE.parents[1])


if __name__ == "__main__":
    main()
