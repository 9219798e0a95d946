"""The message catalogue: both languages for every key, the same placeholders, every key used and every use
filled; and pydantic's refusals of a request said in both languages, never in pydantic's English."""

import ast
import re
import string
from pathlib import Path

import pytest

from app import messages
from app.messages import MESSAGES, PYDANTIC, Text

APP = Path(messages.__file__).parent
LAYERLAB = APP.parent / "layerlab"
"""The notebook widget's package: its messages are in the catalogue too."""
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
CALLS = {"text": 0, "invalid": 0, "refusal": 1}
"""The catalogue's functions, and where their key is among the positional arguments."""


def sources() -> dict[Path, ast.Module]:
    """Every module of the app and the widget, the catalogue's own table left out (its keys are not uses)."""
    paths = sorted([*APP.rglob("*.py"), *LAYERLAB.rglob("*.py")])
    trees = {path: ast.parse(path.read_text()) for path in paths}
    catalogue = trees[APP / "messages.py"]
    catalogue.body = [node for node in catalogue.body if not _is_catalogue(node)]
    return trees


def _is_catalogue(node: ast.stmt) -> bool:
    return isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "MESSAGES"


def words(template: str) -> str:
    """The template without its placeholders, code in backticks, JSON examples and quoted names."""
    text = "".join(literal for literal, _, _, _ in string.Formatter().parse(template))
    return re.sub(r"`[^`]*`|\{.*\}|'[^']*'|\"[^\"]*\"", "", text)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_and_the_same_placeholders(key):
    en, ru = MESSAGES[key]
    assert en and ru
    assert not CYRILLIC.search(en), en
    if re.search("[A-Za-z]{2,}", words(en)):
        assert CYRILLIC.search(ru), ru
    assert messages.placeholders(en) == messages.placeholders(ru)


def test_every_key_is_used_and_every_use_names_a_key_and_fills_its_placeholders():
    used: set[str] = set()
    for path, tree in sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in MESSAGES:
                used.add(node.value)
            function = (
                getattr(node.func, "attr", getattr(node.func, "id", None)) if isinstance(node, ast.Call) else None
            )
            if function not in CALLS:
                continue
            position = CALLS[function]
            if len(node.args) <= position or not isinstance(node.args[position], ast.Constant):
                continue
            key = node.args[position].value
            assert key in MESSAGES, (path.name, node.lineno, key)
            if any(k.arg is None for k in node.keywords):
                continue  # **values: checked where they are built
            given = {k.arg for k in node.keywords} - {"layer"}
            wanted = messages.placeholders(MESSAGES[key].en)
            assert wanted <= given and given - {"arg"} <= wanted, (path.name, node.lineno, key, given, wanted)
    defined = {key.value for key in _catalogue_keys()}
    assert defined == set(MESSAGES)
    assert set(MESSAGES) <= used | {v[0] for v in PYDANTIC.values()}, set(MESSAGES) - used


def _catalogue_keys() -> list[ast.Constant]:
    tree = ast.parse((APP / "messages.py").read_text())
    table = next(node for node in tree.body if _is_catalogue(node))
    assert isinstance(table, ast.AnnAssign) and isinstance(table.value, ast.Dict)
    return [k for k in table.value.keys if isinstance(k, ast.Constant)]


def test_numbers_follow_the_language():
    said = messages.text("limit.params", count=15010, limit=10_000_000)
    assert said.en == "the model has 15,010 parameters; the limit is 10,000,000"
    assert said.ru == "параметров в модели: 15\u202f010; предел — 10\u202f000\u202f000"
    assert messages.text("pydantic.ge", limit=0.5) == Text("a number ≥ 0.5", "число ≥ 0,5")


def test_a_russian_number_has_the_pages_minus_sign():
    assert messages.text("pydantic.ge", limit=-2.5) == Text("a number ≥ -2.5", "число ≥ \u22122,5")
    assert messages.number(-15010, "ru") == "\u221215\u202f010" and messages.number(-15010, "en") == "-15,010"
    assert messages.approx(-1.18e-21) == Text("-1.18e-21", "\u22121,18e\u221221")


