"""One lesson step: its file in ``steps/``, checked when the server starts.

A step file is TOML named ``NN-<id>.toml``: ``NN`` orders the lesson, ``<id>`` is the step's share link
(``/?example=<id>``). It holds the step's title and text in Russian and English, its model as a layer list
(the same list ``POST /api/models/summary`` takes), the numbers it feeds the model, the weights it sets, the
layer the page shows first (``view``), the notebook's own cells, the questions the page asks before it shows
the answer (``questions``), and what the notebook printed (``expected``, read by the tests only). Weights too many
to write by hand (a trained model's) come from a JSON file beside the steps (``weights_file``, in the form
``POST /api/models/predict`` takes); ``[draw]`` gives an input a canvas to draw on; ``window`` says where the page
asks a big output's part to begin (an output sent in parts opens on a part worth seeing). A mistake is reported
with the file, the field and what was expected.
"""

import ast
import json
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal, cast

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails

from .. import messages, pictures
from ..config import get_settings
from ..data import feed_arrays, weight_arrays
from ..errors import LayerLabError
from ..graph import Plan, build_plan
from ..layers.base import shape_text
from ..messages import Text
from ..schemas import ModelSpec
from ..window import tensor_name

FILE_NAME = re.compile(r"(?P<number>[0-9]{2})-(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.toml")

Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _without_edge_newlines(text: str) -> str:
    """TOML keeps the newline before a multi-line string's closing quotes; the notebook's text has none."""
    return text.strip("\n")


Verbatim = Annotated[str, AfterValidator(_without_edge_newlines), StringConstraints(pattern=r"\S")]


def _shape(text: Any) -> list:
    """``"(None, 64)"`` → ``[None, 64]``; several outputs ``"[(None, 1), (None, 1)]"`` → ``[[None, 1], [None, 1]]``."""
    try:
        value = ast.literal_eval(text) if isinstance(text, str) else None
    except (ValueError, SyntaxError):
        value = None
    if isinstance(value, tuple) and all(d is None or isinstance(d, int) for d in value):
        return list(value)
    if isinstance(value, list) and value and all(isinstance(s, tuple) for s in value):
        return [list(s) for s in value]
    raise StepError(messages.text("step.shape"))


