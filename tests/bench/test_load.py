"""bench/load.py's students ask what the page asks (static/js/controller.js, data.js), not more and not less."""

import importlib.util
import random

import orjson
from live_server import ROOT

from app import lesson

SPEC = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
assert SPEC and SPEC.loader
load = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(load)


def summary(*rows: tuple[str, str, list, dict, list[str]]) -> dict:
    """A summary answer's rows: (name, type, output_shape, args, inbound names)."""
    layers = [
        {"name": name, "type": kind, "output_shape": shape, "args": args, "inputs": inbound}
        for name, kind, shape, args, inbound in rows
    ]
    return {"layers": layers, "inputs": [layers[0]["name"]]}


def dense(units: int, feeding: int = 3) -> dict:
    return summary(
        ("x", "InputLayer", [None, feeding], {}, []),
        ("d", "Dense", [None, units], {"units": units}, ["x"]),
        ("e", "Dense", [None, 2], {"units": 2}, ["d"]),
    )


def conv(filters: int) -> dict:
    return summary(
        ("image", "InputLayer", [None, 128, 128, 3], {}, []),
        ("conv2d", "Conv2D", [None, 126, 126, filters], {"filters": filters}, ["image"]),
    )


def answer(trace: list) -> "load.Answer":
    return load.Answer(200, {}, orjson.dumps({"outputs": [], "trace": trace}))


def test_a_step_with_no_numbers_of_its_own_waits_for_run_then_runs_edits_no_bigger():
    desk = load.Desk({"id": "dense-basic", "model": {"layers": []}}, held=True)
    desk.summarised(dense(4))
    assert desk.waiting and desk.inputs == {"x": [[0, 1, 2]]}  # the page's own numbers, but no prediction yet
    desk.run()
    desk.summarised(dense(8))
    assert not desk.waiting


def test_a_picture_step_over_the_auto_run_size_waits_for_run_and_a_bigger_edit_waits_again():
    desk = load.Desk({"id": "conv", "model": {"layers": []}, "pictures": {"image": "house"}}, held=True)
    desk.inputs = [[[[0, 0, 0]] * 128] * 128]
    desk.summarised(conv(32))
    assert desk.waiting and not desk.windowed  # 557,280 numbers: over 100,000, under the answer limit
    desk.run()
    desk.summarised(conv(16))
    assert not desk.waiting
    desk.summarised(conv(40))  # 684,304 numbers: more than Run allowed
    assert desk.waiting


def test_a_trace_past_the_answer_limit_is_asked_in_parts():
    desk = load.Desk({"id": "conv", "model": {"layers": []}, "inputs": [[[[0, 0, 0]] * 128] * 128]}, held=True)
    desk.summarised(conv(64))
    assert desk.windowed and desk.predict_body()["window"] == {"max_numbers": load.WINDOW_NUMBERS, "at": {}}


def test_an_edit_drops_only_the_weights_it_made_stale():
    weights = {"d": [[[1, 2, 3, 4]] * 3, [0] * 4], "e": [[[1, 2]] * 4, [0, 0]]}
    desk = load.Desk({"id": "two", "model": {"layers": []}, "inputs": [[1, 2, 3]], "weights": weights}, held=True)
    desk.summarised(dense(4))
    desk.summarised(dense(4))  # the same shapes again: both kept
    assert set(desk.weights) == {"d", "e"}
    desk.summarised(dense(6))  # d resized: its weights and those of e, which it feeds, no longer fit
    assert desk.weights is None


