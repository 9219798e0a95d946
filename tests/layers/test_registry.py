"""The allow-list as a whole: names and aliases as Keras has them, help in both languages, and the
names of activations, initializers, regularizers and constraints that Keras accepts."""

import json
import re

import keras
import numpy as np
import pytest
from keras.src.utils.naming import to_snake_case
from layer_check import keras_layer
from pydantic import ValidationError

import app.layers
from app.layers import ALIASES, REGISTRY, ShapeError, resolve
from app.layers.base import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS, Family

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
KERAS_CLASSES = {name: getattr(keras.layers, name) for name in REGISTRY if name != "Input"}


def test_every_type_is_a_keras_layer_class():
    for name, cls in KERAS_CLASSES.items():
        assert isinstance(cls, type) and issubclass(cls, keras.layers.Layer), name


@pytest.mark.parametrize(("alias", "name"), sorted(ALIASES.items()))
def test_every_alias_is_the_same_keras_class(alias, name):
    assert resolve(alias) is REGISTRY[name]
    expected = keras.layers.InputLayer if name == "Input" else getattr(keras.layers, name)
    assert getattr(keras.layers, alias) is expected


def test_no_keras_alias_is_missing():
    public = {n: getattr(keras.layers, n) for n in dir(keras.layers) if not n.startswith("_")}
    for name, cls in KERAS_CLASSES.items():
        same = {n for n, obj in public.items() if obj is cls and n != name}
        assert same == set(REGISTRY[name].aliases), name


def test_unknown_names_resolve_to_none():
    assert resolve("Lambda") is None
    assert resolve("maxpool2d") is None


@pytest.mark.parametrize("name", sorted(KERAS_CLASSES))
def test_keras_name_is_what_keras_calls_an_unnamed_layer(name):
    assert REGISTRY[name].keras_name == to_snake_case(name)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_help_exists_in_both_languages(name):
    kind = REGISTRY[name]
    assert kind.help_en and not CYRILLIC.search(kind.help_en)
    assert CYRILLIC.search(kind.help_ru)
    for arg, field in kind.args.model_fields.items():
        assert field.description and not CYRILLIC.search(field.description), (name, arg)
        assert CYRILLIC.search(field.json_schema_extra["help_ru"]), (name, arg)


FAMILIES = [module for module in vars(app.layers).values() if isinstance(getattr(module, "FAMILY", None), Family)]


def test_every_layer_has_its_help_from_its_family_table():
    tables = {name: (module.FAMILY.category, help) for module in FAMILIES for name, help in module.FAMILY.help.items()}
    assert len(FAMILIES) == 11
    assert tables == {name: (kind.category, (kind.help_en, kind.help_ru)) for name, kind in REGISTRY.items()}


FORBIDDEN = {"data_format", "dtype", "name", "input_shape", "input_length", "output_padding", "weights"}


@pytest.mark.parametrize("name", sorted(set(REGISTRY) - {"Input"}))
def test_no_argument_outside_the_lesson(name):
    assert not FORBIDDEN & set(REGISTRY[name].args.model_fields)


@pytest.mark.parametrize(
    ("names", "get"),
    [
        (ACTIVATIONS, keras.activations.get),
        (INITIALIZERS, keras.initializers.get),
        (REGULARIZERS, keras.regularizers.get),
        (CONSTRAINTS, keras.constraints.get),
    ],
)
def test_every_offered_name_is_accepted_by_keras(names, get):
    for name in names:
        assert get(name) is not None, name


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_required_argument_has_a_starter_keras_accepts(name):
    kind = REGISTRY[name]
    required = {arg for arg, field in kind.args.model_fields.items() if field.is_required()}
    assert set(kind.starters) == required
    args = kind.args.model_validate_json(json.dumps(kind.starters), strict=True)  # as the graph reads them
    assert all(field.json_schema_extra["card"] for arg, field in kind.args.model_fields.items() if arg in required)
    if name != "Input":
        every = kind.args.model_validate(args.model_dump())  # all set: Keras requires pool_size, for one
        assert isinstance(keras_layer(name, every), keras.layers.Layer)


@pytest.mark.parametrize("name", sorted(n for n, t in REGISTRY.items() if t.moves_numbers))
def test_a_layer_that_moves_numbers_keeps_every_number_as_keras_runs_it(name):
    kind = REGISTRY[name]
    args = kind.args.model_validate(kind.args.model_validate(kind.starters).model_dump())
    for shape in ((None, 4), (None, 4, 3), (None, 4, 4, 3), (None, 4, 4, 4, 3)):
        try:
            kind.infer(args, [shape])
        except ShapeError:
            continue
        x = np.arange(1, 1 + np.prod(shape[1:]), dtype="float32").reshape((1, *shape[1:]))
        out = keras.ops.convert_to_numpy(keras_layer(name, args)(x, training=False))
        assert set(out.ravel()) <= set(x.ravel()) | {0.0}, name
        return
    pytest.fail(f"{name} takes none of the shapes tried")


def test_the_one_wrapper_names_the_argument_that_holds_a_layer():
    wrappers = {name: t.wrapper for name, t in REGISTRY.items() if t.wrapper}
    assert wrappers == {"Bidirectional": "layer", "TimeDistributed": "layer"}
    assert REGISTRY["Bidirectional"].args.model_fields["layer"].is_required()


@pytest.mark.parametrize("name", sorted(n for n, t in REGISTRY.items() if "bias_initializer" in t.args.model_fields))
def test_a_bias_cannot_start_orthogonal_which_keras_refuses_for_one_axis(name):
    kind = REGISTRY[name]
    kind.args.model_validate({**kind.starters, "bias_initializer": "he_normal"})
    with pytest.raises(ValidationError):
        kind.args.model_validate({**kind.starters, "bias_initializer": "orthogonal"})
    with pytest.raises(ValueError, match="at least two-dimensional"):
        keras.initializers.get("orthogonal")((3,))
