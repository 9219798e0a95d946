"""Schemathesis against the server's own OpenAPI schema: every operation, valid and invalid requests.

Two runs over the same operations: one that must never see a 5xx or an error outside the one error shape,
and one with every default check of Schemathesis (the documented status codes among them).
Schema-valid requests may still be refused with 422 (a layer list can be valid JSON and no model), so the
check that every schema-valid request is accepted (positive_data_acceptance) is left out of both.

The schema is read from the application object at collection (importing ``app.main`` imports no Keras) and the
requests go to the live server; the first test checks that the server serves that same schema.
"""

import httpx
import schemathesis
from hostile_kit import ERROR_KEYS
from hypothesis import HealthCheck, settings

from app.main import app

EXAMPLES = 60
"""Per operation and run: both runs together take well under a minute on two cores."""

OPENAPI = app.openapi()
schema = schemathesis.openapi.from_dict(OPENAPI)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def error_shape(ctx, response, case) -> None:
    """Every 4xx and 5xx answer is the one error shape."""
    if response.status_code < 400:
        return None
    body = response.json()
    assert set(body) <= ERROR_KEYS, body
    assert body["ok"] is False and body["status"] == response.status_code and body["error"], body
    return None


def test_the_server_serves_the_schema_that_is_fuzzed(api: httpx.Client) -> None:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == OPENAPI


@schema.parametrize()
@FUZZ
def test_no_request_gets_a_server_error_or_an_error_of_another_shape(case, server_url: str):
    case.call_and_validate(
        base_url=server_url,
        checks=[schemathesis.checks.not_a_server_error, error_shape],
        excluded_checks=[schemathesis.checks.positive_data_acceptance, schemathesis.checks.status_code_conformance],
    )


@schema.parametrize()
@FUZZ
def test_every_operation_passes_schemathesis_default_checks(case, server_url: str):
    case.call_and_validate(base_url=server_url, excluded_checks=[schemathesis.checks.positive_data_acceptance])
