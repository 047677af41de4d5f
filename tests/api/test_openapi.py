"""The OpenAPI document: served as built, valid, and in step with the routes."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response
from jsonschema import Draft202012Validator

from review_service.api.openapi import PROBLEM_TYPES, document
from review_service.api.problems import TYPES
from review_service.web.access import access_of
from tests.api.conftest import ApiClient
from tests.api.openapi_check import ResponseChecker, openapi_path

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def _operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    }


def test_the_document_is_served_as_built(api: ApiClient) -> None:
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json == json.loads(json.dumps(document()))
    assert response.json["openapi"] == "3.1.0"


def test_every_api_route_is_documented_and_every_documented_operation_exists(app: Flask) -> None:
    routes = {
        (method, openapi_path(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in (rule.methods or set()) & METHODS
    }
    assert routes == set(_operations(document()))


def test_every_api_view_declares_who_may_use_it(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            assert rule.endpoint.startswith("api."), rule
            assert access_of(app.view_functions[rule.endpoint]) is not None, rule


def test_the_documented_security_matches_the_access_rules(app: Flask) -> None:
    operations = _operations(document())
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        public = access_of(app.view_functions[rule.endpoint]) == "public"
        for method in (rule.methods or set()) & METHODS:
            operation = operations[(method, openapi_path(rule.rule))]
            assert (operation["security"] == []) == public, rule
            assert ("401" not in operation["responses"]) == public, rule


def test_every_schema_is_valid_json_schema_and_every_reference_resolves() -> None:
    doc = document()
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                target: Any = doc
                for part in node["$ref"].removeprefix("#/").split("/"):
                    target = target[part]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)


def test_operations_are_named_once_and_document_their_errors() -> None:
    operations = _operations(document())
    ids = [operation["operationId"] for operation in operations.values()]
    assert len(ids) == len(set(ids))
    for key, operation in operations.items():
        responses = operation["responses"]
        assert "400" in responses, key
        assert any(code.startswith("2") for code in responses), key
        assert not any(code.startswith("5") for code in responses), key
        body = operation.get("requestBody", {}).get("content", {})
        if "application/json" in body:
            assert {"415", "422"} <= set(responses), key


def test_every_problem_type_the_api_uses_is_listed() -> None:
    listed = set(PROBLEM_TYPES)
    assert set(TYPES.values()) <= listed
    assert {"invalid-transition", "stale-version", "validation", "rate-limited"} <= listed
    assert len(document()["x-problem-types"]) == len(PROBLEM_TYPES)


def test_the_response_check_catches_an_undocumented_member_or_status(app: Flask) -> None:
    checker = ResponseChecker()
    me = {"id": 1, "name": "A", "email": "a@example.org", "role": "requester", "authority": None}

    def check(body: Any, status: int = 200, mimetype: str = "application/json") -> list[str]:
        with app.test_request_context("/api/v1/me"):
            response = Response(json.dumps(body), status=status, mimetype=mimetype)
            return checker.check("GET", "/api/v1/me", response)

    assert check(me) == []
    assert "Additional properties are not allowed" in check({**me, "password": "x"})[0]
    assert (
        "'email' is a required property" in check({k: v for k, v in me.items() if k != "email"})[0]
    )
    assert "status 418 is not documented" in check(me, 418)[0]
    assert "media type text/html is not documented" in check(me, mimetype="text/html")[0]
