"""Liveness and readiness, for a teacher's docker run and for load balancers."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process answers")
async def healthz() -> dict:
    return {"ok": True}


@router.get(
    "/readyz",
    summary="The workers are warm and the lesson examples are ready",
    responses={503: {"description": "Still starting: the workers are importing Keras or the lesson is warming up"}},
)
async def readyz(request: Request) -> JSONResponse:
    lab = request.app.state.lab
    body = {
        "ready": lab.ready,
        "workers": lab.settings.workers,
        "pending": lab.pool.pending if lab.pool else 0,
        "cached_answers": len(lab.cache),
        "ready_after_seconds": lab.ready_after,
    }
    return JSONResponse(body, status_code=200 if lab.ready else 503)
