"""The trained digits model (scripts/train_digits.py): its committed weights score what the script printed, on
digits they never saw, and training it again from its seed gets the same accuracy within a point."""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from app import lesson
from app.config import get_settings
from app.data import weight_arrays
from app.graph import build_plan
from app.schemas import ModelSpec

ROOT = Path(__file__).resolve().parents[2]
ABOUT = json.loads((ROOT / "app" / "lesson" / "models" / "digits.json").read_text(encoding="utf-8"))
STEP = lesson.get("put-it-together")


def held_out():
    digits = load_digits()
    images = digits.images.astype("float32")[..., np.newaxis]
    _, x_test, _, y_test = train_test_split(
        images, digits.target, test_size=0.2, stratify=digits.target, random_state=ABOUT["seed"]
    )
    return x_test, y_test


def test_the_committed_weights_read_the_held_out_digits_as_the_script_said():
    from app import engine

    plan = build_plan(ModelSpec.model_validate(STEP.model), get_settings())
    weights = weight_arrays(STEP.weights, plan)
    x_test, y_test = held_out()
    (probabilities,) = engine.predict(plan.wire(), [x_test], weights, STEP.seed, trace=False)["outputs"]
    correct = int((probabilities.argmax(axis=1) == y_test).sum())
    assert (len(y_test), correct) == (ABOUT["held_out"], ABOUT["correct"])
    assert ABOUT["accuracy"] == round(correct / len(y_test), 4) and ABOUT["accuracy"] > 0.95
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)


def test_the_shipped_samples_are_the_first_held_out_digit_of_each_class():
    x_test, y_test = held_out()
    assert [s["label"] for s in ABOUT["samples"]] == list(range(10))
    for sample in ABOUT["samples"]:
        first = int(np.flatnonzero(y_test == sample["label"])[0])
        assert sample["pixels"] == x_test[first, :, :, 0].astype(int).tolist()
    three = ABOUT["samples"][3]["pixels"]
    assert STEP.inputs == [[[v] for v in row] for row in three], "the step opens with the held-out 3"


def test_the_step_and_the_readme_say_the_accuracy():
    correct, held, percent = ABOUT["correct"], ABOUT["held_out"], ABOUT["accuracy"] * 100
    assert f"{correct} ({percent:.1f}%)" in STEP.text["en"] and str(held) in STEP.text["en"]
    assert f"{correct} ({percent:.1f} %)".replace(".", ",") in STEP.text["ru"] and str(held) in STEP.text["ru"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\*\*{percent:.1f}%\*\* \({correct} of {held} held-out digits\)", readme)


@pytest.mark.slow
def test_training_again_from_the_seed_gets_the_committed_accuracy_within_a_point():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_digits.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    printed = re.search(r"held-out accuracy: ([0-9.]+)%", run.stdout)
    assert printed, run.stdout + run.stderr
    assert abs(float(printed[1]) / 100 - ABOUT["accuracy"]) <= 0.01
    assert run.returncode == 0, run.stdout
