"""Every setting is documented in the README, with its environment variable."""

from pathlib import Path

from app.config import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_setting_is_documented_with_its_environment_variable():
    missing = [name for name in Settings.model_fields if f"LAYERLAB_{name.upper()}" not in README]
    assert missing == []


def test_settings_read_the_environment(monkeypatch):
    monkeypatch.setenv("LAYERLAB_MAX_LAYERS", "7")
    assert Settings().max_layers == 7
