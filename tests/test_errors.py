"""The errors every refusal is raised as: each carries its status, and renders as the one error shape with
only the fields it has, in plain text (no terminal colours from Keras)."""

import pytest

from app.errors import BadRequest, Busy, Invalid, LayerLabError, NotFound, TimedOut, TooLarge, WorkerLost, strip_ansi


def test_keras_colours_are_stripped_and_the_text_kept():
    assert strip_ansi("\x1b[1mInvalid dtype\x1b[0m: \x1b[31;1mcomplex\x1b[0m") == "Invalid dtype: complex"
    assert strip_ansi("no colours [1m here") == "no colours [1m here"


@pytest.mark.parametrize(
    "kind, status",
    [(BadRequest, 400), (NotFound, 404), (TooLarge, 413), (Invalid, 422), (WorkerLost, 503), (TimedOut, 504)],
)
def test_each_kind_carries_its_status(kind, status):
    assert kind("x").to_dict() == {"ok": False, "status": status, "error": "x"}


def test_the_shape_has_the_russian_text_the_layer_and_the_argument_only_when_given():
    error = Invalid("\x1b[1mbad\x1b[0m units", ru="\x1b[1mплохие\x1b[0m units", layer=0, arg="units")
    assert error.to_dict() == {
        "ok": False,
        "status": 422,
        "error": "bad units",
        "error_ru": "плохие units",
        "layer": 0,
        "arg": "units",
    }
    assert set(LayerLabError("x", layer="dense").to_dict()) == {"ok", "status", "error", "layer"}


def test_busy_says_when_to_try_again():
    assert Busy("busy").headers == {"Retry-After": "1"}
    assert Busy("busy", retry_after=5).headers == {"Retry-After": "5"} and Busy("busy").status == 503
