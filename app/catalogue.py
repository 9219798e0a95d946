"""The catalogue a page builds its forms from, derived from the allow-list itself (never written twice)."""

from functools import cache
from typing import Any

from .layers import REGISTRY, LayerType
from .layers.base import Expects, meta

CATEGORIES = {
    "core": {"en": "Core", "ru": "Основные"},
    "activation": {"en": "Activations", "ru": "Функции активации"},
    "preprocessing": {"en": "Preprocessing", "ru": "Предобработка"},
    "merging": {"en": "Merging branches", "ru": "Слияние ветвей"},
    "convolution": {"en": "Convolution", "ru": "Свёртка"},
    "pooling": {"en": "Pooling", "ru": "Пулинг"},
    "reshaping": {"en": "Resizing and padding", "ru": "Изменение размера и дополнение"},
    "normalization": {"en": "Normalization", "ru": "Нормализация"},
    "recurrent": {"en": "Recurrent", "ru": "Рекуррентные"},
    "attention": {"en": "Attention", "ru": "Внимание"},
}


@cache
def describe() -> dict:
    return {
        "categories": CATEGORIES,
        "layers": [describe_layer(t) for t in sorted(REGISTRY.values(), key=lambda t: (t.category, t.name))],
    }


def describe_layer(layer: LayerType) -> dict:
    schema = layer.args.model_json_schema()
    defs = schema.get("$defs", {})
    args = []
    for name, field in layer.args.model_fields.items():
        prop = _deref(schema["properties"][name], defs)
        extra = meta(field)
        entry: dict[str, Any] = {
            "name": name,
            "required": field.is_required(),
            "card": extra["card"],
            "help": {"en": field.description or "", "ru": extra["help_ru"]},
            **_kind(prop, defs),
        }
        if not field.is_required():
            entry["default"] = prop.get("default")
        if "starter" in extra:
            entry["starter"] = extra["starter"]
        for expects in field.metadata:
            if isinstance(expects, Expects):
                entry["expects"] = {"en": expects.en, "ru": expects.ru}
        args.append(entry)
    return {
        "type": layer.name,
        "aliases": list(layer.aliases),
        "category": layer.category,
        "keras_name": layer.keras_name,
        "help": {"en": layer.help_en, "ru": layer.help_ru},
        "inputs": {"min": layer.min_inputs, "max": layer.max_inputs},
        "moves_numbers": layer.moves_numbers,
        "wrapper": layer.wrapper,
        "args": args,
    }


def _deref(prop: dict, defs: dict) -> dict:
    if "$ref" in prop:
        return {**defs[prop["$ref"].split("/")[-1]], **{k: v for k, v in prop.items() if k != "$ref"}}
    return prop


def _kind(prop: dict, defs: dict) -> dict:
    """A form-friendly description of an argument's type, and its bounds.

    Kinds: int, float, bool, choice, size (an int or ``length`` ints, or pairs), shape (an int or a list of
    sizes and nulls), ints (a list of ints), numbers (a number or a list of numbers), layer (a nested layer), json
    (anything else).
    """
    options = [_deref(p, defs) for p in prop.get("anyOf", [prop])]
    nullable = any(o.get("type") == "null" for o in options)
    options = [o for o in options if o.get("type") != "null"]
    out: dict[str, Any] = {"nullable": nullable}
    if not options:
        return {"kind": "json", **out}
    first = options[0]
    bounds = {k: first[k] for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in first}
    if all("enum" in o or "const" in o for o in options):
        choices = [c for o in options for c in o.get("enum", [o.get("const")])]
        return {"kind": "choice", "choices": choices + ([None] if nullable else []), **out}
    if "enum" in first and all(o.get("type") == "object" for o in options[1:]):
        # a named choice, or an object of settings (an initializer: {"class_name": "VarianceScaling", ...})
        objects = [o["properties"]["class_name"]["const"] for o in options[1:]]
        return {"kind": "choice", "choices": first["enum"] + ([None] if nullable else []), "objects": objects, **out}
    if len(options) == 1 and first.get("type") == "boolean":
        return {"kind": "bool", **out}
    if len(options) == 1 and first.get("type") == "number":
        return {"kind": "float", **bounds, **out}
    if len(options) == 1 and first.get("type") == "integer":
        return {"kind": "int", **bounds, **out}
    arrays = options[1:]
    if first.get("type") == "number" and arrays and all(o.get("type") == "array" for o in arrays):
        return {"kind": "numbers", **bounds, **out}
    if first.get("type") == "integer" and arrays and all(o.get("type") == "array" for o in arrays):
        if "prefixItems" in arrays[0]:
            # an int, n ints, or (for padding and cropping) n pairs of ints
            return {"kind": "size", "length": len(arrays[0]["prefixItems"]), "pairs": len(arrays) > 1, **bounds, **out}
        return {"kind": "shape", **bounds, **out}
    if len(options) == 1 and first.get("type") == "array":
        return {"kind": "ints", **out}
    if first.get("type") == "object" or "discriminator" in prop or "oneOf" in prop:
        return {"kind": "layer", **out}
    return {"kind": "json", **out}
