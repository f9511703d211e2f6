"""The OpenAPI document describes every route under ``/api``, and the API keeps to it.

schemathesis generates requests from the document (a bounded number per operation) against the
seeded app: no answer may be a 5xx, and every answer — status, content type, headers, body —
must be one the document allows.
"""
from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from vejviser.web.api_docs.document import OPERATIONS

#: Examples per operation: enough to reach every parameter, few enough for every CI run.
EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


def _documented(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_every_api_route_is_in_the_document(seeded_app: Flask,
                                            seeded_client: FlaskClient) -> None:
    document = seeded_client.get("/api/openapi.json").get_json()
    routes = {_documented(rule.rule) for rule in seeded_app.url_map.iter_rules()
              if rule.rule == "/api" or rule.rule.startswith("/api/")
              or rule.endpoint.startswith("health.")}  # /healthz and /readyz too
    assert len(routes) > 20
    assert routes - set(document["paths"]) == set(), "routes missing from /api/openapi.json"
    assert set(document["paths"]) - routes == set(), "documented paths with no route"
    assert document["openapi"] == "3.1.0"
    assert seeded_app.config["RATE_LIMIT_API"] in document["info"]["description"]
    assert "Retry-After" in document["info"]["description"]
    assert "Retry-After" in document["paths"]["/api/hsds/services"]["get"]["responses"]["429"][
        "headers"]


def test_the_api_page_has_copyable_examples(seeded_client: FlaskClient) -> None:
    page = seeded_client.get("/api").get_data(as_text=True)
    assert "Åbne data og API" in page and "/api/openapi.json" in page
    assert page.count("data-copy=") >= 6 and "/api/hsds/services" in page
    assert seeded_client.get("/api?lang=en").status_code == 200


@pytest.mark.parametrize("path", [row[0] for row in OPERATIONS])
def test_the_api_keeps_to_its_document(seeded_app: Flask, path: str) -> None:
    # schemathesis's own pytest plugin does not run under this pytest; hypothesis drives it.
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", seeded_app)
    operation = schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    call()
