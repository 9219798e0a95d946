"""The one object that owns Layer Lab's work: settings, the worker pool, the answer cache.

Routes call its methods and send back what they return; it never imports FastAPI.
"""

import asyncio
import logging
import time
from typing import Protocol

import numpy as np
import orjson
from pydantic import ValidationError

from . import codegen, examples, importer, workers
from .cache import AnswerCache, body_key, cache_key
from .config import Settings
from .data import check_embedding_indices, feed_arrays, weight_arrays
from .errors import Invalid
from .graph import Plan, build_plan, check_batch, ref_text
from .layers.base import num
from .schemas import ModelSpec, PredictRequest

log = logging.getLogger("layerlab")

JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


class Pool(Protocol):
    """What the Lab needs of a worker pool: ``workers.WorkerPool``, or a stand-in given by a test."""

    pending: int
    """Tasks waiting or running (``/readyz`` shows it)."""

    async def run(self, task: dict) -> dict: ...

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

    def start(self) -> None:
        if self.pool is None:
            self.pool = workers.pool_for(self.settings)

    async def warm_up(self) -> None:
        """Answer every lesson example once, so the first student to open one gets it from the cache."""
        await self._pool().wait_warm()
        if self.settings.warm_examples:
            jobs = []
            for example in examples.EXAMPLES:
                spec = ModelSpec.model_validate(example.model)
                jobs.append(self.summary(spec, pin=True))
                if example.inputs is not None:
                    request = PredictRequest(
                        model=spec,
                        inputs=example.inputs,
                        weights=example.weights or {},
                        seed=example.seed,
                        trace=True,
                    )
                    jobs.append(self.predict(request, pin=True))
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
        return build_plan(spec, self.settings)

    def recall(self, kind: str, body: bytes) -> bytes | None:
        """The answer to a request with exactly these bytes, if one was given before and is still kept."""
        return self.cache.recall(body_key(kind, body))

    async def summary(self, spec: ModelSpec, *, pin: bool = False, body: bytes | None = None) -> bytes:
        plan = self.plan(spec)
        key = cache_key("summary", plan.canonical())
        if body is not None:
            self.cache.remember(body_key("summary", body), key)
        return await self.cache.get(key, lambda: self._summary(plan), pin=pin)

    async def _summary(self, plan: Plan) -> bytes:
        facts = await self._pool().run({"kind": "summary", "plan": plan.wire()})
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

    async def predict(self, request: PredictRequest, *, pin: bool = False, body: bytes | None = None) -> bytes:
        declared = self.plan(request.model)
        arrays, notes = feed_arrays(request.inputs, declared)
        plan = build_plan(request.model, self.settings, feed={n: a.shape for n, a in zip(declared.inputs, arrays)})
        batch = arrays[0].shape[0]
        check_batch(plan, self.settings, batch)
        self._check_answer_size(plan, batch, request.trace)
        check_embedding_indices(plan, arrays)
        weights = weight_arrays(request.weights, plan)
        key = cache_key(
            "predict",
            [plan.canonical(), arrays, sorted(weights.items()), request.seed, request.trace, notes],
        )
        if body is not None:
            self.cache.remember(body_key("predict", body), key)
        return await self.cache.get(key, lambda: self._predict(plan, arrays, weights, request, notes), pin=pin)

    def _check_answer_size(self, plan: Plan, batch: int, trace: bool) -> None:
        shapes = [s for n in plan.nodes for s in n.info.outputs] if trace else plan.output_shapes()
        numbers = sum(batch * int(np.prod([d or 1 for d in s[1:]])) for s in shapes)
        if trace:
            numbers += plan.total_params
        if numbers > self.settings.max_output_numbers:
            raise Invalid(
                f"the answer would carry {num(numbers)} numbers; the limit is {num(self.settings.max_output_numbers)}"
                + ("; ask without trace, or" if trace else ";")
                + " feed a smaller batch",
                ru=f"ответ содержал бы {num(numbers)} чисел; предел — {num(self.settings.max_output_numbers)}"
                + ("; запросите без trace или" if trace else ";")
                + " подайте батч меньше",
            )

    async def _predict(self, plan: Plan, arrays, weights, request: PredictRequest, notes: list[str]) -> bytes:
        task = {
            "kind": "predict",
            "plan": plan.wire(),
            "inputs": arrays,
            "weights": weights,
            "seed": request.seed,
            "trace": request.trace,
        }
        result = await self._pool().run(task)
        names = [
            ref_text(ref) if ref[1] is not None or len(plan.node(ref[0]).info.outputs) == 1 else f"{ref[0]}:{k}"
            for ref in plan.outputs
            for k in range(1 if ref[1] is not None else len(plan.node(ref[0]).info.outputs))
        ]
        notes = list(notes)
        outputs = [_tensor(name, array) for name, array in zip(names, result["outputs"])]
        bad = sum(int(np.size(a) - np.count_nonzero(np.isfinite(a))) for a in result["outputs"])
        if bad:
            notes.append(f"{bad} output numbers are not finite (NaN or ±Infinity) and are sent as null")
        body = {
            "outputs": outputs,
            "inputs": [_tensor(name, array) for name, array in zip(plan.inputs, arrays)],
            "seed": request.seed,
            "notes": notes,
        }
        if request.trace:
            body["trace"] = [
                {
                    "name": layer["name"],
                    "type": layer["type"],
                    "args": plan.node(layer["name"]).args.resolved(),
                    "outputs": [
                        _tensor(layer["name"] if len(layer["outputs"]) == 1 else f"{layer['name']}:{k}", a)
                        for k, a in enumerate(layer["outputs"])
                    ],
                    "weights": [_tensor(w_name, a) for w_name, a in layer["weights"]],
                }
                for layer in result["trace"]
            ]
        return orjson.dumps(body, option=JSON_OPTIONS)

    def code(self, spec: ModelSpec) -> str:
        return codegen.python_code(self.plan(spec))

    def import_model(self, config: dict) -> dict:
        spec = importer.layer_list(config, self.settings.max_layers)
        try:
            checked = ModelSpec.model_validate(spec)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise Invalid(
                f"the imported model does not fit a layer list: {where}: {first['msg']}",
                ru=f"импортированная модель не укладывается в список слоёв: {where}: {first['msg']}",
            ) from None
        self.plan(checked)  # what we hand back must itself be a valid layer list
        return spec


def _tensor(name: str, array) -> dict:
    return {"name": name, "shape": list(np.shape(array)), "data": array}
