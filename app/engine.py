"""Builds and runs real Keras models from a checked plan. Runs only inside worker processes.

The plan has already passed the allow-list, the argument checks and the limits (``app.graph``), so this
module only calls Keras layer classes with plain keyword arguments: nothing from the request is ever
deserialised by Keras. Every build seeds Keras first, so the same request gives the same numbers in
any worker, before or after a restart.

Each worker keeps the models it built recently (``Kept``), by the checked plan and the seed, with their
initial weights: a request for one of them sets only the weights it was given (the others go back to their
initial values), feeds its numbers and calls the model, which costs what a prebuilt Keras model's call costs.
"""

import gc
import hashlib
import logging
import os
import random
import time
from collections import OrderedDict, deque
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import tensorflow as tf
from keras.src.backend import get_keras_mask
from keras.src.random.seed_generator import GLOBAL_SEED_GENERATOR
from tensorflow.python.eager import context as eager_context

from .errors import strip_ansi
from .mended import MultiHeadAttention
from .summary_text import summary_text
from .window import cut, tensor_name

log = logging.getLogger("layerlab.engine")

CLEAR_EVERY = 200
"""Builds between Keras state resets. ``clear_session()`` makes the next builds slower and its garbage
collection costs ~170 ms, while skipping it grows a worker by only ~10 kB per model: reset now and then.
The kept models stay: a reset only forgets Keras's name counters and TensorFlow's kernel cache."""

COMPILE_CALLS = 5
COMPILE_BASE_SECONDS = 0.006
COMPILE_MOST_SECONDS = 0.1
"""A kept model's way of calling is compiled into a function once its eager calls after the first have cost in CPU
time what compiling it is expected to cost: ``COMPILE_CALLS`` of its eager calls (their mean) and
``COMPILE_BASE_SECONDS`` more, at most ``COMPILE_MOST_SECONDS``. The call that finds it paid is still eager; the
trace is made when the worker next has nothing to do (``compile_due``), else by the next call. Ski rental: a model
called a few times is never traced for nothing, and one called often is traced once its eager calls have cost about
what the trace does, so it never costs more than about twice (three times, with the estimate's error) what it would
have had it known how often it would be called.

Measured for every lesson step and the bench's models (CPU time, a worker's settings, plain and traced calls), the
trace and the traced function's first call cost 8–33 ms where the eager call takes under 5 ms (a Dense 64→200→10:
~10 ms against 1.2 ms, then ~0.2 ms a call; a Conv2D → MaxPool → Flatten → Dense: ~17 ms against 2.8) and 55–116 ms
for an LSTM or the Transformer block of step 30 (eager 10–170 ms: an LSTM's eager call grows with its steps, its
trace does not, hence the most). The estimate is within half and twice the cost for each; the single 50 ms used
before was 0.4–5.6 times it (that Dense model was compiled at its ~44th call, after five traces' worth of eager
calls). Now the Dense model's trace is paid for by its 12th call, the Conv2D model's by its 10th, an LSTM's or the
Transformer block's by its 7th or 8th, an LSTM of 100 steps' (160 ms eager) by its 3rd. CPU time, not wall-clock
time: on a busy machine every call is slow by the clock. Its numbers are the eager call's, bit for bit
(``tests/test_engine.py``)."""

_builds = 0


FIXED = {"MultiHeadAttention": MultiHeadAttention}
"""Layer types built from a mended class (``app.mended``) rather than Keras's own (named the same, so summaries
and traces read alike)."""


def _make_layer(type_name: str, name: str | None, kwargs: dict[str, Any], wrapper: str | None = None):
    """A Keras layer; ``wrapper``: the argument that holds a wrapped layer's ``{"type", "kwargs"}``."""
    kwargs = {key: _initializer(value) for key, value in kwargs.items()}
    if wrapper is not None:
        inner = kwargs[wrapper]
        kwargs[wrapper] = _make_layer(inner["type"], None, inner["kwargs"])
    if name is not None:
        kwargs["name"] = name
    return (FIXED.get(type_name) or getattr(keras.layers, type_name))(**kwargs)


