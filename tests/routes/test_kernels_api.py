"""GET /api/kernels and POST /api/models/kernel: a preset as a layer's weights, which predict takes as they are."""

import pytest

MODEL = {
    "layers": [
        {"type": "Input", "args": {"shape": [5, 5, 1]}},
        {"type": "Conv2D", "name": "conv", "args": {"filters": 1, "kernel_size": 3}},
        {"type": "Dense", "name": "dense", "args": {"units": 2}},
    ]
}


def test_the_presets_and_the_layer_types_that_take_them_are_listed(fake_api):
    body = fake_api.get("/api/kernels").json()
    assert body["types"] == ["Conv2D", "Conv2DTranspose", "DepthwiseConv2D"]
    assert body["presets"][0] == "identity" and "sobel_x" in body["presets"] and body["presets"][-1] == "random"


def test_a_preset_comes_back_as_the_layers_weights_and_predict_runs_on_them(api):
    body = api.post("/api/models/kernel", json={"model": MODEL, "layer": "conv", "preset": "sobel_x"}).json()
    kernel, bias = body["weights"]
    assert (kernel["name"], kernel["shape"], bias["data"]) == ("kernel", [3, 3, 1, 1], [0.0])
    assert [[row[0][0] for row in line] for line in kernel["data"]] == [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
    image = [[[float(c * c)] for c in range(5)] for _ in range(5)]
    model = {"layers": MODEL["layers"][:2]}
    answer = api.post(
        "/api/models/predict",
        json={"model": model, "inputs": [image], "weights": {"conv": [kernel["data"], bias["data"]]}},
    ).json()
    # Sobel x of c²: 4 × ((c + 1)² − (c − 1)²) = 16 c at the middle column c
    assert [row[0] for row in answer["outputs"][0]["data"][0][0]] == [16.0, 32.0, 48.0]


@pytest.mark.parametrize(
    "change, arg, said",
    [
        (
            {"layer": "nope"},
            "layer",
            "expected the name of a layer of the model (input_layer, conv, dense); got 'nope'",
        ),
        ({"layer": "dense"}, "layer", "'dense' is a Dense; kernel presets are for Conv2D, Conv2DTranspose"),
        ({"preset": "emboss"}, "preset", "expected one of identity, box_blur"),
    ],
)
def test_a_layer_without_presets_or_an_unknown_preset_is_refused_by_name(fake_api, change, arg, said):
    response = fake_api.post(
        "/api/models/kernel", json={"model": MODEL, "layer": "conv", "preset": "sobel_x", **change}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["arg"] == arg and said in body["error"] and body["error_ru"]
