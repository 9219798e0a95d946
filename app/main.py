"""Assembles the application: routers, static files, error handling, and the Lab that does the work."""

import asyncio
import json
import logging
import re
from collections.abc import Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from . import lesson, messages, workers
from .assets import StaticAssets
from .cache import GZIP_AT_LEAST, GZIP_LEVEL
from .config import Settings, get_settings
from .errors import BadRequest, Invalid, LayerLabError
from .lab import Lab
from .messages import Text
from .middleware import SECURITY_HEADERS, BodyGuard, RefusedGzip, SecurityHeaders
from .routes import api, docs, gallery, health, pages

ROOT = Path(__file__).resolve().parent.parent
UNION_SCHEMAS = {"CodeRequest", "ModelSpec"}
"""Request bodies one route takes either of: pydantic names the one it tried first in an error's path."""
UNION_MEMBER = re.compile(
    r"(bool|int|float|str|list|dict|tuple|set|none|nullable|literal|function-\w+|constrained-\w+)(\[.*\])?"
)
"""How pydantic names the member of a union it tried, in an error's path (``trace.bool``, ``trace.list[constrained-str]``)."""

log = logging.getLogger("layerlab")


def create_app(settings: Settings | None = None, lab: Lab | None = None) -> FastAPI:
    """The application; ``lab`` (tests: one with a pool of their own) replaces the one made from ``settings``."""
    lab = lab or Lab(settings or get_settings())
    settings = lab.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        lab = app.state.lab
        for problem in lesson.PROBLEMS:
            log.error("a teacher's step was left out: %s: %s", problem.file, problem.message)
        lab.start()
        workers.set_aside_imports()
        warming = asyncio.create_task(lab.warm_up())
        try:
            yield
        finally:
            warming.cancel()
            lab.close()

    app = FastAPI(
        title="Layer Lab",
        version="0.1.0",
        description="Build real Keras models from a JSON layer list; see their summaries, formulas and "
        "every layer's numbers.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.lab = lab
    app.include_router(health.router)
    app.include_router(api.router)
    app.include_router(gallery.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/docs-assets", StaticFiles(directory=docs.SWAGGER_ASSETS), name="docs-assets")
    app.exception_handler(LayerLabError)(_layerlab_error)
    app.exception_handler(RequestValidationError)(_validation_error)
    app.exception_handler(ValidationError)(_validation_error)
    app.exception_handler(HTTPException)(_http_error)
    app.exception_handler(Exception)(_unexpected_error)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_AT_LEAST, compresslevel=GZIP_LEVEL)
    app.add_middleware(StaticAssets, directory=ROOT / "static")
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    app.add_middleware(RefusedGzip)
    app.add_middleware(SecurityHeaders)
    return app


def _layerlab_error(request: Request, error: LayerLabError) -> JSONResponse:
    return JSONResponse(error.to_dict(), status_code=error.status, headers=error.headers)


def _validation_error(request: Request, error: RequestValidationError | ValidationError) -> JSONResponse:
    """Pydantic's refusals in the one error shape, in words from the message catalogue: where, what was expected,
    what arrived. ``layer`` is the layer's index (it may have no name yet)."""
    # a body that may be one of several schemas (CodeRequest | ModelSpec) is refused by each: say what went wrong
    # in the one it fitted furthest, without its schema's name in the path; so for a field that may be one of
    # several types, and where they all failed at the field itself, say what each would have taken
    errors = error.errors()
    paths = _paths(errors)
    deepest = max(range(len(errors)), key=lambda k: len(paths[k]))
    first, loc = errors[deepest], paths[deepest]
    if loc and loc[0] in UNION_SCHEMAS:
        loc = loc[1:]
    alternatives = [e for e, path in zip(errors, paths) if path == paths[deepest]]
    index = _layer_index(loc)
    extra = first["type"] == "extra_forbidden"
    path = ".".join(loc[:-1] if extra else loc) or "body"
    where = (
        Text(path, path) if index is None else messages.text("request.where_layer", path=path, label=f"#{index + 1}")
    )
    given = first.get("input")
    given = given.decode("utf-8", "replace") if isinstance(given, bytes) else given  # a body that is not JSON
    sent_as = request.headers.get("content-type", "")
    if path == "body" and isinstance(given, str) and "json" not in sent_as.lower():
        # FastAPI hands a body it was not told is JSON to the schema as text: say what to send instead
        return _layerlab_error(
            request, messages.invalid("request.not_json_type", type=sent_as or messages.text("word.none"))
        )
    received = messages.received(json.dumps(given, ensure_ascii=False, default=repr))
    if first["type"] == "missing":
        refusal = messages.text("request.missing", where=where)
    elif extra:
        refusal = messages.text("request.extra", where=where, field=loc[-1], received=received)
    else:
        expected = messages.joined([messages.expected(e) for e in alternatives], "word.or")
        refusal = messages.text("request.invalid", where=where, expected=expected, received=received)
    return _layerlab_error(request, Invalid(refusal.en, ru=refusal.ru, layer=index, arg=loc[-1] if loc else None))


def _paths(errors: Sequence[Any]) -> list[list[str]]:
    """Each error's path as a learner reads it: not under ``body``, without the member of a union pydantic tried
    (where errors part at one place into such members) and without the ``[key]`` of a key that is wrong."""
    locs = [tuple(e.get("loc", ())) for e in errors]

    def member(loc: tuple, k: int) -> bool:
        parting = {other[k] for other in locs if len(other) > k and other[:k] == loc[:k]}
        return len(parting) > 1 and all(isinstance(p, str) and UNION_MEMBER.fullmatch(p) for p in parting)

    return [[str(p) for k, p in enumerate(loc) if p not in ("body", "[key]") and not member(loc, k)] for loc in locs]


def _layer_index(loc: list[str]) -> int | None:
    """``layers.2.args.units`` or ``model.layers.2.type`` → 2."""
    for part, following in zip(loc, loc[1:]):
        if part == "layers" and following.isdigit():
            return int(following)
    return None


def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    if isinstance(error.__cause__, RecursionError):
        # JSON that passed the body check but nests deeper than Python's own parser can follow (~1000 levels)
        return _layerlab_error(
            request,
            messages.refusal(BadRequest, "request.too_deep"),
        )
    headers = getattr(error, "headers", None) or {}
    path = request.url.path
    if error.status_code == 404:
        refusal = messages.refusal(LayerLabError, "request.not_found", path=path)
    elif error.status_code == 405:
        allowed = headers.get("allow", headers.get("Allow", ""))
        refusal = messages.refusal(LayerLabError, "request.method", method=request.method, path=path, allowed=allowed)
    else:
        refusal = LayerLabError(str(error.detail))
    refusal.headers = headers
    refusal.status = error.status_code
    return _layerlab_error(request, refusal)


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    """A bug: logged, answered in the one shape. Sent from outside the middleware, so it adds their headers."""
    log.exception("unexpected error on %s", request.url.path, exc_info=error)
    refusal = messages.refusal(LayerLabError, "request.bug")
    refusal.status = 500
    response = _layerlab_error(request, refusal)
    response.headers.update({name.decode(): value.decode() for name, value in SECURITY_HEADERS})
    return response


app = create_app()
