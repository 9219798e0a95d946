"""The Python a learner would write for a model: Keras's functional API, same names, same arguments.

Only the arguments the learner set appear (what ``keras_kwargs`` passes to Keras), in the order the
catalogue lists them, so the code reads like the notebook and builds exactly the model Layer Lab built.
With the learner's numbers (a ``Run``), the code also seeds Keras as Layer Lab does, sets the weights set by
hand, calls ``model.predict`` on the numbers and checks its answer against the one Layer Lab computed.
The notebook variant builds the same model, sets the same numbers and weights, and ends with
``layerlab.show(model, x)``: the notebook widget shows it in the page's views (``layerlab``).
Where Keras 3.15's own class would build another model than Layer Lab's (``app.mended``), the code starts with
the mended class Layer Lab builds, word for word.
"""

import ast
import builtins
import keyword
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .graph import Plan, Ref, keras_kwargs, split_call
from .layers import LayerType, resolve

RESERVED = {"keras", "model", "np", "x", "outputs", "expected"}
"""Names the generated code itself uses."""

CHECKED = 1000
"""Numbers of each output the code checks: the whole output up to this many (numpy prints such arrays whole),
else the window of at most this many that Layer Lab sent."""

PATTERN_FROM = 16
"""Inputs with more numbers than this are written as the fill that makes them, when one does."""

MENDED = Path(__file__).with_name("mended.py")
"""The classes the engine builds instead of Keras's own where Keras 3.15 slips (``app.mended``): a model that
needs one gets its source in the code, so the code builds what Layer Lab built in plain Keras."""


@dataclass
class Run:
    """The numbers a learner ran: inputs in the model's input order, weights set by hand, and Layer Lab's answer
    (the prediction's ``outputs``: name, full shape, data, and the window that data covers, if only a part)."""

    inputs: list[np.ndarray]
    outputs: list[dict]
    weights: dict[str, list[np.ndarray]] = field(default_factory=dict)
    seed: int = 0


def python_code(plan: Plan, run: Run | None = None, *, notebook: bool = False) -> str:
    """Runnable code that builds the plan's model with Keras and prints its summary; with a run, it also runs
    the learner's numbers through it and checks the answer. ``notebook``: a notebook cell that shows the model
    (and the run) with ``layerlab.show`` instead."""
    mended = _mended(plan)
    variables = _variables(plan, set(mended))
    multi = {node.name for node in plan.nodes if len(node.info.outputs) > 1}
    lines = ["import keras", *(["import layerlab"] if notebook else []), *(["import numpy as np"] if run else []), ""]
    for type_name in mended:
        lines += ["", _mended_source(type_name), "", ""]
    if run is not None:
        lines += [
            f"keras.utils.set_random_seed({run.seed})  # Layer Lab's seed: the same initial weights as on the page",
            "",
        ]
    for node in plan.nodes:
        kwargs, options = split_call(node.layer, keras_kwargs(node.args))
        if node.type == "Input":
            shape = kwargs["shape"]
            call = [f"shape={_literal(tuple(shape) if isinstance(shape, list) else (shape,))}"]
            if "dtype" in kwargs:
                call.append(f"dtype={kwargs['dtype']!r}")
            call.append(f"name={node.name!r}")
            lines.append(f"{variables[node.name]} = keras.Input({', '.join(call)})")
            continue
        arguments = [*_arguments(kwargs, node.layer), f"name={node.name!r}"]
        tensors = [_tensor(ref, variables, multi) for ref in node.inputs]
        if node.layer.spread_inputs or (
            node.layer.max_inputs == 1 and len(tensors) == 1 and not tensors[0].startswith("*")
        ):
            feed = ", ".join(tensors)
        else:
            feed = "[" + ", ".join(tensors) + "]"
        feed += "".join(f", {key}={_literal(value)}" for key, value in options.items())
        maker = node.type if node.type in mended else f"keras.layers.{node.type}"
        lines.append(f"{variables[node.name]} = {maker}({', '.join(arguments)})({feed})")
    inputs = [variables[name] for name in plan.inputs]
    outputs = [_tensor(ref, variables, multi) for ref in plan.outputs]
    lines += [
        "",
        "model = keras.Model(",
        f"    inputs={_group(inputs)},",
        f"    outputs={_group(outputs)},",
        f"    name={plan.name!r},",
        ")",
        *([] if notebook else ["model.summary()"]),
        "",
    ]
    if notebook:
        lines += (
            [*_data_lines(plan, run, variables), "layerlab.show(model, x)", ""] if run else ["layerlab.show(model)", ""]
        )
    elif run is not None:
        lines += _run_lines(plan, run, variables)
    return "\n".join(lines)


def _data_lines(plan: Plan, run: Run, variables: dict[str, str]) -> list[str]:
    """The weights set by hand, then the numbers as ``x``."""
    lines = []
    if run.weights:
        lines.append("# the weights you set in Layer Lab")
        for name, arrays in run.weights.items():
            lines.append(f"model.get_layer({name!r}).set_weights([")
            lines += [f"    {_array(a, 4)}," for a in arrays]
            lines.append("])")
        lines.append("")
    lines.append("# your numbers")
    if len(run.inputs) == 1:
        lines.append(f"x = {_array(run.inputs[0], 4)}")
    else:
        lines.append("x = [")
        for name, array in zip(plan.inputs, run.inputs):
            lines += [f"    # {variables[name]}", f"    {_array(array, 4)},"]
        lines.append("]")
    return lines