@pytest.mark.parametrize(
    ("inputs", "en", "ru"),
    [
        ([[1, -2.5]], "received -2.5", "получено \u22122,5"),
        ([[1, -1e39]], "received -1e+39", "получено \u22121e+39"),
    ],
)
def test_a_refused_negative_number_is_written_the_russian_way(fake_api, inputs, en, ru):
    model = {"layers": [{"type": "Input", "args": {"shape": [2], "dtype": "int32"}}]}
    answer = fake_api.post("/api/models/predict", json={"model": model, "inputs": inputs}).json()
    assert answer["status"] == 422
    assert en in answer["error"] and ru in answer["error_ru"], answer
    assert not re.search(r"-\d", answer["error_ru"]), answer["error_ru"]


def test_a_phrase_fills_a_placeholder_in_its_own_language():
    who = messages.text("who.layer", label="#1 'dense' (Dense)")
    said = messages.text("model.not_connected", who=who)
    assert said.en.startswith("layer #1 'dense' (Dense) does not lead")
    assert said.ru.startswith("слой #1 'dense' (Dense) не ведёт")


INPUT = {"type": "Input", "args": {"shape": [4]}}


@pytest.mark.parametrize(
    ("body", "kind", "en", "ru"),
    [
        ({}, "missing", "layers: a value is required", "layers: нужно значение"),
        (
            {"layers": [INPUT], "colour": "red"},
            "extra_forbidden",
            'body: `colour` is not a field this request takes; received "red"',
            'body: поле `colour` этот запрос не принимает; получено "red"',
        ),
        ({"layers": []}, "too_short", "layers: expected at least 1 item(s); received []", "элементов: не меньше 1"),
        (
            {"layers": [{**INPUT, "name": "1st"}]},
            "string_pattern_mismatch",
            'layers.0.name (layer #1): expected a name: a letter, then letters, digits or _ (64 at most); received "1st"',
            "layers.0.name (слой #1): ожидается имя: буква, затем буквы, цифры или _",
        ),
        (
            {"layers": [{**INPUT, "type": "D" * 65}]},
            "string_too_long",
            "layers.0.type (layer #1): expected text of at most 64 characters",
            "ожидается текст не длиннее 64 символов",
        ),
        (
            {"layers": [INPUT], "outputs": ["x"] * 65},
            "too_long",
            "outputs: expected at most 64 item(s)",
            "outputs: ожидается элементов: не больше 64",
        ),
    ],
)
def test_schema_refusals_say_where_what_was_expected_and_what_arrived(fake_api, body, kind, en, ru):
    answer = fake_api.post("/api/models/summary", json=body).json()
    assert answer["status"] == 422
    assert en in answer["error"], answer["error"]
    assert ru in answer["error_ru"] and not re.search("[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", words(answer["error_ru"]))


@pytest.mark.parametrize(
    ("seed", "kind", "en", "ru"),
    [
        ("x", "int_parsing", "seed: expected a whole number; received", "seed: ожидается целое число; получено"),
        (
            -1,
            "greater_than_equal",
            "seed: expected a number ≥ 0; received -1",
            "seed: ожидается число ≥ 0; получено -1",
        ),
        (
            10**20,  # past 64 bits: read as the float 1e20, refused by pydantic as int_parsing_size
            "int_parsing_size",
            "seed: expected a whole number of at most 64 bits; received 1e+20",
            "seed: ожидается целое число не длиннее 64 бит; получено 1e+20",
        ),
        (
            2**31,
            "less_than_equal",
            "seed: expected a number ≤ 2,147,483,647",
            "ожидается число ≤ 2\u202f147\u202f483\u202f647",
        ),
    ],
)
def test_predict_request_refusals_translate_pydantic_types(fake_api, seed, kind, en, ru):
    request = {"model": {"layers": [INPUT]}, "inputs": [1, 2, 3, 4], "seed": seed}
    answer = fake_api.post("/api/models/predict", json=request).json()
    assert en in answer["error"] and ru in answer["error_ru"], answer


