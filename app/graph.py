"""From a JSON layer list to a checked plan, without Keras.

Resolves every type against the allow-list, validates every argument, names unnamed layers the way
Keras would, resolves references, works out every shape and weight, and enforces the limits. Only a
plan that passed all of this ever reaches a worker process and Keras.
"""

import json
import re
import typing
from dataclasses import dataclass
from math import prod
from typing import Any

import orjson
from pydantic import ValidationError

from .config import Settings
from .errors import Invalid
from .layers import REGISTRY, Args, Inferred, LayerType, Shape, ShapeError, Weight, resolve
from .layers.base import Expects, num, shape_text
from .layers.core import InputArgs
from .schemas import ModelSpec

REF = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9_]{0,63})(?::(?P<k>[0-9]{1,2}))?", re.ASCII)

Ref = tuple[str, int | None]
"""A reference to a layer's outputs: all of them (``None``) or the k-th."""


@dataclass
class Node:
    index: int
    name: str
    layer: LayerType
    args: Args
    inputs: list[Ref]
    info: Inferred

    @property
    def type(self) -> str:
        return self.layer.name

    def input_names(self) -> list[str]:
        return [ref_text(r) for r in self.inputs]


@dataclass
class Plan:
    name: str
    nodes: list[Node]
    inputs: list[str]
    outputs: list[Ref]

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if n.name == name)

    @property
    def total_params(self) -> int:
        return sum(n.info.params for n in self.nodes)

    @property
    def trainable_params(self) -> int:
        return sum(n.info.trainable_params for n in self.nodes)

    def output_shapes(self) -> list[Shape]:
        return [shape for ref in self.outputs for shape in _pick(self.node(ref[0]), ref)]

    def canonical(self) -> dict:
        """Everything that decides what Keras builds, with defaults filled in: the cache key's core."""
        return {
            "name": self.name,
            "layers": [
                {"name": n.name, "type": n.type, "args": n.args.model_dump(mode="json"), "inputs": n.input_names()}
                for n in self.nodes
            ],
            "outputs": [ref_text(r) for r in self.outputs],
        }

    def wire(self) -> dict:
        """What a worker needs to build the model: plain data, Keras constructor arguments only."""
        return {
            "name": self.name,
            "layers": [
                {
                    "name": n.name,
                    "type": n.type,
                    "kwargs": keras_kwargs(n.args, defaults=True),
                    "inputs": n.inputs,
                    "takes_list": n.layer.max_inputs != 1,
                    "wrapper": n.layer.wrapper,
                    "weights": [w.name for w in n.info.weights],
                }
                for n in self.nodes
            ],
            "inputs": self.inputs,
            "outputs": self.outputs,
        }


def keras_kwargs(args: Args, *, defaults: bool = False) -> dict[str, Any]:
    """The arguments as Keras takes them: those the learner set, or (``defaults``) every one, so that
    Keras gets exactly the values the shapes were worked out with. Nested layers become ``{"type", "kwargs"}``."""
    out = {}
    for key in type(args).model_fields if defaults else args.model_fields_set:
        value = getattr(args, key)
        if hasattr(value, "type") and hasattr(value, "args") and isinstance(value.args, Args):
            value = {"type": value.type, "kwargs": keras_kwargs(value.args, defaults=defaults)}
        out[key] = value
    return out


def ref_text(ref: Ref) -> str:
    return ref[0] if ref[1] is None else f"{ref[0]}:{ref[1]}"


def describe(index: int, name: str | None, type_name: str) -> tuple[str, str]:
    """How a message names a layer, in English and Russian: ``layer #2 'dense' (Dense)``."""
    label = f"#{index} '{name}' ({type_name})" if name else f"#{index} ({type_name})"
    return f"layer {label}", f"слой {label}"


