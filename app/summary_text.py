"""A functional Keras model's summary, the text ``model.summary()`` prints, written from Keras's own facts.

Keras draws that text with rich, which is ~90 % of what ``summary()`` costs (2-3 ms for a small model, far more for
DenseNet121's 429 rows). The text here is the same, byte for byte: the frame (borders, header, column widths) is
rich's own, drawn once for each width and kind of table; each cell holds what Keras writes in it (the layer's name
and class, Keras's own output shape text, its parameter count, what it is connected to) and is laid out as rich lays
out a cell, a cell too long for its column wrapped by rich itself. A model this cannot vouch for (not functional,
compiled, any text outside ASCII, a line wider than the console) gets Keras's own ``summary()``.
``tests/test_summary_text.py`` holds the two equal for every lesson step, gallery model and layer type.
"""

import io
import re
import shutil
from contextlib import redirect_stdout
from functools import cache

import keras
import rich.console
import rich.table
import rich.text
from keras.src import tree
from keras.src.models import Functional
from keras.src.utils import summary_utils
from rich.console import JustifyMethod

from .errors import strip_ansi

HIGHLIGHT = re.compile(r"\[color\(\d+\)\]|\[/\]")
"""The colour markup Keras wraps numbers in (``highlight_number``): rich shows the text between the tags."""

Kind = tuple[int, tuple[float, ...], tuple[str, ...], tuple[JustifyMethod, ...]]

SEQUENTIAL: Kind = (88, (0.45, 0.80, 1.0), ("Layer (type)", "Output Shape", "Param #"), ("left", "left", "right"))
CONNECTED: Kind = (
    108,
    (0.3, 0.56, 0.74, 1.0),
    ("Layer (type)", "Output Shape", "Param #", "Connected to"),
    ("left", "left", "right", "left"),
)
"""Keras's two tables (``print_summary``): default width, column positions, headers, alignment."""


def summary_text(model: keras.Model) -> str:
    """The model's summary text as ``model.summary()`` prints it (its colour codes left out)."""
    if not isinstance(model, Functional) or model.compiled:
        return keras_summary_text(model)
    sequential_like, relevant = _table_kind(model)
    default, *_, alignment = SEQUENTIAL if sequential_like else CONNECTED
    line_length = min(default, shutil.get_terminal_size().columns - 4)
    frame = _frame(line_length, sequential_like)
    if frame is None:
        return keras_summary_text(model)
    top, header, below_header, between, bottom, widths = frame
    lines = [f'Model: "{model.name}"', top, header, below_header]
    for k, layer in enumerate(model._operations):
        fields = [f"{layer.name} ({type(layer).__name__})", _plain(summary_utils.format_layer_shape(layer))]
        fields.append(_params(layer))
        if not sequential_like:
            fields.append(_connections(layer, relevant))
        if not all(field.isascii() for field in fields) or any(c in fields[0] for c in ":\\"):
            return keras_summary_text(model)  # rich would draw these otherwise (emoji codes, escapes)
        cells = [_cell(field, width, justify) for field, width, justify in zip(fields, widths, alignment)]
        height = max(len(cell) for cell in cells)
        if k:
            lines.append(between)
        for row in range(height):
            parts = [cell[row] if row < len(cell) else " " * width for cell, width in zip(cells, widths)]
            lines.append("│" + "│".join(parts) + "│")
    lines.append(bottom)
    trainable = getattr(model, "_collected_trainable_weights", None)
    if trainable is None:
        trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    counts = [summary_utils.count_params(weights) for weights in (trainable, non_trainable)]
    sizes = [summary_utils.weight_memory_size(weights) for weights in (trainable, non_trainable)]
    for label, count, size in (
        ("Total", sum(counts), sum(sizes)),
        ("Trainable", counts[0], sizes[0]),
        ("Non-trainable", counts[1], sizes[1]),
    ):
        lines.append(f" {label} params: {count:,} ({summary_utils.readable_memory_size(size)})")
    if any(len(line) > line_length + 4 for line in (lines[0], *lines[-3:])):
        return keras_summary_text(model)  # rich would wrap these lines at the console's width
    return "\n".join(lines) + "\n"


