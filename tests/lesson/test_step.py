"""Reading a step file (app/lesson/step.py): what a teacher writes, and what they are told when it is wrong."""

import numpy as np
import pytest

from app import pictures
from app.lesson import StepError, load_steps
from app.lesson.step import load_step

STEP = """
view = "dense"
inputs = [[1, 2, 3]]

[title]
ru = "Dense"
en = "Dense"

[text]
ru = '''
Слой **Dense**.
'''
en = '''
The **Dense** layer.
'''

[model]
layers = [
  { type = "Input", args = { shape = 3 } },
  { type = "Dense", args = { units = 2 } },
]

[weights.dense]
kernel = [[1, 0], [0, 1], [1, 1]]
bias = [0, 0.5]

[[notebook]]
cell = 2
code = '''
x = Dense(2)(inp)
'''
output = '''
array([[4. , 5.5]], dtype=float32)
'''

[expected]
total_params = 8

[expected.output_shapes]
input_layer = "(None, 3)"
dense = "(None, 2)"
"""


QUESTIONS = """
[[questions]]
kind = "value"
layer = "dense"
cell = [0, 1]
hint = { ru = "Строка входа на столбец 1 ядра, плюс смещение.", en = "The input row times kernel column 1, plus the bias." }

[[questions]]
kind = "params"
layer = "dense"
text = { ru = "Сколько чисел учит Dense?", en = "How many numbers does Dense learn?" }

"""
ASKING = STEP.replace("[expected]", QUESTIONS + "[expected]")
"""The step with two questions (a step file asks them after its notebook cells)."""


def write(tmp_path, text: str = STEP, name: str = "01-dense.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path, text: str, name: str = "01-dense.toml") -> str:
    with pytest.raises(StepError) as caught:
        load_step(write(tmp_path, text, name))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / name}: "), message
    return message.removeprefix(f"{tmp_path / name}: ")


def test_a_step_file_becomes_a_step_named_by_its_file(tmp_path):
    step = load_step(write(tmp_path))
    assert (step.id, step.number, step.cell) == ("dense", 1, "In [2]")
    assert step.text == {"ru": "Слой **Dense**.", "en": "The **Dense** layer."}
    assert step.model == {"layers": [{"type": "Input", "args": {"shape": 3}}, {"type": "Dense", "args": {"units": 2}}]}
    assert step.weights == {"dense": [[[1, 0], [0, 1], [1, 1]], [0, 0.5]]}
    assert step.notebook == {"code": "x = Dense(2)(inp)", "output": "array([[4. , 5.5]], dtype=float32)"}
    assert step.expected.output_shapes == {"input_layer": [None, 3], "dense": [None, 2]}


def test_a_step_reads_its_questions(tmp_path):
    step = load_step(write(tmp_path, ASKING))
    assert [(q.kind, q.layer, q.output, q.cell) for q in step.questions] == [
        ("value", "dense", 0, [0, 1]),
        ("params", "dense", 0, None),
    ]


def test_a_step_sends_its_questions_and_never_their_answers(tmp_path):
    value, params = load_step(write(tmp_path, ASKING)).as_json()["questions"]
    assert value == {
        "kind": "value",
        "layer": "dense",
        "output": 0,
        "cell": [0, 1],
        "hint": {
            "ru": "Строка входа на столбец 1 ядра, плюс смещение.",
            "en": "The input row times kernel column 1, plus the bias.",
        },
    }
    assert params == {
        "kind": "params",
        "layer": "dense",
        "output": 0,
        "text": {"ru": "Сколько чисел учит Dense?", "en": "How many numbers does Dense learn?"},
    }


def test_a_teachers_step_needs_no_notebook_questions_or_expected_numbers(tmp_path):
    text = STEP[: STEP.index("[[notebook]]")]
    step = load_step(write(tmp_path, text))
    assert (step.cells, step.questions, step.expected) == ([], [], None)


def test_a_step_asks_at_most_three_questions(tmp_path):
    text = ASKING.replace("[expected]", '[[questions]]\nkind = "shape"\nlayer = "dense"\n\n' * 2 + "[expected]")
    assert "questions: expected at most 3 item(s); got [{" in refusal(tmp_path, text)