Shape = Annotated[list, BeforeValidator(_shape)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Languages(Strict):
    """Words in Russian and English. A teacher's own step may give one language: the other shows the same words."""

    ru: Words | None = None
    en: Words | None = None

    @model_validator(mode="after")
    def _one_at_least(self) -> "Languages":
        if self.ru is None and self.en is None:
            raise StepError(messages.text("step.languages"))
        return self

    def both(self) -> dict[str, str]:
        return {"ru": cast(str, self.ru or self.en), "en": cast(str, self.en or self.ru)}


class Cell(Strict):
    """One cell of the notebook, as it is written there: ``In [cell]``, its code, what it printed."""

    cell: int = Field(ge=1)
    code: Verbatim
    output: Verbatim | None = None


class Expected(Strict):
    """What the notebook printed, in Keras 3 terms, for the tests: shapes as Keras writes them
    (``"(None, 64)"``, several outputs ``"[(None, 64), (None, 64)]"``), by layer name."""

    output_shapes: dict[str, Shape]
    total_params: int = Field(ge=0)
    prediction_shapes: list[Shape] | None = None
    """The shapes of ``model.predict``'s arrays, where the notebook printed them (steps with inputs)."""
    outputs: Any = None
    """The numbers ``model.predict`` gives, where they do not depend on random weights."""


class Draw(Strict):
    """An (H, W, 1) input the learner draws on: the page shrinks the drawing to H × W cells, a cell all ink = ``ink``."""

    input: str
    ink: float = Field(gt=0, le=1e6)


class Question(Strict):
    """A question the page asks before it shows the fact: the answer is never written here; the page checks the
    learner's against the summary or prediction Keras answered for this layer."""

    kind: Literal["shape", "params", "value", "outputs"] = Field(
        description="What is asked: the output shape, the parameter count, one number of the output, or how many "
        "arrays the layer returns."
    )
    layer: str = Field(description="The name of a layer of `model`.")
    output: int = Field(0, ge=0, description="Which of the layer's outputs (shape, value).")
    cell: list[Annotated[int, Field(ge=0)]] | None = Field(
        None, description="value only: the cell of that output, batch axis first."
    )
    text: Languages | None = Field(None, description="The question in your words (default: the page's own).")
    hint: Languages | None = Field(None, description="Said after a wrong answer, beside the layer's formula.")


class StepFile(Strict):
    view: str = Field(description="The name of the layer of `model` the page shows first.")
    seed: int = Field(0, ge=0, le=2**31 - 1)
    inputs: Any = Field(
        None,
        description="One array for a one-input model, {picture = name} (a shipped picture) for a one-input model, "
        "or a table {input name: array, {fill = number} or {picture = name}}.",
    )
    title: Languages
    text: Languages
    model: ModelSpec
    weights: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Weights the step sets: {layer name: {weight name: array}}."
    )
    weights_file: str | None = Field(
        None, description="A JSON file of weights, {layer name: [array, ...]}, its path from the step's folder."
    )
    draw: Draw | None = None
    window: dict[str, list[Annotated[int, Field(ge=0)]]] = Field(
        default_factory=dict,
        description="Where the page asks a big output's part to begin (one sent in parts): {layer name: start, one "
        "index per axis, batch first}; default the first part.",
    )
    notebook: list[Cell] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list, max_length=3)
    expected: Expected | None = None


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: dict[str, str]
    text: dict[str, str]
    model: dict
    given: Any
    """The step's numbers as read: an input written as a fill or a picture is kept as its array (a picture's
    128 × 128 × 3 pixels take 49 kB so, ~1.7 MB as nested lists in every server's memory); ``inputs`` lists them."""
    pictures: dict[str, str]
    """The inputs that open with a shipped picture: {input name: picture name}; their numbers are in ``inputs``."""
    weights: dict[str, list]
    view: str
    seed: int
    cells: list[Cell]
    questions: list[Question]
    expected: Expected | None
    draw: dict | None = None
    window: dict[str, list[int]] | None = None
    """Where the page asks the parts of big outputs to begin, by tensor name (default: at 0)."""
    weights_file: bool = False
    """Whether the weights came from a file (a trained model's: too many numbers for the lesson's list)."""
    teacher: bool = False
    """From the teacher's folder (LAYERLAB_TEACHER_STEPS), shown after the lesson."""

    def from_teacher(self) -> "Step":
        return replace(self, teacher=True)

    @property
    def inputs(self) -> Any:
        """The step's numbers as the API takes them: nested lists (``None``: the step has none)."""
        return _lists(self.given)

    @property
    def cell(self) -> str | None:
        """``In [4-6]`` for a run of cells, ``In [45, 46, 52, 27]`` for cells run out of order."""
        numbers = [cell.cell for cell in self.cells]
        if not numbers:
            return None
        if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"In [{numbers[0]}-{numbers[-1]}]"
        return "In [" + ", ".join(str(n) for n in numbers) + "]"

    @property
    def notebook(self) -> dict[str, str | None] | None:
        """The step's cells of the notebook as one block of code, and what they printed (or ``None``)."""
        if not self.cells:
            return None
        outputs = [cell.output for cell in self.cells if cell.output is not None]
        return {
            "code": "\n\n".join(cell.code for cell in self.cells),
            "output": "\n\n".join(outputs) if outputs else None,
        }

    def as_json(self, listed: bool = False) -> dict:
        """The step as ``GET /api/examples/{id}`` sends it: everything but what only the tests read. ``listed``: as
        ``GET /api/examples`` lists it, without weights from a file (``partial``: ask for the step itself for them),
        so that the page's first load does not carry a trained model's numbers."""
        partial = listed and self.weights_file
        return (
            {
                "id": self.id,
                "cell": self.cell,
                "title": self.title,
                "text": self.text,
                "model": self.model,
                "inputs": self._inputs_without_pictures(),
                "pictures": self.pictures or None,
                "weights": None if partial else self.weights or None,
                "view": self.view,
                "seed": self.seed,
                "notebook": self.notebook,
                "draw": self.draw,
                "window": self.window,
                "questions": [q.model_dump(exclude_none=True) for q in self.questions],
            }
            | ({"teacher": True} if self.teacher else {})
            | ({"partial": True} if partial else {})
        )

    def _inputs_without_pictures(self) -> Any:
        """A picture's numbers stay out of the lesson's JSON: the page reads the picture's file."""
        if not self.pictures:
            return self.inputs
        rest = {name: data for name, data in self.given.items() if name not in self.pictures}
        return _lists(rest) or None


