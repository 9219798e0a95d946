"""attention-fixtures.json is what Keras computes now (its intermediates, from the layers' own parts), and what
Layer Lab's API answers for the same layer, inputs and weights: the numbers the JS attention arithmetic is held
to are Keras's, and so are the page's."""

import json
from pathlib import Path

import keras
import numpy as np
import pytest
from attention_fixtures import CASES, fixtures

FILE = Path(__file__).resolve().parent / "attention-fixtures.json"
SAVED = json.loads(FILE.read_text())


@pytest.fixture(scope="module")
def computed() -> dict:
    return fixtures()


def test_the_fixtures_were_written_by_this_keras():
    assert SAVED["keras"] == keras.__version__
    assert list(SAVED["cases"]) == list(CASES)


def skeleton(x):
    return [skeleton(item) for item in x] if isinstance(x, list) else type(x).__name__


def leaves(x) -> list:
    return [v for item in x for v in leaves(item)] if isinstance(x, list) else [x]


@pytest.mark.parametrize("name", CASES)
def test_the_saved_intermediates_are_what_keras_computes_now(name, computed):
    saved, now = SAVED["cases"][name], computed[name]
    assert saved.keys() == now.keys()
    for field, value in now.items():
        if isinstance(value, (list, float)):
            assert skeleton(saved[field]) == skeleton(value), field
            np.testing.assert_allclose(leaves(saved[field]), leaves(value), rtol=1e-6, atol=1e-7, err_msg=field)
        else:
            assert saved[field] == value, field


def request(fx: dict, scores: bool) -> dict:
    """The fixture's layer as a Layer Lab model: its inputs (tokens through an Embedding with mask_zero for the
    padded ones: a model gives masks only that way, so the Attention fixture with masks given is left out), its
    arguments, its weights."""
    args = {**fx["args"], "return_attention_scores": scores}
    weights = {"attn": list(fx["weights"].values())}
    if "tokens" in fx:
        steps, features = len(fx["tokens"]), len(fx["embedding"][0])
        layers = [
            {"type": "Input", "name": "tokens", "args": {"shape": [steps]}},
            {
                "type": "Embedding",
                "name": "emb",
                "args": {"input_dim": len(fx["embedding"]), "output_dim": features, "mask_zero": True},
            },
            {"type": fx["layer"], "name": "attn", "args": args, "inputs": ["emb", "emb"]},
        ]
        weights["emb"] = [fx["embedding"]]
        inputs = [fx["tokens"]]
    else:
        names = ["query", "value", "key"][: len(fx["inputs"])]
        layers = [
            {"type": "Input", "name": name, "args": {"shape": [len(x), len(x[0])]}}
            for name, x in zip(names, fx["inputs"])
        ]
        layers.append({"type": fx["layer"], "name": "attn", "args": args, "inputs": names})
        inputs = {name: [x] for name, x in zip(names, fx["inputs"])}
    outputs = ["attn:0", "attn:1"] if scores else ["attn"]
    return {"model": {"layers": layers, "outputs": outputs}, "inputs": inputs, "weights": weights}


@pytest.mark.parametrize("scores", [True, False])
@pytest.mark.parametrize("name", [name for name, case in CASES.items() if "masks" not in case])
def test_the_api_answers_the_fixtures_numbers(keras_api, name, scores):
    fx = SAVED["cases"][name]
    answer = keras_api.post("/api/models/predict", json=request(fx, scores))
    assert answer.status_code == 200, answer.text
    served = [np.asarray(o["data"], dtype="float32")[0] for o in answer.json()["outputs"]]
    if scores:
        np.testing.assert_allclose(served[0], fx["output"], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(served[1], fx["weightsOfAttention"], rtol=1e-6, atol=1e-7)
    else:
        np.testing.assert_allclose(served[0], fx["outputFused"], rtol=1e-6, atol=1e-6)


def test_keras_adds_a_size_one_head_bias_by_step_when_there_are_as_many_heads_as_steps():
    """Why no fixture has value_dim 1 with as many heads as steps: Keras's TensorFlow ``ops.add`` takes a bias
    (heads, 1) that squeezes to the length of the steps' axis for a bias of that axis (``bias_add`` NCHW), so the
    value projection adds bias[step] where it means bias[head]. The page's arithmetic adds bias[head]; its badge
    says where Keras differs."""
    layer = keras.layers.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=1)
    x = np.linspace(-1, 1, 9, dtype="float32").reshape(1, 3, 3)
    layer(x, x)
    layer._value_dense.bias.assign(np.array([[0.0], [1.0], [2.0]], "float32"))
    kernel = layer._value_dense.kernel.numpy()
    added = keras.ops.convert_to_numpy(layer._value_dense(x)) - np.einsum("bte,ehd->bthd", x, kernel)
    np.testing.assert_allclose(added[0, :, :, 0], [[0, 0, 0], [1, 1, 1], [2, 2, 2]], atol=1e-6)  # by step
