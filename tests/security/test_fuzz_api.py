"""Schemathesis against the running app's OpenAPI document, on the seeded world.

The document is loaded from the app itself (``GET /api/v1/openapi.json`` through WSGI), and every
operation in it is a target. Schemathesis generates each request from the operation's schemas:
valid ones (positive) and ones that break the schemas on purpose (negative). Path parameters are
sometimes the world's own (the owner's case at each stage, its outcome letter, its document), so
the requests get past the lookups to the services, and sometimes whatever Schemathesis makes of
them. Each request goes as one of the policy's callers, chosen by Hypothesis: nobody, a
requester, staff of each kind, an administrator, a caseworker of another authority or a revoked
token. Every request starts from the seeded database.

An answer must never be a server error, and must match the document: a documented status, media
type and schema; a request that breaks the schema must be refused with a 4xx.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from review_service.api.openapi import document
from tests.security.conftest import WorldApp
from tests.security.fuzzing import Tally, fuzz_settings
from tests.security.policy import CALLERS

OPENAPI_URL = "/api/v1/openapi.json"
OPERATIONS = sorted(
    (path, method.upper())
    for path, item in document()["paths"].items()
    for method in item
    if method != "parameters"
)
EXAMPLES = 90  # per operation; see the figures in SECURITY.md
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
STAGES = ("open", "decided", "referred", "dn", "appealed")


def checks_for(operation: Any) -> list[Any]:
    """Every check, except that a multipart body's "wrong type" is not wrong on the wire: each
    part is text, so an object Schemathesis puts in a text part arrives as valid text. (The
    upload's refusals are tested in tests/api/test_documents.py.)"""
    content = operation.definition.raw.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return [check for check in CHECKS if check is not negative_data_rejection]
    return CHECKS


# Refusals of a request that breaks the schema: the defaults, and 413 for a body over the limit.
REFUSALS = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]


@pytest.fixture(scope="module")
def api_schema(world_app: WorldApp) -> Any:
    config = SchemathesisConfig.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}}
    )
    return schemathesis.openapi.from_wsgi(OPENAPI_URL, world_app.app, config=config)


def test_every_operation_of_the_served_document_is_a_target(api_schema: Any) -> None:
    served = sorted(
        (path, method.upper())
        for path, item in api_schema.raw_schema["paths"].items()
        for method in item
        if method != "parameters"
    )
    assert served == OPERATIONS


def _world_parameters(world_app: WorldApp, path: str) -> list[dict[str, Any]]:
    """The world's own values for the operation's path parameters (one set per stage)."""
    world = world_app.world
    known: dict[str, list[Any]] = {
        "reference": [world.cases[stage] for stage in STAGES],
        "letter_id": [world.letter_id],
        "document_id": [world.document_id],
    }
    names = [name for name in known if "{" + name + "}" in path]
    if not names:
        return []
    rows = max(len(known[name]) for name in names)
    return [{name: known[name][i % len(known[name])] for name in names} for i in range(rows)]


def _cases(operation: Any, parameters: list[dict[str, Any]]) -> st.SearchStrategy[Any]:
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(mode))
        strategies.extend(operation.as_strategy(mode, path_parameters=p) for p in parameters)
    return st.one_of(strategies)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_document(
    world_app: WorldApp, api_schema: Any, path: str, method: str, record_property: Any
) -> None:
    operation = api_schema[path][method]
    checks = checks_for(operation)
    tally = Tally(f"API {method} {path}", "fuzz: API requests (schemathesis)")

    @fuzz_settings(EXAMPLES)
    @given(
        case=_cases(operation, _world_parameters(world_app, path)),
        caller=st.sampled_from(CALLERS),
    )
    def one_request(case: Any, caller: str) -> None:
        world_app.restore()
        # A case whose headers break the schema on purpose (no or a bad Authorization) goes as
        # generated: adding the caller's token would make it a valid request again.
        broken_headers = case.meta is not None and case.meta.is_negative_at(
            ParameterLocation.HEADER
        )
        token = None if broken_headers else world_app.world.tokens.get(caller)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = case.call(headers=headers)
        tally.saw(response.status_code)
        case.validate_response(response, checks=checks, headers=headers)

    try:
        one_request()
    finally:
        tally.record(record_property)
