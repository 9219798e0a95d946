"""layerlab in a kernel of its own (this process): a live model read through the catalogue, run by Layer Lab's
engine with the model's actual weights, a layer it does not know kept out of the run; the share link; the wheel."""

import base64
import glob
import json
import random
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import keras
import numpy as np
import pytest
from keras.src.random.seed_generator import GLOBAL_SEED_GENERATOR

import layerlab
from app.schemas import ModelSpec
from layerlab.kernel import answers
from layerlab.widget import PRINT_ONLY, styles

ROOT = Path(__file__).resolve().parents[2]


class Twice(keras.layers.Layer):
    """A layer outside the catalogue that counts how often it runs."""

    calls = 0

    def call(self, x):
        Twice.calls += 1
        return x * 2


def lstm_with_state() -> keras.Model:
    inp = keras.Input((4, 1))
    outputs = keras.layers.LSTM(1, return_state=True, name="lstm")(inp)
    return keras.Model(inp, outputs)


SEQUENCE = np.array([0.1, 0.2, 0.3, 0.4]).reshape((1, 4, 1))


def test_the_trace_holds_the_numbers_model_predict_gives_with_the_models_own_weights():
    model = lstm_with_state()
    expected = model.predict(SEQUENCE, verbose=0)
    reply = answers(model, SEQUENCE)
    outputs = [np.asarray(o["data"], dtype=np.float32) for o in reply["prediction"]["outputs"]]
    assert len(outputs) == 3
    for got, want in zip(outputs, expected, strict=True):
        np.testing.assert_array_equal(got, want)
    traced = {entry["name"]: entry for entry in reply["prediction"]["trace"]}
    kernel = np.asarray(traced["lstm"]["weights"][0]["data"], dtype=np.float32)
    np.testing.assert_array_equal(kernel, model.get_layer("lstm").get_weights()[0])


def test_the_learners_random_state_is_as_it_was_after_layer_lab_built_and_ran_a_model():
    model = lstm_with_state()
    keras.random.uniform(())  # the learner's Keras has its global seed generator
    generator = keras.src.backend.common.global_state.get_global_attribute(GLOBAL_SEED_GENERATOR)
    np.random.seed(5)
    random.seed(5)
    expected = np.random.rand(), random.random()
    np.random.seed(5)
    random.seed(5)
    answers(model, SEQUENCE)  # builds with the model's weights: engine.seed_keras(0) first
    assert (np.random.rand(), random.random()) == expected
    assert keras.src.backend.common.global_state.get_global_attribute(GLOBAL_SEED_GENERATOR) is generator


def test_a_sequential_model_reads_as_its_layers_with_formulas_and_keras_totals():
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(200, activation="relu"), keras.layers.Dense(10)])
    summary = answers(model)["summary"]
    assert [row["type"] for row in summary["layers"]] == ["InputLayer", "Dense", "Dense"]
    assert summary["layers"][1]["params"] == 13000
    assert summary["layers"][1]["param_formula"].startswith("64 × 200")
    assert summary["total_params"] == model.count_params() == 15010


def test_a_custom_layer_is_an_opaque_box_with_keras_shapes_and_layer_lab_never_calls_it():
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(3, name="before"), Twice(name="twice"), keras.layers.Dense(2)]
    )
    calls = Twice.calls
    reply = answers(model, np.ones((2, 3)))
    assert Twice.calls == calls
    rows = {row["name"]: row for row in reply["summary"]["layers"]}
    assert rows["twice"]["type"] == "Twice"
    assert rows["twice"]["output_shape"] == [None, 3]
    assert rows["twice"]["inputs"] == ["before"]
    assert "Twice" in rows["twice"]["opaque"]["en"] and rows["twice"]["opaque"]["ru"] != rows["twice"]["opaque"]["en"]
    assert [entry["name"] for entry in reply["prediction"]["trace"]] == [reply["summary"]["inputs"][0], "before"]


def test_explain_shows_one_layer_on_its_input_with_its_weights():
    model = lstm_with_state()
    reply = layerlab.explain(model.get_layer("lstm"), SEQUENCE, lang="ru")
    assert reply.focus == "lstm" and reply.lang == "ru"
    assert [row["name"] for row in reply.summary["layers"]] == ["lstm_input", "lstm"]
    outputs = [np.asarray(o["data"], dtype=np.float32) for o in reply.prediction["outputs"]]
    for got, want in zip(outputs, model.predict(SEQUENCE, verbose=0), strict=True):
        np.testing.assert_array_equal(got, want)