def test_the_public_answer_leaves_out_what_only_the_tests_read(tmp_path):
    body = load_step(write(tmp_path)).as_json()
    assert "expected" not in body
    assert body["id"] == "dense" and body["view"] == "dense" and body["seed"] == 0
    assert body["notebook"]["code"] == "x = Dense(2)(inp)"


def test_weights_are_set_by_name_and_sent_in_the_layers_own_order(tmp_path):
    text = STEP.replace(
        "kernel = [[1, 0], [0, 1], [1, 1]]\nbias = [0, 0.5]", "bias = [0, 0.5]\nkernel = [[1, 0], [0, 1], [1, 1]]"
    )
    assert load_step(write(tmp_path, text)).weights == {"dense": [[[1, 0], [0, 1], [1, 1]], [0, 0.5]]}


def test_a_fill_writes_out_a_big_input_in_its_shape(tmp_path):
    text = STEP.replace("inputs = [[1, 2, 3]]", "inputs = { input_layer = { fill = 2 } }")
    assert load_step(write(tmp_path, text)).inputs == {"input_layer": [[2, 2, 2]]}


def picture_step(picture: str = '"shapes"', shape: str = "[128, 128, 3]") -> str:
    text = STEP.replace("inputs = [[1, 2, 3]]", f"inputs = {{ picture = {picture} }}")
    return text.replace("shape = 3", f"shape = {shape}")


def test_a_picture_input_is_the_shipped_pictures_pixels_and_stays_out_of_the_lessons_json(tmp_path):
    step = load_step(write(tmp_path, picture_step()))
    assert step.pictures == {"input_layer": "shapes"}
    assert step.inputs == {"input_layer": pictures.pixels("shapes")[None].tolist()}
    kept = step.given["input_layer"]  # kept as its pixels (49 kB), not as nested lists (~1.7 MB) between requests
    assert isinstance(kept, np.ndarray) and kept.dtype == np.uint8 and kept.nbytes == 128 * 128 * 3
    assert step.as_json()["pictures"] == {"input_layer": "shapes"} and step.as_json()["inputs"] is None
    named = picture_step().replace(
        'inputs = { picture = "shapes" }', 'inputs = { input_layer = { picture = "house" } }'
    )
    assert load_step(write(tmp_path, named)).pictures == {"input_layer": "house"}


@pytest.mark.parametrize(
    "picture, shape, said",
    [
        ('"cat"', "[128, 128, 3]", "inputs.input_layer.picture: expected the name of a shipped picture (house, "),
        (
            "3",
            "[128, 128, 3]",
            "inputs.input_layer.picture: expected the name of a shipped picture (house, shapes, stripes); got 3",
        ),
        (
            '"shapes"',
            "[127, 127, 3]",
            "inputs.input_layer.picture: the picture 'shapes' is 128 × 128 × 3 (height × width × channels); "
            "the input takes (127, 127, 3)",
        ),
    ],
)
def test_a_picture_that_is_not_there_or_not_the_inputs_size_is_refused(tmp_path, picture, shape, said):
    assert said in refusal(tmp_path, picture_step(picture, shape))


