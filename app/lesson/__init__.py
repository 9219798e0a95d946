"""The lesson "Как работают основные слои" (How the basic layers work): every model cell of the notebook as a
ready step, in the notebook's order, one file per step in ``steps/`` (see ``step.py`` for what a file holds).

The Russian text is the notebook's own; the English is a translation. Where Keras 3 or our fixed seeds give
other names or numbers than the notebook (Keras 2, random weights), the text says so.
"""

from pathlib import Path

from ..config import get_settings
from .step import Step, StepError, load_steps
from .teacher import Problem, load_teacher_steps

LESSON: list[Step] = load_steps(Path(__file__).parent / "steps")
TEACHER, PROBLEMS = load_teacher_steps(get_settings().teacher_steps, LESSON)
"""A teacher's own steps (``LAYERLAB_TEACHER_STEPS``), and the files of that folder left out, with why."""
STEPS: list[Step] = LESSON + TEACHER

_BY_ID = {step.id: step for step in STEPS}


def get(step_id: str) -> Step | None:
    return _BY_ID.get(step_id)


__all__ = ["LESSON", "PROBLEMS", "STEPS", "TEACHER", "Problem", "Step", "StepError", "get", "load_steps"]
