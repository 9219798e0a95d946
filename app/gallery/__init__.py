"""The gallery: famous architectures one click away, each as Keras's own ``to_json()`` wrote it.

``gallery.toml`` holds each model's title and idea in both languages; ``<id>.json.gz`` beside it what
``scripts/gallery.py`` got from ``keras.applications`` (committed: serving them never needs Keras). A model is
handed out the way an uploaded JSON is: through the importer, as a layer list.
"""

import gzip
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import importer

HOME = Path(__file__).parent


@dataclass(frozen=True)
class Entry:
    id: str
    title: dict[str, str]
    year: int
    idea: dict[str, str]

    def keras_json(self) -> dict:
        """What Keras's ``model.to_json()`` wrote for this model."""
        return json.loads(gzip.decompress((HOME / f"{self.id}.json.gz").read_bytes()))

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "year": self.year, "idea": self.idea}


def _load() -> dict[str, Entry]:
    table = tomllib.loads((HOME / "gallery.toml").read_text("utf-8"))
    return {
        model["id"]: Entry(
            model["id"], _title(model["title"]), model["year"], {k: v.strip() for k, v in model["idea"].items()}
        )
        for model in table["model"]
    }


def _title(title: str | dict[str, str]) -> dict[str, str]:
    """A name (``"VGG16"``) is the same in both languages; a description is a table of both."""
    return {"en": title, "ru": title} if isinstance(title, str) else title


ENTRIES: dict[str, Entry] = _load()


@cache
def layer_list(model_id: str) -> dict:
    """The model as a layer list, read by the importer as any uploaded JSON is (kept: the files never change)."""
    config = ENTRIES[model_id].keras_json()
    return importer.layer_list(config, len(config["config"]["layers"]))


__all__ = ["ENTRIES", "Entry", "layer_list"]
