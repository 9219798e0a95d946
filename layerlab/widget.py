"""The notebook widget (anywidget): the page's own modules, from ``static/`` shipped inside the package, fed the
answers ``kernel.answers`` computed in the kernel.

Its front end, ``static/js/notebook.js``, receives the modules' sources (``sources``, by path under ``static/``) and loads them itself,
each as a module of its own (a blob URL) whose relative imports point at the blob URLs of the modules they name:
the views run unchanged, with no server and nothing from the internet.
"""

import functools
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from app.errors import LayerLabError

HERE = Path(__file__).parent
STATIC = HERE / "static"
"""``static/`` of the repository (a link to it in a checkout; its copy inside the wheel)."""


@functools.cache
def sources() -> dict[str, str]:
    """Every module of the page (``static/js``) and of the libraries it vendors (``static/vendor``), by its path
    under ``static/`` (``js/views/index.js``)."""
    paths = sorted([*(STATIC / "js").rglob("*.js"), *(STATIC / "vendor").rglob("*.js")])
    return {path.relative_to(STATIC).as_posix(): path.read_text("utf-8") for path in paths}


PRINT_ONLY = {"print.css"}
"""Stylesheets the page links with ``media="print"``: in the widget they apply only when printing too."""


@functools.cache
def styles() -> str:
    """The page's stylesheets (``static/css``), the widget's shadow root's own."""
    sheets = []
    for path in sorted((STATIC / "css").glob("*.css")):
        text = path.read_text("utf-8")
        sheets.append(f"@media print {{\n{text}\n}}" if path.name in PRINT_ONLY else text)
    return "\n".join(sheets)


class LayerLab(anywidget.AnyWidget):
    """The widget; ``request``: the prediction it shows (``kernel.answers``), run again for another part of a big
    tensor when the view asks for one (``window_at``)."""

    _esm = STATIC / "js" / "notebook.js"

    sources = traitlets.Dict().tag(sync=True)
    styles = traitlets.Unicode().tag(sync=True)
    summary = traitlets.Dict().tag(sync=True)
    prediction = traitlets.Dict(allow_none=True).tag(sync=True)
    refusal = traitlets.Dict(allow_none=True).tag(sync=True)
    """Why the data could not be run, or another part of a big tensor not sent, ``{"en", "ru"}``."""
    lang = traitlets.Unicode("").tag(sync=True)
    """``ru`` or ``en``; empty: the notebook's own language (its page's, else the browser's)."""
    focus = traitlets.Unicode("").tag(sync=True)
    """The layer whose view opens first (``explain``); empty: the last one traced."""
    window_at = traitlets.Dict().tag(sync=True)
    """Where the view wants each big tensor's part to begin (its name in the answer → one start per axis, batch
    first), as the page's ``window.at``: set by the front end, answered with a new ``prediction``."""

    def __init__(self, *, request: Any = None, **traits: Any):
        super().__init__(**traits)
        self._request = request

    @traitlets.observe("window_at")
    def _move(self, change: dict) -> None:
        from .kernel import moved, refusal_of

        if self._request is None:
            return
        try:
            self.prediction = moved(self._request, change["new"])
        except LayerLabError as exc:
            self.refusal = refusal_of(exc)