def test_every_pydantic_type_in_the_table_is_said_in_both_languages():
    for kind, (key, limit) in PYDANTIC.items():
        said = messages.expected({"type": kind, "ctx": {limit: 3} if limit else {}})
        assert said == messages.text(key, limit=3)
        assert CYRILLIC.search(said.ru) or said.ru == said.en == "JSON", kind
    literal = messages.expected({"type": "literal_error", "ctx": {"expected": "'valid' or 'same'"}})
    assert literal == Text("one of 'valid' or 'same'", "одно из значений 'valid' или 'same'")
    unknown = messages.expected({"type": "uuid_parsing", "ctx": {}})
    assert unknown.ru == "значение другого вида (uuid_parsing)"


def test_every_pattern_of_the_api_schema_is_said_in_words_not_as_a_regular_expression(fake_api):
    """A `window.at` name or a `held_weights` digest that did not fit was refused with its raw regex."""
    patterns: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            patterns.update(node.get("patternProperties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(fake_api.get("/openapi.json").json())
    assert patterns and patterns <= set(messages.PATTERNS), patterns - set(messages.PATTERNS)
    request = {"model": {"layers": [INPUT]}, "inputs": [1, 2, 3, 4], "held_weights": {"a b": "f00"}}
    said = fake_api.post("/api/models/predict", json=request).json()
    assert "^" not in said["error"] + said["error_ru"] and "a tensor's name in the answer" in said["error"], said


def test_an_unknown_route_and_a_wrong_method_are_said_in_both_languages(fake_api):
    missing = fake_api.get("/api/nope").json()
    assert missing["status"] == 404 and "/api/nope" in missing["error"] and CYRILLIC.search(missing["error_ru"])
    wrong = fake_api.get("/api/models/summary")
    assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"
    assert wrong.json()["error_ru"] == "/api/models/summary не принимает GET; принимает POST"


@pytest.mark.parametrize(
    "headers", [{"content-type": "application/x-www-form-urlencoded"}, {"content-type": "text/plain"}]
)
def test_a_body_not_sent_as_json_is_told_to_send_the_json_header(fake_api, headers):
    """curl -d sends a JSON body as a form: the refusal says which header to send, not that an object was expected."""
    body = '{"layers": [{"type": "Input", "args": {"shape": [4]}}]}'
    answer = fake_api.post("/api/models/summary", content=body, headers=headers)
    assert answer.status_code == 422
    said = answer.json()
    assert f"it came with Content-Type: {headers['content-type']}" in said["error"], said
    assert "-H 'Content-Type: application/json'" in said["error"] and "добавьте -H" in said["error_ru"]


def test_a_json_string_sent_as_json_is_still_refused_as_not_an_object(fake_api):
    answer = fake_api.post("/api/models/summary", content='"hello"', headers={"content-type": "application/json"})
    assert answer.json()["error"] == 'body: expected an object {...}; received "hello"'


def test_a_refusal_quotes_what_arrived_cut_to_80_characters():
    assert messages.received("x" * 80) == "x" * 80
    assert messages.received("x" * 81) == "x" * 77 + "..."


def test_a_long_value_is_quoted_cut_in_a_requests_and_a_layers_refusal(fake_api):
    layers = [{"type": "Input", "args": {"shape": [4]}}, {"type": "Dense", "args": {"units": list(range(100))}}]
    for body, start in (({"layers": layers}, "[0, 1, 2"), ({"layers": "x" * 100}, '"xxx')):
        said = fake_api.post("/api/models/summary", json=body).json()
        quoted = re.split(r"[Rr]eceived:? (?:units=)?", said["error"])[-1]
        assert quoted.startswith(start) and quoted.endswith("...") and len(quoted) == 80, said
