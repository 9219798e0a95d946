"""Settings come from the environment (the README's table of them is checked in ``tests/test_readme.py``)."""

from app.config import Settings


def test_settings_read_the_environment(monkeypatch):
    monkeypatch.setenv("LAYERLAB_MAX_LAYERS", "7")
    assert Settings().max_layers == 7
