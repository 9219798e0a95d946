"""The page's static files, read once into memory with their gzip form and ETag, served before routing.

A class opening the page at the same moment asks for every module at once. Answering from memory, with
headers made in advance and without passing through the router (no disk read, no thread, no compression
per request), keeps that burst from delaying the lesson's requests and ``/healthz``.

Two things, done once at start-up from the files themselves (no build step), shorten the page's first load:

- ``Site.modules`` follows the modules' import statements, so the page can name every module it needs in
  ``<link rel="modulepreload">`` hints: the browser asks for all of them at once instead of discovering them
  level by level (main.js, then what it imports, then what those import...), one round trip per level.
- Every file gets the site's version (a hash of all the files) in its URL: the page links ``…?v=VERSION`` and
  each module's imports of the page's own modules are served with ``?v=VERSION`` added. An answer to such a
  URL may be kept for a year (``immutable``): a learner who opens the page again asks only for the HTML, and
  a changed file changes the version, so nobody keeps an old one. Other URLs get five minutes and the ETag.
"""

import functools
import gzip
import hashlib
import mimetypes
import posixpath
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
CACHE_CONTROL = b"public, max-age=300"
CACHE_CONTROL_VERSIONED = b"public, max-age=31536000, immutable"
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
# a static import or re-export at the start of a statement: import x from "…", import {a,\n b} from "…",
# import "…", export * from "…"; dynamic import() is left out (what it loads is not needed for the first paint)
STATIC_IMPORT = re.compile(r"""^[ \t]*(?:import|export)\b(?:[^"';]*?\bfrom)?\s*["']([^"'?\n]+)["']""", re.MULTILINE)
# import("./x.js") with a literal specifier: not followed for the hints, but versioned as the static ones are
DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*["']([^"'?\n]+)["']\s*\)""")


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    etag: bytes
    media_type: bytes


class Site:
    """Every file under ``directory``, as served under ``prefix``."""

    def __init__(self, directory: Path, prefix: str = "/static/"):
        self.prefix = prefix
        raw = {
            path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        }
        digest = hashlib.sha256()
        for name, body in raw.items():
            digest.update(name.encode() + b"\0" + hashlib.sha256(body).digest())
        self.version = digest.hexdigest()[:12]
        self.imports: dict[str, list[str]] = {}
        self.files: dict[str, Asset] = {}
        for name, body in raw.items():
            url = prefix + name
            if name.endswith((".js", ".mjs")):
                text = body.decode("utf-8")
                self.imports[url] = [resolved for _, resolved in self._local_imports(url, text)]
                body = self._versioned(url, text).encode("utf-8")
            self.files[url] = _asset(name, body)

    def url(self, name: str) -> str:
        """The versioned URL of a file under the directory: what the page links."""
        return f"{self.prefix}{name}?v={self.version}"

    @functools.cache
    def modules(self, entry: str) -> tuple[str, ...]:
        """The versioned URLs of every module that ``entry`` imports, directly or through others, nearest first
        (``entry`` itself not included)."""
        start = self.prefix + entry
        seen, queue, found = {start}, deque([start]), []
        while queue:
            for url in self.imports.get(queue.popleft(), []):
                if url not in seen:
                    seen.add(url)
                    found.append(url)
                    queue.append(url)
        return tuple(self.url(url.removeprefix(self.prefix)) for url in found)

    def _local_imports(self, url: str, text: str, pattern: re.Pattern = STATIC_IMPORT) -> list[tuple[re.Match, str]]:
        """Each import statement (or ``import()``) naming one of the site's own files, with that file's URL path."""
        found = []
        for match in pattern.finditer(text):
            specifier = match.group(1)
            if specifier.startswith(("./", "../")):
                specifier = posixpath.normpath(posixpath.join(posixpath.dirname(url), specifier))
            if specifier.startswith(self.prefix):
                found.append((match, specifier))
        return found

    def _versioned(self, url: str, text: str) -> str:
        parts, last = [], 0
        imports = self._local_imports(url, text) + self._local_imports(url, text, DYNAMIC_IMPORT)
        for match, _ in sorted(imports, key=lambda found: found[0].start(1)):
            parts += [text[last : match.end(1)], f"?v={self.version}"]
            last = match.end(1)
        return "".join(parts) + text[last:]


_SITES: dict[tuple[Path, str], Site] = {}


def site(directory: Path, prefix: str = "/static/") -> Site:
    """The files of ``directory``, read once per process: the middleware and the page share one version."""
    key = (directory.resolve(), prefix)
    if key not in _SITES:
        _SITES[key] = Site(directory, prefix)
    return _SITES[key]


class StaticAssets:
    """ASGI middleware answering ``GET {prefix}…`` from memory; everything else goes on to ``app``."""

    def __init__(self, app: ASGIApp, directory: Path, prefix: str = "/static/"):
        self.app = app
        self.prefix = prefix
        self.site = site(directory, prefix)
        self.versioned = b"v=" + self.site.version.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith(self.prefix)
            or scope["method"] not in ("GET", "HEAD")
        ):
            return await self.app(scope, receive, send)
        asset = self.site.files.get(scope["path"])
        if asset is None:
            return await self.app(scope, receive, send)  # the app's own 404, in the one error shape
        request = dict(scope["headers"])
        cache = CACHE_CONTROL_VERSIONED if scope.get("query_string") == self.versioned else CACHE_CONTROL
        headers = [(b"etag", asset.etag), (b"cache-control", cache), (b"vary", b"Accept-Encoding")]
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


def _asset(name: str, body: bytes) -> Asset:
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    gzipped = None
    if media_type.startswith(COMPRESSIBLE) and len(body) > 512:
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        gzipped = packed if len(packed) < len(body) else None
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    charset = "; charset=utf-8" if media_type.startswith(("text/", "application/json")) else ""
    return Asset(body, gzipped, etag.encode(), (media_type + charset).encode())