def _run_lines(plan: Plan, run: Run, variables: dict[str, str]) -> list[str]:
    lines = _data_lines(plan, run, variables)
    lines += ["outputs = model.predict(x, verbose=0)", "print(outputs)", "", "# what Layer Lab computed"]
    several = len(run.outputs) > 1
    for k, output in enumerate(run.outputs):
        got = f"outputs[{k}]" if several else "outputs"
        window = output.get("window")
        if window:
            got += "[" + ", ".join(f"{s}:{s + n}" for s, n in zip(window["start"], window["shape"])) + "]"
            lines.append(
                f"# {output['name']}: the first {_count(window['shape'])} of its {_count(output['shape'])} numbers"
            )
        elif several:
            lines.append(f"# {output['name']}")
        expected = np.asarray(output["data"], dtype="float32")
        lines += [
            f"expected = {_array(expected, 0)}",
            f"np.testing.assert_allclose({got}, expected, rtol=1e-5, atol=1e-6)",
        ]
    lines += ['print("The same numbers as in Layer Lab.")', ""]
    return lines


def _count(shape: list[int]) -> str:
    return f"{int(np.prod(shape)):,}"


def _array(array: np.ndarray, indent: int) -> str:
    """An array as Python source: the fill that makes it, or its numbers (float32 written to round-trip)."""
    dtype = "int32" if np.issubdtype(array.dtype, np.integer) else "float32"
    shape = tuple(int(d) for d in array.shape)
    if array.size > PATTERN_FROM:
        flat = np.arange(array.size).reshape(shape)
        for code, pattern in [
            (f"np.zeros({shape}, dtype={dtype!r})", np.zeros(shape)),
            (f"np.ones({shape}, dtype={dtype!r})", np.ones(shape)),
            (f"np.arange({array.size}, dtype={dtype!r}).reshape({shape})", flat),
            (f"np.arange({array.size}, dtype={dtype!r}).reshape({shape}) % 10", flat % 10),
        ]:
            if np.array_equal(array, pattern):
                return code
    prefix = " " * indent + "np.array("
    numbers = np.array2string(
        array.astype(dtype),
        separator=", ",
        prefix=prefix,
        threshold=sys.maxsize,
        floatmode="unique",
        max_line_width=110,
    )
    return f"np.array({numbers}, dtype={dtype!r})"


def _mended(plan: Plan) -> list[str]:
    """The mended classes the model needs: MultiHeadAttention when a layer returns its scores and the query's
    steps differ from the key's (Keras's own class would build what follows the scores for the wrong size)."""
    needs = any(
        node.type == "MultiHeadAttention"
        and len(node.info.outputs) == 2
        and node.info.outputs[1][-1] != node.info.outputs[1][-2]
        for node in plan.nodes
    )
    return ["MultiHeadAttention"] if needs else []


@cache
def _mended_source(type_name: str) -> str:
    """A mended class's source, as ``app/mended.py`` has it (read, not imported: the web process has no Keras)."""
    source = MENDED.read_text(encoding="utf-8")
    node = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == type_name)
    return ast.get_source_segment(source, node) or ""


def _variables(plan: Plan, reserved: set[str]) -> dict[str, str]:
    """A Python variable for each layer: its name, unless that is a keyword or a name the code needs."""
    reserved = RESERVED | reserved
    taken = {node.name for node in plan.nodes} | reserved
    out = {}
    for node in plan.nodes:
        name = node.name
        if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved or hasattr(builtins, name):
            name += "_"
            while name in taken:
                name += "_"
            taken.add(name)
        out[node.name] = name
    return out


def _tensor(ref: Ref, variables: dict[str, str], multi: set[str]) -> str:
    """``x``, ``lstm[1]`` for the k-th output, ``*lstm`` for all outputs of a layer that has several
    (``attention:0`` of a layer with one output is the layer's tensor itself: Keras returns no list to index)."""
    name, k = ref
    if name not in multi:
        return variables[name]
    return f"*{variables[name]}" if k is None else f"{variables[name]}[{k}]"


def _group(items: list[str]) -> str:
    if len(items) == 1 and not items[0].startswith("*"):
        return items[0]
    return "[" + ", ".join(items) + "]"


def _arguments(kwargs: dict[str, Any], layer: LayerType) -> list[str]:
    """``key=value`` per argument: required ones first (``units``, ``filters``), then in catalogue order."""
    fields = layer.args.model_fields
    order = list(fields)

    def place(key: str) -> tuple[bool, int]:
        known = key in fields
        return (not known or not fields[key].is_required(), order.index(key) if known else len(order))

    return [f"{key}={_literal(kwargs[key])}" for key in sorted(kwargs, key=place)]


def _literal(value: Any) -> str:
    """Python source for an argument value; a nested layer (Bidirectional) is written as its constructor."""
    if isinstance(value, dict) and set(value) == {"type", "kwargs"}:
        inner = resolve(value["type"])
        arguments = _arguments(value["kwargs"], inner) if inner else [f"{k}={_literal(v)}" for k, v in value.items()]
        return f"keras.layers.{value['type']}({', '.join(arguments)})"
    if isinstance(value, dict) and value.get("class_name") == "VarianceScaling":
        settings = ", ".join(f"{k}={_literal(v)}" for k, v in value["config"].items())
        return f"keras.initializers.VarianceScaling({settings})"
    if isinstance(value, tuple):
        items = [_literal(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)