def _call(layer, entry: dict, ins: list, **options: Any):
    """Call a layer as the plan says: its inputs as one tensor, a list, or (``spread``) separate arguments
    (``query, value, key``), with the arguments Keras takes at call time (``use_causal_mask``)."""
    options = {**(entry.get("call") or {}), **options}
    if entry.get("spread"):
        return layer(*ins, **options)
    return layer(ins if entry["takes_list"] else ins[0], **options)


def _initializer(value: Any) -> Any:
    """An initializer the plan gives by its settings (``{"class_name": "VarianceScaling", "config": ...}``, already
    checked), made by calling Keras's class with them; any other value as it is."""
    if isinstance(value, dict) and value.get("class_name") == "VarianceScaling":
        return keras.initializers.VarianceScaling(**value["config"])
    return value


def seed_keras(seed: int) -> None:
    """What ``keras.utils.set_random_seed`` does for the initial weights, at no cost: Keras's initializers draw
    their seeds from Python's ``random`` (and its global seed generator). TensorFlow's own global seed is left
    alone: setting it clears TensorFlow's kernel cache, which made every build after it ~7 ms slower."""
    keras.src.backend.common.global_state.set_global_attribute(GLOBAL_SEED_GENERATOR, None)
    random.seed(seed)
    np.random.seed(seed)


def _count_build() -> None:
    global _builds
    _builds += 1
    if _builds % CLEAR_EVERY == 0:
        keras.backend.clear_session()


def build(plan: dict, seed: int = 0) -> tuple[keras.Model, dict[str, list]]:
    """The functional model of a plan, and every layer's output tensors by layer name.

    The initial weights come from ``seed``: the same in any worker, before or after a restart.
    """
    _count_build()
    seed_keras(seed)
    tensors: dict[str, list] = {}
    for entry in plan["layers"]:
        name, kwargs = entry["name"], entry["kwargs"]
        if entry["type"] == "Input":
            shape = kwargs["shape"]
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            tensors[name] = [keras.Input(shape=shape, dtype=kwargs.get("dtype", "float32"), name=name)]
            continue
        layer = _make_layer(entry["type"], name, kwargs, entry.get("wrapper"))
        ins = [t for ref in entry["inputs"] for t in _pick(tensors, ref)]
        out = _call(layer, entry, ins)
        tensors[name] = list(out) if isinstance(out, (list, tuple)) else [out]
    inputs = [tensors[name][0] for name in plan["inputs"]]
    outputs = [t for ref in plan["outputs"] for t in _pick(tensors, ref)]
    model = keras.Model(
        inputs=inputs[0] if len(inputs) == 1 else inputs,
        outputs=outputs[0] if len(outputs) == 1 else outputs,
        name=plan["name"],
    )
    return model, tensors


def build_unvalued(plan: dict) -> tuple[tuple[keras.Model, dict[str, list]], list]:
    """``build(plan, 0)`` with every variable made but no initial value drawn (Keras's own deferred variables, made in
    a ``StatelessScope``): a summary needs the shapes and counts only, and VGG16's 138 M initial weights cost ~0.7 s
    of CPU. Each initializer's seed is drawn as the layer is made, so the values drawn later (``Kept.give_values``)
    are the very ones ``build`` gives. Also the variables, taken out of Keras's list of those waiting for a value:
    Keras gives every variable on that list its value when a top-level ``StatelessScope`` ends (its symbolic calls
    make one), which would pay for them at another request's expense."""
    waiting = keras.src.backend.common.global_state.get_global_attribute(
        "uninitialized_variables", [], set_to_default=True
    )
    start = len(waiting)
    try:
        with keras.StatelessScope(initialize_variables=False):
            built = build(plan, 0)
    finally:
        unvalued = waiting[start:]  # a build Keras refused leaves its variables, valueless, to the collector
        del waiting[start:]
    return built, unvalued


def _pick(tensors: dict[str, list], ref) -> list:
    name, k = ref
    return tensors[name] if k is None else [tensors[name][k]]


def _shape(tensor) -> list:
    return [None if d is None else int(d) for d in tensor.shape]