def build_plan(spec: ModelSpec, settings: Settings, feed: dict[str, Shape] | None = None) -> Plan:
    """Check a layer list and work out every shape. ``feed``: the real shapes of the data, by input name."""
    if len(spec.layers) > settings.max_summary_layers:
        raise Invalid(
            f"the model has {len(spec.layers)} layers; the limit is {settings.max_summary_layers}",
            ru=f"в модели {len(spec.layers)} слоёв; предел — {settings.max_summary_layers}",
        )
    names = _assign_names(spec)
    nodes: list[Node] = []
    by_name: dict[str, Node] = {}
    for index, (entry, name) in enumerate(zip(spec.layers, names)):
        layer = resolve(entry.type)
        if layer is None:
            raise Invalid(
                f"layer #{index}: unknown type {entry.type!r}; expected one of: {', '.join(sorted(REGISTRY))}",
                ru=f"слой #{index}: неизвестный тип {entry.type!r}; ожидается один из: {', '.join(sorted(REGISTRY))}",
                layer=index,
            )
        args = _validate_args(layer, entry.args, index, name)
        inputs = _resolve_inputs(entry.inputs, layer, index, name, nodes, by_name)
        shapes = [shape for ref in inputs for shape in _pick(by_name[ref[0]], ref)]
        if isinstance(args, InputArgs) and feed is not None and name in feed:
            args = _fed_input(args, feed[name], index, name)
        info = _infer(layer, args, shapes, index, name)
        if not args.trainable:
            info.weights = [Weight(w.name, w.shape, trainable=False) for w in info.weights]
        node = Node(index, name, layer, args, inputs, info)
        nodes.append(node)
        by_name[name] = node
    outputs = _resolve_outputs(spec.outputs, nodes, by_name)
    plan = Plan(
        name=spec.name or "model",
        nodes=nodes,
        inputs=[n.name for n in nodes if n.layer.name == "Input"],
        outputs=outputs,
    )
    _check_connected(plan)
    total = plan.total_params
    if total > settings.max_summary_params:
        raise Invalid(
            f"the model has {num(total)} parameters; the limit is {num(settings.max_summary_params)}",
            ru=f"в модели {num(total)} параметров; предел — {num(settings.max_summary_params)}",
        )
    _check_sizes(plan, settings, batch=1)
    return plan


def _assign_names(spec: ModelSpec) -> list[str]:
    taken = {entry.name for entry in spec.layers if entry.name}
    seen: set[str] = set()
    counters: dict[str, int] = {}
    names = []
    for index, entry in enumerate(spec.layers):
        if entry.name:
            if entry.name in seen:
                raise Invalid(
                    f"layer #{index}: the name {entry.name!r} is already used by an earlier layer; names must be unique",
                    ru=f"слой #{index}: имя {entry.name!r} уже занято более ранним слоем; имена должны быть разными",
                    layer=index,
                )
            name = entry.name
        else:
            layer = resolve(entry.type)
            base = layer.keras_name if layer else "layer"
            while True:
                k = counters.get(base, 0)
                counters[base] = k + 1
                name = base if k == 0 else f"{base}_{k}"
                if name not in taken:
                    break
        seen.add(name)
        names.append(name)
    return names


def _validate_args(layer: LayerType, raw: dict[str, Any], index: int, name: str) -> Args:
    if "name" in raw:
        en, ru = describe(index, name, layer.name)
        raise Invalid(
            f"{en}: put `name` next to `type`, not inside `args`",
            ru=f"{ru}: укажите `name` рядом с `type`, а не внутри `args`",
            layer=name,
            arg="name",
        )
    try:
        return layer.args.model_validate_json(_as_json(raw, index, name, layer.name), strict=True)
    except ValidationError as exc:
        raise _arg_error(exc, layer, raw, index, name) from None


def _as_json(raw: dict, index: int, name: str, type_name: str) -> bytes:
    """The arguments as JSON text, for pydantic's strict JSON mode (which reads lists as tuples)."""
    try:
        return orjson.dumps(raw)
    except TypeError:  # beyond orjson: an integer over 64 bits, or deep nesting
        try:
            return json.dumps(raw).encode()
        except RecursionError:
            en, ru = describe(index, name, type_name)
            raise Invalid(
                f"{en}: `args` nests lists or objects too deeply",
                ru=f"{ru}: в `args` слишком глубокая вложенность списков или объектов",
                layer=name,
                arg="args",
            ) from None