@pytest.mark.parametrize(
    "change, said",
    [
        (("[title]", "[titel]"), "title: missing; it is required; titel: unknown field"),
        (('en = "Dense"', 'en = ""'), "title.en: expected text of at least 1 characters; got ''"),
        (
            ('dense = "(None, 2)"', 'dense = "[None, 2]"'),
            'expected.output_shapes.dense: expected a shape as Keras writes it, e.g. "(None, 64)"',
        ),
        (("cell = 2", "cell = 0"), "notebook.0.cell: expected a number ≥ 1; got 0"),
        (("total_params = 8", 'total_params = "8"'), "expected.total_params: expected a whole number; got '8'"),
        (
            ('view = "dense"', 'view = "Dense"'),
            "view: expected the name of a layer of the model (input_layer, dense); got 'Dense'",
        ),
        (("{ units = 2 }", "{ units = 0 }"), "model: layer #2 'dense' (Dense): "),
        (('type = "Dense"', 'type = "Dens"'), "model: layer #2: unknown type 'Dens'"),
        (("bias = [0, 0.5]\n", ""), "weights.dense: expected every weight of Dense: kernel, bias; got kernel"),
        (("bias = [0, 0.5]", "bias = [0, 0.5, 1]"), "weights['dense'][1] (bias): expected shape (2,); received (3,)"),
        (("[weights.dense]", "[weights.dense_9]"), "weights.dense_9: expected the name of a layer of the model"),
        (("inputs = [[1, 2, 3]]", "inputs = [[1, 2]]"), "inputs['input_layer']: expected shape (None, 3)"),
        (
            ("inputs = [[1, 2, 3]]", 'inputs = { input_layer = { fill = "x" } }'),
            "inputs.input_layer: expected an array, {fill = number} or {picture = name}",
        ),
        (
            ("inputs = [[1, 2, 3]]", "inputs = { inp = { fill = 1 } }"),
            "inputs.inp: expected one of the model's inputs (input_layer)",
        ),
        (('en = "Dense"\n', ""), "title.en: missing; the lesson speaks Russian and English"),
        (('ru = "Dense"\nen = "Dense"\n', ""), "title: expected ru, en or both; got {}"),
        (("code = '''\nx", "code = '''\n\nx"), None),
    ],
)
def test_a_mistake_names_the_file_the_field_and_what_was_expected(tmp_path, change, said):
    old, new = change
    assert old in STEP
    text = STEP.replace(old, new)
    if said is None:
        assert load_step(write(tmp_path, text)).notebook["code"] == "x = Dense(2)(inp)"
    else:
        assert said in refusal(tmp_path, text)


def test_a_top_level_field_written_inside_a_table_is_told_where_it_goes(tmp_path):
    """A teacher who reads "[model] layers …, inputs …" puts `inputs` under [model]: say where it belongs."""
    text = STEP.replace("inputs = [[1, 2, 3]]\n", "").replace("[model]\n", "[model]\ninputs = [[1, 2, 3]]\n")
    said = refusal(tmp_path, text)
    assert "model.inputs: unknown field here; `inputs` goes at the top of the file, before the first [table]" in said
    assert "titel: unknown field" in refusal(tmp_path, STEP.replace("[title]", "[titel]"))  # not a field of the top


def test_a_step_says_where_a_big_outputs_part_begins_and_sends_it(tmp_path):
    text = STEP.replace("inputs = [[1, 2, 3]]", "inputs = [[1, 2, 3]]\nwindow = { dense = [0, 1] }")
    step = load_step(write(tmp_path, text))
    assert step.window == {"dense": [0, 1]} and step.as_json()["window"] == {"dense": [0, 1]}
    assert load_step(write(tmp_path)).as_json()["window"] is None


@pytest.mark.parametrize(
    ("window", "en", "ru"),
    [
        (
            "{ dens = [0, 1] }",
            "window.dens: the model has no layer 'dens'; its layers: input_layer, dense",
            "window.dens: в модели нет слоя 'dens'; её слои: input_layer, dense",
        ),
        (
            "{ dense = [1] }",
            "window.dense: dense has 2 axes (1, 2), batch first; received 1 start indices [1]",
            "window.dense: у dense осей: 2 (1, 2), первая — батч; получено начальных индексов: 1 [1]",
        ),
        (
            "{ dense = [0, 2] }",
            "window.dense: start 2 on axis 1 is past the end of dense (1, 2); it goes from 0 to 1",
            "window.dense: начало 2 по оси 1 за концом dense (1, 2); допустимо от 0 до 1",
        ),
        ("{ dense = [0, -1] }", "window.dense.1: expected a number ≥ 0; got -1", "window.dense.1: ожидается число ≥ 0"),
    ],
)
def test_a_window_that_does_not_fit_the_model_is_refused_in_both_languages(tmp_path, window, en, ru):
    text = STEP.replace("inputs = [[1, 2, 3]]", f"inputs = [[1, 2, 3]]\nwindow = {window}")
    with pytest.raises(StepError) as caught:
        load_step(write(tmp_path, text))
    assert en in caught.value.detail.en, caught.value.detail
    assert ru in caught.value.detail.ru, caught.value.detail


