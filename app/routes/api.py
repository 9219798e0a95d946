"""The REST API: parse, call the Lab, send its answer."""

import json
from functools import cache
from typing import Any

import orjson
from fastapi import APIRouter, Body, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from .. import catalogue, lesson, messages
from ..cache import Answer
from ..errors import BadRequest, NotFound
from ..lab import Lab
from ..layers import kernels
from ..middleware import BODY, PARSED
from ..schemas import CodeRequest, Error, KernelRequest, ModelSpec, Prediction, PredictRequest, Summary

ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": Error} for code in (400, 413, 422)}
WORK_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": Error} for code in (503, 504)}


class ParsedRequest(Request):
    """A request whose body BodyGuard has already read and checked: never read or parsed twice. ``arrays``: the
    fields whose arrays of numbers come as numpy arrays (``app.json_body.JsonBody.with_arrays``)."""

    arrays: dict[str, str] = {}

    async def body(self) -> bytes:
        if BODY in self.scope:
            return self.scope[BODY]
        return await super().body()

    async def json(self) -> Any:
        if PARSED in self.scope:
            parsed = self.scope[PARSED]
            return parsed.with_arrays(self.arrays) if self.arrays else parsed.plain()
        return await super().json()


class LabRoute(APIRoute):
    """An API route: the body parsed once; a summary or prediction sent as JSON with exactly the bytes of one
    answered before is answered from the cache before FastAPI and pydantic read it at all (the same bytes sent as
    text are refused as FastAPI refuses them, whatever came before), and one sent as ``application/json``
    goes to its endpoint checked by its schema alone (FastAPI's request handling, which finds the same body and
    the same schema, is a third of the web process's own work on such a request)."""

    def get_route_handler(self):
        handle = super().get_route_handler()
        kind = self.name
        schema = DIRECT.get(kind)

        async def route(request: Request) -> Response:
            request = ParsedRequest(request.scope, request.receive)
            request.arrays = ARRAYS.get(kind, {})
            if schema is not None and PARSED in request.scope:  # a body sent as JSON (any other is refused as such)
                answer = lab(request).recall(kind, await request.body())
                if answer is not None:
                    return answer_response(request, answer)
                if _plain_json(request.headers.get("content-type", "")):
                    try:
                        body = await request.json()
                    except Exception:  # FastAPI's handling says what it says of a body it cannot read (400)
                        return await handle(request)
                    return await self.endpoint(request, _checked(schema, body))
            return await handle(request)

        return route


DIRECT: dict[str, type[BaseModel]] = {}
"""The routes whose endpoint takes ``(request, spec)``, called by ``LabRoute`` with the body checked by ``spec``'s
schema (filled in below, as the routes are declared)."""


def _plain_json(content_type: str) -> bool:
    """``application/json``, with or without parameters: a body FastAPI would read as JSON too."""
    return content_type.partition(";")[0].strip().lower() == "application/json"


def _checked(schema: type[BaseModel], body: Any) -> BaseModel:
    """The body as the schema reads it, or the refusal FastAPI raises for it (the same errors, under ``body``)."""
    try:
        return schema.model_validate(body, from_attributes=True)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors(include_url=False)]
        raise RequestValidationError(errors, body=body) from None


ARRAYS = {"predict": {"inputs": "arrays", "weights": "lists"}}
"""The routes whose numbers come as numpy arrays: only those whose fields take any value (``Array``), checked by
``app.data``."""

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS, route_class=LabRoute)


def lab(request: Request) -> Lab:
    return request.app.state.lab


def json_response(body: bytes) -> Response:
    return Response(content=body, media_type="application/json")


def answer_response(request: Request, answer: Answer) -> Response:
    """A Lab's answer as the cache keeps it: gzipped once, sent so to a client that takes gzip (GZipMiddleware leaves
    an answer that has a Content-Encoding alone), as JSON to one that does not."""
    if not answer.gzipped:
        return json_response(answer.data)
    if "gzip" not in request.headers.get("accept-encoding", ""):
        return json_response(answer.body)
    headers = {"content-encoding": "gzip", "vary": "Accept-Encoding"}
    return Response(content=answer.data, media_type="application/json", headers=headers)


@router.get("/layers", summary="The layer catalogue: every supported type, its arguments and their help")
async def layers(request: Request) -> Response:
    return answer_response(request, _catalogue_json())


@cache
def _catalogue_json() -> Answer:
    return Answer.of(orjson.dumps(catalogue.describe()))


@cache
def _examples_json() -> Answer:
    return Answer.of(orjson.dumps([step.as_json(listed=True) for step in lesson.STEPS]))


def work_route(path: str, **options: Any):
    """A POST route that hands work to the Lab's workers (which may be busy: 503, or slow: 504)."""
    return router.post(path, responses=WORK_ERRORS, **options)


@work_route("/models/summary", response_model=Summary, summary="Build the model with Keras and summarise it")
async def summary(request: Request, spec: ModelSpec) -> Response:
    return answer_response(request, await lab(request).summary(spec, body=await request.body()))


DIRECT["summary"] = ModelSpec


@work_route(
    "/models/predict",
    response_model=Prediction,
    summary="Run the model on your numbers; with trace, every layer's output and weights",
)
async def predict(request: Request, spec: PredictRequest) -> Response:
    return answer_response(request, await lab(request).predict(spec, body=await request.body()))


DIRECT["predict"] = PredictRequest


@work_route(
    "/models/code",
    summary="Python code that builds the same model with Keras; with your numbers, runs them and checks the answer",
)
async def code(request: Request, spec: CodeRequest | ModelSpec) -> dict:
    return {"language": "python", "code": await lab(request).code(spec)}


@router.get("/kernels", summary="The kernel presets, and the layer types that take them")
def kernel_presets() -> dict:
    return {"presets": list(kernels.PRESETS), "types": list(kernels.KERNEL_LAYOUT)}


@router.post("/models/kernel", summary="A kernel preset as one layer's weights, for `weights`")
def kernel_weights(request: Request, spec: KernelRequest) -> dict:
    plan = lab(request).plan(spec.model)
    return {
        "layer": spec.layer,
        "preset": spec.preset,
        "weights": kernels.preset_weights(plan, **spec.model_dump(exclude={"model"})),
    }


@router.post("/models/import", summary="Turn Keras's model.to_json() into a layer list")
def import_model(
    request: Request,
    body: dict[str, Any] = Body(
        description='What `model.to_json()` wrote (the object), or `{"json_text": "..."}` with it as a string.'
    ),
) -> dict:
    config = body
    if "json_text" in body and "class_name" not in body:
        if not isinstance(body["json_text"], str):
            raise messages.refusal(BadRequest, "request.json_text_type", arg="json_text")
        try:
            config = json.loads(body["json_text"], parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise messages.refusal(
                BadRequest,
                "request.not_json",
                arg="json_text",
                where=messages.text("request.json_text"),
                reason=str(exc),
            ) from None
        if not isinstance(config, dict):
            raise messages.refusal(BadRequest, "request.json_text_object", arg="json_text")
    return lab(request).import_model(config)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


@router.get("/examples", summary="The lesson's examples, in order")
async def list_examples(request: Request) -> Response:
    return answer_response(request, _examples_json())


@router.get("/examples/{example_id}", responses={404: {"model": Error}}, summary="One lesson example")
def get_example(example_id: str) -> dict:
    step = lesson.get(example_id)
    if step is None:
        raise messages.refusal(NotFound, "request.no_example", example=repr(example_id))
    return step.as_json()
