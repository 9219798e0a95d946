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
from starlette.exceptions import HTTPException

from .assets import StaticAssets
from .config import Settings, get_settings
from .errors import LayerLabError
from .lab import Lab
from .middleware import BodyGuard, SecurityHeaders
from .routes import api, docs, health, pages

ROOT = Path(__file__).resolve().parent.parent

log = logging.getLogger("layerlab")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

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
    app.state.lab = Lab(settings)
    app.include_router(health.router)
    app.include_router(api.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/docs-assets", StaticFiles(directory=docs.SWAGGER_ASSETS), name="docs-assets")
    app.add_exception_handler(LayerLabError, _layerlab_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=4)
    app.add_middleware(StaticAssets, directory=ROOT / "static")
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _layerlab_error(request: Request, error: LayerLabError) -> JSONResponse:
    return JSONResponse(error.to_dict(), status_code=error.status, headers=error.headers)


def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    """FastAPI's own 422 in the one error shape, naming the layer by its index when it is about one."""
    first = error.errors()[0]
    loc = [str(p) for p in first.get("loc", ()) if p != "body"]
    layer = (
        int(loc[loc.index("layers") + 1]) if "layers" in loc[:-1] and loc[loc.index("layers") + 1].isdigit() else None
    )
    where = ".".join(loc) or "body"
    received = first.get("input")
    text = f"{where}: {first['msg']}"
    if first.get("type") != "missing" and received is not None and len(repr(received)) < 80:
        text += f". Received: {received!r}"
    body = {"ok": False, "status": 422, "error": text, "error_ru": f"{where}: неверное значение ({first['msg']})"}
    if layer is not None:
        body["layer"] = layer
    if loc:
        body["arg"] = loc[-1]
    return JSONResponse(body, status_code=422)


def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    body = {"ok": False, "status": error.status_code, "error": str(error.detail)}
    return JSONResponse(body, status_code=error.status_code, headers=getattr(error, "headers", None))


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path, exc_info=error)
    body = {
        "ok": False,
        "status": 500,
        "error": "internal error; it has been logged",
        "error_ru": "внутренняя ошибка; она записана в журнал",
    }
    return JSONResponse(body, status_code=500)


app = create_app()
