"""A teacher's own steps: a folder of step files in the lesson's format (``LAYERLAB_TEACHER_STEPS``), shown after
the built-in lesson. Unlike the lesson's own files, a file with a mistake does not stop the server: it is left
out and reported (the file, the field, what was expected), in the log and on the page, and the rest are shown."""

from dataclasses import dataclass
from pathlib import Path

from .step import Step, StepError, load_step


@dataclass(frozen=True)
class Problem:
    """A file of the teacher's folder that was left out, and why."""

    file: str
    message: str

    def as_json(self) -> dict:
        return {"file": self.file, "message": self.message}


def load_teacher_steps(folder: Path | None, lesson: list[Step]) -> tuple[list[Step], list[Problem]]:
    """The steps of ``folder`` that read well, in the order of their numbers, and a Problem for each that does not."""
    if folder is None:
        return [], []
    if not folder.is_dir():
        return [], [Problem(str(folder), "expected a folder of step files (NN-<id>.toml); there is no such folder")]
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        return [], [Problem(str(folder), "expected step files (NN-<id>.toml) in the folder; there are none")]
    steps: list[Step] = []
    problems: list[Problem] = []
    taken = {step.id: "the lesson" for step in lesson}
    numbers: dict[int, str] = {}
    for path in paths:
        try:
            step = load_step(path, one_language=True)
        except StepError as exc:
            problems.append(Problem(path.name, str(exc).removeprefix(f"{path}: ")))
            continue
        if step.id in taken:
            problems.append(
                Problem(path.name, f"file name: expected an id of its own; {step.id!r} is taken by {taken[step.id]}")
            )
            continue
        if step.number in numbers:
            problems.append(
                Problem(
                    path.name,
                    f"file name: expected a number NN of its own; {step.number:02} is {numbers[step.number]}'s",
                )
            )
            continue
        taken[step.id] = path.name
        numbers[step.number] = path.name
        steps.append(step.from_teacher())
    return steps, problems
