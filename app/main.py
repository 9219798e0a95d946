"""Assembles the application: routers, static files, error handling, and the Lab that does the work."""

import asyncio
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from .assets import StaticAssets
from .config import Settings, get_settings
from .errors import BadRequest, Invalid, LayerLabError
from .lab import Lab
from .middleware import SECURITY_HEADERS, BodyGuard, SecurityHeaders
from .routes import api, docs, health, pages

ROOT = Path(__file__).resolve().parent.parent

log = logging.getLogger("layerlab")


def create_app(settings: Settings | None = None, lab: Lab | None = None) -> FastAPI:
    """The application; ``lab`` (tests: one with a pool of their own) replaces the one made from ``settings``."""
    lab = lab or Lab(settings or get_settings())
    settings = lab.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        lab = app.state.lab
        lab.start()
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
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/docs-assets", StaticFiles(directory=docs.SWAGGER_ASSETS), name="docs-assets")
    app.exception_handler(LayerLabError)(_layerlab_error)
    app.exception_handler(RequestValidationError)(_validation_error)
    app.exception_handler(ValidationError)(_validation_error)
    app.exception_handler(HTTPException)(_http_error)
    app.exception_handler(Exception)(_unexpected_error)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=4)
    app.add_middleware(StaticAssets, directory=ROOT / "static")
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _layerlab_error(request: Request, error: LayerLabError) -> JSONResponse:
    return JSONResponse(error.to_dict(), status_code=error.status, headers=error.headers)


def _validation_error(request: Request, error: RequestValidationError | ValidationError) -> JSONResponse:
    """Pydantic's refusals in the one error shape; ``layer`` is the layer's index (it may have no name yet)."""
    first = error.errors()[0]
    loc = [str(p) for p in first.get("loc", ()) if p != "body"]
    where = ".".join(loc) or "body"
    text = f"{where}: {first['msg']}"
    received = first.get("input")
    if first.get("type") != "missing" and received is not None and len(repr(received)) < 80:
        text += f". Received: {received!r}"
    refusal = Invalid(
        text, ru=f"{where}: неверное значение ({first['msg']})", layer=_layer_index(loc), arg=loc[-1] if loc else None
    )
    return _layerlab_error(request, refusal)


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
            BadRequest(
                "the body nests lists or objects too deeply to be read",
                ru="в теле запроса слишком глубокая вложенность списков или объектов, его не прочесть",
            ),
        )
    refusal = LayerLabError(str(error.detail), headers=getattr(error, "headers", None))
    refusal.status = error.status_code
    return _layerlab_error(request, refusal)


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    """A bug: logged, answered in the one shape. Sent from outside the middleware, so it adds their headers."""
    log.exception("unexpected error on %s", request.url.path, exc_info=error)
    refusal = LayerLabError("internal error; it has been logged", ru="внутренняя ошибка; она записана в журнал")
    refusal.status = 500
    response = _layerlab_error(request, refusal)
    response.headers.update({name.decode(): value.decode() for name, value in SECURITY_HEADERS})
    return response


app = create_app()
