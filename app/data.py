"""Numbers typed by a learner or posted by a client, checked and turned into arrays a model can take."""

from typing import Any

import numpy as np

from .errors import Invalid
from .graph import Plan
from .layers.base import shape_text

FLOAT32_MAX = float(np.finfo(np.float32).max)


def to_array(value: Any, dtype: str, where: str) -> np.ndarray:
    """A rectangular array of finite numbers of ``dtype``, or a 422 that says what is wrong with it."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError, RecursionError):
        raise Invalid(
            f"{where}: expected a rectangular array of numbers; the rows have different lengths",
            ru=f"{where}: ожидается прямоугольный массив чисел; строки разной длины",
        ) from None
    if array.dtype.kind not in "iuf":
        got = "true/false values" if array.dtype.kind == "b" else "text or mixed values"
        got_ru = "значения true/false" if array.dtype.kind == "b" else "текст или смешанные значения"
        if array.dtype == object:
            got, got_ru = (
                "rows of different lengths, numbers too large, or non-numbers",
                "строки разной длины, слишком большие числа или не числа",
            )
        raise Invalid(
            f"{where}: expected numbers (nested lists of numbers); received {got}",
            ru=f"{where}: ожидаются числа (вложенные списки чисел); получены {got_ru}",
        )
    if array.size == 0:
        raise Invalid(f"{where}: the array is empty", ru=f"{where}: массив пуст")
    as_float = array.astype(np.float64)
    if not np.all(np.isfinite(as_float)) or np.any(np.abs(as_float) > FLOAT32_MAX):
        raise Invalid(
            f"{where}: every number must be finite and within ±3.4e38 (float32)",
            ru=f"{where}: все числа должны быть конечными и в пределах ±3.4e38 (float32)",
        )
    if dtype == "int32":
        if np.any(as_float != np.round(as_float)) or np.any(np.abs(as_float) > 2**31 - 1):
            raise Invalid(
                f"{where}: this input takes whole numbers (int32), e.g. word indices",
                ru=f"{where}: этот вход принимает целые числа (int32), например индексы слов",
            )
        return as_float.astype(np.int32)
    return as_float.astype(np.float32)


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
        array = to_array(data, node.args.dtype, f"inputs['{name}']")
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
        if node.type != "Embedding":
            continue
        for source, _ in node.inputs:
            while source not in fed and plan.node(source).layer.moves_numbers:
                source = plan.node(source).inputs[0][0]
            array = fed.get(source)
            if array is None:
                continue
            size = node.args.input_dim
            if np.any(array < 0) or np.any(array >= size) or np.any(array != np.round(array)):
                raise Invalid(
                    f"layer '{node.name}' (Embedding): indices must be whole numbers from 0 to {size - 1} "
                    f"(input_dim={size}); received values from {array.min():g} to {array.max():g}",
                    ru=f"слой '{node.name}' (Embedding): индексы должны быть целыми от 0 до {size - 1} "
                    f"(input_dim={size}); получены значения от {array.min():g} до {array.max():g}",
                    layer=node.name,
                    arg="inputs",
                )
