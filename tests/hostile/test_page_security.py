"""The page cannot be turned against its readers: strict headers on every answer, names that cannot carry
markup, and page code that writes text, never HTML."""

import re
from pathlib import Path

import pytest
from hostile_kit import assert_refused, model

ROOT = Path(__file__).resolve().parents[2]
XSS = "<img src=x onerror=alert(1)>"


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


ANSWERS = {
    "the page": ("GET", "/", None, 200),
    "the page in english": ("GET", "/?lang=en", None, 200),
    "the api docs": ("GET", "/docs", None, 200),
    "the openapi schema": ("GET", "/openapi.json", None, 200),
    "the catalogue": ("GET", "/api/layers", None, 200),
    "a script": ("GET", "/static/js/main.js", None, 200),
    "healthz": ("GET", "/healthz", None, 200),
    "a 404": ("GET", "/no/such/page", None, 404),
    "a 404 of the api": ("GET", "/api/examples/no_such_example", None, 404),
    "a 405": ("DELETE", "/api/layers", None, 405),
    "a 400": ("POST", "/api/models/summary", b"{", 400),
    "a 413": ("POST", "/api/models/summary", b"x" * 2_000_000, 413),
    "a 422": ("POST", "/api/models/summary", b'{"layers": []}', 422),
    "a 422 from the middleware": ("POST", "/api/models/summary", b'{"layers": [NaN]}', 422),
}


@pytest.mark.parametrize("key", list(ANSWERS))
def test_every_answer_carries_the_security_headers(api, key):
    method, path, body, status = ANSWERS[key]
    response = api.request(method, path, content=body, headers={"content-type": "application/json"} if body else {})
    assert response.status_code == status, response.text[:300]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert len(response.headers.get_list("content-security-policy")) == 1
    csp = directives(response.headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no nonce, no other origin
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    for name, sources in csp.items():
        for source in sources:
            assert source in ("'self'", "'none'", "data:"), (name, source)  # no host, scheme or wildcard
    if status >= 400:
        assert_refused(response, status)


@pytest.mark.parametrize("path", ["/", "/?lang=ru", "/docs"])
def test_the_pages_have_no_inline_script_and_load_nothing_from_elsewhere(api, path):
    html = api.get(path).text
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S | re.I)
    assert scripts and all(body.strip() == "" for body in scripts)
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I))
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.I)  # no inline event handlers
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, flags=re.I)


def test_the_page_code_writes_text_never_html():
    """Names and messages from the server reach the page as text: no API that parses a string as HTML or code."""
    forbidden = re.compile(r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "static" / "js").rglob("*.js"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offenders == []


MARKUP_NAMES = [XSS, "<script>alert(1)</script>", 'a" onmouseover="x', "a b", "a/../b", "ä", "_x", "1x", "x" * 65, ""]


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_a_layer_name_outside_the_safe_pattern_is_refused(api, name):
    body = assert_refused(
        api.post("/api/models/summary", json=model({"type": "Dense", "name": name, "args": {"units": 1}})), 422
    )
    assert body["layer"] == 1 and body["arg"] == "name"


@pytest.mark.parametrize(
    "spec",
    [
        model({"type": "Dense", "args": {"units": 1}}, name=XSS),
        model({"type": "Dense", "args": {"units": 1}, "inputs": [XSS]}),
        model({"type": "Dense", "args": {"units": 1}}, outputs=[XSS]),
        model({"type": XSS, "args": {}}),
    ],
    ids=["model name", "input reference", "output", "type"],
)
def test_markup_anywhere_in_a_layer_list_is_refused(api, spec):
    assert_refused(api.post("/api/models/summary", json=spec), 422)


def test_the_longest_safe_name_is_accepted(api):
    name = "L" + "a_9" * 21
    assert len(name) == 64
    response = api.post("/api/models/summary", json=model({"type": "Dense", "name": name, "args": {"units": 1}}))
    assert response.status_code == 200, response.text
    assert response.json()["layers"][1]["name"] == name


def test_markup_echoed_in_an_error_is_served_as_json_not_html(api):
    body = {
        "model": model({"type": "Dense", "name": "d", "args": {"units": 1}}),
        "inputs": [1, 2, 3],
        "weights": {XSS: [[0]]},
    }
    response = api.post("/api/models/predict", json=body)
    assert_refused(response, 422)
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
