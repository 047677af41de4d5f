"""Errors are RFC 9457 problems with a stable type; validation errors name the field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from review_service.api.problems import PROBLEM_BASE
from tests.api.conftest import ApiClient, Cast, complaint_body
from tests.api.openapi_check import ResponseChecker


def problem_type(response: Any) -> str:
    assert response.mimetype == "application/problem+json", response.get_data(as_text=True)
    body = response.json
    assert body["status"] == response.status_code
    assert body["type"].startswith(PROBLEM_BASE)
    return str(body["type"].removeprefix(PROBLEM_BASE))


def assert_problem(response: Any, status: int, kind: str) -> None:
    """``response`` is the problem ``kind`` with the HTTP ``status``."""
    assert response.status_code == status
    assert problem_type(response) == kind


def fields(response: Any) -> dict[str, str]:
    assert problem_type(response) == "validation"
    assert response.status_code == 422
    return {e["field"]: e["message"] for e in response.json["errors"]}


# -- validation -------------------------------------------------------------------------------


def test_a_complaint_that_breaks_the_schema_is_refused_naming_each_field(
    api: ApiClient, cast: Cast
) -> None:
    body = complaint_body(cast, regime="scots law", grounds=[{"kind": "bad"}], colour="blue")
    body.pop("authority_id")
    body["provisions"][0]["provision"] = 24
    response = api.post("/api/v1/cases", cast.token("requester"), json=body)
    errors = fields(response)
    assert errors["regime"] == "Must be one of: foia, eir, foisa"
    assert errors["grounds[0].kind"].startswith("Must be one of: provision,")
    assert errors["provisions[0].provision"] == "Must be text"
    assert errors["colour"] == "Remove this field: it is not part of this request"


def test_a_missing_required_field_is_named(api: ApiClient, cast: Cast) -> None:
    response = api.post("/api/v1/cases", cast.token("requester"), json={"grounds": []})
    assert fields(response) == {"regime": "Enter a value: this field is required"}


def test_the_services_own_rules_come_back_under_the_requests_field_names(
    api: ApiClient, cast: Cast, frozen_today: Any
) -> None:
    body = complaint_body(cast, response_date="2026-10-06")
    body["grounds"].append({"kind": "other", "requester_text": "  "})
    errors = fields(api.post("/api/v1/cases", cast.token("requester"), json=body))
    assert errors == {
        "response_date": "The date of the response must be in the past",
        "grounds[2]": "Tell us what else you are unhappy about",
    }
    body = complaint_body(cast, authority_id=999_999)
    errors = fields(api.post("/api/v1/cases", cast.token("requester"), json=body))
    assert errors == {"authority_id": "Select the authority you complained to"}
    body = complaint_body(cast, authority_id=None)
    errors = fields(api.post("/api/v1/cases", cast.token("requester"), json=body))
    assert errors == {"other_authority_name": "Select the authority or enter its name"}


def test_a_date_that_does_not_exist_is_refused(api: ApiClient, cast: Cast) -> None:
    body = complaint_body(cast, request_sent_on="2026-02-30", response_date="1999-12-31")
    errors = fields(api.post("/api/v1/cases", cast.token("requester"), json=body))
    assert set(errors) == {"request_sent_on", "response_date"}
    assert errors["request_sent_on"].startswith("Enter a real date in the form YYYY-MM-DD")


def test_a_requester_cannot_file_for_someone_else(api: ApiClient, cast: Cast) -> None:
    body = complaint_body(cast, requester_email=cast.emails["other_requester"])
    errors = fields(api.post("/api/v1/cases", cast.token("requester"), json=body))
    assert errors == {"requester_email": "Leave this out: you can only complain for yourself"}


def test_a_caseworker_files_for_a_new_requester_by_email(
    api: ApiClient, cast: Cast, frozen_today: Any
) -> None:
    body = complaint_body(cast, requester_email="new.person@example.org")
    errors = fields(api.post("/api/v1/cases", cast.token("caseworker"), json=body))
    assert errors == {"requester_name": "Enter the requester's name"}
    body["requester_name"] = "New Person"
    body["received_on"] = "2026-10-01"  # a postal complaint, entered later
    response = api.post("/api/v1/cases", cast.token("caseworker"), json=body)
    assert response.status_code == 201, response.json
    assert response.json["requester"] == {"name": "New Person", "email": "new.person@example.org"}
    assert response.json["received_on"] == "2026-10-01"


def test_text_a_database_cannot_store_is_refused(api: ApiClient, cast: Cast) -> None:
    body = complaint_body(cast, request_text="nul \x00 here", request_reference="\ud800")
    errors = fields(api.post("/api/v1/cases", cast.token("requester"), json=body))
    assert set(errors) == {"request_text", "request_reference"}
    response = api.get("/api/v1/cases/IR%00", cast.token("requester"))
    assert_problem(response, 400, "bad-request")


def test_an_action_is_checked_against_its_own_fields(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    url = f"/api/v1/cases/{filed['reference']}/actions"
    token = cast.token("caseworker")
    assert fields(api.post(url, token, json={"action": "fly"}))["action"].startswith(
        "Must be one of: acknowledge,"
    )
    assert fields(api.post(url, token, json={"action": "assign"})) == {
        "reviewer_id": "Enter a value: this field is required"
    }
    assert fields(api.post(url, token, json={"action": "close", "reason": "x", "who": 1})) == {
        "who": "Remove this field: it is not part of this request"
    }
    response = api.post(
        url, token, json={"action": "assign", "reviewer_id": cast.user_ids["admin"]}
    )
    assert fields(response) == {"reviewer_id": "Select a reviewer"}
    assert fields(api.post(url, token, json=["acknowledge"])) == {"body": "Must be an object"}


# -- the body itself --------------------------------------------------------------------------


def test_a_body_that_is_not_json_is_a_bad_request(api: ApiClient, cast: Cast) -> None:
    response = api.post(
        "/api/v1/cases", cast.token("requester"), data=b"{not json", content_type="application/json"
    )
    assert_problem(response, 400, "bad-request")


def test_a_body_in_another_media_type_is_refused(api: ApiClient, cast: Cast) -> None:
    response = api.post(
        "/api/v1/cases", cast.token("requester"), data={"regime": "foia"}
    )  # a form post
    assert_problem(response, 415, "unsupported-media-type")


def test_unknown_paths_and_methods_are_problems_too(api: ApiClient, cast: Cast) -> None:
    response = api.get("/api/v1/nothing-here", cast.token("requester"))
    assert_problem(response, 404, "not-found")
    response = api.call("DELETE", "/api/v1/cases", cast.token("requester"))
    assert_problem(response, 405, "method-not-allowed")
    response = api.get("/api/v1/cases//letters", cast.token("requester"))
    assert response.status_code == 404


def test_an_unknown_case_is_not_found(api: ApiClient, cast: Cast) -> None:
    response = api.get("/api/v1/cases/IR-2026-99999", cast.token("caseworker"))
    assert_problem(response, 404, "not-found")
    assert response.json["detail"] == "No case with that reference."


# -- conflicts ---------------------------------------------------------------------------------


def test_an_action_the_state_machine_refuses_is_an_invalid_transition(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    url = f"/api/v1/cases/{filed['reference']}/actions"
    response = api.post(
        url,
        cast.token("caseworker"),
        json={"action": "record_compliance", "complied_on": "2026-10-05"},
    )
    assert_problem(response, 409, "invalid-transition")
    assert response.json["case_status"] == "received"
    assert response.json["action"] == "record_compliance"
    assert (
        response.json["detail"] == "“Record compliance” is not possible while the case is received."
    )
    response = api.put(
        f"/api/v1/cases/{filed['reference']}/decision-notice",
        cast.token("caseworker"),
        json={"kind": "informal_resolution", "issued_on": "2026-10-05"},
    )
    assert problem_type(response) == "invalid-transition"


def test_the_state_machine_speaks_before_the_reviewer_checks(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    response = api.post(
        f"/api/v1/cases/{filed['reference']}/decision/issue", cast.token("reviewer")
    )
    assert_problem(response, 409, "invalid-transition")


def test_a_second_acknowledgement_is_a_conflict(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    url = f"/api/v1/cases/{filed['reference']}/actions"
    assert (
        api.post(url, cast.token("caseworker"), json={"action": "acknowledge"}).status_code == 200
    )
    response = api.post(url, cast.token("caseworker"), json={"action": "acknowledge"})
    assert_problem(response, 409, "conflict")
    assert response.json["detail"].startswith("This complaint was already acknowledged on")


def test_an_eir_review_cannot_be_extended(api: ApiClient, cast: Cast, frozen_today: Any) -> None:
    body = complaint_body(cast, regime="eir", provisions=[], grounds=[{"kind": "late_response"}])
    case = api.post("/api/v1/cases", cast.token("requester"), json=body).json
    response = api.post(
        f"/api/v1/cases/{case['reference']}/actions",
        cast.token("caseworker"),
        json={"action": "extend", "reason": "Busy."},
    )
    assert_problem(response, 409, "conflict")
    assert case["deadlines"]["review_due"]["date"] == "2026-12-01"  # EIR reg 11(4): 40 days


def test_a_stale_version_is_refused_and_nothing_is_saved(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    reference = filed["reference"]
    url = f"/api/v1/cases/{reference}/actions"
    token = cast.token("caseworker")
    stale = filed["version"]
    fresh = api.post(url, token, json={"action": "acknowledge", "version": stale}).json
    assert fresh["version"] > stale
    response = api.post(
        url,
        token,
        json={"action": "extend", "reason": "More time.", "version": stale},
    )
    assert_problem(response, 409, "stale-version")
    case = api.get(f"/api/v1/cases/{reference}", token).json
    assert case["extended"] is False
    assert case["version"] == fresh["version"]
    response = api.post(
        url, token, json={"action": "extend", "reason": "More time.", "version": fresh["version"]}
    )
    assert response.status_code == 200


# -- rate limits ------------------------------------------------------------------------------


@pytest.fixture
def limited_app(database_url: str, tmp_path: Any) -> Iterator[Flask]:
    from review_service import create_app
    from review_service.extensions import database, limiter

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": database_url,
            "UPLOAD_DIR": tmp_path / "uploads",
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "API_TOOL_RATE_LIMIT": "2 per minute",
        }
    )
    checker = ResponseChecker()
    with app.app_context():
        limiter.reset()
    with checker.watch(app):
        yield app
    checker.assert_clean()
    with app.app_context():
        limiter.reset()
    database(app).engine.dispose()


def test_the_anonymous_tools_are_rate_limited_when_limits_are_enabled(limited_app: Flask) -> None:
    api = ApiClient(limited_app)
    url = "/api/v1/deadlines?from=2026-10-05&working_days=20"
    assert api.get(url).status_code == 200
    assert api.post("/api/v1/notices/parse", json={"text": "Section 24(2)"}).status_code == 200
    assert api.get(url).status_code == 200
    response = api.get(url)
    assert_problem(response, 429, "rate-limited")
    assert int(response.headers["Retry-After"]) > 0
    response = api.post("/api/v1/notices/parse", json={"text": "Section 24(2)"})
    assert response.status_code == 200  # each tool has its own allowance
    assert api.post("/api/v1/notices/parse", json={"text": "x"}).status_code == 429


def test_limits_do_not_apply_when_disabled(api: ApiClient) -> None:
    url = "/api/v1/deadlines?from=2026-10-05&working_days=20"
    assert {api.get(url).status_code for _ in range(70)} == {200}
