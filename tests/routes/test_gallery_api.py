"""GET /api/gallery and /api/gallery/{id}: the list the page shows, and each model as a layer list that the
summary route then summarises with the default settings."""

from app import gallery


def test_the_gallery_lists_every_model_with_its_idea_and_layer_count(fake_api):
    answer = fake_api.get("/api/gallery")
    assert answer.status_code == 200
    listed = answer.json()
    assert [m["id"] for m in listed] == list(gallery.ENTRIES)
    densenet = next(m for m in listed if m["id"] == "densenet121")
    assert densenet["title"] == {"en": "DenseNet121", "ru": "DenseNet121"} and densenet["layers"] == 429
    assert "Concatenate" in densenet["idea"]["en"] and "Concatenate" in densenet["idea"]["ru"]


def test_a_gallery_model_comes_as_a_layer_list_the_summary_takes(keras_api):
    answer = keras_api.get("/api/gallery/resnet50")
    assert answer.status_code == 200
    body = answer.json()
    assert body["title"]["en"] == "ResNet50" and body["model"]["layers"][0]["type"] == "Input"
    summary = keras_api.post("/api/models/summary", json=body["model"])
    assert summary.status_code == 200, summary.text
    assert len(summary.json()["layers"]) == 177 and summary.json()["total_params"] == 25_636_712


def test_an_unknown_gallery_model_is_a_404_naming_the_ones_there_are(fake_api):
    answer = fake_api.get("/api/gallery/alexnet")
    assert answer.status_code == 404
    error = answer.json()
    assert "no gallery model 'alexnet'" in error["error"] and "densenet121" in error["error"]
    assert "в галерее нет модели 'alexnet'" in error["error_ru"]
