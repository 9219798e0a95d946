"""Keras classes mended where Keras 3.15 slips. The engine builds these instead of Keras's own (``engine.FIXED``),
and the code export writes a class's source into the code it gives when the model needs it (``app.codegen``),
so the code a learner runs in plain Keras builds the model Layer Lab built. Each keeps Keras's class name."""

import keras


class MultiHeadAttention(keras.layers.MultiHeadAttention):
    """Keras's MultiHeadAttention with the shape of its attention scores right before anything runs.
    Keras 3.15's ``compute_output_spec`` gives them (batch, heads, query steps, query steps); the scores it
    computes are (batch, heads, query steps, key steps). When the two differ, the summary shows the wrong shape
    and a layer built on the scores (a Flatten and a Dense after them) gets the wrong size."""

    def compute_output_spec(self, query, value, key=None, **options):
        spec = super().compute_output_spec(query, value, key, **options)
        if not options.get("return_attention_scores"):
            return spec
        output, scores = spec
        steps = (value if key is None else key).shape[1]
        return output, keras.KerasTensor((*scores.shape[:-1], steps), dtype=scores.dtype)
