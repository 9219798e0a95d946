"""From a JSON layer list to a checked plan, without Keras.

Resolves every type against the allow-list, validates every argument, names unnamed layers the way
Keras would, resolves references, works out every shape and weight, and enforces the limits. Only a
plan that passed all of this ever reaches a worker process and Keras.
"""

import json
import re
import typing
from dataclasses import dataclass, field
from math import prod
from typing import Any

import orjson
from pydantic import ValidationError

from . import messages
from .config import Settings
from .errors import Invalid
from .layers import REGISTRY, Args, Inferred, LayerType, Shape, ShapeError, Weight, resolve
from .layers.base import Expects, VarianceScaling, shape_text
from .layers.core import InputArgs
from .messages import Text
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
    _made: dict[str, dict] = field(default_factory=dict, init=False, repr=False, compare=False)
    """``canonical()`` and ``wire()`` once made: a kept plan (``Lab.plan``) serves many requests; never changed."""

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
        if "canonical" not in self._made:
            self._made["canonical"] = self._canonical()
        return self._made["canonical"]

    def wire(self) -> dict:
        """What a worker needs to build the model: plain data, Keras constructor arguments only."""
        if "wire" not in self._made:
            self._made["wire"] = self._wire()
        return self._made["wire"]

    def _canonical(self) -> dict:
        return {
            "name": self.name,
            "layers": [
                {"name": n.name, "type": n.type, "args": n.args.model_dump(mode="json"), "inputs": n.input_names()}
                for n in self.nodes
            ],
            "outputs": [ref_text(r) for r in self.outputs],
        }

    def _wire(self) -> dict:
        return {
            "name": self.name,
            "layers": [
                {
                    "name": n.name,
                    "type": n.type,
                    **dict(zip(("kwargs", "call"), split_call(n.layer, keras_kwargs(n.args, defaults=True)))),
                    "inputs": n.inputs,
                    "takes_list": n.layer.max_inputs != 1,
                    "spread": n.layer.spread_inputs,
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
        if key == "trainable" and value is True:
            continue  # Keras's default, and SpatialDropout's constructor takes no `trainable` at all
        if hasattr(value, "type") and hasattr(value, "args") and isinstance(value.args, Args):
            value = {"type": value.type, "kwargs": keras_kwargs(value.args, defaults=defaults)}
        elif isinstance(value, VarianceScaling):
            value = value.model_dump()
        out[key] = value
    return out


def split_call(layer: LayerType, kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The arguments Keras takes when making the layer, and those it takes when calling it."""
    made = {k: v for k, v in kwargs.items() if k not in layer.call_args}
    return made, {k: v for k, v in kwargs.items() if k in layer.call_args}


def ref_text(ref: Ref) -> str:
    return ref[0] if ref[1] is None else f"{ref[0]}:{ref[1]}"


def describe(index: int, name: str | None, type_name: str) -> Text:
    """How a message names a layer, in English and Russian: ``layer #2 'dense' (Dense)``, counted from 1 as the
    page's cards count them."""
    label = f"#{index + 1} '{name}' ({type_name})" if name else f"#{index + 1} ({type_name})"
    return messages.text("who.layer", label=label)


def build_plan(spec: ModelSpec, settings: Settings, feed: dict[str, Shape] | None = None) -> Plan:
    """Check a layer list and work out every shape. ``feed``: the real shapes of the data, by input name."""
    if len(spec.layers) > settings.max_summary_layers:
        raise messages.invalid("model.too_many_layers", count=len(spec.layers), limit=settings.max_summary_layers)
    names = _assign_names(spec)
    nodes: list[Node] = []
    by_name: dict[str, Node] = {}
    for index, (entry, name) in enumerate(zip(spec.layers, names)):
        layer = resolve(entry.type)
        if layer is None:
            raise messages.invalid(
                "model.unknown_type",
                layer=index,
                index=str(index + 1),
                type=repr(entry.type),
                types=", ".join(sorted(REGISTRY)),
            )
        args = _validate_args(layer, entry.args, index, name)
        inputs = _resolve_inputs(entry.inputs, layer, index, name, nodes, by_name, names)
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
        raise messages.invalid("limit.params", count=total, limit=settings.max_summary_params)
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
                raise messages.invalid("model.name_taken", layer=index, index=str(index + 1), name=repr(entry.name))
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
        raise messages.invalid("args.name_inside", layer=name, arg="name", who=describe(index, name, layer.name))
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
            who = describe(index, name, type_name)
            raise messages.invalid("args.too_deep", layer=name, arg="args", who=who) from None


def _arg_error(exc: ValidationError, layer: LayerType, raw: dict, index: int, name: str) -> Invalid:
    error = exc.errors()[0]
    loc = [str(part) for part in error["loc"]]
    who = describe(index, name, layer.name)
    if not loc:  # the JSON parser gave up before reaching an argument: nesting too deep
        arg = max(raw, key=lambda key: _depth(raw[key]), default="")
        return messages.invalid("args.too_deep", layer=name, arg=arg, who=who)
    kind, prefix, given = layer, "", raw
    if loc[0] == layer.wrapper and len(loc) > 1 and error["type"] != "model_type":
        # Inside a wrapped layer: refuse its argument as the wrapped type's own, named `layer.args.units`.
        value = raw.get(loc[0])
        tag = value.get("type") if isinstance(value, dict) else None
        inner = resolve(tag) if isinstance(tag, str) else None
        if inner is None or not isinstance(value, dict) or loc[1:3] != [tag, "args"] or len(loc) < 4:
            parts = [p for p in loc[1:] if p != tag and not p.startswith(("function-", "constrained-", "tuple["))]
            arg = ".".join([loc[0], *parts])
            if error["type"] == "missing":
                return messages.invalid("args.missing_part", layer=name, arg=arg, who=who)
            expected, received = messages.expected(error), _shown(error.get("input"))
            return messages.invalid("args.expects", layer=name, arg=arg, who=who, expected=expected, received=received)
        kind, prefix, given, loc = inner, f"{loc[0]}.args.", value.get("args") or {}, loc[3:]
    arg = prefix + loc[0]
    if error["type"] == "extra_forbidden":
        accepted = ", ".join(kind.args.model_fields)
        return messages.invalid("args.not_accepted", layer=name, arg=arg, who=who, type=kind.name, accepted=accepted)
    expected = _expected(kind.args.model_fields.get(loc[0]), error)
    if error["type"] == "missing":
        return messages.invalid("args.required", layer=name, arg=arg, who=who, expected=expected)
    return messages.invalid(
        "args.expects", layer=name, arg=arg, who=who, expected=expected, received=_shown(given.get(loc[0]))
    )


def _shown(value: Any) -> str:
    """A value as JSON, cut to 80 characters."""
    return messages.received(json.dumps(value, ensure_ascii=False))


def _depth(value: Any, limit: int = 1000) -> int:
    depth = 0
    while isinstance(value, (list, dict)) and value and depth < limit:
        value = next(iter(value.values())) if isinstance(value, dict) else max(value, key=_shallow_depth)
        depth += 1
    return depth


def _shallow_depth(value: Any) -> int:
    return 1 if isinstance(value, (list, dict)) else 0


def _expected(field_info, error) -> Text:
    """Say in words what an argument takes, from its declared type (or else from pydantic's error)."""
    if field_info is None:
        return messages.expected(error)
    for meta in field_info.metadata:
        if isinstance(meta, Expects):
            return Text(meta.en, meta.ru)
    annotation = field_info.annotation
    choices = _literal_choices(annotation)
    if choices:
        return messages.text("expects.one_of", choices=", ".join(json.dumps(c) for c in choices))
    if annotation is bool:
        return messages.text("expects.bool")
    words = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
    limits = [
        messages.text("expects.bound", sign=sign, value=getattr(m, k))
        for m in field_info.metadata
        for k, sign in words.items()
        if getattr(m, k, None) is not None
    ]
    if annotation not in (int, float) or not limits:
        return messages.expected(error)
    return messages.text("expects.int" if annotation is int else "expects.float", bounds=messages.joined(limits))


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
    refs: list[str] | None,
    layer: LayerType,
    index: int,
    name: str,
    nodes: list[Node],
    by_name: dict[str, Node],
    names: list[str],
) -> list[Ref]:
    who = describe(index, name, layer.name)
    if layer.name == "Input":
        if refs:
            raise messages.invalid("inputs.of_input", layer=name, arg="inputs", who=who)
        return []
    resolved: list[Ref]
    if refs is None:
        if not nodes:
            raise messages.invalid("inputs.first_not_input", layer=name, arg="inputs", who=who)
        resolved = [(nodes[-1].name, None)]
    else:
        resolved = []
        for text in refs:
            ref = parse_ref(text)
            if ref is None:
                raise messages.invalid("inputs.bad_ref", layer=name, arg="inputs", who=who, ref=repr(text))
            resolved.append(ref)
    for base, k in resolved:
        if base not in by_name:
            key = "inputs.itself" if base == name else "inputs.later" if base in names else "inputs.undefined"
            defined = Text(", ".join(by_name), ", ".join(by_name)) if by_name else messages.text("word.none")
            raise messages.invalid(key, layer=name, arg="inputs", who=who, ref=repr(base), defined=defined)
        count = len(by_name[base].info.outputs)
        if k is not None and k >= count:
            raise messages.invalid(
                "inputs.no_such_output",
                layer=name,
                arg="inputs",
                who=who,
                ref=repr(base),
                count=count,
                received=f"{base}:{k}",
            )
    tensors = sum(len(_pick(by_name[b], (b, k))) for b, k in resolved)
    low, high = layer.min_inputs, layer.max_inputs
    if tensors < low or (high is not None and tensors > high):
        if low == high:
            wanted = Text(str(low), str(low))
        elif high is None:
            wanted = messages.text("inputs.at_least", low=low)
        else:
            wanted = messages.text("inputs.between", low=low, high=high)
        multi = [b for b, k in resolved if k is None and len(by_name[b].info.outputs) > 1]
        if multi and high == 1:
            raise messages.invalid(
                "inputs.count_pick_one",
                layer=name,
                arg="inputs",
                who=who,
                wanted=wanted,
                count=tensors,
                name=repr(multi[0]),
                outputs=len(by_name[multi[0]].info.outputs),
                first=multi[0],
            )
        raise messages.invalid("inputs.count", layer=name, arg="inputs", who=who, wanted=wanted, count=tensors)
    return resolved


def _pick(node: Node, ref: Ref) -> list[Shape]:
    return node.info.outputs if ref[1] is None else [node.info.outputs[ref[1]]]


def _fed_input(args: InputArgs, shape: Shape, index: int, name: str) -> InputArgs:
    """The Input's declared shape with its unknown (None) axes set from the data actually fed."""
    declared = (args.shape,) if isinstance(args.shape, int) else tuple(args.shape)
    fed = tuple(shape[1:])
    if len(declared) != len(fed) or any(d is not None and d != f for d, f in zip(declared, fed)):
        any_size = messages.text("word.any")
        dims = Text(*(", ".join(word if d is None else str(d) for d in declared) for word in any_size))
        raise messages.invalid(
            "inputs.fed_shape",
            layer=name,
            arg="inputs",
            who=describe(index, name, "Input"),
            dims=dims,
            shape=shape_text(shape),
        )
    return args.model_copy(update={"shape": list(fed)})


def _infer(layer: LayerType, args: Args, shapes: list[Shape], index: int, name: str) -> Inferred:
    try:
        return layer.infer(args, shapes)
    except ShapeError as exc:
        who = describe(index, name, layer.name)
        raise messages.invalid("model.shape", layer=name, who=who, reason=Text(exc.en, exc.ru)) from None


def _resolve_outputs(refs: list[str] | None, nodes: list[Node], by_name: dict[str, Node]) -> list[Ref]:
    if refs is None:
        return [(nodes[-1].name, None)]
    out = []
    for text in refs:
        ref = parse_ref(text)
        node = by_name.get(ref[0]) if ref else None
        if ref is None or node is None or (ref[1] is not None and ref[1] >= len(node.info.outputs)):
            raise messages.invalid("model.unknown_output", arg="outputs", ref=repr(text), layers=", ".join(by_name))
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
            who = describe(node.index, node.name, node.type)
            raise messages.invalid("model.not_connected", layer=node.name, who=who)


def check_batch(plan: Plan, settings: Settings, batch: int) -> None:
    """What running the model costs, now that the batch size of real data is known: a model may be summarised
    at a size (``max_summary_*``) that is too big to run for a class (``max_layers``, ``max_params``)."""
    if batch > settings.max_batch:
        raise messages.invalid("limit.batch", arg="inputs", count=batch, limit=settings.max_batch)
    layers, total = len(plan.nodes), plan.total_params
    if layers > settings.max_layers:
        raise messages.invalid(
            "limit.run_layers", count=layers, limit=settings.max_layers, summary=settings.max_summary_layers
        )
    if total > settings.max_params:
        raise messages.invalid(
            "limit.run_params", count=total, limit=settings.max_params, summary=settings.max_summary_params
        )
    _check_sizes(plan, settings, batch)
    work = batch * sum(node.info.work for node in plan.nodes)
    if work > settings.max_work:
        raise messages.invalid("limit.work", count=work, limit=settings.max_work)


def _check_sizes(plan: Plan, settings: Settings, batch: int) -> None:
    """Every layer output within the tensor limit, every recurrent layer within the sequence limit."""
    for node in plan.nodes:
        for shape in node.info.outputs:
            size = batch * prod(d or 1 for d in shape[1:])
            if size > settings.max_tensor_elements:
                raise messages.invalid(
                    "limit.tensor",
                    layer=node.name,
                    who=describe(node.index, node.name, node.type),
                    shape=shape_text(shape),
                    count=size,
                    limit=settings.max_tensor_elements,
                )
        if node.info.steps > settings.max_sequence_length:
            raise messages.invalid(
                "limit.steps",
                layer=node.name,
                who=describe(node.index, node.name, node.type),
                count=node.info.steps,
                limit=settings.max_sequence_length,
            )
