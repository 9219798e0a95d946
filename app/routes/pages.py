"""The learner's page (placeholder until the page issue)."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> HTMLResponse:
    return HTMLResponse("<!doctype html><title>Layer Lab</title><p>Layer Lab</p>")
