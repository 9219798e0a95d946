"""A teacher's own steps (app/lesson/teacher.py, LAYERLAB_TEACHER_STEPS): the good files come after the lesson,
a file with a mistake is left out and reported (file, field, what was expected), and the server still starts."""

import re

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
BAD_SEED = GOOD.replace('view = "dense"\n', 'view = "dense"\nseed = -1\n')
UNKNOWN_FIELD = GOOD.replace('view = "dense"\n', 'view = "dense"\ncolour = "red"\n')
NO_WORDS = GOOD.replace('[title]\nru = "Мой Dense"\nen = "My Dense"\n', "[title]\n")


def write_steps(folder, files: dict[str, str]):
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path):
    files = {"01-my-dense.toml": GOOD, "02-broken.toml": BAD_UNITS, "03-asks-wrong.toml": BAD_QUESTION}
    return write_steps(tmp_path, files | {"04-dense-basic.toml": GOOD, "05-mine.toml": ENGLISH_ONLY})


def test_without_a_folder_there_are_no_teachers_steps_and_nothing_to_report():
    assert load_teacher_steps(None, lesson.LESSON) == ([], [])
    assert lesson.STEPS == lesson.LESSON and lesson.PROBLEMS == []


def test_the_good_files_become_steps_and_each_mistake_names_its_file_field_and_what_was_expected(folder):
    steps, problems = load_teacher_steps(folder, lesson.LESSON)
    assert [(s.id, s.teacher) for s in steps] == [("my-dense", True), ("mine", True)]
    assert steps[0].as_json()["teacher"] is True and "teacher" not in lesson.LESSON[0].as_json()
    assert steps[1].title == {"ru": "My Dense", "en": "My Dense"}, "one language is shown on both pages"
    said = {p.file: p.message for p in problems}
    assert said == {p.file: p.said.en for p in problems} == {p.file: p.as_json()["message"] for p in problems}
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
            russian = client.get("/?lang=ru").text
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
    shown = '<code>03-asks-wrong.toml</code>: <span lang="en">questions.0.layer: expected the name of a layer of'
    assert shown in page and shown in russian
    assert '<span lang="ru">questions.0.layer: ожидается имя слоя модели (input_layer, dense)' in russian
    logged = log.read_text()
    assert "a teacher's step was left out: 02-broken.toml: model: layer #2 'dense' (Dense)" in logged
    assert "04-dense-basic.toml: file name: expected an id of its own" in logged


def test_each_problem_is_said_in_russian_too_with_the_same_file_field_and_what_was_expected(folder):
    files = {"06-seeded.toml": BAD_SEED, "07-coloured.toml": UNKNOWN_FIELD, "08-untitled.toml": NO_WORDS}
    write_steps(folder, files | {"09-Bad_Name.toml": GOOD, "01-mine-too.toml": GOOD})
    said = {p.file: p.as_json() for p in load_teacher_steps(folder, lesson.LESSON)[1]}
    russian = {file: problem["message_ru"] for file, problem in said.items()}
    assert russian["02-broken.toml"].startswith("model: слой #2 'dense' (Dense): ")
    assert "units" in russian["02-broken.toml"] and "-3" in russian["02-broken.toml"]
    assert russian["03-asks-wrong.toml"] == (
        "questions.0.layer: ожидается имя слоя модели (input_layer, dense); получено 'dense_9'"
    )
    assert russian["04-dense-basic.toml"] == "имя файла: ожидается свой id; 'dense-basic' уже занят: урок"
    assert russian["06-seeded.toml"] == "seed: ожидается число ≥ 0; получено -1"
    assert said["06-seeded.toml"]["message"] == "seed: expected a number ≥ 0; got -1"
    assert russian["07-coloured.toml"] == "colour: неизвестное поле"
    assert russian["08-untitled.toml"] == "title: ожидается ru, en или оба; получено {}"
    assert said["08-untitled.toml"]["message"] == "title: expected ru, en or both; got {}"
    assert russian["09-Bad_Name.toml"].startswith("ожидается имя файла NN-<id>.toml")
    assert russian["01-my-dense.toml"] == "имя файла: ожидается свой номер NN; 01 уже у 01-mine-too.toml"
    assert said["01-my-dense.toml"]["message"] == "file name: expected a number NN of its own; 01 is 01-mine-too.toml's"
    for problem in said.values():
        assert re.search("[а-яё]", problem["message_ru"]), problem
        assert not re.search("[а-яё]", problem["message"]), problem
    missing = load_teacher_steps(folder / "nowhere", lesson.LESSON)[1][0].as_json()["message_ru"]
    assert missing == "ожидается папка файлов шагов (NN-<id>.toml); такой папки нет"
