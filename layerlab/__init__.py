"""Layer Lab in a notebook: a learner's own live Keras model, its weights and data, in the page's views.

    import layerlab
    layerlab.show(model, x)                       # the summary with every formula, every layer's outputs on x
    layerlab.explain(model.get_layer("lstm"), x)  # one layer, on its own input x
    layerlab.open_in_lab(model, x, url="http://localhost:8000")  # a share link for a Layer Lab server

The model is read through Layer Lab's catalogue (``reader``), run by Layer Lab's own engine in this kernel
(``kernel``), and drawn by the page's modules (``widget``).
"""

import base64
import json
import zlib
from typing import Any

import numpy as np

from app import messages

from .reader import Refused, read
from .widget import LayerLab, sources, styles

__all__ = ["LayerLab", "Refused", "explain", "open_in_lab", "show"]

LANGUAGES = ("ru", "en")


def show(model: Any, data: Any = None, *, lang: str | None = None, layer: str | None = None) -> LayerLab:
    """The widget for ``model`` (functional or Sequential, built): its summary; given ``data`` (what
    ``model.predict`` takes), the trace of every layer's outputs on it and each layer's view, with the model's
    actual weights. ``lang``: ``"ru"`` or ``"en"`` (default: the notebook's language). ``layer``: the view shown
    first (default: the last layer)."""
    from .kernel import answers

    return _widget(answers(model, data), lang, layer)


def explain(layer: Any, data: Any = None, *, lang: str | None = None) -> LayerLab:
    """The widget for one layer of a model (``model.get_layer("lstm")``), with its weights, on ``data``: the
    input that layer takes (batch axis first)."""
    from .kernel import answers_for_layer

    reply = answers_for_layer(layer, data)
    return _widget(reply, lang, reply["summary"]["layers"][-1]["name"])


def open_in_lab(model: Any, data: Any = None, *, url: str = "http://localhost:8000", lang: str | None = None) -> str:
    """A link that opens this model, its weights and ``data`` in a running Layer Lab server (the page's own share
    link, ``static/js/state.js``). A layer outside Layer Lab's catalogue cannot travel: the model is refused."""
    reading = read(model, max_layers=10_000)
    if reading.opaque:
        names = ", ".join(repr(name) for name in reading.opaque)
        raise Refused(messages.text("widget.opaque_link", names=names))
    snapshot: dict[str, Any] = {"m": reading.spec, "s": 0}
    if data is not None:
        arrays = data if isinstance(data, (list, tuple)) and len(reading.inputs) > 1 else [data]
        if len(arrays) != len(reading.inputs):
            raise Refused(messages.text("data.inputs_count", count=len(reading.inputs), names=str(reading.inputs)))
        snapshot["d"] = {name: _tensor(array) for name, array in zip(reading.inputs, arrays)}
    snapshot["w"] = {
        name: [None, [[f"#{k}", *_tensor(w, float32=True)] for k, w in enumerate(values)], "you"]
        for name, values in reading.weights.items()
    }
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # deflate-raw, as the page's CompressionStream writes it
    packed = packer.compress(json.dumps(snapshot, separators=(",", ":")).encode()) + packer.flush()
    payload = base64.urlsafe_b64encode(packed).decode().rstrip("=")
    query = f"?lang={lang}" if lang in LANGUAGES else ""
    return f"{url.rstrip('/')}/{query}#lab=z.{payload}"


def _tensor(value: Any, float32: bool = False) -> list:
    """``[shape, flat values]``; float32 weights written in their shortest form that reads back the same."""
    array = np.asarray(value)
    if float32 or array.dtype == np.float32:
        values: list = [float(str(v)) for v in array.astype(np.float32).ravel()]
    else:
        values = array.ravel().tolist()
    return [list(array.shape), values]


def _widget(reply: dict, lang: str | None, focus: str | None) -> LayerLab:
    if lang is not None and lang not in LANGUAGES:
        raise Refused(messages.text("widget.lang", lang=repr(lang)))
    return LayerLab(
        sources=sources(),
        styles=styles(),
        summary=reply["summary"],
        prediction=reply["prediction"],
        refusal=reply["refusal"],
        lang=lang or "",
        focus=focus or "",
        request=reply["request"],
    )
