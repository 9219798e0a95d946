"""The page's static files, read once into memory with their gzip form and ETag, served before routing.

A class opening the page at the same moment asks for every module at once. Answering from memory, with
headers made in advance and without passing through the router (no disk read, no thread, no compression
per request), keeps that burst from delaying the lesson's requests and ``/healthz``.
"""

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
CACHE_CONTROL = b"public, max-age=300"
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    etag: bytes
    media_type: bytes


class StaticAssets:
    """ASGI middleware answering ``GET {prefix}…`` from memory; everything else goes on to ``app``."""

    def __init__(self, app: ASGIApp, directory: Path, prefix: str = "/static/"):
        self.app = app
        self.prefix = prefix
        self.files: dict[str, Asset] = {
            prefix + path.relative_to(directory).as_posix(): _load(path)
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith(self.prefix)
            or scope["method"] not in ("GET", "HEAD")
        ):
            return await self.app(scope, receive, send)
        asset = self.files.get(scope["path"])
        if asset is None:
            return await self.app(scope, receive, send)  # the app's own 404, in the one error shape
        request = dict(scope["headers"])
        headers = [(b"etag", asset.etag), (b"cache-control", CACHE_CONTROL), (b"vary", b"Accept-Encoding")]
        if asset.etag in request.get(b"if-none-match", b""):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body = asset.body
        if asset.gzipped is not None and b"gzip" in request.get(b"accept-encoding", b""):
            body = asset.gzipped
            headers.append((b"content-encoding", b"gzip"))
        headers += [(b"content-type", asset.media_type), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def _load(path: Path) -> Asset:
    body = path.read_bytes()
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    gzipped = None
    if media_type.startswith(COMPRESSIBLE) and len(body) > 512:
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        gzipped = packed if len(packed) < len(body) else None
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    charset = "; charset=utf-8" if media_type.startswith(("text/", "application/json")) else ""
    return Asset(body, gzipped, etag.encode(), (media_type + charset).encode())
