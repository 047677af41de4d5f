"""A schema-driven fuzz run: requests generated from the OpenAPI document, sent to the app.

Hypothesis picks an operation, a token (or none), path and query parameters and a body built
from the operation's schemas, often valid and sometimes broken on purpose. Whatever it sends,
the answer must not be a server error, and (through the autouse ``openapi_responses`` check)
must match the document: a documented status, media type and schema.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_service.api.openapi import document
from tests.api.conftest import ApiClient, Cast, complaint_body
from tests.api.openapi_check import ResponseChecker
from tests.api.schema_strategies import ANY_JSON, TEXT, broken, from_schema
from tests.security.fuzzing import add_to_totals, fuzz_settings

DOC = document()
OPERATIONS = sorted(
    (path, method, operation)
    for path, item in DOC["paths"].items()
    for method, operation in item.items()
    if method != "parameters"
)
PUBLIC = [op for op in OPERATIONS if op[2]["security"] == []]
Send = Callable[[Any, list[Any]], None]  # send_soundly(data, operations)
TOTAL = "fuzz: API requests (hypothesis, tests/api/test_fuzz.py)"


TOKENS = [
    "requester",
    "other_requester",
    "caseworker",
    "reviewer",
    "other_reviewer",
    "admin",
    "outsider",
]
SEGMENT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/"), max_size=30)


@pytest.fixture
def world(api: ApiClient, cast: Cast, filed: dict[str, Any]) -> dict[str, Any]:
    """Two requesters' cases, one in review with a letter and a document, and one e-mailed to an
    authority not using this service."""
    reference = filed["reference"]
    caseworker = cast.token("caseworker")
    for body in (
        {"action": "acknowledge"},
        {"action": "assign", "reviewer_id": cast.user_ids["reviewer"]},
    ):
        response = api.post(f"/api/v1/cases/{reference}/actions", caseworker, json=body)
        assert response.status_code == 200, response.json
    other = api.post("/api/v1/cases", cast.token("other_requester"), json=complaint_body(cast)).json
    # Against an authority not using this service: e-mailed, and re-sent (authority-address).
    unlisted = complaint_body(cast, other_authority_name="Northwick Parish Council",
                              other_authority_email="foi@northwick.example")  # fmt: skip
    del unlisted["authority_id"]
    emailed = api.post("/api/v1/cases", cast.token("requester"), json=unlisted).json
    letters = api.get(f"/api/v1/cases/{reference}/letters", caseworker).json["items"]
    upload = api.post(
        f"/api/v1/cases/{reference}/documents",
        cast.token("requester"),
        data={"file": (io.BytesIO(b"Some text.\n"), "a.txt"), "kind": "request"},
        content_type="multipart/form-data",
    ).json
    return {
        "reference": [reference, other["reference"], emailed["reference"]],
        "letter_id": [letters[0]["id"]],
        "document_id": [upload["id"]],
        "grounds": [g["id"] for g in filed["grounds"]],
        "provisions": [p["id"] for p in filed["provisions"]],
    }


def _parameters(path: str, method: str) -> list[dict[str, Any]]:
    item = DOC["paths"][path]
    return [*item.get("parameters", []), *item[method].get("parameters", [])]


def _path_value(data: Any, name: str, world: dict[str, Any]) -> str:
    known = world.get(name, [])
    if name == "reference":
        # Mostly real references, so the operations get past the lookup.
        value = data.draw(
            st.one_of(st.sampled_from(known), st.sampled_from(known), SEGMENT), label=name
        )
    else:
        value = data.draw(
            st.one_of(st.sampled_from(known), st.integers(0, 2**40)).map(str), label=name
        )
    return quote(value, safe="")


def _query(data: Any, parameters: list[dict[str, Any]]) -> list[tuple[str, str]]:
    query: list[tuple[str, str]] = []
    for parameter in parameters:
        if parameter["in"] != "query":
            continue
        if not parameter.get("required") and not data.draw(st.booleans()):
            continue
        value = data.draw(
            st.one_of(from_schema(DOC, parameter["schema"]), TEXT), label=parameter["name"]
        )
        values = value if isinstance(value, list) else [value]
        query.extend((parameter["name"], str(v)) for v in values)
    if data.draw(st.integers(0, 9)) == 0:
        query.append((data.draw(TEXT, label="unknown parameter"), data.draw(TEXT)))
    return query


def _body(data: Any, operation: dict[str, Any], world: dict[str, Any]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        schema = content["multipart/form-data"]["schema"]
        payload = data.draw(
            st.one_of(st.binary(max_size=200), st.binary(max_size=100).map(b"%PDF-1.4\n".__add__)),
            label="file",
        )
        form: dict[str, Any] = {
            "file": (io.BytesIO(payload), data.draw(TEXT, label="filename") or "f")
        }
        # Each field the operation takes (not a fixed list: the operations differ), now and
        # then left out even when required.
        for name in sorted(set(schema["properties"]) - {"file"}):
            if data.draw(st.integers(0, 4), label=f"send {name}") > 0:
                form[name] = data.draw(
                    st.one_of(from_schema(DOC, schema["properties"][name]), TEXT), label=name
                )
        return {"data": form, "content_type": "multipart/form-data"}
    if "application/json" not in content:
        return {}
    choice = data.draw(st.integers(0, 19), label="body kind")
    if choice == 0:
        return {"data": data.draw(st.binary(max_size=50)), "content_type": "application/json"}
    if choice == 1:
        return {"data": b"{}", "content_type": "text/plain"}
    schema = content["application/json"]["schema"]
    body = data.draw(broken(DOC, schema), label="body")
    if isinstance(body, dict) and data.draw(st.booleans()):
        # Point ids at real grounds and provisions so the services' own checks are reached.
        for findings, key, pool in (
            ("ground_findings", "ground_id", world["grounds"]),
            ("provision_findings", "cited_provision_id", world["provisions"]),
        ):
            if isinstance(body.get(findings), list):
                for item in body[findings]:
                    if isinstance(item, dict) and key in item:
                        item[key] = data.draw(st.sampled_from(pool))
    return {"json": body}


def _send(
    api: ApiClient,
    cast: Cast,
    world: dict[str, Any],
    data: Any,
    operations: list[tuple[str, str, dict[str, Any]]],
) -> Any:
    path, method, operation = data.draw(st.sampled_from(operations), label="operation")
    url = path
    parameters = _parameters(path, method)
    for parameter in parameters:
        if parameter["in"] == "path":
            name = parameter["name"]
            url = url.replace("{" + name + "}", _path_value(data, name, world))
    query = _query(data, parameters)
    if query:
        url += "?" + urlencode(query)
    who = data.draw(st.sampled_from([*TOKENS, None, "revoked"]), label="token")
    token = cast.revoked_token if who == "revoked" else (cast.token(who) if who else None)
    return api.call(method.upper(), url, token, **_body(data, operation, world))


def _assert_sound(response: Any, checker: ResponseChecker, record_property: Any) -> None:
    add_to_totals(record_property, TOTAL, 1, int(response.status_code >= 500))
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    checker.assert_clean()


@pytest.fixture
def send_soundly(
    api: ApiClient,
    cast: Cast,
    world: dict[str, Any],
    openapi_responses: ResponseChecker,
    record_property: Any,
) -> Send:
    """Send a request drawn from ``data`` for one of ``operations`` and check it is sound."""

    def send(data: Any, operations: list[Any]) -> None:
        response = _send(api, cast, world, data, operations)
        _assert_sound(response, openapi_responses, record_property)

    return send


@fuzz_settings(500)
@given(data=st.data())
def test_no_request_built_from_the_document_breaks_the_app_or_the_document(
    send_soundly: Send, data: Any
) -> None:
    send_soundly(data, OPERATIONS)


@fuzz_settings(200)
@given(data=st.data())
def test_the_anonymous_tools_survive_anything(send_soundly: Send, data: Any) -> None:
    send_soundly(data, PUBLIC)


@fuzz_settings(100)
@given(body=ANY_JSON)
def test_any_json_sent_as_an_action_is_answered_with_a_documented_problem(
    api: ApiClient,
    cast: Cast,
    world: dict[str, Any],
    openapi_responses: ResponseChecker,
    record_property: Any,
    body: Any,
) -> None:
    reference = world["reference"][0]
    response = api.post(f"/api/v1/cases/{reference}/actions", cast.token("caseworker"), json=body)
    _assert_sound(response, openapi_responses, record_property)
