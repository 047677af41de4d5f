"""Who may call what, for every operation in the OpenAPI document.

``OPERATIONS`` lists a call for each operation; a test checks it covers the whole document, so a
new endpoint cannot be added without its authorization being tested here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest

from review_service.api.openapi import document
from tests.api.conftest import ApiClient, Cast
from tests.pages import PageClient


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # OpenAPI template
    body: Any = None
    multipart: bool = False
    public: bool = False
    case_scoped: bool = True  # refers to the requester's case (or its letter/document)

    def url(self, ids: dict[str, Any]) -> str:
        return self.path.format(**ids)


def _upload() -> dict[str, Any]:
    return {"file": (io.BytesIO(b"A letter.\n"), "letter.txt"), "kind": "correspondence"}


OPERATIONS = [
    Call("GET", "/api/v1/openapi.json", public=True, case_scoped=False),
    Call("GET", "/api/v1/me", case_scoped=False),
    Call(
        "GET",
        "/api/v1/deadlines?from=2026-10-05&working_days=20",
        public=True,
        case_scoped=False,
    ),
    Call(
        "POST", "/api/v1/notices/parse", {"text": "Section 24(2)"}, public=True, case_scoped=False
    ),
    Call("GET", "/api/v1/authorities", case_scoped=False),
    Call("GET", "/api/v1/reviewers", case_scoped=False),
    Call("GET", "/api/v1/cases", case_scoped=False),
    Call("POST", "/api/v1/cases", {"regime": "foia", "grounds": []}, case_scoped=False),
    Call("GET", "/api/v1/cases/{reference}"),
    Call("POST", "/api/v1/cases/{reference}/actions", {"action": "withdraw"}),
    Call("POST", "/api/v1/cases/{reference}/authority-address", {"address": "foi@other.example"}),
    Call("GET", "/api/v1/cases/{reference}/decision"),
    Call("PUT", "/api/v1/cases/{reference}/decision", {"letter_summary": "x"}),
    Call("GET", "/api/v1/cases/{reference}/decision/preview.pdf"),
    Call("POST", "/api/v1/cases/{reference}/decision/issue", {}),
    Call("POST", "/api/v1/cases/{reference}/decision/corrections", {"note": "Typo."}),
    Call("POST", "/api/v1/cases/{reference}/referral", {}),
    Call("GET", "/api/v1/cases/{reference}/pack-answers"),
    Call(
        "PUT",
        "/api/v1/cases/{reference}/pack-answers",
        {"challenge_text": "changed", "conduct_text": "changed"},
    ),
    Call("GET", "/api/v1/cases/{reference}/submission.pdf"),
    Call(
        "PUT",
        "/api/v1/cases/{reference}/decision-notice",
        {"kind": "informal_resolution", "issued_on": "2026-10-05"},
    ),
    Call(
        "POST",
        "/api/v1/cases/{reference}/appeal",
        {"appellant": "requester", "lodged_on": "2026-10-05"},
    ),
    Call("GET", "/api/v1/cases/{reference}/letters"),
    Call("GET", "/api/v1/letters/{letter_id}.pdf"),
    Call("GET", "/api/v1/cases/{reference}/pack.pdf"),
    Call("GET", "/api/v1/cases/{reference}/pack.zip"),
    Call("GET", "/api/v1/cases/{reference}/documents"),
    Call("POST", "/api/v1/cases/{reference}/documents", multipart=True),
    Call("GET", "/api/v1/documents/{document_id}"),
    Call("POST", "/api/v1/documents/{document_id}/removal", {"reason": "Sent in error."}),
    Call("POST", "/api/v1/documents/{document_id}/replacement", multipart=True),
]
PROTECTED = [c for c in OPERATIONS if not c.public]
CASE_SCOPED = [c for c in OPERATIONS if c.case_scoped]


def _send(api: ApiClient, call: Call, ids: dict[str, Any], token: str | None, **kw: Any) -> Any:
    if call.multipart:
        return api.call(
            call.method,
            call.url(ids),
            token,
            data=_upload(),
            content_type="multipart/form-data",
            **kw,
        )
    return api.call(call.method, call.url(ids), token, json=call.body, **kw)


@pytest.fixture
def ids(api: ApiClient, cast: Cast, filed: dict[str, Any]) -> dict[str, Any]:
    """The requester's case, with a letter (the acknowledgement) and an uploaded document."""
    reference = filed["reference"]
    response = api.post(
        f"/api/v1/cases/{reference}/actions",
        cast.token("caseworker"),
        json={"action": "acknowledge"},
    )
    assert response.status_code == 200, response.json
    letters = api.get(f"/api/v1/cases/{reference}/letters", cast.token("requester")).json
    upload = api.post(
        f"/api/v1/cases/{reference}/documents",
        cast.token("requester"),
        data=_upload(),
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.json
    return {
        "reference": reference,
        "letter_id": letters["items"][0]["id"],
        "document_id": upload.json["id"],
    }


def test_the_table_covers_every_operation_in_the_openapi_document() -> None:
    documented = {
        (method.upper(), path)
        for path, item in document()["paths"].items()
        for method in item
        if method != "parameters"
    }
    tested = {(c.method, c.path.partition("?")[0]) for c in OPERATIONS}
    assert tested == documented


def _refused(
    api: ApiClient, calls: list[Call], ids: dict[str, Any], token: str | None, status: set[int]
) -> list[str]:
    """The calls whose answer is not one of ``status`` (checked for every call, then reported)."""
    wrong = []
    for call in calls:
        response = _send(api, call, ids, token)
        if response.status_code not in status:
            wrong.append(f"{call.method} {call.path}: {response.status_code}")
    return wrong


def test_every_protected_operation_refuses_a_request_without_a_token(
    api: ApiClient, ids: dict[str, Any]
) -> None:
    assert _refused(api, PROTECTED, ids, None, {401}) == []
    response = api.get(f"/api/v1/cases/{ids['reference']}")
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/unauthorised")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("kind", ["revoked", "unknown", "malformed"])
def test_every_protected_operation_refuses_a_revoked_or_unknown_token(
    api: ApiClient, cast: Cast, ids: dict[str, Any], kind: str
) -> None:
    token = {
        "revoked": cast.revoked_token,
        "unknown": "rs_not-a-token",
        "malformed": "not even the right shape",
    }[kind]
    assert _refused(api, PROTECTED, ids, token, {401}) == []


def test_the_public_operations_need_no_token(api: ApiClient, ids: dict[str, Any]) -> None:
    public = [c for c in OPERATIONS if c.public]
    assert _refused(api, public, ids, None, {200}) == []


def test_every_operation_ignores_a_signed_in_session_cookie(
    app: Any, api: ApiClient, cast: Cast, ids: dict[str, Any]
) -> None:
    pages = pages_signed_in_as(app, cast, "requester")
    assert pages.get("/account/tokens").status_code == 200  # the cookie works on the pages
    api.raw = pages.raw  # the same cookie jar
    assert _refused(api, PROTECTED, ids, None, {401}) == []


def test_a_requester_cannot_read_or_change_another_requesters_case(
    api: ApiClient, cast: Cast, ids: dict[str, Any]
) -> None:
    before = api.get(f"/api/v1/cases/{ids['reference']}", cast.token("requester")).json
    # Requesters are told the case does not exist, whatever the operation.
    assert _refused(api, CASE_SCOPED, ids, cast.token("other_requester"), {404}) == []
    after = api.get(f"/api/v1/cases/{ids['reference']}", cast.token("requester")).json
    assert after["version"] == before["version"]
    assert after["timeline"] == before["timeline"]
    response = api.get(f"/api/v1/cases/{ids['reference']}", cast.token("other_requester"))
    assert response.json["type"].endswith("/not-found")
    listed = api.get("/api/v1/cases", cast.token("other_requester")).json
    assert listed["items"] == []


def test_staff_of_another_authority_cannot_see_or_change_the_case(
    api: ApiClient, cast: Cast, ids: dict[str, Any]
) -> None:
    before = api.get(f"/api/v1/cases/{ids['reference']}", cast.token("caseworker")).json
    reads = [c for c in CASE_SCOPED if c.method == "GET"]
    writes = [c for c in CASE_SCOPED if c.method != "GET"]
    assert _refused(api, reads, ids, cast.token("outsider"), {404}) == []
    assert _refused(api, writes, ids, cast.token("outsider"), {403, 404}) == []
    after = api.get(f"/api/v1/cases/{ids['reference']}", cast.token("caseworker")).json
    assert after["version"] == before["version"]
    assert api.get("/api/v1/cases", cast.token("outsider")).json["items"] == []


STAFF_ONLY = [
    ("GET", "/api/v1/reviewers"),
    ("GET", "/api/v1/cases/{reference}/decision"),
    ("PUT", "/api/v1/cases/{reference}/decision"),
    ("GET", "/api/v1/cases/{reference}/decision/preview.pdf"),
    ("POST", "/api/v1/cases/{reference}/decision/issue"),
    ("POST", "/api/v1/cases/{reference}/decision/corrections"),
    ("GET", "/api/v1/cases/{reference}/submission.pdf"),
    ("PUT", "/api/v1/cases/{reference}/decision-notice"),
]


def test_a_requester_is_told_staff_operations_do_not_exist_even_on_their_own_case(
    api: ApiClient, cast: Cast, ids: dict[str, Any]
) -> None:
    calls = [c for c in OPERATIONS if (c.method, c.path) in STAFF_ONLY]
    assert len(calls) == len(STAFF_ONLY)
    assert _refused(api, calls, ids, cast.token("requester"), {404}) == []


def test_a_requester_cannot_take_staff_actions_on_their_own_case(
    api: ApiClient, cast: Cast, ids: dict[str, Any]
) -> None:
    url = f"/api/v1/cases/{ids['reference']}/actions"
    response = api.post(url, cast.token("requester"), json={"action": "close", "reason": "x"})
    assert response.status_code == 403
    assert response.json["type"].endswith("/forbidden")


def test_only_the_reviewer_role_may_save_findings(
    api: ApiClient, cast: Cast, ids: dict[str, Any]
) -> None:
    url = f"/api/v1/cases/{ids['reference']}/decision"
    response = api.put(url, cast.token("caseworker"), json={})
    assert response.status_code == 403


def test_a_reviewer_cannot_file_a_complaint(api: ApiClient, cast: Cast) -> None:
    response = api.post(
        "/api/v1/cases", cast.token("reviewer"), json={"regime": "foia", "grounds": []}
    )
    assert response.status_code == 403


def test_a_reviewer_who_is_not_assigned_cannot_decide(
    api: ApiClient, cast: Cast, ids: dict[str, Any]
) -> None:
    url = f"/api/v1/cases/{ids['reference']}"
    assign = api.post(
        url + "/actions",
        cast.token("caseworker"),
        json={"action": "assign", "reviewer_id": cast.user_ids["reviewer"]},
    )
    assert assign.status_code == 200
    response = api.put(url + "/decision", cast.token("other_reviewer"), json={})
    assert response.status_code == 403
    assert response.json["detail"] == "Only the assigned reviewer can decide this review."


def pages_signed_in_as(app: Any, cast: Cast, role: str) -> PageClient:
    """A page client (cookies, no token) signed in as the cast's ``role``."""
    from review_service.accounts.models import User
    from review_service.extensions import db_session

    pages = PageClient(app)
    with app.app_context():
        pages.sign_in_as(db_session().get(User, cast.user_ids[role]))
    return pages


def test_the_token_authenticates_as_its_user_whatever_cookie_is_sent(
    app: Any, api: ApiClient, cast: Cast
) -> None:
    pages = pages_signed_in_as(app, cast, "admin")
    api.raw = pages.raw
    me = api.get("/api/v1/me", cast.token("requester")).json
    assert me["id"] == cast.user_ids["requester"]
    assert me["role"] == "requester"


def test_a_token_created_in_the_pages_works_and_stops_working_once_revoked(
    app: Any, api: ApiClient, cast: Cast
) -> None:
    import re

    from review_service.accounts.models import ApiToken
    from review_service.extensions import db_session

    pages = pages_signed_in_as(app, cast, "requester")
    response = pages.post("/account/tokens", {"name": "my script"})
    assert response.status_code == 200
    secret = re.search(r"rs_[A-Za-z0-9_-]{20,}", response.get_data(as_text=True))
    assert secret is not None
    assert api.get("/api/v1/me", secret.group()).status_code == 200
    with app.app_context():
        token_id = (
            db_session()
            .query(ApiToken)
            .filter_by(user_id=cast.user_ids["requester"], name="my script")
            .one()
            .id
        )
    revoke = pages.post(f"/account/tokens/{token_id}/revoke", {}, form_url="/account/tokens")
    assert revoke.status_code == 302
    assert api.get("/api/v1/me", secret.group()).status_code == 401


def test_a_token_made_on_the_command_line_acts_as_its_user(
    app: Any, api: ApiClient, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contextlib import nullcontext

    from click.testing import CliRunner

    from review_service import cli

    # The command runs against this test's app (and its database and connection pool).
    monkeypatch.setattr(cli, "_app", lambda: nullcontext(app))
    result = CliRunner().invoke(
        cli.main, ["token", "create", "--email", cast.emails["caseworker"], "--name", "sync job"]
    )
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert secret.startswith("rs_")
    me = api.get("/api/v1/me", secret).json
    assert (me["id"], me["role"]) == (cast.user_ids["caseworker"], "caseworker")
    assert me["authority"]["id"] == cast.authority_id
