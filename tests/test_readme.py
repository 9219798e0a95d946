"""The README's facts are the code's: the settings table is ``Settings`` (every setting, its variable and its
default, nothing else), the layer count is the catalogue's, the numbers it quotes are the ones the code uses,
and every file or folder it names exists. A change to either side that forgets the other fails here."""

import inspect
import re
from pathlib import Path

import pytest

from app import engine, importer, workers
from app.config import Settings
from app.errors import Busy
from app.layers import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def section(title: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}$", README, re.M)
    assert match, f"the README has no section {title!r}"
    end = re.compile(rf"^#{{1,{len(match.group(1))}}} ", re.M).search(README, match.end())
    return README[match.end() : end.start() if end else None]


def settings_table() -> dict[str, tuple[str, str]]:
    """``LAYERLAB_NAME`` → (default column, description column), from the table under "Settings and limits"."""
    rows = {}
    for line in section("Settings and limits").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`LAYERLAB_"):
            rows[cells[0].strip("`")] = (cells[1], " | ".join(cells[2:]))
    return rows


def written(value) -> str:
    """A default as the table writes it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_the_settings_table_lists_every_setting_and_nothing_else():
    assert sorted(settings_table()) == sorted(f"LAYERLAB_{name.upper()}" for name in Settings.model_fields)


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_the_settings_table_gives_each_settings_default(name):
    default, description = settings_table()[f"LAYERLAB_{name.upper()}"]
    field = Settings.model_fields[name]
    if field.default_factory is not None:
        assert name == "workers" and default == "one per CPU core"
        return
    shown = re.match(r"`([^`]*)`", default)
    assert shown, f"{name}: the default column should start with the default in backticks: {default!r}"
    assert shown.group(1) == written(field.default), name
    assert description, name


def test_the_settings_table_says_what_the_code_does():
    table = settings_table()
    retry = inspect.signature(Busy.__init__).parameters["retry_after"].default
    assert f"`Retry-After: {retry}`" in table["LAYERLAB_MAX_QUEUE"][1]
    replaced = table["LAYERLAB_WORKER_MAX_TASKS"][1]
    assert f"after {workers.staggered(100, 1) - 100} % more" in replaced
    assert f"resets Keras every {engine.CLEAR_EVERY} tasks" in replaced


def test_the_layer_count_is_the_catalogues():
    counts = re.findall(r"(\d+) (?:supported types|layer types)", README)
    assert counts and all(int(c) == len(REGISTRY) for c in counts), (counts, len(REGISTRY))


def test_the_fixed_limits_are_the_codes():
    assert f"the Keras JSON nests at most {importer.MAX_DEPTH} levels" in section("Limits that are fixed")


def test_every_file_and_folder_the_readme_names_exists():
    named = set(re.findall(r"`((?:app|tests|static|templates|bench|deploy|scripts)/[\w./-]*)`", README))
    assert len(named) > 20
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert missing == []
