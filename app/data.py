"""Numbers typed by a learner or posted by a client, checked and turned into arrays a model can take."""

from typing import Any

import numpy as np
import orjson

from . import messages
from .errors import Invalid
from .graph import Plan
from .layers.base import shape_text
from .layers.core import EmbeddingArgs, InputArgs
from .messages import Text

FLOAT32_MAX = float(np.finfo(np.float32).max)


def to_array(value: Any, dtype: str, where: str, **about: str) -> np.ndarray:
    """A rectangular array of finite numbers of ``dtype``, or a 422 that names the first cell that is wrong (and,
    in ``about``, the ``layer`` and ``arg`` it is about)."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError, RecursionError):
        array = None
    if array is None or array.dtype.kind not in "iuf" or _holds_bool(value, array):
        raise _not_numbers(value, where, about)
    if array.size == 0:
        raise messages.invalid("data.empty", where=where, **about)
    as_float = array.astype(np.float64)
    bad = ~np.isfinite(as_float) | (np.abs(as_float) > FLOAT32_MAX)
    if bad.any():
        cell, number = _first(bad, as_float)
        raise messages.invalid("data.not_finite", where=where + cell, number=number, **about)
    if dtype == "int32":
        bad = (as_float != np.round(as_float)) | (np.abs(as_float) > 2**31 - 1)
        if bad.any():
            cell, number = _first(bad, as_float)
            raise messages.invalid("data.not_int32", where=where + cell, number=number, **about)
        return as_float.astype(np.int32)
    return as_float.astype(np.float32)


def _holds_bool(value: Any, array: np.ndarray) -> bool:
    """Whether a ``true`` or ``false`` hides among numbers: numpy reads ``[1, true]`` as ``[1, 1]``. Only the
    cells that read as 0 or 1 can be one, so only those are looked at; when there are many (an input of ones),
    only if the numbers written as JSON show a ``true`` or ``false`` at all."""
    if not isinstance(value, list):
        return False
    suspects = np.argwhere((array == 0) | (array == 1))
    if len(suspects) > 256 and not _may_hold_bool(value):
        return False
    for index in suspects:
        item = value
        for k in index:
            item = item[k]
        if isinstance(item, bool):
            return True
    return False


def _may_hold_bool(value: list) -> bool:
    """Whether JSON of ``value`` has a ``true`` or ``false`` in it: a number never does, and writing the list (in C)
    costs a fraction of walking every cell that reads as 0 or 1 (a 64 × 64 × 3 input of ones: ~5 ms)."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY)
    except orjson.JSONEncodeError:
        return True  # not plain JSON data: walk it
    return b"true" in text or b"false" in text


def _cell(index) -> str:
    return "".join(f"[{int(k)}]" for k in index)


def _first(bad: np.ndarray, values: np.ndarray) -> tuple[str, float]:
    """The first cell where ``bad`` holds, and its value."""
    index = tuple(np.argwhere(bad)[0])
    return _cell(index), float(values[index])