def test_a_toml_mistake_says_where_it_is(tmp_path):
    said = refusal(tmp_path, STEP.replace('en = "Dense"', 'en = "Dense'))
    assert said.startswith("not valid TOML: ") and "line 7" in said


def test_a_file_name_must_give_the_order_and_the_id(tmp_path):
    said = refusal(tmp_path, STEP, name="dense.toml")
    assert said == "expected a file name NN-<id>.toml (two digits, then lower-case words and dashes)"


def lesson_refusal(folder) -> list[str]:
    """What stops the lesson, line by line: in English, then in Russian."""
    with pytest.raises(StepError) as caught:
        load_steps(folder)
    return str(caught.value).splitlines()


def test_a_lesson_needs_each_number_once(tmp_path):
    write(tmp_path, name="01-dense.toml")
    write(tmp_path, name="01-other.toml")
    assert lesson_refusal(tmp_path) == [
        f"{tmp_path / '01-other.toml'}: file name: expected a number NN of its own; 01 is 01-dense.toml's",
        f"{tmp_path / '01-other.toml'}: имя файла: ожидается свой номер NN; 01 уже у 01-dense.toml",
    ]


def test_a_lesson_needs_each_id_once(tmp_path):
    write(tmp_path, name="01-dense.toml")
    write(tmp_path, name="02-dense.toml")
    assert lesson_refusal(tmp_path) == [
        f"{tmp_path / '02-dense.toml'}: file name: expected an id of its own; 'dense' is taken by 01-dense.toml",
        f"{tmp_path / '02-dense.toml'}: имя файла: ожидается свой id; 'dense' уже занят: 01-dense.toml",
    ]


def test_steps_come_in_the_order_of_their_numbers(tmp_path):
    write(tmp_path, name="10-later.toml")
    write(tmp_path, name="02-sooner.toml")
    assert [(step.number, step.id) for step in load_steps(tmp_path)] == [(2, "sooner"), (10, "later")]


def test_an_empty_folder_is_no_lesson(tmp_path):
    assert lesson_refusal(tmp_path) == [
        f"{tmp_path}: expected step files (NN-<id>.toml) in the folder; there are none",
        f"{tmp_path}: в папке ожидаются файлы шагов (NN-<id>.toml); их нет",
    ]


def test_a_mistake_in_one_of_the_lessons_files_stops_it_in_both_languages(tmp_path):
    write(tmp_path, name="01-dense.toml")
    write(tmp_path, STEP.replace('view = "dense"', 'view = "nowhere"'), name="02-other.toml")
    english, russian = lesson_refusal(tmp_path)
    assert english.startswith(f"{tmp_path / '02-other.toml'}: view: expected ") and "'nowhere'" in english
    assert russian.startswith(f"{tmp_path / '02-other.toml'}: view: ожидается ") and "'nowhere'" in russian


IMAGE_STEP = (
    STEP.replace("inputs = [[1, 2, 3]]", 'inputs = [[[[1], [2]], [[3], [4]]]]\nweights_file = "w/dense.json"')
    .replace("{ shape = 3 }", "{ shape = [2, 2, 1] }")
    .replace("[weights.dense]\nkernel = [[1, 0], [0, 1], [1, 1]]\nbias = [0, 0.5]\n", "")
    .replace(
        'input_layer = "(None, 3)"\ndense = "(None, 2)"', 'input_layer = "(None, 2, 2, 1)"\ndense = "(None, 2, 2, 2)"'
    )
    .replace("total_params = 8", "total_params = 4")
)
DENSE_WEIGHTS = '{"dense": [[[1, 0]], [0, 0.5]]}'


def with_weights_file(tmp_path, text: str = DENSE_WEIGHTS):
    (tmp_path / "w").mkdir(exist_ok=True)
    (tmp_path / "w" / "dense.json").write_text(text, encoding="utf-8")


def test_weights_can_come_from_a_json_file_beside_the_steps(tmp_path):
    with_weights_file(tmp_path)
    step = load_step(write(tmp_path, IMAGE_STEP))
    assert step.weights == {"dense": [[[1, 0]], [0, 0.5]]}
    assert step.as_json()["weights"] == step.weights
    listed = step.as_json(listed=True)
    assert (listed["weights"], listed["partial"]) == (None, True), "the lesson's list leaves a file's weights out"
    assert "partial" not in load_step(write(tmp_path)).as_json(listed=True)


