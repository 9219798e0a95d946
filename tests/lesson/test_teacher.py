"""A teacher's own steps (app/lesson/teacher.py, LAYERLAB_TEACHER_STEPS): the good files come after the lesson,
a file with a mistake is left out and reported (file, field, what was expected), and the server still starts."""

import httpx
import pytest
from live_server import Server

from app import lesson
from app.lesson.teacher import load_teacher_steps

GOOD = """
view = "dense"
inputs = [[1, 2]]

[title]
ru = "Мой Dense"
en = "My Dense"

[text]
ru = "Два числа, три нейрона."
en = "Two numbers, three neurons."

[model]
layers = [
  { type = "Input", args = { shape = 2 } },
  { type = "Dense", args = { units = 3 } },
]

[[questions]]
kind = "params"
layer = "dense"
"""

ENGLISH_ONLY = GOOD.replace('ru = "Мой Dense"\n', "").replace('ru = "Два числа, три нейрона."\n', "")
BAD_UNITS = GOOD.replace("units = 3", "units = -3")
BAD_QUESTION = GOOD.replace('layer = "dense"\n', 'layer = "dense_9"\n')


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "01-my-dense.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "02-broken.toml").write_text(BAD_UNITS, encoding="utf-8")
    (tmp_path / "03-asks-wrong.toml").write_text(BAD_QUESTION, encoding="utf-8")
    (tmp_path / "04-dense-basic.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "05-mine.toml").write_text(ENGLISH_ONLY, encoding="utf-8")
    return tmp_path


def test_without_a_folder_there_are_no_teachers_steps_and_nothing_to_report():
    assert load_teacher_steps(None, lesson.LESSON) == ([], [])
    assert lesson.STEPS == lesson.LESSON and lesson.PROBLEMS == []


def test_the_good_files_become_steps_and_each_mistake_names_its_file_field_and_what_was_expected(folder):
    steps, problems = load_teacher_steps(folder, lesson.LESSON)
    assert [(s.id, s.teacher) for s in steps] == [("my-dense", True), ("mine", True)]
    assert steps[0].as_json()["teacher"] is True and "teacher" not in lesson.LESSON[0].as_json()
    assert steps[1].title == {"ru": "My Dense", "en": "My Dense"}, "one language is shown on both pages"
    said = {p.file: p.message for p in problems}
    assert list(said) == ["02-broken.toml", "03-asks-wrong.toml", "04-dense-basic.toml"]
    assert said["02-broken.toml"].startswith("model: layer #2 'dense' (Dense): ")
    assert "units" in said["02-broken.toml"] and "-3" in said["02-broken.toml"]
    assert said["03-asks-wrong.toml"] == (
        "questions.0.layer: expected the name of a layer of the model (input_layer, dense); got 'dense_9'"
    )
    assert said["04-dense-basic.toml"] == "file name: expected an id of its own; 'dense-basic' is taken by the lesson"


def test_a_missing_or_empty_folder_is_reported_not_fatal(tmp_path):
    assert load_teacher_steps(tmp_path / "nowhere", lesson.LESSON)[1][0].message.endswith("there is no such folder")
    steps, problems = load_teacher_steps(tmp_path, lesson.LESSON)
    assert steps == [] and problems[0].message.endswith("there are none")


@pytest.mark.slow
def test_the_server_starts_shows_the_good_steps_after_the_lesson_and_reports_the_bad_ones(folder, tmp_path):
    log = tmp_path / "server.log"
    server = Server(env={"LAYERLAB_TEACHER_STEPS": str(folder), "LAYERLAB_WORKERS": "1"}, log_path=log)
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=60) as client:
            examples = client.get("/api/examples").json()
            page = client.get("/?lang=en").text
            mine = client.get("/api/examples/my-dense").json()
            summary = client.post("/api/models/summary", json=mine["model"]).json()
    finally:
        server.stop()
    ids = [e["id"] for e in examples]
    assert ids[: len(lesson.LESSON)] == [s.id for s in lesson.LESSON]
    assert ids[len(lesson.LESSON) :] == ["my-dense", "mine"]
    assert mine["questions"] == [{"kind": "params", "layer": "dense", "output": 0}]
    assert summary["layers"][1]["params"] == 9
    assert 'id="teacher-problems"' in page
    assert "<code>03-asks-wrong.toml</code>: questions.0.layer: expected the name of a layer of the model" in page
    logged = log.read_text()
    assert "a teacher's step was left out: 02-broken.toml: model: layer #2 'dense' (Dense)" in logged
    assert "04-dense-basic.toml: file name: expected an id of its own" in logged