class StepError(ValueError):
    """A step file (or the lesson's folder) that cannot be read: the message names the file, the field and what was
    expected; ``detail`` says it in both languages, without the file. ``both``: the message says it in both too
    (the lesson's own files: a mistake there stops the server, and the one who reads why may read either)."""

    def __init__(self, detail: Text, file: Path | None = None, *, both: bool = False):
        where = "" if file is None else f"{file}: "
        super().__init__(f"{where}{detail.en}" + (f"\n{where}{detail.ru}" if both else ""))
        self.detail = detail


def load_steps(folder: Path) -> list[Step]:
    """Every ``NN-<id>.toml`` in ``folder``, in the order of ``NN``; the first mistake stops it, said in both
    languages."""
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise StepError(messages.text("steps.no_files"), folder, both=True)
    steps: list[Step] = []
    ids: dict[str, Text | str] = {}
    numbers: dict[int, str] = {}
    for path in paths:
        try:
            step = load_step(path)
        except StepError as exc:
            raise StepError(exc.detail, path, both=True) from None
        said = clash(step, path.name, ids, numbers)
        if said is not None:
            raise StepError(said, path, both=True)
        steps.append(step)
    return steps


def clash(step: Step, file: str, ids: dict[str, Text | str], numbers: dict[int, str]) -> Text | None:
    """Why ``step`` cannot join the steps read so far (``ids`` and ``numbers``: whose they are), or None, and it
    joins them."""
    if step.id in ids:
        return messages.text("steps.id_taken", id=repr(step.id), owner=ids[step.id])
    if step.number in numbers:
        return messages.text("steps.number_taken", number=f"{step.number:02}", owner=numbers[step.number])
    ids[step.id] = file
    numbers[step.number] = file
    return None


