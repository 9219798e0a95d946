"""The learner's page: one HTML shell that the modules in static/js fill in, in the learner's language."""

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import lesson
from ..assets import site

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Jinja2Templates(directory=ROOT / "templates")
LANGUAGES = ("ru", "en")
STATIC = site(ROOT / "static")  # read at start-up: the versioned URLs, the modules the page imports
ENTRY = "js/main.js"  # the page's module script

router = APIRouter(include_in_schema=False)


def choose_language(asked: str | None, accept_language: str) -> str:
    """`?lang=` first, then the best of the browser's Accept-Language; "" lets the page ask `navigator.language`."""
    if asked in LANGUAGES:
        return asked
    ranked = []
    for position, part in enumerate(accept_language.split(",")):
        code, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        ranked.append((-weight, position, code.strip().lower()[:2]))
    for _, _, code in sorted(ranked):
        if code in LANGUAGES:
            return code
    return ""


@router.get("/", response_class=HTMLResponse)
def index(request: Request, lang: str | None = None) -> HTMLResponse:
    chosen = choose_language(lang, request.headers.get("accept-language", ""))
    context = {"lang": chosen, "static": STATIC, "entry": ENTRY, "problems": lesson.PROBLEMS}
    return TEMPLATES.TemplateResponse(request, "index.html", context)
