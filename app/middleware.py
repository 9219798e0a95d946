"""ASGI middleware: request bodies checked before anything parses them, security headers on every answer, and a
client that refuses gzip heard."""

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import messages
from .errors import LayerLabError, TooLarge
from .json_body import JsonBody, read_json

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        b"frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RefusedGzip:
    """A client may list gzip and refuse it in one header (``Accept-Encoding: gzip;q=0``, RFC 9110 §12.5.3): its
    header is rewritten to ``identity`` here, so everything after this (the answers kept gzipped, the page's files,
    GZipMiddleware), which looks for the word ``gzip``, sends it plain."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope["headers"]
            if any(name == b"accept-encoding" and b"gzip" in value and refuses_gzip(value) for name, value in headers):
                scope = dict(scope)
                scope["headers"] = [
                    (name, b"identity" if name == b"accept-encoding" else value) for name, value in headers
                ]
        await self.app(scope, receive, send)


def refuses_gzip(accept_encoding: bytes) -> bool:
    """Whether an Accept-Encoding header that names gzip gives it a weight of 0 (``gzip;q=0``, ``x-gzip; q=0.0``)."""
    for item in accept_encoding.lower().split(b","):
        coding, _, params = item.partition(b";")
        if coding.strip() in (b"gzip", b"x-gzip"):
            for param in params.split(b";"):
                key, _, value = param.partition(b"=")
                if key.strip() == b"q":
                    try:
                        return float(value.strip() or b"1") == 0
                    except ValueError:
                        return False
            return False
    return False


BODY = "layerlab.body"
"""Where BodyGuard leaves the body's bytes in the ASGI scope."""
PARSED = "layerlab.parsed"
"""Where BodyGuard leaves a JSON body, checked and read (``app.json_body.JsonBody``)."""


class BodyGuard:
    """Refuse a body over the limit while it arrives (413, chunked or not) and JSON that is not strict JSON.

    Python's json module accepts ``NaN`` and ``Infinity``, which are not JSON; they would turn into
    numbers no model can use. The body is read once here, checked, and handed on unchanged; what it holds
    stays in the scope (``PARSED``), so the routes never parse it again.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        try:
            body = await self._read(scope, receive)
            scope[BODY] = body
            parsed = self._check_json(scope, body)
            if parsed is not None:
                scope[PARSED] = parsed
        except LayerLabError as error:
            return await _send_error(send, error)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes:
        too_large = messages.refusal(TooLarge, "request.too_large", limit=self.max_bytes)
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                raise too_large
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _check_json(self, scope: Scope, body: bytes) -> JsonBody | None:
        """What the body holds, if it says it is JSON; ``None`` if it does not."""
        # Every Content-Type header, in any case: FastAPI reads the first one and lowercases it.
        says_json = any(name == b"content-type" and b"json" in value.lower() for name, value in scope["headers"])
        if not body or not says_json:
            return None
        return read_json(body)


async def _send_error(send: Send, error: LayerLabError) -> None:
    body = orjson.dumps(error.to_dict())
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in error.headers.items()]
    if error.status == 413:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