def _arg_error(exc: ValidationError, layer: LayerType, raw: dict, index: int, name: str) -> Invalid:
    error = exc.errors()[0]
    loc = [str(part) for part in error["loc"]]
    who_en, who_ru = describe(index, name, layer.name)
    if not loc:  # the JSON parser gave up before reaching an argument: nesting too deep
        arg = max(raw, key=lambda key: _depth(raw[key]), default="")
        return Invalid(
            f"{who_en}: `{arg}` nests lists or objects too deeply",
            ru=f"{who_ru}: в `{arg}` слишком глубокая вложенность списков или объектов",
            layer=name,
            arg=arg,
        )
    arg = loc[0]
    accepted = ", ".join(layer.args.model_fields)
    if error["type"] == "extra_forbidden":
        return Invalid(
            f"{who_en}: `{arg}` is not an argument Layer Lab accepts for {layer.name}; accepted: {accepted}",
            ru=f"{who_ru}: аргумент `{arg}` не принимается для {layer.name}; допустимые: {accepted}",
            layer=name,
            arg=arg,
        )
    field_info = layer.args.model_fields.get(arg)
    en, ru = _expected(field_info, error["msg"])
    if error["type"] == "missing":
        return Invalid(
            f"{who_en}: `{arg}` is required: {en}",
            ru=f"{who_ru}: нужен аргумент `{arg}`: {ru}",
            layer=name,
            arg=arg,
        )
    if arg == layer.wrapper and len(loc) > 1 and error["type"] != "model_type":
        # A wrapped layer: name the inner argument too.
        inner = ".".join(p for p in loc[1:] if not p.startswith(("function-", "constrained-", "tuple[")))
        arg = f"layer.{inner}"
        en, ru = error["msg"], error["msg"]
    received = json.dumps(raw.get(loc[0]) if loc else raw, ensure_ascii=False)
    if len(received) > 80:
        received = received[:77] + "..."
    return Invalid(
        f"{who_en}: `{arg}` expects {en}. Received: {arg}={received}",
        ru=f"{who_ru}: `{arg}` — ожидается {ru}. Получено: {arg}={received}",
        layer=name,
        arg=arg,
    )


def _depth(value: Any, limit: int = 1000) -> int:
    depth = 0
    while isinstance(value, (list, dict)) and value and depth < limit:
        value = next(iter(value.values())) if isinstance(value, dict) else max(value, key=_shallow_depth)
        depth += 1
    return depth


def _shallow_depth(value: Any) -> int:
    return 1 if isinstance(value, (list, dict)) else 0


def _expected(field_info, fallback: str) -> tuple[str, str]:
    """Say in words what an argument takes, from its declared type."""
    if field_info is None:
        return fallback, fallback
    for meta in field_info.metadata:
        if isinstance(meta, Expects):
            return meta.en, meta.ru
    annotation = field_info.annotation
    choices = _literal_choices(annotation)
    if choices:
        listed = ", ".join(json.dumps(c) for c in choices)
        return f"one of {listed}", f"одно из значений {listed}"
    if annotation is bool:
        return "true or false", "true или false"
    bounds = [
        m for m in field_info.metadata if hasattr(m, "ge") or hasattr(m, "gt") or hasattr(m, "le") or hasattr(m, "lt")
    ]
    words = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
    limits = " and ".join(
        f"{words[k]} {getattr(m, k)}" for m in bounds for k in words if getattr(m, k, None) is not None
    )
    kind_en, kind_ru = ("a whole number", "целое число") if annotation is int else ("a number", "число")
    if limits:
        return f"{kind_en} {limits}", f"{kind_ru} {limits.replace(' and ', ' и ')}"
    return f"{kind_en} ({fallback})", f"{kind_ru} ({fallback})"


def _literal_choices(annotation) -> list:
    out: list = []
    for part in typing.get_args(annotation) if typing.get_origin(annotation) is not typing.Literal else [annotation]:
        if typing.get_origin(part) is typing.Literal:
            out.extend(typing.get_args(part))
        elif part is type(None) and out is not None:
            out.append(None)
    return out if any(c is not None for c in out) else []


def parse_ref(text: str) -> Ref | None:
    """``"lstm"`` → ``("lstm", None)``, ``"lstm:2"`` → ``("lstm", 2)``; None when it is neither."""
    match = REF.fullmatch(text)
    if match is None:
        return None
    return match["name"], int(match["k"]) if match["k"] else None


