"""The gallery's routes: the famous architectures, and each one as a layer list the page opens."""

from fastapi import APIRouter

from .. import gallery, messages
from ..errors import NotFound
from ..schemas import Error

router = APIRouter(prefix="/api/gallery", tags=["gallery"])


@router.get("", summary="The gallery: famous architectures, each with its idea in English and Russian")
def list_models() -> list[dict]:
    return [
        {**entry.as_json(), "layers": len(gallery.layer_list(entry.id)["layers"])} for entry in gallery.ENTRIES.values()
    ]


@router.get("/{model_id}", responses={404: {"model": Error}}, summary="One gallery model and its layer list")
def get_model(model_id: str) -> dict:
    entry = gallery.ENTRIES.get(model_id)
    if entry is None:
        raise messages.refusal(NotFound, "gallery.not_found", model=repr(model_id), models=", ".join(gallery.ENTRIES))
    return {**entry.as_json(), "model": gallery.layer_list(model_id)}
