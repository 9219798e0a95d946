"""The one object that owns Layer Lab's work: settings, the worker pool, the answer cache.

Routes call its methods and send back what they return; it never imports FastAPI.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from itertools import repeat
from math import prod
from typing import Protocol

import numpy as np
import orjson
from pydantic import ValidationError

from . import codegen, importer, lesson, messages, workers
from .cache import Answer, AnswerCache, body_key, cache_key, scalar_array
from .config import Settings
from .data import check_embedding_indices, feed_arrays, weight_arrays
from .graph import Plan, build_plan, check_batch, ref_text
from .layers.base import shape_text
from .schemas import CodeRequest, ModelSpec, PredictRequest, Window
from .window import cut, tensor_name, window_shape

PAGE_WINDOW_NUMBERS = 65_536
"""The window the page asks for when a trace passes the answer limit (WINDOW_NUMBERS in static/js/controller.js)."""
PLANS = 256
"""Checked plans the Lab keeps, by the layer list as read: a learner changing numbers sends the same model again and
again, and its plan (every argument checked, every shape worked out, its wire form and cache key's core) is the same."""
log = logging.getLogger("layerlab")

JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


class Pool(Protocol):
    """What the Lab needs of a worker pool: ``workers.WorkerPool``, or a stand-in given by a test."""

    pending: int
    """Tasks waiting or running (``/readyz`` shows it)."""

    async def run(self, task: dict, key: str | None = None) -> dict:
        """``key`` names the model (plan and seed): a pool may send it where that model is already built."""

    async def wait_warm(self) -> None: ...

    def close(self) -> None: ...


class Lab:
    def __init__(self, settings: Settings, pool: Pool | None = None):
        """``pool``: the workers to run tasks in; by default ``start()`` starts the real ones."""
        self.settings = settings
        self.cache = AnswerCache(settings.cache_entries, settings.cache_bytes)
        self.pool = pool
        self.ready = False
        self.started = time.monotonic()
        self.ready_after: float | None = None
        self._plans: OrderedDict[str, Plan] = OrderedDict()
        self._last_body_key: tuple[bytes, str, str] | None = None

    def start(self) -> None:
        if self.pool is None:
            self.pool = workers.pool_for(self.settings)

    def example_request(self, example: lesson.Step) -> PredictRequest:
        """The traced prediction the page asks for when a step with numbers opens (in windows when it is big),
        holding no weights yet (so its weights come with their digests)."""
        spec = ModelSpec.model_validate(example.model)
        whole = Layout(self.plan(spec), 1, True, None).numbers <= self.settings.max_output_numbers
        return PredictRequest(
            model=spec,
            inputs=example.inputs,
            weights=example.weights or {},
            seed=example.seed,
            trace=True,
            window=None if whole else Window(max_numbers=PAGE_WINDOW_NUMBERS, at=example.window or {}),
            held_weights={},
        )

    async def warm_up(self) -> None:
        """Answer every lesson example once, so the first student to open one gets it from the cache."""
        await self._pool().wait_warm()
        if self.settings.warm_examples:
            jobs = []
            for example in lesson.STEPS:
                spec = ModelSpec.model_validate(example.model)
                jobs.append(self.summary(spec, pin=True))
                if example.given is not None:
                    jobs.append(self.predict(self.example_request(example), pin=True))
            results = await asyncio.gather(*jobs, return_exceptions=True)
            for result in results:
                if isinstance(result, BaseException):
                    log.error("a lesson example failed to warm up: %r", result)
        self.ready = True
        self.ready_after = time.monotonic() - self.started
        log.info("ready after %.1f s", self.ready_after)

    def close(self) -> None:
        if self.pool:
            self.pool.close()

    def _pool(self) -> Pool:
        assert self.pool is not None, "Lab.start() was not called"
        return self.pool

    # Models

    def plan(self, spec: ModelSpec) -> Plan:
        """The checked plan of a layer list; kept, so the same list again costs no checking (a refused one raises
        each time). A model too big to run is not kept: only summarised, its answer is what the cache keeps."""
        try:
            key = spec.model_dump_json()
        except ValueError:  # nested past the serialiser's depth: build_plan says what is wrong with it
            return build_plan(spec, self.settings)
        plan = self._plans.get(key)
        if plan is None:
            plan = build_plan(spec, self.settings)
            if len(plan.nodes) <= self.settings.max_layers:
                self._plans[key] = plan
                if len(self._plans) > PLANS:
                    self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        return plan

    def recall(self, kind: str, body: bytes) -> Answer | None:
        """The answer to a request with exactly these bytes, if one was given before and is still kept."""
        return self.cache.recall(self._body_key(kind, body))

    def _body_key(self, kind: str, body: bytes) -> str:
        """``body_key``, the body hashed once: the route asks ``recall`` before anything reads the body, and the
        answer is filed under the same key after (a body of 54,080 weights, 470 kB: ~0.3 ms a hash)."""
        last = self._last_body_key
        if last is None or last[0] is not body or last[1] != kind:
            last = self._last_body_key = (body, kind, body_key(kind, body))
        return last[2]

    async def summary(self, spec: ModelSpec, *, pin: bool = False, body: bytes | None = None) -> Answer:
        plan = self.plan(spec)
        key = cache_key("summary", plan.canonical())
        if body is not None:
            self.cache.remember(self._body_key("summary", body), key)
        return await self.cache.get(key, lambda: self._summary(plan), pin=pin)

    async def _summary(self, plan: Plan) -> bytes:
        wire = plan.wire()
        key = model_key(wire, 0)
        facts = await self._pool().run({"kind": "summary", "plan": wire, "key": key}, key=key)
        rows = []
        for node, fact in zip(plan.nodes, facts["layers"]):
            if fact["params"] != node.info.params:
                log.warning("%s: Keras counts %s params, the formula %s", node.name, fact["params"], node.info.params)
            rows.append(
                {
                    **fact,
                    "inputs": node.input_names(),
                    "args": node.args.resolved(),
                    "param_formula": node.info.param_formula,
                    "shape_formula": node.info.shape_formula,
                }
            )
        body = {
            "name": plan.name,
            "layers": rows,
            "inputs": plan.inputs,
            "outputs": [ref_text(r) for r in plan.outputs],
            "total_params": facts["total_params"],
            "trainable_params": facts["trainable_params"],
            "non_trainable_params": facts["non_trainable_params"],
            "text": facts["text"],
        }
        return orjson.dumps(body)

    async def predict(self, request: PredictRequest, *, pin: bool = False, body: bytes | None = None) -> Answer:
        declared = self.plan(request.model)
        arrays, notes = feed_arrays(request.inputs, declared)
        plan = declared
        if any(None in declared.node(name).info.outputs[0][1:] for name in declared.inputs):
            # an axis of unknown length (a sequence): the real lengths decide the shapes and the limits
            feed = {name: array.shape for name, array in zip(declared.inputs, arrays)}
            plan = build_plan(request.model, self.settings, feed=feed)
        batch = arrays[0].shape[0]
        check_batch(plan, self.settings, batch)
        layout = Layout(plan, batch, request.trace, request.window)
        self._check_answer_size(layout.numbers, bool(request.trace), request.window is not None)
        check_embedding_indices(plan, arrays)
        weights = weight_arrays(request.weights, plan)
        given = sorted(weights.items())
        key = cache_key(
            "predict",
            [
                plan.canonical(),
                [name for name, _ in given],
                request.seed,
                layout.traced,
                layout.windows,
                [note.en for note in notes],
                None if request.held_weights is None else sorted(request.held_weights.items()),
            ],
            [*arrays, *(array for _, values in given for array in values)],
        )
        if body is not None:
            self.cache.remember(self._body_key("predict", body), key)
        return await self.cache.get(key, lambda: self._predict(plan, arrays, weights, request, layout, notes), pin=pin)

    def _check_answer_size(self, numbers: int, trace: bool, windowed: bool) -> None:
        if numbers > self.settings.max_output_numbers:
            if windowed:
                hint = "limit.hint_trace" if trace else "limit.hint_batch"
            else:
                hint = "limit.hint_windows_trace" if trace else "limit.hint_windows"
            raise messages.invalid(
                "limit.answer",
                arg="window" if windowed else "trace" if trace else "inputs",
                count=numbers,
                limit=self.settings.max_output_numbers,
                hint=messages.text(hint),
            )

    async def _predict(self, plan: Plan, arrays, weights, request: PredictRequest, layout: "Layout", notes) -> bytes:
        wire = plan.wire()
        key = model_key(wire, request.seed)
        task = {
            "kind": "predict",
            "key": key,
            "plan": wire,
            "inputs": arrays,
            "weights": weights,
            "seed": request.seed,
            "trace": layout.traced,
            "windows": layout.windows,
            "held": request.held_weights,
        }
        result = await self._pool().run(task, key=key)
        notes = list(notes)
        outputs = [layout.tensor(name, array) for name, array in zip(layout.outputs, result["outputs"])]
        bad = sum(int(np.size(a) - np.count_nonzero(np.isfinite(a))) for a in result["outputs"])
        if bad:
            notes.append(messages.text("note.not_finite", count=bad))
        inputs = [
            layout.tensor(
                name, np.ascontiguousarray(cut(array, *layout.windows[name])) if name in layout.windows else array
            )
            for name, array in zip(plan.inputs, arrays)
        ]
        body = {
            "outputs": outputs,
            "inputs": inputs,
            "seed": request.seed,
            "notes": [note.en for note in notes],
            "notes_ru": [note.ru for note in notes],
        }
        if request.trace:
            body["trace"] = [
                {
                    "name": layer["name"],
                    "type": layer["type"],
                    "args": plan.node(layer["name"]).args.resolved(),
                    "outputs": [
                        layout.tensor(tensor_name(layer["name"], k, len(layer["outputs"])), a)
                        for k, a in enumerate(layer["outputs"])
                    ],
                    "weights": [
                        layout.tensor(f"{layer['name']}/{w_name}", a, label=w_name, digest=digest)
                        for (w_name, a), digest in zip(layer["weights"], layer.get("digests") or repeat(None))
                    ],
                    **masks_of(layer),
                }
                for layer in result["trace"]
            ]
        return orjson.dumps(body, option=JSON_OPTIONS, default=scalar_array)

    async def code(self, request: CodeRequest | ModelSpec) -> str:
        """Python for the model; given numbers, also the call and a check against the answer computed here (the
        notebook variant: the numbers, and layerlab.show instead of the check)."""
        if isinstance(request, ModelSpec):
            return codegen.python_code(self.plan(request))
        notebook = request.variant == "notebook"
        if request.inputs is None:
            return codegen.python_code(self.plan(request.model), notebook=notebook)
        run = PredictRequest(
            model=request.model,
            inputs=request.inputs,
            weights=request.weights,
            seed=request.seed,
            window=Window(max_numbers=codegen.CHECKED),
        )
        answer = orjson.loads((await self.predict(run)).body)
        plan = self.plan(request.model)
        arrays, _ = feed_arrays(request.inputs, plan)
        weights = {name: [np.asarray(w, dtype="float32") for w in values] for name, values in request.weights.items()}
        return codegen.python_code(
            plan, codegen.Run(arrays, answer["outputs"], weights, request.seed), notebook=notebook
        )

    def import_model(self, config: dict) -> dict:
        spec = importer.layer_list(config, self.settings.max_summary_layers)
        try:
            checked = ModelSpec.model_validate(spec)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise messages.invalid("import.not_a_layer_list", where=where, expected=messages.expected(first)) from None
        self.plan(checked)  # what we hand back must itself be a valid layer list
        return spec


def masks_of(layer: dict) -> dict:
    """The traced layer's Keras masks, when one of its outputs has one."""
    masks = layer.get("masks") or []
    return {"masks": masks} if any(m is not None for m in masks) else {}


def model_key(wire: dict, seed: int) -> str:
    """What a worker keeps a built model by: everything Keras builds from, and the seed of its weights."""
    return cache_key("model", [wire, seed])


class Layout:
    """What a prediction's answer will carry, worked out from the plan before any work: the layers traced, the
    window of each tensor too big to send whole, and how many computed numbers that makes (the answer-size limit)."""

    def __init__(self, plan: Plan, batch: int, trace: bool | list[str], window: Window | None):
        self.traced = self._traced(plan, trace)
        shapes: dict[str, tuple[int, ...]] = {}
        for node in plan.nodes:
            for k, shape in enumerate(node.info.outputs):
                shapes[tensor_name(node.name, k, len(node.info.outputs))] = (batch, *(d or 1 for d in shape[1:]))
            for w in node.info.weights:
                shapes[f"{node.name}/{w.name}"] = tuple(w.shape)
        self.shapes = shapes
        self.outputs = [
            tensor_name(name, k, count)
            for name, pick in plan.outputs
            for count in [len(plan.node(name).info.outputs)]
            for k in (range(count) if pick is None else [pick])
        ]
        computed = dict.fromkeys(self.outputs)
        for name in self.traced:
            node = plan.node(name)
            computed.update(
                dict.fromkeys(tensor_name(name, k, len(node.info.outputs)) for k in range(len(node.info.outputs)))
            )
            computed.update(dict.fromkeys(f"{name}/{w.name}" for w in node.info.weights))
        sent = [*plan.inputs, *computed]
        starts = self._starts(plan, window.at) if window else {}
        self.windows: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        for name in sent:
            shape = shapes[name]
            start = starts.get(name, (0,) * len(shape))
            part = window_shape(shape, start, window.max_numbers) if window else None
            if part is not None:
                self.windows[name] = (start, part)
        # each tensor the server computes counts once (an output traced is sent twice); the inputs sent back
        # are not counted: the request carried them, within the body limit
        self.numbers = sum(prod(self.windows[n][1] if n in self.windows else shapes[n]) for n in computed)

    @staticmethod
    def _traced(plan: Plan, trace: bool | list[str]) -> list[str]:
        names = [n.name for n in plan.nodes]
        if isinstance(trace, bool):
            return names if trace else []
        unknown = [n for n in trace if n not in names]
        if unknown:
            raise messages.invalid(
                "window.no_layer",
                layer=unknown[0],
                arg="trace",
                where="trace",
                name=repr(unknown[0]),
                layers=", ".join(names),
            )
        return [n for n in names if n in trace]

    def _starts(self, plan: Plan, at: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
        starts = {}
        for name, start in at.items():
            layer = name.split("/")[0].split(":")[0]

            def refuse(key: str, **values: object) -> messages.Invalid:
                return messages.invalid(key, layer=layer, arg="window", where=f"window.at['{name}']", **values)

            if name not in self.shapes:
                if layer in self.shapes or any(n.name == layer for n in plan.nodes):
                    known = [n for n in self.shapes if n.split("/")[0].split(":")[0] == layer]
                    raise refuse("window.no_tensor", layer_name=layer, name=repr(name), tensors=", ".join(known))
                raise refuse("window.no_layer", name=repr(layer), layers=", ".join(n.name for n in plan.nodes))
            shape = self.shapes[name]
            if len(start) != len(shape):
                raise refuse(
                    "window.axes" if "/" in name else "window.axes_batch",
                    name=name,
                    count=len(shape),
                    shape=shape_text(shape),
                    received=len(start),
                    start=str(start),
                )
            for axis, (s, d) in enumerate(zip(start, shape)):
                if s >= d:
                    raise refuse("window.past_end", start=s, axis=axis, name=name, shape=shape_text(shape), last=d - 1)
            starts[name] = tuple(start)
        return starts

    def tensor(self, name: str, array, label: str | None = None, digest: str | None = None) -> dict:
        """A tensor as the answer sends it: its full shape, its data (the window only, if it has one; ``None`` for a
        weight the client holds) and, for a weight when the client asked, its digest."""
        tensor = {"name": label or name, "shape": list(self.shapes.get(name, np.shape(array))), "data": array}
        if name in self.windows:
            start, shape = self.windows[name]
            tensor["window"] = {"start": list(start), "shape": list(shape)}
        if digest is not None:
            tensor["digest"] = digest
        return tensor
