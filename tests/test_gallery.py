"""The gallery's files are what Keras's own ``to_json()`` writes today, and each opens with the default settings
as Keras summarises it: the same names, output shapes and parameter counts, row by row."""

import importlib.util
import json

import pytest
from live_server import ROOT

from app import gallery
from app.config import Settings
from app.graph import build_plan
from app.schemas import ModelSpec


def script():
    spec = importlib.util.spec_from_file_location("gallery_script", ROOT / "scripts" / "gallery.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shape(tensor) -> tuple:
    return tuple(None if d is None else int(d) for d in tensor.shape)


def test_the_gallery_has_the_models_the_issue_names_each_explained_in_both_languages():
    assert [entry.title["en"] for entry in gallery.ENTRIES.values()] == [
        "VGG16",
        "ResNet50",
        "MobileNetV2",
        "InceptionV3",
        "DenseNet121",
        "EfficientNetB0",
        "Transformer encoder block",
    ]
    for entry in gallery.ENTRIES.values():
        assert set(entry.idea) == {"en", "ru"} and all(len(text) > 100 for text in entry.idea.values())
        assert set(entry.title) == {"en", "ru"}
    assert gallery.ENTRIES["encoder"].title["ru"] == "Блок кодировщика трансформера"  # words, not a name: translated


@pytest.mark.parametrize("model_id", list(gallery.ENTRIES))
def test_a_gallery_model_is_kerass_own_json_and_opens_as_keras_summarises_it(model_id):
    from app import engine

    engine.keras.backend.clear_session()
    model = script().MODELS[model_id]()
    assert gallery.ENTRIES[model_id].keras_json() == json.loads(model.to_json())
    plan = build_plan(ModelSpec.model_validate(gallery.layer_list(model_id)), Settings())
    assert [(node.name, node.info.outputs, node.info.params) for node in plan.nodes] == [
        (
            op.name,
            [shape(t) for t in (op.output if isinstance(op.output, (list, tuple)) else [op.output])],
            op.count_params() if hasattr(op, "count_params") else 0,
        )
        for op in model.operations
    ]
    assert plan.total_params == model.count_params()
