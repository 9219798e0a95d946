"""A request's JSON body: checked strictly once, read lazily, its big arrays of numbers made numpy arrays directly.

simdjson checks a body of 54,080 numbers (470 kB) in ~0.7 ms and copies an array of them into a buffer without
a Python float per number; orjson takes ~3 ms for the same body and numpy ~2 ms more to make an array of its
lists. Whatever simdjson refuses, orjson reads as it always did: the same values, or the same refusal.
"""

import json
from collections.abc import Iterable
from itertools import chain
from math import prod
from typing import Any

import numpy as np
import orjson
import simdjson

from . import messages
from .errors import BadRequest

BYTE_ORDER_MARK = b"\xef\xbb\xbf"
"""simdjson skips one; orjson, and JSON itself (RFC 8259), refuse it."""

PARSERS_KEPT = 2
PARSER_KEPT_BYTES = 2 * 2**20
"""simdjson parsers kept for the next bodies once a body has been read: a parser keeps the buffers it grew, and a new
one for each body cost twice as much (470 kB of weights, back to back: parsed in 0.6 instead of 1.2–1.4 ms, its
arrays read in 0.6 instead of 0.95). Kept only after a body of at most ``PARSER_KEPT_BYTES`` (its buffers are ~3
times the body: ~1.3 MiB for 470 kB), and a few: one is busy per body not yet read."""

_parsers: list[simdjson.Parser] = []


def read_json(body: bytes) -> "JsonBody":
    """The body as JSON, or the refusal that says why it is not: not JSON at all (400); ``NaN`` and ``Infinity``,
    which Python's json module reads and JSON has not, or a number past every float (422)."""
    if not body.startswith(BYTE_ORDER_MARK):
        parser = _parsers.pop() if _parsers else simdjson.Parser()
        try:
            return JsonBody(body, parser.parse(body), parser=parser)
        except (ValueError, RuntimeError):  # e.g. an integer past 64 bits, which orjson reads as a float
            pass
    try:
        return JsonBody(body, None, orjson.loads(body))
    except orjson.JSONDecodeError as exc:
        constants: list[str] = []  # what Python's json reads and JSON has not: NaN, Infinity, -Infinity
        try:
            json.loads(body, parse_constant=constants.append)
        except (ValueError, RecursionError):
            constants = []
        if constants:
            raise messages.invalid("request.nan", where=messages.text("request.body")) from None
        if "infinity" in str(exc):  # a number like 1e400, past every float
            raise messages.invalid("request.number_too_large", where=messages.text("request.body")) from None
        raise messages.refusal(  # e.g. a byte order mark or a lone surrogate
            BadRequest, "request.not_json", where=messages.text("request.body"), reason=str(exc)
        ) from None


class JsonBody:
    """What a JSON body holds: ``plain()``, the Python values orjson makes of it; ``with_arrays(fields)``, the same
    with every array of numbers at those top-level fields (an input, a layer's weight) a float64 numpy array."""

    def __init__(self, body: bytes, document: Any, plain: Any = None, parser: Any = None):
        self.body = body
        self.document = document
        """simdjson's document (its arrays and objects read when asked), or None when orjson read the body or once
        its values have been read (``plain``, ``with_arrays``)."""
        self._plain = plain
        self._parser = parser

    def plain(self) -> Any:
        """orjson's own values: it makes them faster than simdjson's conversion of a body of many objects (a
        DenseNet121 to import: 3.6 against 5.9 ms); simdjson's, should orjson refuse what simdjson read."""
        if self._plain is None:
            try:
                self._plain = orjson.loads(self.body)
            except orjson.JSONDecodeError:  # simdjson read it (its document let go: read it again)
                self._plain = _python(
                    self.document if self.document is not None else simdjson.Parser().parse(self.body)
                )
            self._done()
        return self._plain

    def _done(self) -> None:
        """The document read: its parser is free for the next body (``PARSERS_KEPT``). What was read from it is
        copied out (numpy arrays, lists, dicts), and nothing refers to it any more."""
        parser, self._parser, self.document = self._parser, None, None
        if parser is not None and len(self.body) <= PARSER_KEPT_BYTES and len(_parsers) < PARSERS_KEPT:
            _parsers.append(parser)

    def with_arrays(self, fields: dict[str, str]) -> Any:
        """``fields``: each top-level field whose arrays to make numpy arrays, and how it holds them: ``"arrays"``
        (it is one, a list of them or an object of them by name) or ``"lists"`` (an object of lists of them).

        An array is made a numpy array only when it is rectangular and all numbers (anything else stays lists,
        for ``app.data`` to name the cell that is wrong). That is proved by its lengths, read at every level but
        the last; simdjson's copy of its numbers, which refuses a bool, null, text or object among them; and the
        count of ``[`` in the body, one for each array written (none is in a string), so that no array hides in a
        row of the last level."""
        out = _read_fields(self.document, fields)
        if out is None:
            return self.plain()
        values, brackets = out
        lists = _lists(values)
        if lists is None or np.count_nonzero(np.frombuffer(self.body, np.uint8) == ord("[")) != lists + brackets:
            return self.plain()
        self._done()
        return values