def summary(plan: dict, key: str | None = None) -> dict:
    """What Keras itself says of the model: each layer's output shape and counts, and its summary text.

    The model is built as a prediction with seed 0 would build it, and kept: running it next costs no build. Its
    initial weights are drawn only if it runs (``build_unvalued``)."""
    kept = _kept.get(key) if key is not None else None
    if kept is None or kept.model is None:
        built, unvalued = build_unvalued(plan)
        kept = Kept(plan, 0, built)
        kept.unvalued = unvalued
        if key is not None and key not in _kept:
            _keep(key, kept)
    model, tensors = kept.model, kept.tensors
    assert model is not None
    by_name = {layer.name: layer for layer in model.layers}  # get_layer() walks every layer: 429 in DenseNet121
    layers = []
    for entry in plan["layers"]:
        layer = by_name[entry["name"]]
        shapes = [_shape(t) for t in tensors[entry["name"]]]
        layers.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "output_shape": shapes[0] if len(shapes) == 1 else shapes,
                "params": int(layer.count_params()),
                "trainable_params": int(sum(np.prod(w.shape) for w in layer.trainable_weights)),
            }
        )
    trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    total = int(model.count_params())
    return {
        "layers": layers,
        "total_params": total,
        "trainable_params": trainable,
        "non_trainable_params": total - trainable,
        "text": summary_text(model),
    }


def predict(
    plan: dict,
    inputs: list[np.ndarray],
    weights: dict[str, list[np.ndarray]],
    seed: int,
    trace: Collection[str] = (),
    windows: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
    key: str | None = None,
    held: dict[str, str] | None = None,
) -> dict:
    """Run the model once on the data: its layers called eagerly, in the plan's order and wiring, which is what
    ``model(x)`` does (never ``predict``, which costs ~190 ms of set-up per call).

    ``trace`` names the layers whose outputs and weights come back too; ``windows`` the part of each big tensor
    that is sent (cut out here, so only that part crosses the process boundary). ``key`` names the model (plan
    and seed) among the kept ones. ``held``: the traced weights the client holds, by name, with their digests
    (``None``: it says nothing, and no digests come back)."""
    kept = _kept.get(key) if key is not None else None
    if kept is None:
        # new: the layers are built as they are first called (no functional model first: Keras's own costs only);
        # weights to set need the layers built before that call, as Keras's model building does
        kept = Kept(plan, seed, build(plan, seed) if weights else None)
    elif key is not None:
        _kept.move_to_end(key)
    kept.give_values()
    kept.set_weights(weights)
    trace = tuple(trace or ())
    windows = windows or {}
    values = kept.call(trace, inputs)
    masks = kept.calls[trace].masks
    if key is not None and key not in _kept:
        _keep(key, kept)

    def sent(name: str, k: int):
        value = values[name, k]
        array = value.numpy() if hasattr(value, "numpy") else value
        label = tensor_name(name, k, kept.counts[name])
        return _array(cut(array, *windows[label]) if label in windows else array)

    outputs = [sent(name, k) for name, k in kept.output_refs()]
    if not trace:
        return {"outputs": outputs}
    layers = []
    for entry in plan["layers"]:
        name = entry["name"]
        if name not in trace:
            continue
        layer = kept.layers.get(name)
        own = layer.weights if layer is not None else []
        # the plan's names (`kernel`, `forward/kernel`): Keras's paths repeat the layer name and lose direction
        labels = entry.get("weights") or []
        if len(labels) != len(own):
            labels = [w.path.split("/")[-1] for w in own]
        sent_weights = [
            sent_weight(kept, f"{name}/{label}", w, windows, held, name in weights) for label, w in zip(labels, own)
        ]
        layers.append(
            {
                "name": name,
                "type": type(layer).__name__ if layer is not None else "InputLayer",
                "outputs": [sent(name, k) for k in range(kept.counts[name])],
                "masks": [_mask(masks.get((name, k))) for k in range(kept.counts[name])],
                "weights": [(label, array) for label, (array, _) in zip(labels, sent_weights)],
                **({} if held is None else {"digests": [digest for _, digest in sent_weights]}),
            }
        )
    return {"outputs": outputs, "trace": layers}


