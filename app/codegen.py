"""The Python a learner would write for a model: Keras's functional API, same names, same arguments.

Only the arguments the learner set appear (what ``keras_kwargs`` passes to Keras), in the order the
catalogue lists them, so the code reads like the notebook and builds exactly the model Layer Lab built.
"""

import builtins
import keyword
from typing import Any

from .graph import Plan, Ref, keras_kwargs
from .layers import LayerType, resolve

RESERVED = {"keras", "model"}
"""Names the generated code itself uses."""


def python_code(plan: Plan) -> str:
    """Runnable code that builds the plan's model with Keras and prints its summary."""
    variables = _variables(plan)
    multi = {node.name for node in plan.nodes if len(node.info.outputs) > 1}
    lines = ["import keras", ""]
    for node in plan.nodes:
        kwargs = keras_kwargs(node.args)
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
        if node.layer.max_inputs == 1 and len(tensors) == 1 and not tensors[0].startswith("*"):
            feed = tensors[0]
        else:
            feed = "[" + ", ".join(tensors) + "]"
        lines.append(f"{variables[node.name]} = keras.layers.{node.type}({', '.join(arguments)})({feed})")
    inputs = [variables[name] for name in plan.inputs]
    outputs = [_tensor(ref, variables, multi) for ref in plan.outputs]
    lines += [
        "",
        "model = keras.Model(",
        f"    inputs={_group(inputs)},",
        f"    outputs={_group(outputs)},",
        f"    name={plan.name!r},",
        ")",
        "model.summary()",
        "",
    ]
    return "\n".join(lines)


def _variables(plan: Plan) -> dict[str, str]:
    """A Python variable for each layer: its name, unless that is a keyword or a name the code needs."""
    taken = {node.name for node in plan.nodes} | RESERVED
    out = {}
    for node in plan.nodes:
        name = node.name
        if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED or hasattr(builtins, name):
            name += "_"
            while name in taken:
                name += "_"
            taken.add(name)
        out[node.name] = name
    return out


def _tensor(ref: Ref, variables: dict[str, str], multi: set[str]) -> str:
    """``x``, ``lstm[1]`` for the k-th output, ``*lstm`` for all outputs of a layer that has several."""
    name, k = ref
    if k is not None:
        return f"{variables[name]}[{k}]"
    return f"*{variables[name]}" if name in multi else variables[name]


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
    if isinstance(value, tuple):
        items = [_literal(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)