@pytest.mark.parametrize(
    "weights, said",
    [
        (None, "weights_file: cannot read "),
        ('{"dense": [[[1, 0]], [0, 0.5]]', "weights_file: "),
        ("[[1, 0]]", "weights_file: expected {layer name: [array, ...]} in "),
        ('{"dense": [[[1, 0, 2]], [0, 0.5]]}', "weights['dense'][0] (kernel): expected shape (1, 2); received (1, 3)"),
        ('{"dense_9": []}', "weights: there is no layer 'dense_9'"),
    ],
)
def test_a_weights_file_that_does_not_fit_is_refused_at_start_up(tmp_path, weights, said):
    if weights is not None:
        with_weights_file(tmp_path, weights)
    assert said in refusal(tmp_path, IMAGE_STEP)


def test_a_layers_weights_come_from_the_file_or_the_step_not_both(tmp_path):
    with_weights_file(tmp_path)
    text = IMAGE_STEP + "\n[weights.dense]\nkernel = [[1, 0]]\nbias = [0, 0]\n"
    assert "weights_file: weights of dense are also in [weights]" in refusal(tmp_path, text)


def test_a_drawn_input_is_an_image_of_one_channel(tmp_path):
    with_weights_file(tmp_path)
    step = load_step(write(tmp_path, IMAGE_STEP + '\n[draw]\ninput = "input_layer"\nink = 16\n'))
    assert step.as_json()["draw"] == {"input": "input_layer", "ink": 16}
    said = refusal(tmp_path, IMAGE_STEP + '\n[draw]\ninput = "dense"\nink = 16\n')
    assert "draw.input: expected one of the model's inputs (input_layer); got 'dense'" in said
    flat = STEP + '\n[draw]\ninput = "input_layer"\nink = 1\n'
    assert "draw.input: expected an input of shape (height, width, 1); input_layer is (None, 3)" in refusal(
        tmp_path, flat
    )
    assert "draw.ink: expected a number > 0; got 0" in refusal(tmp_path, flat.replace("ink = 1", "ink = 0"))


@pytest.mark.parametrize(
    "change, said",
    [
        (
            ('kind = "params"', 'kind = "size"'),
            "questions.1.kind: expected one of 'shape', 'params', 'value' or 'outputs'; got 'size'",
        ),
        (
            ('layer = "dense"\ntext', 'layer = "dens"\ntext'),
            "questions.1.layer: expected the name of a layer of the model (input_layer, dense); got 'dens'",
        ),
        (
            ("cell = [0, 1]", "cell = [0, 2]"),
            "questions.0.cell: index 2 on axis 1 is outside the output (None, 2) (at most 1)",
        ),
        (
            ("cell = [0, 1]", "cell = [1, 0]"),
            "questions.0.cell: index 1 on axis 0 is outside the output (None, 2) (at most 0)",
        ),
        (
            ("cell = [0, 1]", "cell = [1]"),
            "questions.0.cell: expected 2 indices (batch axis first) into the output (None, 2); got [1]",
        ),
        (
            ("cell = [0, 1]\n", ""),
            "questions.0.cell: expected 2 indices (batch axis first) into the output (None, 2); got None",
        ),
        (
            ("cell = [0, 1]", "cell = [0, 1]\noutput = 1"),
            "questions.0.output: dense has 1 output(s), numbered from 0; got 1",
        ),
        (("inputs = [[1, 2, 3]]\n", ""), "questions.0.kind: a value question needs numbers to run the model on"),
        (
            ('kind = "params"', 'kind = "params"\ncell = [0]'),
            "questions.1.cell: only a value question names a cell; this one asks for params",
        ),
        (('text = { ru = "Сколько', 'text = { de = "Wie", ru = "Сколько'), "questions.1.text.de: unknown field"),
    ],
)
def test_a_question_that_cannot_be_asked_names_its_field_and_what_was_expected(tmp_path, change, said):
    old, new = change
    assert old in ASKING
    assert said in refusal(tmp_path, ASKING.replace(old, new))