def _not_numbers(value: Any, where: str, about: dict[str, str]) -> Invalid:
    """Why numpy could not make a rectangular array of numbers of ``value``, at the first cell (in reading order)
    that shows it: a value that is not a number, a row of another length, a whole number too large to read."""
    stack: list[tuple[tuple[int, ...], Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        cell = where + _cell(path)
        if isinstance(item, list):
            sizes = [len(x) if isinstance(x, list) else None for x in item]
            k = next((k for k, size in enumerate(sizes) if size != sizes[0]), None)
            if k is not None:
                first, other = (_row(f"{cell}[{j}]", sizes[j]) for j in (0, k))
                return messages.invalid("data.ragged", where=where, first=first, other=other, **about)
            stack.extend(((*path, k), x) for k, x in reversed(list(enumerate(item))))
        elif isinstance(item, bool) or not isinstance(item, (int, float)):
            return messages.invalid("data.not_a_number", where=where, cell=cell, kind=_kind(item), **about)
        elif isinstance(item, int) and abs(item) > 2**63 - 1:
            return messages.invalid("data.too_large", where=cell, number=messages.approx(item), **about)
    return messages.invalid("data.too_many_axes", where=where, **about)


def _row(cell: str, size: int | None) -> Text:
    if size is None:
        return messages.text("data.row_number", cell=cell)
    return messages.text("data.row_one" if size == 1 else "data.row", cell=cell, size=size)


def _kind(item: Any) -> Text:
    if isinstance(item, bool):
        return messages.text("data.kind_bool", value=str(item).lower())
    if isinstance(item, str):
        return messages.text("data.kind_text", value=repr(item if len(item) <= 20 else item[:20] + "…"))
    if item is None:
        return Text("null", "null")
    return messages.text("data.kind_object")


def feed_arrays(value: Any, plan: Plan) -> tuple[list[np.ndarray], list[Text]]:
    """The model's input arrays in input order, each with a batch axis; and notes on what was added."""
    names = plan.inputs
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(names))
        missing = [n for n in names if n not in value]
        if unknown or missing:
            raise messages.invalid(
                "data.inputs_by_name", arg="inputs", names=str(names), missing=str(missing), unknown=str(unknown)
            )
        raw = [value[n] for n in names]
    elif len(names) == 1:
        raw = [value]
    else:
        if isinstance(value, np.ndarray):  # several inputs of one shape, read as one array (app.json_body)
            value = list(value)
        if not isinstance(value, list) or len(value) != len(names):
            raise messages.invalid("data.inputs_count", arg="inputs", count=len(names), names=str(names))
        raw = value
    arrays, notes = [], []
    for name, data in zip(names, raw):
        node = plan.node(name)
        declared = node.info.outputs[0][1:]
        args = node.args
        assert isinstance(args, InputArgs), name  # the plan's inputs are its Input layers
        array = to_array(data, args.dtype, f"inputs['{name}']", layer=name, arg="inputs")
        if array.ndim == len(declared):
            array = array[np.newaxis]
            notes.append(messages.text("note.batch_axis", where=f"inputs['{name}']", shape=shape_text(array.shape)))
        if array.ndim != len(declared) + 1 or any(d is not None and d != a for d, a in zip(declared, array.shape[1:])):
            want = shape_text((None, *declared))
            raise messages.invalid(
                "data.input_shape",
                where=f"inputs['{name}']",
                wanted=want,
                shape=shape_text(array.shape),
                layer=name,
                arg="inputs",
            )
        arrays.append(array)
    batches = {a.shape[0] for a in arrays}
    if len(batches) > 1:
        raise messages.invalid("data.batches", arg="inputs", sizes=str(sorted(batches)))
    return arrays, notes


def weight_arrays(value: dict[str, list[Any]], plan: Plan) -> dict[str, list[np.ndarray]]:
    """Weights to set, checked against the shapes each layer will create."""
    out = {}
    names = {n.name: n for n in plan.nodes}
    for name, arrays in value.items():
        node = names.get(name)
        if node is None:
            raise messages.invalid(
                "data.weights_layer",
                name=repr(name),
                layers=", ".join(names),
                layer=name,
                arg="weights",
            )
        expected = [w.shape for w in node.info.weights]
        if len(arrays) != len(expected):
            listed = ", ".join(f"{w.name} {shape_text(w.shape)}" for w in node.info.weights)
            raise messages.invalid(
                "data.weights_count",
                where=f"weights['{name}']",
                type=node.type,
                count=len(expected),
                listed=Text(listed, listed) if listed else messages.text("word.none"),
                received=len(arrays),
                layer=name,
                arg="weights",
            )
        checked = []
        for k, (data, shape, weight) in enumerate(zip(arrays, expected, node.info.weights)):
            array = to_array(data, "float32", f"weights['{name}'][{k}]", layer=name, arg="weights")
            if array.shape != shape:
                raise messages.invalid(
                    "data.weight_shape",
                    where=f"weights['{name}'][{k}] ({weight.name})",
                    wanted=shape_text(shape),
                    shape=shape_text(array.shape),
                    layer=name,
                    arg="weights",
                )
            checked.append(array)
        out[name] = checked
    return out


def check_embedding_indices(plan: Plan, arrays: list[np.ndarray]) -> None:
    """An Embedding fed from an input (straight, or through layers that only move numbers) can only look up
    rows that exist: Keras would read a negative index from the end of the table. Behind a layer that only moves
    numbers (``moves_numbers``), an index is still the input's."""
    fed = dict(zip(plan.inputs, arrays))
    for node in plan.nodes:
        if not isinstance(node.args, EmbeddingArgs):
            continue
        for source, _ in node.inputs:
            while source not in fed and plan.node(source).layer.moves_numbers:
                source = plan.node(source).inputs[0][0]
            array = fed.get(source)
            if array is None:
                continue
            size = node.args.input_dim
            bad = (array < 0) | (array >= size) | (array != np.round(array))
            if bad.any():
                cell, number = _first(bad, array)
                raise messages.invalid(
                    "data.embedding_index",
                    who=messages.text("who.layer", label=f"'{node.name}' (Embedding)"),
                    last=size - 1,
                    input_dim=str(size),
                    low=float(array.min()),
                    high=float(array.max()),
                    cell=f"inputs['{source}']{cell}",
                    number=number,
                    layer=node.name,
                    arg="inputs",
                )
