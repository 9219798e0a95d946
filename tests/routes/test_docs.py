"""The interactive API docs work with no internet: every asset they load is served from here."""

import re


def test_docs_load_only_local_assets(fake_api):
    page = fake_api.get("/docs")
    assert page.status_code == 200
    links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert links and all(link.startswith("/") or link.startswith("data:") for link in links), links
    for link in links:
        if link.startswith("/"):
            assert fake_api.get(link).status_code == 200, link


def test_the_openapi_schema_documents_the_layer_list(fake_api):
    schema = fake_api.get("/openapi.json").json()
    assert "ModelSpec" in schema["components"]["schemas"]
    assert set(schema["paths"]) >= {"/api/layers", "/api/models/summary", "/api/models/predict", "/api/models/code"}
