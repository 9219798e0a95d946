"""Numbers typed by a learner or posted by a client, checked and turned into arrays a model can take."""

from typing import Any

import numpy as np

from .errors import Invalid
from .graph import Plan
from .layers.base import shape_text
from .layers.core import EmbeddingArgs, InputArgs

FLOAT32_MAX = float(np.finfo(np.float32).max)


def to_array(value: Any, dtype: str, where: str) -> np.ndarray:
    """A rectangular array of finite numbers of ``dtype``, or a 422 that names the first cell that is wrong."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError, RecursionError):
        array = None
    if array is None or array.dtype.kind not in "iuf":
        raise _not_numbers(value, where)
    if array.size == 0:
        raise Invalid(f"{where}: the array is empty", ru=f"{where}: массив пуст")
    as_float = array.astype(np.float64)
    bad = ~np.isfinite(as_float) | (np.abs(as_float) > FLOAT32_MAX)
    if bad.any():
        cell, number = _first(bad, as_float)
        raise Invalid(
            f"{where}{cell}: every number must be finite and within ±3.4e38 (float32); received {number}",
            ru=f"{where}{cell}: все числа должны быть конечными и в пределах ±3.4e38 (float32); получено {_ru(number)}",
        )
    if dtype == "int32":
        bad = (as_float != np.round(as_float)) | (np.abs(as_float) > 2**31 - 1)
        if bad.any():
            cell, number = _first(bad, as_float)
            raise Invalid(
                f"{where}{cell}: this input takes whole numbers (int32), e.g. word indices; received {number}",
                ru=f"{where}{cell}: этот вход принимает целые числа (int32), например индексы слов; "
                f"получено {_ru(number)}",
            )
        return as_float.astype(np.int32)
    return as_float.astype(np.float32)


def _cell(index) -> str:
    return "".join(f"[{int(k)}]" for k in index)


def _first(bad: np.ndarray, values: np.ndarray) -> tuple[str, str]:
    """The first cell where ``bad`` holds, and its value."""
    index = tuple(np.argwhere(bad)[0])
    return _cell(index), f"{values[index]:g}"


def _ru(number: str) -> str:
    """A number as Russian writes it: a decimal comma."""
    return number.replace(".", ",")


def _not_numbers(value: Any, where: str) -> Invalid:
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
                return Invalid(
                    f"{where}: expected a rectangular array of numbers; the rows have different lengths: "
                    f"{first[0]}, {other[0]}",
                    ru=f"{where}: ожидается прямоугольный массив чисел; строки разной длины: {first[1]}, {other[1]}",
                )
            stack.extend(((*path, k), x) for k, x in reversed(list(enumerate(item))))
        elif isinstance(item, bool) or not isinstance(item, (int, float)):
            en, ru = _kind(item)
            return Invalid(
                f"{where}: expected numbers (nested lists of numbers); {cell} is {en}",
                ru=f"{where}: ожидаются числа (вложенные списки чисел); {cell} — {ru}",
            )
        elif isinstance(item, int) and abs(item) > 2**63 - 1:
            return Invalid(
                f"{cell}: a whole number must be within ±9.2e18; received {item:.3g}",
                ru=f"{cell}: целое число должно быть в пределах ±9.2e18; получено {_ru(f'{item:.3g}')}",
            )
    return Invalid(
        f"{where}: expected a rectangular array of numbers with at most 64 axes",
        ru=f"{where}: ожидается прямоугольный массив чисел не более чем с 64 осями",
    )


def _row(cell: str, size: int | None) -> tuple[str, str]:
    if size is None:
        return f"{cell} is a number", f"{cell} — число"
    return f"{cell} has {size} item{'' if size == 1 else 's'}", f"в {cell} элементов: {size}"


def _kind(item: Any) -> tuple[str, str]:
    if isinstance(item, bool):
        return f"a true/false value ({str(item).lower()})", f"значение true/false ({str(item).lower()})"
    if isinstance(item, str):
        shown = repr(item if len(item) <= 20 else item[:20] + "…")
        return f"text {shown}", f"текст {shown}"
    if item is None:
        return "null", "null"
    return "an object", "объект"


def feed_arrays(value: Any, plan: Plan) -> tuple[list[np.ndarray], list[str]]:
    """The model's input arrays in input order, each with a batch axis; and notes on what was added."""
    names = plan.inputs
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(names))
        missing = [n for n in names if n not in value]
        if unknown or missing:
            raise Invalid(
                f"inputs: expected one array for each of {names}; missing {missing}, unknown {unknown}",
                ru=f"inputs: нужен массив для каждого из {names}; не хватает {missing}, лишние {unknown}",
                arg="inputs",
            )
        raw = [value[n] for n in names]
    elif len(names) == 1:
        raw = [value]
    else:
        if not isinstance(value, list) or len(value) != len(names):
            raise Invalid(
                f"inputs: the model has {len(names)} inputs {names}; send a list of {len(names)} arrays "
                "or an object {input name: array}",
                ru=f"inputs: у модели {len(names)} входа {names}; пришлите список из {len(names)} массивов "
                "или объект {имя входа: массив}",
                arg="inputs",
            )
        raw = value
    arrays, notes = [], []
    for name, data in zip(names, raw):
        node = plan.node(name)
        declared = node.info.outputs[0][1:]
        args = node.args
        assert isinstance(args, InputArgs), name  # the plan's inputs are its Input layers
        array = to_array(data, args.dtype, f"inputs['{name}']")
        if array.ndim == len(declared):
            array = array[np.newaxis]
            notes.append(f"inputs['{name}']: added a batch axis of 1, shape {shape_text(array.shape)}")
        if array.ndim != len(declared) + 1 or any(d is not None and d != a for d, a in zip(declared, array.shape[1:])):
            want = shape_text((None, *declared))
            raise Invalid(
                f"inputs['{name}']: expected shape {want} (or without the batch axis); received {shape_text(array.shape)}",
                ru=f"inputs['{name}']: ожидается форма {want} (или без оси батча); получено {shape_text(array.shape)}",
                layer=name,
                arg="inputs",
            )
        arrays.append(array)
    batches = {a.shape[0] for a in arrays}
    if len(batches) > 1:
        raise Invalid(
            f"inputs: every input needs the same batch size; received {sorted(batches)}",
            ru=f"inputs: у всех входов должен быть одинаковый размер батча; получено {sorted(batches)}",
            arg="inputs",
        )
    return arrays, notes


