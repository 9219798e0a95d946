"""The allow-list of layer types. Importing this package registers every family."""

from . import (  # noqa: F401  (each registers)
    activations,
    attention,
    convolution,
    core,
    merging,
    normalization,
    pooling,
    preprocessing,
    recurrent,
    reshaping,
    wrappers,  # last: it wraps the others
)
from .base import REGISTRY, Args, Inferred, LayerType, Shape, ShapeError, Weight

ALIASES: dict[str, str] = {alias: t.name for t in REGISTRY.values() for alias in t.aliases}


def resolve(type_name: str) -> LayerType | None:
    """The layer type for a class name or one of its Keras aliases (``MaxPool2D``), or None."""
    return REGISTRY.get(ALIASES.get(type_name, type_name))


__all__ = ["ALIASES", "REGISTRY", "Args", "Inferred", "LayerType", "Shape", "ShapeError", "Weight", "resolve"]
