"""A teacher's own steps: a folder of step files in the lesson's format (``LAYERLAB_TEACHER_STEPS``), shown after
the built-in lesson. Unlike the lesson's own files, a file with a mistake does not stop the server: it is left
out and reported (the file, the field, what was expected), in the log and on the page, and the rest are shown."""

from dataclasses import dataclass
from pathlib import Path

from .. import messages
from ..messages import Text
from .step import Step, StepError, clash, load_step


@dataclass(frozen=True)
class Problem:
    """A file of the teacher's folder that was left out, and why, in both languages."""

    file: str
    said: Text

    @property
    def message(self) -> str:
        """In English, for the log."""
        return self.said.en

    def as_json(self) -> dict:
        return {"file": self.file, "message": self.said.en, "message_ru": self.said.ru}


def load_teacher_steps(folder: Path | None, lesson: list[Step]) -> tuple[list[Step], list[Problem]]:
    """The steps of ``folder`` that read well, in the order of their numbers, and a Problem for each that does not."""
    if folder is None:
        return [], []
    if not folder.is_dir():
        return [], [Problem(str(folder), messages.text("teacher.no_folder"))]
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        return [], [Problem(str(folder), messages.text("steps.no_files"))]
    steps: list[Step] = []
    problems: list[Problem] = []
    ids: dict[str, Text | str] = {step.id: messages.text("teacher.the_lesson") for step in lesson}
    numbers: dict[int, str] = {}
    for path in paths:
        try:
            step = load_step(path, one_language=True)
        except StepError as exc:
            problems.append(Problem(path.name, exc.detail))
            continue
        said = clash(step, path.name, ids, numbers)
        if said is not None:
            problems.append(Problem(path.name, said))
            continue
        steps.append(step.from_teacher())
    return steps, problems
