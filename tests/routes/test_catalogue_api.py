"""The catalogue and the lesson examples as the API serves them (in process: no worker is asked)."""

from app.layers import REGISTRY


def test_catalogue_lists_every_type_with_bilingual_help_and_typed_arguments(fake_api):
    body = fake_api.get("/api/layers").json()
    types = {layer["type"]: layer for layer in body["layers"]}
    assert set(types) == set(REGISTRY)
    assert len(types) >= 38
    assert "MaxPool2D" in types["MaxPooling2D"]["aliases"]
    units = next(a for a in types["Dense"]["args"] if a["name"] == "units")
    assert units["required"] and units["kind"] == "int" and units["minimum"] == 1
    activation = next(a for a in types["Dense"]["args"] if a["name"] == "activation")
    assert activation["kind"] == "choice" and "relu" in activation["choices"] and activation["default"] is None
    assert units["card"] and units["starter"] == 2 and activation["card"] and "starter" not in activation
    initializer = next(a for a in types["Dense"]["args"] if a["name"] == "kernel_initializer")
    assert initializer["card"] is False
    bidirectional = next(a for a in types["Bidirectional"]["args"] if a["name"] == "layer")
    assert bidirectional["starter"] == {"type": "LSTM", "args": {"units": 2}}
    assert types["Bidirectional"]["wrapper"] == "layer" and types["Dense"]["wrapper"] is None
    assert types["Flatten"]["moves_numbers"] is True and types["Dense"]["moves_numbers"] is False
    kernel = next(a for a in types["Conv2D"]["args"] if a["name"] == "kernel_size")
    assert kernel["kind"] == "size" and kernel["length"] == 2
    for layer in body["layers"]:
        assert layer["help"]["en"] and layer["help"]["ru"], layer["type"]
        assert layer["category"] in body["categories"]
        for arg in layer["args"]:
            assert arg["help"]["en"] and arg["help"]["ru"], (layer["type"], arg["name"])
            assert arg["kind"] != "json", (layer["type"], arg["name"])


def test_examples_come_in_lesson_order_with_both_languages(fake_api):
    listed = fake_api.get("/api/examples").json()
    assert listed[0]["id"] == "dense-basic" and len(listed) >= 25
    for example in listed:
        assert example["title"]["ru"] and example["title"]["en"] and example["text"]["ru"] and example["text"]["en"]
    one = fake_api.get("/api/examples/upsampling2d-demo").json()
    assert one["inputs"] and one["view"] == "up_sampling2d"
    assert one["notebook"]["code"].startswith("inp = Input(shape=(2, 2, 1))") and "expected" not in one


def test_a_trained_models_weights_come_with_its_step_not_with_the_list(fake_api):
    listed = {e["id"]: e for e in fake_api.get("/api/examples").json()}
    assert listed["put-it-together"]["partial"] is True and listed["put-it-together"]["weights"] is None
    assert [i for i, e in listed.items() if e.get("partial")] == ["put-it-together"]
    assert listed["dense-dot-product"]["weights"], "a step's own few weights stay in the list"
    one = fake_api.get("/api/examples/put-it-together").json()
    assert "partial" not in one and sorted(one["weights"]) == ["conv2d", "conv2d_1", "dense"]


def test_unknown_example_is_a_404_in_the_error_shape(fake_api):
    response = fake_api.get("/api/examples/nope")
    assert response.status_code == 404
    assert response.json()["ok"] is False and "nope" in response.json()["error"]