def sent_weight(
    kept: "Kept", name: str, weight, windows: dict, held: dict[str, str] | None, given: bool
) -> tuple[np.ndarray | None, str | None]:
    """A traced weight's numbers as the answer carries them (the window, if it has one) and, when the client said
    what it holds (``held``), their digest; the numbers are left out (``None``) when it holds these.

    A weight the request did not set (``given``) has its initial numbers (``Kept.set_weights``), so its digest is
    worked out once per kept model and window; a weight it set is hashed anew."""
    window = windows.get(name)
    if held is None:
        return _weight_array(weight, window), None
    array = None
    digest = None if given else kept.digests.get((name, window))
    if digest is None:
        array = _weight_array(weight, window)
        digest = digest_of(array)
        if not given:
            kept.digests[name, window] = digest
    if held.get(name) == digest:
        return None, digest
    return (_weight_array(weight, window) if array is None else array), digest


def _weight_array(weight, window) -> np.ndarray:
    array = weight.numpy()
    return _array(cut(array, *window) if window else array)


def digest_of(array: np.ndarray) -> str:
    """What a client holding these numbers (this dtype and shape) gives back in ``held_weights``."""
    digest = hashlib.blake2b(f"{array.dtype.str}{array.shape}".encode(), digest_size=12)
    digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()


def _assign(layer, values: list[np.ndarray]) -> None:
    """What ``layer.set_weights(values)`` does, straight into TensorFlow's variables: ~0.1 ms instead of ~0.3 for a
    5408 × 10 kernel. Values Keras would have to convert (another dtype: Normalization's count), or would refuse (a
    count or a shape it does not expect), go through Keras itself."""
    variables = layer.weights
    if len(variables) != len(values) or any(
        variable.shape != value.shape or variable.dtype != value.dtype for variable, value in zip(variables, values)
    ):
        layer.set_weights(values)
        return
    for variable, value in zip(variables, values):
        variable.value.assign(value, read_value=False)


class Kept:
    """A model's Keras layers, built, and run as the plan wires them; its initial weights, and the ways it has
    been called (plain, or traced: which layers). ``built``: the functional model a summary (or a request with
    weights) built, whose layers these are."""

    def __init__(self, plan: dict, seed: int, built: tuple[keras.Model, dict[str, list]] | None = None):
        self.plan = plan
        self.seed = seed
        self.model: keras.Model | None = None
        self.tensors: dict[str, list] = {}
        if built is not None:
            self.model, self.tensors = built
        self.layers: dict[str, Any] = {}
        if self.model is not None:
            names = {e["name"] for e in plan["layers"] if e["type"] != "Input"}
            self.layers = {layer.name: layer for layer in self.model.layers if layer.name in names}
        self.counts: dict[str, int] = {name: len(ts) for name, ts in self.tensors.items()}
        """How many output tensors each layer has (known once the layers have run, or been built)."""
        self.initial: dict[str, list[np.ndarray]] = {}
        """The initial weights of each layer a request has changed."""
        self.changed: set[str] = set()
        """Layers whose weights the last request set: they go back to ``initial`` when the next one does not."""
        self.calls: dict[tuple[str, ...], Call] = {}
        self.nbytes = 0
        """Its weights twice (the variables and their initial copy), counted when it is kept."""
        self.digests: dict[tuple[str, Any], str] = {}
        """The digest of each traced weight's initial numbers (and window) a client was told (``sent_weight``)."""
        self.unvalued: list = []
        """Variables made without their initial values (``build_unvalued``): they get them before the first call."""

    def give_values(self) -> None:
        """Draw the initial values of the variables a summary's build left without them."""
        for variable in self.unvalued:
            variable._deferred_initialize()
        self.unvalued = []

    def set_weights(self, weights: dict[str, list[np.ndarray]]) -> None:
        """Set the weights given; every other layer a request set before goes back to its initial weights,
        which are copied the first time a request changes them (most models are never given weights)."""
        restored = self.changed - set(weights)
        for name in restored:
            _assign(self.layers[name], self.initial[name])
        for name, values in weights.items():
            layer = self.layers[name]
            if name not in self.initial:
                self.initial[name] = [w.numpy() for w in layer.weights]
            _assign(layer, values)
        self.changed = set(weights)
        # As Keras loads weights: a preprocessing layer (Normalization) turns its weights into constants here,
        # which a compiled call has captured, so those calls are made anew.
        finalised = [self.layers[name] for name in restored | self.changed]
        finalised = [layer for layer in finalised if hasattr(layer, "finalize_state")]
        for layer in finalised:
            layer.finalize_state()
        if finalised:
            self.calls.clear()

    def run(self, inputs: list, masks: dict | None = None) -> dict[str, list]:
        """Every layer's outputs: each layer called on its inputs' outputs, in plan order. A layer not made yet
        is made (seeded as ``build`` would) and built by this first call, as Keras builds a layer. ``masks``
        gets the Keras mask of each output that has one, by (layer, k), read as it is made (a later layer may
        take it off: MultiHeadAttention does)."""
        if not self.layers:
            _count_build()
            seed_keras(self.seed)
        fed = dict(zip(self.plan["inputs"], inputs))
        out: dict[str, list] = {}
        for entry in self.plan["layers"]:
            name = entry["name"]
            if entry["type"] == "Input":
                out[name] = [fed[name]]
                continue
            layer = self.layers.get(name)
            if layer is None:
                layer = self.layers[name] = _make_layer(entry["type"], name, entry["kwargs"], entry.get("wrapper"))
            ins = [t for ref in entry["inputs"] for t in _pick(out, ref)]
            result = _call(layer, entry, ins, training=False)
            out[name] = list(result) if isinstance(result, (list, tuple)) else [result]
            if masks is not None:
                masks.update({(name, k): m for k, t in enumerate(out[name]) if (m := get_keras_mask(t)) is not None})
        return out

    def output_refs(self) -> list[tuple[str, int]]:
        return [(name, k) for name, pick in self.plan["outputs"] for k in _ks(self.counts, name, pick)]

    def wanted(self, trace: tuple[str, ...]) -> list[tuple[str, int]]:
        """The tensors a call with this trace returns: the traced layers' outputs, then the model's others."""
        traced = [(name, k) for name in trace for k in range(self.counts[name])]
        return traced + [ref for ref in self.output_refs() if ref not in traced]

    def call(self, trace: tuple[str, ...], inputs: list[np.ndarray]) -> dict[tuple[str, int], Any]:
        """The traced layers' outputs and the model's, by (layer, k)."""
        call = self.calls.get(trace)
        if call is None:
            call = self.calls[trace] = Call(self, trace)
        return call(inputs)