def weight_arrays(value: dict[str, list[Any]], plan: Plan) -> dict[str, list[np.ndarray]]:
    """Weights to set, checked against the shapes each layer will create."""
    out = {}
    names = {n.name: n for n in plan.nodes}
    for name, arrays in value.items():
        node = names.get(name)
        if node is None:
            raise Invalid(
                f"weights: there is no layer {name!r}; layers: {', '.join(names)}",
                ru=f"weights: нет слоя {name!r}; слои: {', '.join(names)}",
                layer=name,
                arg="weights",
            )
        expected = [w.shape for w in node.info.weights]
        listed = ", ".join(f"{w.name} {shape_text(w.shape)}" for w in node.info.weights) or "none"
        if len(arrays) != len(expected):
            raise Invalid(
                f"weights['{name}']: {node.type} has {len(expected)} weight arrays ({listed}); received {len(arrays)}",
                ru=f"weights['{name}']: у {node.type} массивов весов: {len(expected)} ({listed}); получено {len(arrays)}",
                layer=name,
                arg="weights",
            )
        checked = []
        for k, (data, shape, weight) in enumerate(zip(arrays, expected, node.info.weights)):
            array = to_array(data, "float32", f"weights['{name}'][{k}]")
            if array.shape != shape:
                raise Invalid(
                    f"weights['{name}'][{k}] ({weight.name}): expected shape {shape_text(shape)}; "
                    f"received {shape_text(array.shape)}",
                    ru=f"weights['{name}'][{k}] ({weight.name}): ожидается форма {shape_text(shape)}; "
                    f"получено {shape_text(array.shape)}",
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
                low, high = f"{array.min():g}", f"{array.max():g}"
                raise Invalid(
                    f"layer '{node.name}' (Embedding): indices must be whole numbers from 0 to {size - 1} "
                    f"(input_dim={size}); received values from {low} to {high}, "
                    f"first outside inputs['{source}']{cell} = {number}",
                    ru=f"слой '{node.name}' (Embedding): индексы должны быть целыми от 0 до {size - 1} "
                    f"(input_dim={size}); получены значения от {_ru(low)} до {_ru(high)}, "
                    f"первое вне диапазона — inputs['{source}']{cell} = {_ru(number)}",
                    layer=node.name,
                    arg="inputs",
                )