def load_step(path: Path, *, one_language: bool = False) -> Step:
    """The step in ``path``; ``one_language``: a teacher's file may write its words in Russian or English only."""
    named = FILE_NAME.fullmatch(path.name)
    if named is None:
        raise StepError(messages.text("step.file_name"), path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise StepError(messages.text("step.toml", reason=str(exc)), path) from None
    try:
        data = StepFile.model_validate(raw)
    except ValidationError as exc:
        errors = [_field_error(e) for e in exc.errors(include_url=False)]
        raise StepError(messages.joined(errors, "word.semicolon"), path) from None
    if not one_language:
        for where, words in (("title", data.title), ("text", data.text)):
            for lang in ("ru", "en"):
                if getattr(words, lang) is None:
                    raise StepError(messages.text("step.both_languages", where=f"{where}.{lang}"), path)
    try:
        plan = build_plan(data.model, get_settings())
    except LayerLabError as exc:
        raise StepError(_said(exc, within="model"), path) from None
    try:
        names = [node.name for node in plan.nodes]
        if data.view not in names:
            raise StepError(messages.text("step.view", names=", ".join(names), got=repr(data.view)))
        inputs, shown = _inputs(data.inputs, plan)
        weights = {layer: _weights(layer, tensors, plan) for layer, tensors in data.weights.items()}
        if data.weights_file is not None:
            weights |= _weights_file(path.parent / data.weights_file, set(weights))
        weight_arrays(weights, plan)
        if data.draw is not None:
            _check_draw(data.draw, plan)
        _check_window(data.window, plan, batch=_batch(inputs, plan) or 1)
        for i, question in enumerate(data.questions):
            _check_question(f"questions.{i}", question, plan, batch=_batch(inputs, plan))
    except StepError as exc:
        raise StepError(exc.detail, path) from None
    except LayerLabError as exc:
        raise StepError(_said(exc), path) from None
    return Step(
        id=named["id"],
        number=int(named["number"]),
        title=data.title.both(),
        text=data.text.both(),
        model=data.model.model_dump(exclude_none=True),
        given=inputs,
        pictures=shown,
        weights=weights,
        view=data.view,
        seed=data.seed,
        cells=data.notebook,
        questions=data.questions,
        expected=data.expected,
        draw=data.draw.model_dump() if data.draw else None,
        window=data.window or None,
        weights_file=data.weights_file is not None,
    )


def _said(error: LayerLabError, within: str | None = None) -> Text:
    """The catalogue's refusal in both languages, after the step file's field it is about."""
    en, ru = error.message, error.message_ru or error.message
    return Text(en, ru) if within is None else Text(f"{within}: {en}", f"{within}: {ru}")


def _field_error(error: ErrorDetails) -> Text:
    """One of pydantic's refusals in both languages, by the catalogue's table of pydantic's error types."""
    where = ".".join(str(part) for part in error["loc"]) or "."
    if error["type"] == "missing":
        return messages.text("step.missing", where=where)
    if error["type"] == "extra_forbidden":
        field = str(error["loc"][-1])
        if len(error["loc"]) > 1 and field in StepFile.model_fields:  # e.g. `inputs` written under [model]
            return messages.text("step.extra_top", where=where, field=field)
        return messages.text("step.extra", where=where)
    cause = (error.get("ctx") or {}).get("error")
    said = cause.detail if isinstance(cause, StepError) else messages.expected(error)
    received = messages.received(repr(error["input"]))
    return messages.text("step.invalid", where=where, expected=said, received=received)


def _inputs(value: Any, plan: Plan) -> tuple[Any, dict[str, str]]:
    """The step's numbers as the API takes them (each ``{fill = x}`` and ``{picture = name}`` written out in the
    input's shape), and which inputs are pictures."""
    if value is None:
        return None, {}
    if isinstance(value, dict) and "picture" in value and "picture" not in plan.inputs:
        if len(plan.inputs) != 1:
            raise StepError(messages.text("step.pictures", input=plan.inputs[0]))
        value = {plan.inputs[0]: value}
    shown = {}
    if isinstance(value, dict):
        shown = {name: data["picture"] for name, data in value.items() if isinstance(data, dict) and "picture" in data}
        value = {name: _filled(name, data, plan) for name, data in value.items()}
    feed_arrays(value, plan)
    return value, shown


def _filled(name: str, data: Any, plan: Plan) -> Any:
    if not isinstance(data, dict):
        return data
    if name not in plan.inputs:
        raise StepError(messages.text("step.input_name", name=name, inputs=", ".join(plan.inputs)))
    # TOML has no null, so an Input written in a step file has every size
    shape = cast(tuple[int, ...], (1, *plan.node(name).info.outputs[0][1:]))
    if set(data) == {"picture"}:
        return _picture(name, data["picture"], shape)
    fill = data.get("fill")
    if set(data) != {"fill"} or isinstance(fill, bool) or not isinstance(fill, int | float):
        raise StepError(messages.text("step.input_value", name=name, got=repr(data)))
    return np.full(shape, fill)


def _lists(value: Any) -> Any:
    """Numbers kept as arrays (``_filled``) written out as the nested lists the API takes."""
    if isinstance(value, dict):
        return {name: data.tolist() if isinstance(data, np.ndarray) else data for name, data in value.items()}
    return value


def _picture(name: str, picture: Any, shape: tuple[int, ...]) -> np.ndarray:
    """A shipped picture's pixels (0–255), which must be the input's size: the page shows them as they are."""
    if not isinstance(picture, str) or picture not in pictures.names():
        shipped = ", ".join(pictures.names())
        raise StepError(messages.text("step.picture_name", name=name, names=shipped, got=repr(picture)))
    array = pictures.pixels(picture)
    if (1, *array.shape) != shape:
        size = " × ".join(str(d) for d in array.shape)
        raise StepError(
            messages.text("step.picture_size", name=name, picture=repr(picture), size=size, shape=str(tuple(shape[1:])))
        )
    return array[None]


def _batch(inputs: Any, plan: Plan) -> int | None:
    """How many examples the step's numbers hold (None: the step has none)."""
    return None if inputs is None else len(feed_arrays(inputs, plan)[0][0])


def _check_question(where: str, question: Question, plan: Plan, batch: int | None) -> None:
    node = next((n for n in plan.nodes if n.name == question.layer), None)
    if node is None:
        names = ", ".join(n.name for n in plan.nodes)
        raise StepError(messages.text("step.question_layer", where=where, names=names, got=repr(question.layer)))
    outputs = node.info.outputs
    if question.output >= len(outputs):
        raise StepError(
            messages.text("step.question_output", where=where, name=node.name, count=len(outputs), got=question.output)
        )
    if question.kind != "value":
        if question.cell is not None:
            raise StepError(messages.text("step.question_cell_kind", where=where, kind=question.kind))
        return
    if batch is None:
        raise StepError(messages.text("step.question_no_inputs", where=where))
    shape = outputs[question.output]
    if question.cell is None or len(question.cell) != len(shape):
        raise StepError(
            messages.text(
                "step.question_cell_count",
                where=where,
                count=len(shape),
                shape=_shape_text(shape),
                got=str(question.cell),
            )
        )
    sizes = [batch, *(cast(int, d) for d in shape[1:])]  # a plan's shapes are known past the batch axis
    for axis, (index, size) in enumerate(zip(question.cell, sizes, strict=True)):
        if index >= size:
            raise StepError(
                messages.text(
                    "step.question_cell_outside",
                    where=where,
                    index=index,
                    axis=axis,
                    shape=_shape_text(shape),
                    last=size - 1,
                )
            )


def _shape_text(shape: tuple) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (",)" if len(shape) == 1 else ")")


def _weights(layer: str, tensors: dict[str, Any], plan: Plan) -> list:
    """``{kernel = ..., bias = ...}`` as the list ``layer.set_weights()`` takes, in the layer's own order."""
    node = next((n for n in plan.nodes if n.name == layer), None)
    if node is None:
        raise StepError(messages.text("step.weights_layer", name=layer, got=repr(layer)))
    wanted = [w.name for w in node.info.weights]
    if sorted(tensors) != sorted(wanted):
        raise StepError(
            messages.text(
                "step.weights_names",
                name=layer,
                type=node.type,
                wanted=", ".join(wanted),
                got=", ".join(tensors),
            )
        )
    return [tensors[name] for name in wanted]


def _weights_file(path: Path, inline: set[str]) -> dict[str, list]:
    """``weights_file``: a JSON object {layer name: [array, ...]}, each layer's arrays in its own order."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StepError(messages.text("step.weights_unreadable", path=str(path), reason=str(exc.strerror))) from None
    except ValueError as exc:
        raise StepError(messages.text("step.weights_not_json", path=str(path), reason=str(exc))) from None
    if not isinstance(value, dict) or not all(isinstance(arrays, list) for arrays in value.values()):
        raise StepError(messages.text("step.weights_form", path=str(path)))
    twice = sorted(inline & set(value))
    if twice:
        raise StepError(messages.text("step.weights_twice", layers=", ".join(twice)))
    return value


def _check_draw(draw: Draw, plan: Plan) -> None:
    if draw.input not in plan.inputs:
        raise StepError(messages.text("step.draw_input", inputs=", ".join(plan.inputs), got=repr(draw.input)))
    shape = plan.node(draw.input).info.outputs[0]
    if len(shape) != 4 or shape[3] != 1:
        raise StepError(messages.text("step.draw_shape", input=draw.input, shape=shape_text(shape)))


def _check_window(window: dict[str, list[int]], plan: Plan, batch: int) -> None:
    """Each start names an output of a layer (``lstm:1`` for one of several), one index per axis inside it."""
    shapes = {
        tensor_name(node.name, k, len(node.info.outputs)): (batch, *cast(tuple[int, ...], shape[1:]))
        for node in plan.nodes
        for k, shape in enumerate(node.info.outputs)
    }
    for name, start in window.items():
        where, shape = f"window.{name}", shapes.get(name)
        if shape is None:
            raise StepError(messages.text("window.no_layer", where=where, name=repr(name), layers=", ".join(shapes)))
        sizes = shape_text(shape)
        if len(start) != len(shape):
            count, received = len(shape), len(start)
            raise StepError(
                messages.text(
                    "window.axes_batch",
                    where=where,
                    name=name,
                    count=count,
                    shape=sizes,
                    received=received,
                    start=str(start),
                )
            )
        past = [(axis, index) for axis, (index, size) in enumerate(zip(start, shape, strict=True)) if index >= size]
        if past:
            axis, index = past[0]
            last = shape[axis] - 1
            raise StepError(
                messages.text("window.past_end", where=where, start=index, axis=axis, name=name, shape=sizes, last=last)
            )
