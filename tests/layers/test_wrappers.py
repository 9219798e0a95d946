"""TimeDistributed against Keras, wrapping layers of every family: shapes, weights, counts, refusals, numbers."""

import keras
import numpy as np
import pytest
from layer_check import check_error, keras_layer, run

from app.layers import REGISTRY, ShapeError
from app.layers.wrappers import WRAPPABLE


@pytest.mark.parametrize("shape", [(4, 3), (None, 5), (4, 6, 6, 2), (3,), (4, 8, 3)])
@pytest.mark.parametrize(
    "inner",
    [
        {"type": "Dense", "args": {"units": 2}},
        {"type": "Dense", "args": {"units": 3, "use_bias": False, "activation": "relu"}},
        {"type": "Conv2D", "args": {"filters": 2, "kernel_size": 3}},
        {"type": "MaxPooling1D", "args": {}},
        {"type": "Flatten", "args": {}},
        {"type": "BatchNormalization", "args": {}},
        {"type": "LSTM", "args": {"units": 2}},
        {"type": "Dropout", "args": {"rate": 0.5}},
        {"type": "Rescaling", "args": {"scale": 0.5}},
    ],
)
def test_time_distributed_matches_keras(inner, shape):
    kind = REGISTRY["TimeDistributed"]
    args = kind.args(layer=inner)
    try:
        kind.infer(args, [(None, *shape)])
    except ShapeError as error:
        if len(shape) < 2:  # no steps: Keras refuses it too
            assert run("TimeDistributed", {"layer": inner}, [shape]) == (None, None)
            return
        # Keras works out a shape for some of these without asking the wrapped layer (and may then fail on the
        # numbers, or pool over another axis than the wrapped layer declares): Layer Lab holds the wrapped layer to
        # the rank it declares, and says which.
        check_error(error)
        assert inner["type"] in error.en and "each step" in error.en
        return
    run("TimeDistributed", {"layer": inner}, [shape])


def test_every_single_input_type_can_be_wrapped():
    assert {"Dense", "Conv2D", "LSTM", "Embedding", "Normalization"} <= set(WRAPPABLE)
    assert not {"Input", "Add", "Bidirectional", "TimeDistributed", "MultiHeadAttention"} & set(WRAPPABLE)


def test_time_distributed_applies_the_same_weights_at_every_step():
    args = REGISTRY["TimeDistributed"].args(layer={"type": "Dense", "args": {"units": 2}})
    layer = keras_layer("TimeDistributed", args)
    x = np.arange(24, dtype="float32").reshape(2, 4, 3)
    layer.build(x.shape)
    kernel, bias = np.arange(6, dtype="float32").reshape(3, 2), np.array([1, -1], "float32")
    layer.set_weights([kernel, bias])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(x)), x @ kernel + bias, rtol=1e-6)


def test_a_wrapped_layer_with_several_outputs_is_refused():
    assert run(
        "TimeDistributed", {"layer": {"type": "LSTM", "args": {"units": 2, "return_state": True}}}, [(4, 5, 3)]
    ) == (None, None)