def _resolve_inputs(
    refs: list[str] | None, layer: LayerType, index: int, name: str, nodes: list[Node], by_name: dict[str, Node]
) -> list[Ref]:
    who_en, who_ru = describe(index, name, layer.name)
    if layer.name == "Input":
        if refs:
            raise Invalid(
                f"{who_en}: an Input takes no inputs; it is where data enters",
                ru=f"{who_ru}: у Input нет входов — через него данные входят в модель",
                layer=name,
                arg="inputs",
            )
        return []
    resolved: list[Ref]
    if refs is None:
        if not nodes:
            raise Invalid(
                f'{who_en}: the first layer must be an Input (e.g. {{"type": "Input", "args": {{"shape": [64]}}}})',
                ru=f'{who_ru}: первым слоем должен быть Input (например {{"type": "Input", "args": {{"shape": [64]}}}})',
                layer=name,
                arg="inputs",
            )
        resolved = [(nodes[-1].name, None)]
    else:
        resolved = []
        for text in refs:
            ref = parse_ref(text)
            if ref is None:
                raise Invalid(
                    f"{who_en}: input reference {text!r} should be a layer name or `name:k` with k a number",
                    ru=f"{who_ru}: ссылка {text!r} должна быть именем слоя или `имя:k`, где k — номер выхода",
                    layer=name,
                    arg="inputs",
                )
            resolved.append(ref)
    for base, k in resolved:
        if base not in by_name:
            later = " (it is defined later: list layers after the layers they take input from)" if base == name else ""
            raise Invalid(
                f"{who_en}: input {base!r} is not a layer defined before this one{later}; "
                f"defined so far: {', '.join(by_name) or 'none'}",
                ru=f"{who_ru}: вход {base!r} не является слоем, определённым выше; "
                f"определены: {', '.join(by_name) or 'нет'}",
                layer=name,
                arg="inputs",
            )
        count = len(by_name[base].info.outputs)
        if k is not None and k >= count:
            raise Invalid(
                f"{who_en}: {base!r} has {count} output(s), numbered from 0; received {base}:{k}",
                ru=f"{who_ru}: у {base!r} выходов: {count}, нумерация с 0; получено {base}:{k}",
                layer=name,
                arg="inputs",
            )
    tensors = sum(len(_pick(by_name[b], (b, k))) for b, k in resolved)
    low, high = layer.min_inputs, layer.max_inputs
    if tensors < low or (high is not None and tensors > high):
        wanted = f"{low}" if low == high else (f"at least {low}" if high is None else f"{low} to {high}")
        wanted_ru = f"{low}" if low == high else (f"не меньше {low}" if high is None else f"от {low} до {high}")
        hint = ""
        multi = [b for b, k in resolved if k is None and len(by_name[b].info.outputs) > 1]
        if multi and high == 1:
            hint = f"; {multi[0]!r} gives {len(by_name[multi[0]].info.outputs)} outputs: pick one as '{multi[0]}:0'"
        raise Invalid(
            f"{who_en}: takes {wanted} input tensor(s); received {tensors}{hint}",
            ru=f"{who_ru}: принимает входных тензоров: {wanted_ru}; получено {tensors}"
            + (f"; выберите один выход, например '{multi[0]}:0'" if hint else ""),
            layer=name,
            arg="inputs",
        )
    return resolved


def _pick(node: Node, ref: Ref) -> list[Shape]:
    return node.info.outputs if ref[1] is None else [node.info.outputs[ref[1]]]


def _fed_input(args: InputArgs, shape: Shape, index: int, name: str) -> InputArgs:
    """The Input's declared shape with its unknown (None) axes set from the data actually fed."""
    declared = (args.shape,) if isinstance(args.shape, int) else tuple(args.shape)
    fed = tuple(shape[1:])
    if len(declared) != len(fed) or any(d is not None and d != f for d, f in zip(declared, fed)):
        en, ru = describe(index, name, "Input")
        raise Invalid(
            f"{en}: expected data of shape (batch, {', '.join('any' if d is None else str(d) for d in declared)}); "
            f"received {shape_text(shape)}",
            ru=f"{ru}: ожидаются данные формы (батч, {', '.join('любая' if d is None else str(d) for d in declared)}); "
            f"получено {shape_text(shape)}",
            layer=name,
            arg="inputs",
        )
    return args.model_copy(update={"shape": list(fed)})


def _infer(layer: LayerType, args: Args, shapes: list[Shape], index: int, name: str) -> Inferred:
    try:
        return layer.infer(args, shapes)
    except ShapeError as exc:
        en, ru = describe(index, name, layer.name)
        raise Invalid(f"{en}: {exc.en}", ru=f"{ru}: {exc.ru}", layer=name) from None