def test_data_of_the_wrong_shape_is_refused_in_both_languages_and_the_summary_still_shows():
    reply = answers(lstm_with_state(), np.ones((1, 5, 2)))
    assert reply["prediction"] is None
    assert "(None, 4, 1)" in reply["refusal"]["en"] and "(None, 4, 1)" in reply["refusal"]["ru"]
    assert reply["summary"]["layers"][1]["type"] == "LSTM"


def test_a_big_tensor_comes_in_parts_and_the_widget_gets_the_part_its_view_asks_for():
    """90,000 numbers (more than the 65,536 of a part): the part the view moves to, from the kernel's Keras."""
    model = keras.Sequential([keras.Input((300, 300, 1)), keras.layers.Dense(1, name="scale")])
    model.set_weights([np.array([[0.5]]), np.array([0.25])])
    ramp = np.arange(90_000, dtype="float32").reshape((1, 300, 300, 1))
    expected = model.predict(ramp, verbose=0)
    shown = layerlab.show(model, ramp)
    first = next(o for o in shown.prediction["outputs"] if o["name"] == "scale")
    assert first["shape"] == [1, 300, 300, 1] and first["window"]["start"] == [0, 0, 0, 0]
    shown.window_at = {"scale": [0, 299, 299, 0]}  # what the front end sets when the learner moves there
    part = next(o for o in shown.prediction["outputs"] if o["name"] == "scale")
    (_, rows, cols, _) = part["window"]["shape"]
    assert part["window"]["start"] == [0, 299, 299, 0] and rows * cols >= 1
    np.testing.assert_array_equal(np.asarray(part["data"], "float32"), expected[:, 299:, 299:, :])
    shown.window_at = {"scale": [0, -1, 0, 0]}
    assert "window.at.scale.1" in shown.refusal["en"] and "window.at.scale.1" in shown.refusal["ru"]
    assert shown.refusal["en"] != shown.refusal["ru"]


@pytest.mark.parametrize(
    ("thing", "words"),
    [("not a model", "received str"), (keras.layers.Dense(2), "layerlab.explain(layer, x)")],
)
def test_what_is_not_a_model_is_refused_saying_what_was_expected(thing, words):
    with pytest.raises(layerlab.Refused, match=words.replace("(", r"\(").replace(")", r"\)")) as refused:
        layerlab.show(thing)
    assert refused.value.text.ru


def test_the_share_link_is_the_pages_own_format_with_the_models_weights_and_data():
    model = lstm_with_state()
    link = layerlab.open_in_lab(model, SEQUENCE, url="http://lab.example:8000/", lang="ru")
    assert link.startswith("http://lab.example:8000/?lang=ru#lab=z.")
    payload = link.split("#lab=z.")[1]
    packed = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    snapshot = json.loads(zlib.decompress(packed, -15))
    ModelSpec.model_validate(snapshot["m"])
    [(name, (shape, values))] = snapshot["d"].items()
    assert shape == [1, 4, 1] and values == [0.1, 0.2, 0.3, 0.4]
    signature, tensors, origin = snapshot["w"]["lstm"]
    assert signature is None and origin == "you"
    kernel = model.get_layer("lstm").get_weights()[0]
    assert tensors[0][1] == list(kernel.shape)
    np.testing.assert_array_equal(np.asarray(tensors[0][2], dtype=np.float32), kernel.ravel())


def test_a_model_with_a_custom_layer_has_no_share_link():
    model = keras.Sequential([keras.Input((3,)), Twice(name="twice")])
    with pytest.raises(layerlab.Refused, match="'twice'"):
        layerlab.open_in_lab(model)


def test_the_stylesheets_the_page_prints_with_apply_only_to_print_in_the_widget():
    template = (ROOT / "templates" / "index.html").read_text()
    printed = set(re.findall(r"css/([a-z_]+\.css)'\) }}\" media=\"print\"", template))
    assert printed == PRINT_ONLY
    assert "@media print {\n/* A lesson step" in styles()


def test_the_wheel_carries_the_widget_and_the_pages_modules(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [wheel] = glob.glob(str(tmp_path / "layer_lab-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [*(ROOT / "static/js").rglob("*.js"), *(ROOT / "static/vendor").rglob("*")]
    page = {f"layerlab/static/{p.relative_to(ROOT / 'static').as_posix()}" for p in shipped if p.is_file()}
    assert page <= names
    assert {"layerlab/__init__.py", "layerlab/static/js/notebook.js", "layerlab/static/css/views.css"} <= names
    metadata = next(n for n in names if n.endswith("METADATA"))
    assert "Requires-Dist: anywidget" in zipfile.ZipFile(wheel).read(metadata).decode()
