"""API test fixtures: a JSON client, a cast of users with bearer tokens, and a check of every
API response the app produces against the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from review_service.accounts.models import Role, User
from review_service.accounts.services import create_api_token, revoke_api_token
from review_service.extensions import commit, db_session
from tests import factories
from tests.api.openapi_check import ResponseChecker

# A day the sample complaint is filed on (the API files complaints as received today).
TODAY = dt.date(2026, 10, 5)


@pytest.fixture(autouse=True)
def openapi_responses(request: pytest.FixtureRequest) -> Iterator[ResponseChecker | None]:
    """Every API response in these tests must match the OpenAPI document."""
    if "app" not in request.fixturenames:
        yield None
        return
    app: Flask = request.getfixturevalue("app")
    checker = ResponseChecker()
    with checker.watch(app):
        yield checker
    checker.assert_clean()


class ApiClient:
    """JSON in and out, with a bearer token per call."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.raw = app.test_client()

    def call(
        self,
        method: str,
        url: str,
        token: str | None = None,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if json is not None:
            kwargs["json"] = json
        return self.raw.open(url, method=method, headers=headers, **kwargs)

    def get(self, url: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.call("GET", url, token, **kwargs)

    def post(self, url: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.call("POST", url, token, **kwargs)

    def put(self, url: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.call("PUT", url, token, **kwargs)


@pytest.fixture
def api(app: Flask) -> ApiClient:
    return ApiClient(app)


@dataclass
class Cast:
    """Users of one authority (and one outsider), each with a live API token."""

    authority_id: int
    other_authority_id: int
    user_ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    revoked_token: str = ""

    def token(self, name: str) -> str:
        return self.tokens[name]


ROLES = {
    "requester": Role.REQUESTER,
    "other_requester": Role.REQUESTER,
    "caseworker": Role.CASEWORKER,
    "reviewer": Role.REVIEWER,
    "other_reviewer": Role.REVIEWER,
    "admin": Role.ADMIN,
    "outsider": Role.CASEWORKER,  # a caseworker at another authority
}


@pytest.fixture
def cast(app: Flask) -> Cast:
    with app.app_context():
        session = db_session()
        authority = factories.create_authority(session)
        other = factories.create_authority(session)
        people = Cast(authority_id=authority.id, other_authority_id=other.id)
        for name, role in ROLES.items():
            home = None
            if role.is_staff and role is not Role.ADMIN:
                home = other if name == "outsider" else authority
            user = factories.create_user(session, role, authority=home)
            _token, secret = create_api_token(session, user, f"{name} token")
            people.user_ids[name] = user.id
            people.tokens[name] = secret
            people.emails[name] = user.email
        revoked, people.revoked_token = create_api_token(
            session, session.get(User, people.user_ids["requester"]), "old"
        )
        revoke_api_token(session, revoked.user, revoked.id)
        commit()
    return people


def complaint_body(cast: Cast, **overrides: Any) -> dict[str, Any]:
    """A complaint like the sample notice: two NCND provisions, two grounds."""
    body: dict[str, Any] = {
        "regime": "foia",
        "authority_id": cast.authority_id,
        "request_reference": "FOI-2026-0101",
        "request_sent_on": "2026-09-01",
        "request_text": "Please tell me how many drones the force owns.",
        "response_date": "2026-09-28",
        "response_text": "We neither confirm nor deny under sections 24(2) and 31(3).",
        "provisions": [
            {"provision": "Section 24(2)", "ncnd": True},
            {"provision": "s.31(3)", "ncnd": True},
        ],
        "grounds": [
            {
                "kind": "provision",
                "provision": "s.24(2)",
                "requester_text": "National security is not engaged.",
            },
            {"kind": "more_information_held", "requester_text": "Budgets are published."},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Make "today" the sample's filing day wherever the services ask the clock."""
    from review_service import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def filed(api: ApiClient, cast: Cast, frozen_today: dt.date) -> dict[str, Any]:
    """A complaint filed by the requester through the API."""
    response = api.post("/api/v1/cases", cast.token("requester"), json=complaint_body(cast))
    assert response.status_code == 201, response.json
    return response.json  # type: ignore[no-any-return]