def test_held_weights_name_the_last_answers_digests_and_fill_what_it_left_out():
    desk = load.Desk({"id": "conv", "model": {"layers": []}, "inputs": [[1, 2, 3]], "view": "d"}, held=True)
    kernel = {"name": "kernel", "shape": [3, 2], "data": [[1, 2], [3, 4], [5, 6]], "digest": "k1"}
    desk.hold(
        answer([{"name": "d", "weights": [kernel, {"name": "bias", "shape": [2], "data": [0, 0], "digest": "b1"}]}])
    )
    assert desk.predict_body()["held_weights"] == {"d/kernel": "k1", "d/bias": "b1"}
    desk.hold(
        answer([{"name": "d", "weights": [{**kernel, "data": None}, {"name": "bias", "data": [1, 1], "digest": "b2"}]}])
    )
    assert desk.predict_body()["held_weights"] == {"d/kernel": "k1", "d/bias": "b2"}
    assert desk.editable_weights() == "d" and desk.layer_weights("d") == [kernel["data"], [1, 1]]


def test_a_number_typed_is_one_cell_and_leaves_the_numbers_before_it_as_they_were():
    before = {"x": [[1.0, 2.0], [3.0, 4.0]], "y": [5.0, 6.0, 7.0]}
    cells = lambda value: [*(n for row in value["x"] for n in row), *value["y"]]  # noqa: E731
    changed = [
        sum(a != b for a, b in zip(cells(before), cells(load.retyped(before, random.Random(seed), integer=False))))
        for seed in range(20)
    ]
    assert set(changed) == {1} and cells(before) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]


def test_a_picture_steps_numbers_are_the_servers_own_so_its_pinned_answer_is_found():
    step = lesson.get("conv2d-valid")
    house = (ROOT / "static" / "pictures" / f"{step.pictures['input_layer']}.png").read_bytes()
    assert load.pictures.read_png(house)[None].tolist() == step.inputs["input_layer"]


def test_kernel_presets_are_offered_above_a_convolutions_weights_only():
    trace = [{"name": "conv2d", "weights": [{"name": "kernel", "data": [[[[1.0]]]], "digest": "k"}]}]
    desk = load.Desk({"id": "conv", "model": {"layers": []}, "inputs": [[[[0, 0, 0]] * 128] * 128]}, held=True)
    desk.summarised(conv(1))
    desk.hold(answer(trace))
    assert desk.preset_layer(["Conv2D", "Conv2DTranspose"]) == "conv2d"
    assert desk.preset_layer(["Conv2DTranspose"]) is None


def test_a_steps_own_window_is_asked_while_the_tensor_still_fits_it():
    def transposed(size: int, filters: int = 32) -> dict:
        return summary(
            ("image", "InputLayer", [None, 128, 128, 3], {}, []),
            ("conv2d_transpose", "Conv2DTranspose", [None, size, size, filters], {"filters": filters}, ["image"]),
        )

    at = {"conv2d_transpose": [0, 112, 48, 0]}
    desk = load.Desk({"id": "t", "model": {"layers": []}, "inputs": [[[[0, 0, 0]] * 128] * 128], "window": at}, True)
    desk.summarised(transposed(256))
    assert desk.predict_body()["window"] == {"max_numbers": load.WINDOW_NUMBERS, "at": at}
    desk.summarised(transposed(200))  # 112 still inside
    assert desk.predict_body()["window"]["at"] == at
    desk.summarised(transposed(100, filters=128))  # still in parts, but row 112 is past the end: the page drops it
    assert desk.predict_body()["window"]["at"] == {}


def test_a_digit_drawn_is_sent_as_the_pen_moves_each_time_with_more_ink():
    example = {
        "id": "digits",
        "model": {"layers": []},
        "inputs": [[[0]] * 8] * 8,
        "draw": {"input": "digit", "ink": 16},
    }
    for seed in range(10):
        frames = list(load.drawing(load.Desk(example, held=True), random.Random(seed)))
        assert 3 <= len(frames) <= 8
        inked = [sum(v for row in frame[0] for (v,) in row) for frame in frames]
        assert all(load._shape(frame) == [1, 8, 8, 1] for frame in frames) and inked == sorted(inked) and inked[0] > 0
        assert max(v for row in frames[-1][0] for (v,) in row) <= 16