def keras_summary_text(model: keras.Model) -> str:
    """Keras's own ``summary()`` text, its colour codes left out."""
    lines: list[str] = []
    with redirect_stdout(io.StringIO()):  # rich's box characters follow the output's encoding: always UTF-8
        model.summary(print_fn=lambda text, line_break=True: lines.append(text))
    return strip_ansi("\n".join(lines)).rstrip() + "\n"


def _table_kind(model: Functional) -> tuple[bool, set[int]]:
    """Whether Keras draws the model as a sequence (no "Connected to" column), as ``print_summary`` decides; and
    the ids of the nodes it lists connections of."""
    nodes_by_depth = list(model._nodes_by_depth.values())
    nodes = []
    sequential_like = True
    for v in nodes_by_depth:
        if len(v) > 1 or (len(v) == 1 and len(tree.flatten(v[0].input_tensors)) > 1):
            sequential_like = False
            break
        nodes += v
    if sequential_like:
        listed = {id(node) for node in nodes}
        for layer in model.layers:
            if sum(id(node) in listed for node in layer._inbound_nodes) > 1:
                sequential_like = False  # a shared layer
                break
    return sequential_like, {id(node) for v in nodes_by_depth for node in v}


def _params(layer) -> str:
    if not hasattr(layer, "built"):
        return "0"
    if not layer.built:
        return "0 (unbuilt)"
    return f"{layer.count_params():,}"


def _connections(layer, relevant: set[int]) -> str:
    connections = []
    for node in layer._inbound_nodes:
        if relevant and id(node) not in relevant:
            continue
        for tensor in node.input_tensors:
            history = tensor._keras_history
            connections.append(f"{history.operation.name}[{history.node_index}][{history.tensor_index}]")
    return ", ".join(connections) or "-"


def _plain(markup: str) -> str:
    return HIGHLIGHT.sub("", markup)


def _cell(text: str, width: int, justify: JustifyMethod) -> list[str]:
    """A cell's lines as rich draws them: padded by a space each side; text longer than the column wrapped at its
    spaces, a word longer than a line cut with "…" (rich's own ``Text.wrap``)."""
    inner = width - 2
    if len(text) <= inner:
        return [" " + (text.ljust(inner) if justify == "left" else text.rjust(inner)) + " "]
    wrapped = rich.text.Text(text).wrap(_console(), inner, justify=justify, overflow="ellipsis")
    return [" " + line.plain.ljust(inner) + " " for line in wrapped]


@cache
def _console() -> rich.console.Console:
    return rich.console.Console(highlight=False, force_terminal=False, color_system=None)


@cache
def _frame(line_length: int, sequential_like: bool) -> tuple[str, str, str, str, str, list[int]] | None:
    """Keras's table drawn by rich with two empty rows: its top, header, line under the header, line between rows,
    bottom, and each column's width (padding included). None when it is not that simple (headers wrapped in
    columns too narrow, or too narrow for Keras at all)."""
    _, positions, headers, alignment = SEQUENTIAL if sequential_like else CONNECTED
    widths, current = [], 0
    for position in positions:
        widths.append(int(position * line_length) - current)
        current += widths[-1]
    if min(widths) < 4:
        return None
    columns = [rich.table.Column(h, justify=j, width=w) for h, j, w in zip(headers, alignment, widths)]
    table = rich.table.Table(*columns, width=line_length, show_lines=True)
    for _ in range(2):
        table.add_row(*[""] * len(columns))
    console = _console()
    with redirect_stdout(io.StringIO()):
        console.begin_capture()
        console.print(table)
        lines = console.end_capture().splitlines()
    if len(lines) != 7:
        return None
    top, header, below_header, row, between, _, bottom = lines
    return top, header, below_header, between, bottom, [len(part) for part in row[1:-1].split("│")]
