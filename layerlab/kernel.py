"""Layer Lab's own work, done in the notebook's kernel: the same ``Lab`` as the server's, its Keras in this
process (``app.inline.InlinePool``) instead of worker processes, so the summary and the trace are exactly the
answers ``/api/models/summary`` and ``/api/models/predict`` would give for this layer list and these weights.

The kernel keeps an event loop running in its main thread: the Lab's coroutines run in a thread of their own.
Layer Lab seeds Keras when it builds (``engine.seed_keras``): the learner's random state (Python's and numpy's,
shared by the whole process) is put back after.
"""

import asyncio
import functools
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import orjson
from pydantic import ValidationError

from app import messages
from app.config import Settings
from app.errors import LayerLabError
from app.inline import InlinePool
from app.lab import Lab
from app.messages import Text
from app.schemas import ModelSpec, PredictRequest, Window
from app.summary_text import summary_text

from .reader import Reading, Refused, read, read_layer, refused

WINDOW_NUMBERS = 65_536
"""A tensor with more numbers than this comes to the widget in part, as the page gets it (controller.js); the
widget asks for another part where the learner moves (``moved``)."""


@functools.cache
def _lab() -> tuple[Lab, ThreadPoolExecutor]:
    lab = Lab(Settings(warm_examples=False), pool=InlinePool())
    return lab, ThreadPoolExecutor(1, thread_name_prefix="layerlab")


def _run(coroutine) -> Any:
    """The coroutine's result; Python's and numpy's global random state as the learner had them (Keras's own seed
    generator is the thread's: the Lab's Keras runs in a thread of its own and never touches the learner's)."""
    kept = random.getstate(), np.random.get_state()
    try:
        return _lab()[1].submit(asyncio.run, coroutine).result()
    finally:
        random.setstate(kept[0])
        np.random.set_state(kept[1])


def answers(model: Any, data: Any = None) -> dict:
    """What the widget shows: the summary (every layer, in the model's order, an opaque one marked) and, given
    data, the trace of every layer Layer Lab may run (and the ``request`` that ran it), or the refusal of that data
    in both languages."""
    lab = _lab()[0]
    return _answers(lab, read(model, lab.settings.max_summary_layers), model, data)


def answers_for_layer(layer: Any, data: Any = None) -> dict:
    """The same for one layer, fed ``data``."""
    lab = _lab()[0]
    return _answers(lab, read_layer(layer, data, lab.settings.max_summary_layers), None, data)


def moved(request: PredictRequest, at: dict[str, list[int]]) -> dict:
    """The prediction of ``request`` again, each big tensor's part from where ``at`` says (by the tensor's name in
    the answer, one start per axis, batch first), as the page asks for it when the learner moves past a part."""
    try:
        window = Window(max_numbers=WINDOW_NUMBERS, at=at)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in ("window", *first["loc"]))
        raise messages.invalid(
            "request.invalid",
            where=Text(where, where),
            expected=messages.expected(first),
            received=repr(first["input"]),
        ) from None
    return orjson.loads(_run(_lab()[0].predict(request.model_copy(update={"window": window}))).body)


def _answers(lab: Lab, reading: Reading, model: Any, data: Any) -> dict:
    try:
        summary = orjson.loads(_run(lab.summary(ModelSpec.model_validate(reading.spec))).body)
    except LayerLabError as exc:
        raise refused(exc) from None
    _own_model_facts(summary, reading, model)
    out: dict[str, Any] = {"summary": summary, "prediction": None, "refusal": None, "request": None}
    if data is None:
        return out
    runnable = reading.spec if not reading.opaque else reading.runnable()
    request = PredictRequest(
        model=ModelSpec.model_validate(runnable),
        inputs=_inputs(data, reading),
        weights={
            name: [w.tolist() for w in values] for name, values in reading.weights.items() if _has(runnable, name)
        },
        trace=True,
        window=Window(max_numbers=WINDOW_NUMBERS),
    )
    try:
        out["prediction"] = orjson.loads(_run(lab.predict(request)).body)
        out["request"] = request
    except LayerLabError as exc:
        out["refusal"] = refusal_of(exc)
    return out


def refusal_of(exc: LayerLabError) -> dict:
    """A refusal as the widget shows it, in both languages."""
    return {"en": exc.message, "ru": exc.message_ru or exc.message}


def _has(spec: dict, name: str) -> bool:
    return any(layer["name"] == name for layer in spec["layers"])


def _inputs(data: Any, reading: Reading) -> Any:
    """The model's data as a prediction takes it: one array, a list in the model's input order, or by name."""
    if isinstance(data, dict):
        return {str(k): np.asarray(v).tolist() for k, v in data.items()}
    if isinstance(data, (list, tuple)) and len(reading.inputs) > 1:
        if len(data) != len(reading.inputs):
            raise Refused(messages.text("data.inputs_count", count=len(reading.inputs), names=str(reading.inputs)))
        return {name: np.asarray(v).tolist() for name, v in zip(reading.inputs, data)}
    return np.asarray(data).tolist()


def _own_model_facts(summary: dict, reading: Reading, model: Any) -> None:
    """The summary of the layer list, made the learner's model's: the model's own layer order, each opaque layer
    as Keras sees it (class, output shape, parameters; no formula: Layer Lab does not know it), the totals and the
    summary text Keras gives for the model itself."""
    rows = {row["name"]: row for row in summary["layers"]}
    for name, box in reading.opaque.items():
        rows[name].update(
            type=box.type,
            params=box.params,
            trainable_params=box.params,
            param_formula="",
            shape_formula="",
            inputs=box.inputs,
            opaque={"en": box.reason.en, "ru": box.reason.ru},
        )
    order = {name: k for k, name in enumerate(reading.order)}
    summary["layers"] = sorted(rows.values(), key=lambda row: order.get(row["name"], len(order)))
    summary["inputs"] = reading.inputs
    if model is None:
        return  # one layer: Layer Lab's model of it is the whole story
    trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    summary["total_params"] = int(model.count_params())
    summary["trainable_params"] = trainable
    summary["non_trainable_params"] = summary["total_params"] - trainable
    summary["text"] = summary_text(model)