class Call:
    """One way of calling a kept model (its trace): eagerly, then through a compiled function once the eager calls
    have cost about what compiling is expected to cost (``COMPILE_CALLS``), compiled when the worker has a moment
    (``compile_due``) or at the next call. The first call is not counted: it pays one-time set-up (and builds)."""

    def __init__(self, kept: Kept, trace: tuple[str, ...]):
        self.kept = kept
        self.trace = trace
        self.calls = 0
        self.eager_seconds = 0.0
        """CPU time of the eager calls after the first."""
        self.compiled: Any = None
        """The traced function (a ``tf.function``'s concrete function, for any batch size)."""
        self.options: Any = None
        """How TensorFlow runs it: as traced, its graph not rewritten (``_as_traced``)."""
        self.due: list[Any] | None = None
        """Once its eager calls have paid for compiling it, the inputs' signature to compile it for: in the worker's
        next moment with nothing to do (``compile_due``), or at its next call if none came."""
        self.masks: dict[tuple[str, int], Any] = {}
        """The Keras masks of the traced outputs that have one (an Embedding's with mask_zero), last call's."""
        self.eager_only = False
        """Its trace failed once: it is called eagerly from then on (the eager call is the one whose numbers count)."""

    def __call__(self, inputs: list[np.ndarray]) -> dict[tuple[str, int], Any]:
        self.calls += 1
        if self.compiled is None and self.due is not None:
            self.compile(self.due)  # due since the last call, and the worker had no moment to spare since
        elif self.compiled is None and not self.eager_only and self.pays():
            self.due = [tf.TensorSpec((None, *a.shape[1:]), a.dtype) for a in inputs]
            _due.append(self)
        if self.compiled is not None:
            wanted = self.kept.wanted(self.trace)
            with _as_traced(self.options):
                values = self.compiled(*inputs)
            self.masks = dict(zip(self.masks, values[len(wanted) :]))
            return dict(zip(wanted, values))
        start = time.process_time()
        masks: dict = {}
        out = self.kept.run(inputs, masks)
        if self.calls > 1:
            self.eager_seconds += time.process_time() - start
        self.kept.counts = {name: len(ts) for name, ts in out.items()}
        self.masks = {ref: mask for ref, mask in masks.items() if ref[0] in self.trace}
        return {(name, k): out[name][k] for name, k in self.kept.wanted(self.trace)}

    def pays(self) -> bool:
        """Whether the eager calls timed so far (n of them, E seconds) have cost what compiling is expected to:
        ``COMPILE_CALLS`` (k) of them, their mean, and ``COMPILE_BASE_SECONDS`` (b), at most
        ``COMPILE_MOST_SECONDS`` (m). E >= min(k E / n + b, m), the first written (n - k) E >= b n: exact when it
        holds with equality (b = 0, n = k)."""
        timed = self.calls - 2  # this call is not made yet, and the first is not timed
        spent = self.eager_seconds
        return timed > 0 and (
            spent >= COMPILE_MOST_SECONDS or (timed - COMPILE_CALLS) * spent >= COMPILE_BASE_SECONDS * timed
        )

    def compile(self, inputs: list[Any]) -> None:
        """The call traced into a function for any batch size of ``inputs`` (arrays, or their ``tf.TensorSpec``);
        the layers must have run once."""
        kept, wanted, masked = self.kept, self.kept.wanted(self.trace), list(self.masks)

        def function(*xs):
            masks: dict = {}
            out = kept.run(list(xs), masks)
            return [out[name][k] for name, k in wanted] + [masks[ref] for ref in masked]

        signature = [tf.TensorSpec((None, *a.shape[1:]), a.dtype) for a in inputs]
        self.due = None
        if self in _due:
            _due.remove(self)
        try:
            compiled = tf.function(function, input_signature=signature, autograph=False).get_concrete_function()
        except Exception:  # a model TensorFlow cannot trace still runs eagerly, as it did: only slower
            log.exception("tracing a kept model's call failed; it stays eager")
            self.eager_only = True
            return
        usual = eager_context.context().function_call_options  # this thread's, as TensorFlow would call it
        config = tf.compat.v1.ConfigProto.FromString(usual.config_proto_serialized)
        config.graph_options.rewrite_options.disable_meta_optimizer = True
        self.options = eager_context.FunctionCallOptions(executor_type=usual.executor_type, config_proto=config)
        self.compiled = compiled