def _resolve_outputs(refs: list[str] | None, nodes: list[Node], by_name: dict[str, Node]) -> list[Ref]:
    if refs is None:
        return [(nodes[-1].name, None)]
    out = []
    for text in refs:
        ref = parse_ref(text)
        node = by_name.get(ref[0]) if ref else None
        if ref is None or node is None or (ref[1] is not None and ref[1] >= len(node.info.outputs)):
            raise Invalid(
                f"outputs: {text!r} is not a layer (or output) of this model; layers: {', '.join(by_name)}",
                ru=f"outputs: {text!r} — нет такого слоя (или выхода) в модели; слои: {', '.join(by_name)}",
                arg="outputs",
            )
        out.append(ref)
    return out


def _check_connected(plan: Plan) -> None:
    """Every layer must lead to an output: Keras would silently drop the others from the model."""
    by_name = {n.name: n for n in plan.nodes}
    needed: set[str] = set()
    stack = [ref[0] for ref in plan.outputs]
    while stack:
        name = stack.pop()
        if name not in needed:
            needed.add(name)
            stack.extend(ref[0] for ref in by_name[name].inputs)
    for node in plan.nodes:
        if node.name not in needed:
            en, ru = describe(node.index, node.name, node.type)
            raise Invalid(
                f"{en} does not lead to any model output; connect it, list it in `outputs`, or remove it",
                ru=f"{ru} не ведёт ни к одному выходу модели; подключите его, добавьте в `outputs` или удалите",
                layer=node.name,
            )


def check_batch(plan: Plan, settings: Settings, batch: int) -> None:
    """What running the model costs, now that the batch size of real data is known: a model may be summarised
    at a size (``max_summary_*``) that is too big to run for a class (``max_layers``, ``max_params``)."""
    if batch > settings.max_batch:
        raise Invalid(
            f"the batch has {batch} examples; the limit is {settings.max_batch}",
            ru=f"в батче {batch} примеров; предел — {settings.max_batch}",
            arg="inputs",
        )
    layers, total = len(plan.nodes), plan.total_params
    if layers > settings.max_layers:
        raise Invalid(
            f"the model has {layers} layers; the limit for a prediction is {settings.max_layers} "
            f"(its summary may have up to {settings.max_summary_layers})",
            ru=f"в модели {layers} слоёв; предел для предсказания — {settings.max_layers} "
            f"(для сводки — до {settings.max_summary_layers})",
        )
    if total > settings.max_params:
        raise Invalid(
            f"the model has {num(total)} parameters; the limit for a prediction is {num(settings.max_params)} "
            f"(its summary may have up to {num(settings.max_summary_params)})",
            ru=f"в модели {num(total)} параметров; предел для предсказания — {num(settings.max_params)} "
            f"(для сводки — до {num(settings.max_summary_params)})",
        )
    _check_sizes(plan, settings, batch)
    work = batch * sum(node.info.work for node in plan.nodes)
    if work > settings.max_work:
        raise Invalid(
            f"running the model costs about {num(work)} multiply-adds; the limit is {num(settings.max_work)}",
            ru=f"прогон модели стоит около {num(work)} умножений-сложений; предел — {num(settings.max_work)}",
        )


def _check_sizes(plan: Plan, settings: Settings, batch: int) -> None:
    """Every layer output within the tensor limit, every recurrent layer within the sequence limit."""
    for node in plan.nodes:
        en, ru = describe(node.index, node.name, node.type)
        for shape in node.info.outputs:
            size = batch * prod(d or 1 for d in shape[1:])
            if size > settings.max_tensor_elements:
                raise Invalid(
                    f"{en}: its output {shape_text(shape)} holds {num(size)} numbers; "
                    f"the limit is {num(settings.max_tensor_elements)}",
                    ru=f"{ru}: выход {shape_text(shape)} содержит {num(size)} чисел; "
                    f"предел — {num(settings.max_tensor_elements)}",
                    layer=node.name,
                )
        if node.info.steps > settings.max_sequence_length:
            raise Invalid(
                f"{en}: runs over {num(node.info.steps)} time steps; the limit is {num(settings.max_sequence_length)}",
                ru=f"{ru}: проходит {num(node.info.steps)} шагов; предел — {num(settings.max_sequence_length)}",
                layer=node.name,
            )
