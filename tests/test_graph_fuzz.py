"""Property tests of the layer-list checks, no server: any JSON either becomes a plan or is refused with
``Invalid`` (or pydantic's ValidationError) and nothing else; and a plan that passed builds in Keras, with
the shapes and parameter counts the plan promised."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from app.catalogue import describe
from app.config import Settings
from app.errors import Invalid
from app.graph import Plan, build_plan
from app.schemas import ModelSpec

CATALOGUE = {layer["type"]: layer for layer in describe()["layers"]}
TYPES = sorted(t for t in CATALOGUE if t != "Input")
ALIASES = sorted(alias for layer in CATALOGUE.values() for alias in layer["aliases"])
RECURRENT = ["SimpleRNN", "GRU", "LSTM"]
SETTINGS = Settings()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def check(raw) -> Plan | None:
    """The property itself: a plan, or one of the two refusals the web layer turns into a 422."""
    try:
        spec = ModelSpec.model_validate(raw)
    except ValidationError:
        return None
    try:
        return build_plan(spec, SETTINGS)
    except Invalid as refusal:
        assert refusal.status == 422 and refusal.message and refusal.message_ru
        json.dumps(refusal.to_dict())  # what the client gets must be JSON
        return None


# Random JSON, shaped a little like a layer list or not at all


layer_dicts = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(TYPES + ALIASES) | st.text(max_size=12),
        "name": st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,5}", fullmatch=True) | st.text(max_size=6),
        "args": st.dictionaries(
            st.sampled_from(["units", "shape", "rate", "filters", "kernel_size", "x"]), json_values, max_size=3
        ),
        "inputs": st.lists(st.text(max_size=6), max_size=3) | json_values,
    },
)
model_dicts = st.fixed_dictionaries(
    {"layers": st.lists(layer_dicts, max_size=5) | json_values},
    optional={
        "name": st.text(max_size=6) | json_values,
        "outputs": st.lists(st.text(max_size=6), max_size=3) | json_values,
    },
)


@settings(max_examples=400, deadline=None)
@given(json_values | model_dicts)
def test_any_json_is_a_plan_or_a_clear_refusal(raw):
    check(raw)


# Near-valid layer lists from the catalogue: right types, mostly right arguments, sometimes wrong


def good_value(arg: dict, draw) -> object:
    low = arg.get("minimum", 0)
    kind = arg["kind"]
    if kind == "int":
        if draw(st.integers(0, 9)) == 0:  # now and then a bound: the limits must catch the upper one
            return draw(st.sampled_from([arg.get("minimum", 0), arg.get("maximum", 8)]))
        return draw(st.integers(max(low, -2), max(low, -2) + 4))
    if kind == "float":
        return draw(st.floats(0.001, 0.9))
    if kind == "bool":
        return draw(st.booleans())
    if kind == "choice":
        return draw(st.sampled_from(arg["choices"]))
    if kind == "size":
        one = st.integers(low, low + 3)
        return draw(
            one
            | st.lists(one, min_size=arg["length"], max_size=arg["length"])
            | st.lists(st.lists(one, min_size=2, max_size=2), min_size=arg["length"], max_size=arg["length"])
        )
    if kind == "shape":
        return draw(st.integers(1, 6) | st.lists(st.integers(1, 6) | st.none(), min_size=1, max_size=3))
    if kind == "ints":
        return draw(st.lists(st.integers(-1, 4), min_size=1, max_size=3))
    if kind == "layer":
        inner = {"units": draw(st.integers(1, 3)), "return_sequences": draw(st.booleans())}
        return {"type": draw(st.sampled_from(RECURRENT)), "args": inner}
    return draw(json_values)


def catalogue_layer(draw, type_name: str, index: int, wrong: bool) -> dict:
    """A layer of ``type_name`` with its required arguments and a few optional ones, one in ten of them junk."""
    args = {}
    for arg in CATALOGUE[type_name]["args"]:
        if arg["required"] or draw(st.integers(0, 3)) == 0:
            junk = wrong and draw(st.integers(0, 9)) == 0
            args[arg["name"]] = draw(json_values) if junk else good_value(arg, draw)
    return {"type": type_name, "name": f"l{index}", "args": args}


@st.composite
def near_valid_models(draw) -> dict:
    """Catalogue layers wired at random: mostly wrong somewhere (a shape, an input, an argument)."""
    names: list[str] = []
    layers = []
    for k in range(draw(st.integers(1, 2))):
        shape = draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))
        layers.append({"type": "Input", "name": f"in{k}", "args": {"shape": shape}})
        names.append(f"in{k}")
    for k in range(draw(st.integers(1, 4))):
        layer = catalogue_layer(draw, draw(st.sampled_from(TYPES)), k, wrong=True)
        if CATALOGUE[layer["type"]]["inputs"]["min"] > 1 or draw(st.integers(0, 3)) == 0:
            count = draw(st.integers(1, 3))
            layer["inputs"] = [
                draw(st.sampled_from(names)) + draw(st.sampled_from(["", "", ":0", ":1"])) for _ in range(count)
            ]
        layers.append(layer)
        names.append(f"l{k}")
    spec = {"layers": layers}
    if len(layers) > 2 and draw(st.booleans()):
        spec["outputs"] = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    return spec


@st.composite
def buildable_models(draw) -> dict:
    """A chain that passes the checks by construction: each layer is drawn until one fits what came before.
    A merging layer takes the previous tensor twice."""
    layers = [
        {"type": "Input", "name": "x", "args": {"shape": draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))}}
    ]
    for k in range(draw(st.integers(1, 4))):
        for _ in range(10):
            layer = catalogue_layer(draw, draw(st.sampled_from(TYPES)), k, wrong=False)
            if CATALOGUE[layer["type"]]["inputs"]["min"] > 1:
                layer["inputs"] = [layers[-1]["name"]] * 2
            if check({"layers": [*layers, layer]}) is not None:
                layers.append(layer)
                break
    return {"layers": layers}


@settings(max_examples=400, deadline=None)
@given(near_valid_models())
def test_a_near_valid_layer_list_is_a_plan_or_a_clear_refusal(raw):
    check(raw)


# Validates ⇒ builds: a bounded sample of the plans that pass, built by real Keras in this process


@pytest.fixture(scope="module")
def engine():
    from app import engine

    return engine


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=buildable_models())
def test_a_plan_that_passes_builds_in_keras_as_promised(engine, raw):
    plan = check(raw)
    assert plan is not None
    facts = engine.summary(plan.wire())
    for node, fact in zip(plan.nodes, facts["layers"], strict=True):
        shapes = [list(s) for s in node.info.outputs]
        assert fact["output_shape"] == (shapes[0] if len(shapes) == 1 else shapes), node.name
        assert fact["params"] == node.info.params, node.name
    assert facts["total_params"] == plan.total_params