@contextmanager
def _as_traced(options: Any) -> Iterator[None]:
    """Run a traced function with TensorFlow's graph rewrites (grappler) off, in this thread only: it then runs the
    very kernels the eager call ran, and its first call costs less than half as much (a Dense model's: ~3 instead of
    ~8 ms; an LSTM's: ~16 instead of ~34). TensorFlow rewrites a function when it is first called with given options
    and again when they change, so every call goes through here; other code in the process (a notebook's own
    models) keeps its rewrites. TensorFlow's public ``tf.experimental.function_executor_type`` sets these
    per-thread options the same way."""
    context = eager_context.context()
    before = context.function_call_options
    context.function_call_options = options
    try:
        yield
    finally:
        context.function_call_options = before


_due: "deque[Call]" = deque(maxlen=16)
"""Calls whose eager calls have paid for compiling them (``Call.due``), oldest first; a few, so that the models of
those never compiled here are not held (one pushed out compiles at its next call)."""


def compile_due() -> bool:
    """Compile the oldest call due to be compiled, if its model is still kept: what a worker does when no task waits,
    so that a request waits for a trace (10–120 ms) only when it arrives during one. Whether one was compiled (there may be more)."""
    while _due:
        call = _due.popleft()
        kept = call.kept
        if call.due is not None and kept.calls.get(call.trace) is call and any(k is kept for k in _kept.values()):
            call.compile(call.due)
            return True
    return False


_kept: "OrderedDict[str, Kept]" = OrderedDict()
_limits = {"entries": 128, "bytes": 128 * 2**20}


