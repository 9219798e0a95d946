"""Write the gallery's models: what Keras's own ``to_json()`` gives for each, gzipped, into app/gallery/.

Run once after a Keras upgrade (``python scripts/gallery.py``); the files are committed, so the server never
needs Keras to serve them. ``weights=None``: nothing is downloaded. VGG16 comes without its classifier head
(``include_top=False``): the three Dense layers hold 124 M of its 138 M parameters, over the summary limit.
"""

import gzip
import os
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras

HOME = Path(__file__).resolve().parent.parent / "app" / "gallery"


def encoder_block() -> keras.Model:
    """A Transformer encoder block: self-attention, residual and normalisation, a feed-forward pair, again."""
    words = keras.Input((8, 16), name="words")
    attended = keras.layers.MultiHeadAttention(num_heads=2, key_dim=8, name="attention")(words, words)
    x = keras.layers.LayerNormalization(name="norm_1")(keras.layers.Add(name="residual_1")([words, attended]))
    y = keras.layers.Dense(32, activation="relu", name="feed_forward")(x)
    y = keras.layers.Dense(16, name="back")(y)
    out = keras.layers.LayerNormalization(name="norm_2")(keras.layers.Add(name="residual_2")([x, y]))
    return keras.Model(words, out, name="encoder_block")


MODELS = {
    "vgg16": lambda: keras.applications.VGG16(weights=None, include_top=False, input_shape=(224, 224, 3)),
    "resnet50": lambda: keras.applications.ResNet50(weights=None),
    "mobilenetv2": lambda: keras.applications.MobileNetV2(weights=None),
    "inceptionv3": lambda: keras.applications.InceptionV3(weights=None),
    "densenet121": lambda: keras.applications.DenseNet121(weights=None),
    "efficientnetb0": lambda: keras.applications.EfficientNetB0(weights=None),
    "encoder": encoder_block,
}


def main() -> None:
    for name, build in MODELS.items():
        started = time.perf_counter()
        keras.backend.clear_session()
        text = build().to_json()
        (HOME / f"{name}.json.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
        took = time.perf_counter() - started
        print(f"{name}: {len(text) // 1024} KB of JSON, built in {took:.1f} s")


if __name__ == "__main__":
    main()
