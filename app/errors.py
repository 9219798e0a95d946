"""Errors that carry their own HTTP status, so one handler turns each into one JSON shape.

This module never imports FastAPI: the layer engine raises these and the web layer renders them as
``{"ok": false, "status": ..., "error": ..., "layer": ..., "arg": ...}``.
"""

import re

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    """Keras colours its messages for terminals; a JSON answer wants plain text."""
    return _ANSI.sub("", text)


class LayerLabError(Exception):
    status = 400

    def __init__(
        self,
        message: str,
        *,
        ru: str | None = None,
        layer: str | int | None = None,
        arg: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.message = strip_ansi(message)
        self.message_ru = strip_ansi(ru) if ru else None
        self.layer = layer
        self.arg = arg
        self.headers = headers or {}

    def to_dict(self) -> dict:
        body = {"ok": False, "status": self.status, "error": self.message}
        if self.message_ru:
            body["error_ru"] = self.message_ru
        if self.layer is not None:
            body["layer"] = self.layer
        if self.arg is not None:
            body["arg"] = self.arg
        return body


class BadRequest(LayerLabError):
    status = 400


class NotFound(LayerLabError):
    status = 404


class TooLarge(LayerLabError):
    status = 413


class Invalid(LayerLabError):
    """The request is well-formed JSON but describes something that cannot be built or run."""

    status = 422


class Busy(LayerLabError):
    status = 503

    def __init__(self, message: str, *, ru: str | None = None, retry_after: int = 1):
        super().__init__(message, ru=ru, headers={"Retry-After": str(retry_after)})


class WorkerLost(LayerLabError):
    status = 503


class TimedOut(LayerLabError):
    status = 504
