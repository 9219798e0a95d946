"""Train the convnet of the lesson's last step ("Put it together") on scikit-learn's 8×8 digits, offline.

The model is the step's own layer list (``app/lesson/steps/29-put-it-together.toml``), built by Layer Lab as every
model is; it is trained with Keras, seeded, on 80 % of the 1,797 digits (with copies shifted by one pixel, as a
drawing is rarely centred like the scans) and scored on the other 20 %, which it never saw. Needs the ``train``
extra (``pip install -c requirements.lock -e '.[train]'``).

    python scripts/train_digits.py           # train, print the held-out accuracy, write the two files below
    python scripts/train_digits.py --check   # train again, write nothing: is the accuracy the committed one's?

It writes ``app/lesson/models/digits.weights.json`` (the weights, in the form ``POST /api/models/predict`` takes)
and ``app/lesson/models/digits.json`` (how they were trained, the held-out accuracy, and the first held-out digit
of each class, which the browser tests draw onto the page's canvas).
"""

import argparse
import json
import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

STEP = ROOT / "app" / "lesson" / "steps" / "29-put-it-together.toml"
MODELS = ROOT / "app" / "lesson" / "models"
WEIGHTS = MODELS / "digits.weights.json"
ABOUT = MODELS / "digits.json"

SEED = 0
EPOCHS = 30
BATCH = 32
HELD_OUT = 0.2


def shifted(images, labels):
    """Each image and its copies moved one pixel up, down, left and right (the edge filled with zeros)."""
    import numpy as np

    copies, copy_labels = [images], [labels]
    for axis, step in ((1, 1), (1, -1), (2, 1), (2, -1)):
        moved = np.roll(images, step, axis=axis)
        edge = 0 if step == 1 else -1
        if axis == 1:
            moved[:, edge] = 0
        else:
            moved[:, :, edge] = 0
        copies.append(moved)
        copy_labels.append(labels)
    return np.concatenate(copies), np.concatenate(copy_labels)


def short(array):
    """A float32 array as nested lists of the shortest decimals that read back as the same float32 numbers."""
    import numpy as np

    return np.vectorize(lambda v: float(np.format_float_positional(v, unique=True)), otypes=[object])(array).tolist()


def train(seed: int = SEED, epochs: int = EPOCHS) -> dict:
    """Train the step's model; returns its weights (by layer, as lists), the held-out accuracy and samples."""
    import keras
    import numpy as np
    import tensorflow as tf
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    from app import engine
    from app.config import get_settings
    from app.graph import build_plan
    from app.schemas import ModelSpec

    spec = ModelSpec.model_validate(tomllib.loads(STEP.read_text(encoding="utf-8"))["model"])
    plan = build_plan(spec, get_settings())
    digits = load_digits()
    images = digits.images.astype("float32")[..., np.newaxis]  # (1797, 8, 8, 1), each pixel 0-16
    x_train, x_test, y_train, y_test = train_test_split(
        images, digits.target, test_size=HELD_OUT, stratify=digits.target, random_state=seed
    )
    x_more, y_more = shifted(x_train, y_train)

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    model, _ = engine.build(plan.wire(), seed)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_more, y_more, epochs=epochs, batch_size=BATCH, shuffle=True, verbose=0)
    predicted = model.predict(x_test, verbose=0).argmax(axis=1)
    correct = int((predicted == y_test).sum())
    weights = {layer.name: [short(w) for w in layer.get_weights()] for layer in model.layers if layer.get_weights()}
    samples = []
    for label in range(10):
        k = int(np.flatnonzero(y_test == label)[0])
        samples.append({"label": label, "pixels": x_test[k, :, :, 0].astype(int).tolist()})
    return {
        "weights": weights,
        "about": {
            "dataset": "sklearn.datasets.load_digits (1,797 digits, 8×8, each pixel 0-16)",
            "seed": seed,
            "epochs": epochs,
            "batch_size": BATCH,
            "trained_on": len(x_train),
            "held_out": len(x_test),
            "correct": correct,
            "accuracy": round(correct / len(x_test), 4),
            "samples": samples,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="train again and compare; write nothing")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    options = parser.parse_args()
    result = train(options.seed, options.epochs)
    about = result["about"]
    print(f"held-out accuracy: {about['accuracy']:.2%} ({about['correct']} of {about['held_out']} digits)")
    if options.check:
        committed = json.loads(ABOUT.read_text(encoding="utf-8"))["accuracy"]
        print(f"committed accuracy: {committed:.2%}")
        sys.exit(0 if abs(about["accuracy"] - committed) <= 0.01 else 1)
    MODELS.mkdir(exist_ok=True)
    WEIGHTS.write_text(json.dumps(result["weights"], separators=(",", ":")) + "\n", encoding="utf-8")
    ABOUT.write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS.relative_to(ROOT)} and {ABOUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