def _read_fields(document: Any, fields: dict[str, str]) -> tuple[dict[str, Any], int] | None:
    """The top-level fields' values, those in ``fields`` with their arrays of numbers read as numpy arrays, and how
    many arrays those were written with; None when the document is not an object (or has been read)."""
    fields_read = _fields(document)
    if fields_read is None:
        return None
    brackets = [0]
    out = {}
    for key, value in fields_read:
        holds = fields.get(key)
        if holds == "arrays":
            out[key] = _arrays(value, brackets)
        elif holds == "lists" and (named := _fields(value)) is not None:
            out[key] = {name: _list_of_arrays(values, brackets) for name, values in named}
        else:
            out[key] = _python(value)
    return out, brackets[0]


def _fields(value: Any) -> list[tuple[str, Any]] | None:
    """An object's fields, their values not read yet (simdjson's ``items()`` reads them all); None when it is not
    an object or a name is given twice (orjson keeps the last value, simdjson finds the first)."""
    if not isinstance(value, simdjson.Object):
        return None
    names = list(value)
    if len(set(names)) != len(names):
        return None
    try:
        return [(name, value[name]) for name in names]
    except KeyError:  # a name simdjson lists but cannot look up (one holding U+0000): read as orjson reads it
        return None


def _python(value: Any) -> Any:
    if isinstance(value, simdjson.Object):
        return value.as_dict()
    if isinstance(value, simdjson.Array):
        return value.as_list()
    return value


def _arrays(value: Any, brackets: list[int]) -> Any:
    """One array, a list of arrays (several inputs of one shape are one array) or an object of them by name."""
    named = _fields(value)
    if named is not None:
        return {name: _array(item, brackets) for name, item in named}
    return _array(value, brackets)


def _list_of_arrays(value: Any, brackets: list[int]) -> Any:
    if isinstance(value, simdjson.Array):
        return [_array(item, brackets) for item in value]
    return _python(value)


def _array(value: Any, brackets: list[int]) -> Any:
    """A numpy array of a rectangular array of numbers (``brackets`` counts the arrays it is written with); any
    other value as plain Python."""
    if not isinstance(value, simdjson.Array):
        return _python(value)
    shape = []
    item = value
    while isinstance(item, simdjson.Array) and len(item):
        shape.append(len(item))
        item = item[0]
    level: list[Any] = [value]
    for depth, size in enumerate(shape[1:], 2):
        rows: Iterable[Any] = chain.from_iterable(level)
        if depth < len(shape):
            rows = level = list(rows)  # the last level's rows are only measured: keeping thousands costs 3 times more
        try:
            if set(map(len, rows)) != {size}:  # a text or an object of that length: simdjson's copy refuses it
                return value.as_list()
        except TypeError:  # a number where a row should be
            return value.as_list()
    try:
        numbers = np.frombuffer(value.as_buffer(of_type="d"), dtype=np.float64)
    except (TypeError, ValueError):  # a bool, null, text or object among the numbers
        return value.as_list()
    if not shape or numbers.size != prod(shape):
        return value.as_list()
    brackets[0] += sum(prod(shape[:depth]) for depth in range(len(shape)))
    return numbers.reshape(shape)


def _lists(value: Any) -> int | None:
    """How many arrays the plain values are written with, or None if a text holds a ``[``."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            count += 1
            stack.extend(item)
        elif isinstance(item, dict):
            if any("[" in key for key in item):
                return None
            stack.extend(item.values())
        elif isinstance(item, str) and "[" in item:
            return None
    return count