def keep(entries: int, max_bytes: int) -> None:
    """How many built models (and bytes of their weights, counted twice) each worker keeps."""
    _limits.update(entries=entries, bytes=max_bytes)
    _evict()


COLLECT_BYTES = 32 * 2**20
"""A model not kept whose weights (counted twice, as ``Kept.nbytes``) pass this is collected as soon as its task ends
(``run``). A Keras model is a web of reference cycles, and the workers run the full collection rarely (``app.workers``):
VGG16's 553 MB of weights were held until then, one dead copy after another, and every new build's memory came fresh
from the system (0.3-0.6 s of page faults in a 1 s summary)."""

_collect = False
"""Whether the task that is running has let go of a model of more than ``COLLECT_BYTES``."""


def _keep(key: str, kept: Kept) -> None:
    """Keep a model for the next request of it, when it is small enough."""
    global _collect
    kept.nbytes = 8 * sum(layer.count_params() for layer in kept.layers.values())  # the weights and their copy
    if _limits["entries"] and kept.nbytes <= _limits["bytes"] // 4:
        _kept[key] = kept
        _evict()
    elif kept.nbytes > COLLECT_BYTES:
        _collect = True


def _evict() -> None:
    total = sum(k.nbytes for k in _kept.values())
    while len(_kept) > _limits["entries"] or total > _limits["bytes"]:
        total -= _kept.popitem(last=False)[1].nbytes


def kept_models() -> int:
    return len(_kept)


def _ks(counts: dict[str, int], name: str, pick: int | None) -> range | list[int]:
    return range(counts[name]) if pick is None else [pick]


def _mask(mask) -> list | None:
    """A Keras mask as lists of booleans (one per step), or None where an output has none."""
    return None if mask is None else keras.ops.convert_to_numpy(mask).astype(bool).tolist()


def _array(value) -> np.ndarray:
    return np.require(keras.ops.convert_to_numpy(value), requirements="C")  # keeps a 0-d array 0-d


def run(task: dict) -> dict:
    """The worker's entry point: one task in, plain data out; a Keras refusal becomes ``{"error": ...}``."""
    global _collect
    try:
        return _run(task)
    finally:
        if _collect:  # the task's own references are gone now
            _collect = False
            gc.collect()


def _run(task: dict) -> dict:
    try:
        if task["kind"] == "summary":
            return summary(task["plan"], task.get("key"))
        if task["kind"] == "predict":
            return predict(
                task["plan"],
                task["inputs"],
                task["weights"],
                task["seed"],
                task["trace"],
                task["windows"],
                task.get("key"),
                task.get("held"),
            )
        if task["kind"] == "ping":
            return {"pid": os.getpid()}
        raise ValueError(f"unknown task kind {task['kind']!r}")
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        return {"error": strip_ansi(str(exc)).strip()}
    except Exception as exc:  # TensorFlow's own errors (e.g. InvalidArgumentError) carry the user's mistake too
        return {"error": strip_ansi(getattr(exc, "message", None) or str(exc)).strip()}


def warm_up() -> None:
    """Pay the first-model costs (graph tracing, kernel selection) before the first request does."""
    plan = {
        "name": "warm",
        "layers": [
            {"name": "i", "type": "Input", "kwargs": {"shape": [4, 4, 1]}, "inputs": [], "takes_list": False},
            {
                "name": "c",
                "type": "Conv2D",
                "kwargs": {"filters": 1, "kernel_size": 2},
                "inputs": [("i", None)],
                "takes_list": False,
            },
            {"name": "f", "type": "Flatten", "kwargs": {}, "inputs": [("c", None)], "takes_list": False},
            {"name": "d", "type": "Dense", "kwargs": {"units": 1}, "inputs": [("f", None)], "takes_list": False},
        ],
        "inputs": ["i"],
        "outputs": [("d", None)],
    }
    summary(plan)
    predict(plan, [np.zeros((1, 4, 4, 1), "float32")], {}, 0, ["i", "c", "f", "d"], {})
    zeros = [np.zeros((1, 4, 4, 1), "float32")]
    call = Call(Kept(plan, 0), ())  # and the compiled path's
    call(zeros)
    call.compile(zeros)
    call(zeros)
