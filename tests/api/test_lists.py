"""GET /api/v1/cases: the staff queue's filters, and opaque cursors that cannot be misused."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from review_service.accounts.models import Authority, User
from review_service.cases import search as case_search
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.domain.lifecycle import CaseStatus
from review_service.extensions import commit, db_session
from tests import factories
from tests.api.conftest import ApiClient, Cast


@pytest.fixture
def queue(app: Flask, cast: Cast, frozen_today: dt.date) -> list[str]:
    """Five cases at the cast's authority received on different days (so due on different
    days), one closed and one assigned, plus one at another authority."""
    references = []
    with app.app_context():
        session = db_session()
        requester = session.get(User, cast.user_ids["requester"])
        other = session.get(User, cast.user_ids["other_requester"])
        authority = session.get(Authority, cast.authority_id)
        caseworker = session.get(User, cast.user_ids["caseworker"])
        for day, who in ((5, requester), (1, other), (2, requester), (5, other), (3, other)):
            case = factories.create_case(
                session,
                requester=who,
                authority=authority,
                today=dt.date(2026, 10, day),
            )
            references.append(case.reference)
        last = session.scalar(select(Case).where(Case.reference == references[-1]))
        cases.close(session, caseworker, last, reason="Resolved informally")
        first = session.scalar(select(Case).where(Case.reference == references[0]))
        cases.assign(session, caseworker, first, reviewer_id=cast.user_ids["reviewer"])
        factories.create_case(
            session,
            authority=session.get(Authority, cast.other_authority_id),
            today=dt.date(2026, 10, 1),
        )
        commit()
    return references


def _walk(api: ApiClient, token: str, url: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Every reference in a list, page by page, following next links; and each page."""
    seen, pages = [], []
    while url:
        page = api.get(url, token).json
        pages.append(page)
        seen += [item["reference"] for item in page["items"]]
        url = page["links"]["next"]
    return seen, pages


def test_staff_page_through_their_open_cases_in_due_date_order(
    api: ApiClient, cast: Cast, queue: list[str]
) -> None:
    seen, pages = _walk(api, cast.token("caseworker"), "/api/v1/cases?limit=2")
    # Received 1, 2, 5 and 5 October, so due 29 and 30 October and 2 November (twice); the
    # closed case is left out of the staff queue by default.
    assert seen == [queue[1], queue[2], queue[0], queue[3]]
    assert [len(p["items"]) for p in pages] == [2, 2]
    assert pages[0]["total"] == 4
    assert pages[-1]["next_cursor"] is None
    dues = [item["review_due_on"] for page in pages for item in page["items"]]
    assert dues == sorted(dues)


def test_the_api_counts_a_plain_list_in_full_and_a_search_up_to_the_cap(
    api: ApiClient, cast: Cast, queue: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its contract: `total` is exact unless a search (`q`) counted MAX_COUNTED and stopped.
    monkeypatch.setattr(case_search, "MAX_COUNTED", 2)
    page = api.get("/api/v1/cases?limit=1", cast.token("caseworker")).json
    assert (page["total"], page["total_capped"]) == (4, False)
    searched = api.get("/api/v1/cases?limit=1&q=IR-", cast.token("caseworker")).json
    assert (searched["total"], searched["total_capped"]) == (2, True)


def test_the_order_can_be_reversed(api: ApiClient, cast: Cast, queue: list[str]) -> None:
    seen, _ = _walk(api, cast.token("caseworker"), "/api/v1/cases?limit=3&order=desc")
    assert seen == [queue[3], queue[0], queue[2], queue[1]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=closed", [4]),
        ("status=closed&status=in_review", [0, 4]),
        ("reviewer=unassigned", [1, 2, 3]),
        ("reviewer=me", []),
        ("due_from=2026-10-30&due_to=2026-11-01", [2]),
        ("due_from=2026-11-02", [0, 3]),
        ("regime=eir", []),
        ("provision=foia:24", [1, 2, 0, 3]),
        ("provision=foia:43", []),
    ],
)
def test_the_staff_queue_filters_apply(
    api: ApiClient, cast: Cast, queue: list[str], query: str, expected: list[int]
) -> None:
    seen, _ = _walk(api, cast.token("caseworker"), f"/api/v1/cases?{query}&limit=2")
    assert sorted(seen) == sorted(queue[i] for i in expected)


def test_a_reviewer_can_ask_for_their_own_queue(
    api: ApiClient, cast: Cast, queue: list[str]
) -> None:
    seen, _ = _walk(api, cast.token("reviewer"), "/api/v1/cases?reviewer=me")
    assert seen == [queue[0]]


def test_search_finds_a_case_by_reference(api: ApiClient, cast: Cast, queue: list[str]) -> None:
    seen, _ = _walk(api, cast.token("caseworker"), f"/api/v1/cases?q={queue[2]}")
    assert seen == [queue[2]]


def test_a_requester_lists_only_their_own_cases_of_any_status(
    api: ApiClient, cast: Cast, queue: list[str]
) -> None:
    seen, pages = _walk(api, cast.token("other_requester"), "/api/v1/cases?limit=1")
    assert seen == [queue[1], queue[4], queue[3]]
    assert pages[0]["total"] == 3
    assert all("reviewer" not in item for page in pages for item in page["items"])
    seen, _ = _walk(api, cast.token("other_requester"), "/api/v1/cases?status=closed")
    assert seen == [queue[4]]


def test_a_cursor_that_has_been_tampered_with_is_refused(
    api: ApiClient, cast: Cast, queue: list[str]
) -> None:
    token = cast.token("caseworker")
    cursor = api.get("/api/v1/cases?limit=1", token).json["next_cursor"]
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    assert set(payload) == {"o", "f", "k"}
    payload["k"] = ["not a date", "x"]
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    for bad in (forged, "!!!", cursor[:-3], base64.urlsafe_b64encode(b"[]").decode()):
        response = api.get(f"/api/v1/cases?limit=1&cursor={bad}", token)
        assert response.status_code == 422
        assert [e["field"] for e in response.json["errors"]] == ["cursor"]


def test_a_cursor_only_works_with_the_filters_it_was_made_for(
    api: ApiClient, cast: Cast, queue: list[str]
) -> None:
    token = cast.token("caseworker")
    cursor = api.get("/api/v1/cases?limit=1&order=asc", token).json["next_cursor"]
    response = api.get(f"/api/v1/cases?limit=1&reviewer=unassigned&cursor={cursor}", token)
    assert response.status_code == 422
    assert response.json["errors"][0]["message"].startswith("The cursor was made for other")
    # Nor for another user.
    response = api.get(f"/api/v1/cases?limit=1&cursor={cursor}", cast.token("admin"))
    assert response.status_code == 422


def test_bad_filters_are_refused_rather_than_ignored(api: ApiClient, cast: Cast) -> None:
    response = api.get(
        "/api/v1/cases?status=lost&reviewer=someone&due_from=2026-13-01&order=up&limit=0&colour=red",
        cast.token("caseworker"),
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == {
        "status",
        "reviewer",
        "due_from",
        "order",
        "colour",
    }
    response = api.get("/api/v1/cases?limit=101", cast.token("caseworker"))
    assert [e["field"] for e in response.json["errors"]] == ["limit"]


def test_an_empty_filter_is_refused_like_any_other_bad_value(api: ApiClient, cast: Cast) -> None:
    """Found by tests/security/test_fuzz_api.py: `?provision=` was taken as no filter, though
    the document allows only a regime and a section there."""
    for name in ("regime", "provision", "due_from", "due_to", "limit"):
        response = api.get(f"/api/v1/cases?{name}=", cast.token("caseworker"))
        assert response.status_code == 422, name
        assert [e["field"] for e in response.json["errors"]] == [name]


def test_more_statuses_than_there_are_is_refused(api: ApiClient, cast: Cast) -> None:
    """Found by tests/security/test_fuzz_api.py: the document allows the status filter at most
    once per status, but a longer list (a status repeated) was accepted."""
    statuses = [s.value for s in CaseStatus]
    query = "&".join(f"status={s}" for s in [*statuses, statuses[0]])
    response = api.get(f"/api/v1/cases?{query}", cast.token("caseworker"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json["errors"]] == ["status"]
    # Every status once is still a good filter.
    query = "&".join(f"status={s}" for s in statuses)
    assert api.get(f"/api/v1/cases?{query}", cast.token("caseworker")).status_code == 200


def test_letters_are_listed_oldest_first_a_page_at_a_time(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    reference = filed["reference"]
    caseworker = cast.token("caseworker")
    for body in ({"action": "acknowledge"}, {"action": "extend", "reason": "Off-site records."}):
        assert (
            api.post(f"/api/v1/cases/{reference}/actions", caseworker, json=body).status_code == 200
        )
    seen = []
    url = f"/api/v1/cases/{reference}/letters?limit=1"
    while url:
        page = api.get(url, cast.token("requester")).json
        seen += [letter["kind"] for letter in page["items"]]
        url = page["links"]["next"]
    assert seen == ["acknowledgement", "extension"]


def test_the_reviewers_list_leaves_out_closed_accounts_which_the_queue_filter_keeps(
    app: Flask, api: ApiClient, cast: Cast
) -> None:
    """GET /api/v1/reviewers lists who can still be given cases; the queue's reviewer filter
    also offers a closed account, whose cases stay in the queue. One rule, in staff.queue."""
    from review_service.staff.queue import reviewer_options

    with app.app_context():
        session = db_session()
        gone = session.get(User, cast.user_ids["other_reviewer"])
        assert gone is not None
        gone.is_active_account = False
        commit()
        caseworker = session.get(User, cast.user_ids["caseworker"])
        assert caseworker is not None
        every = {r.id for r in reviewer_options(session, caseworker)}
        active = {r.id for r in reviewer_options(session, caseworker, active_only=True)}
    assert gone.id in every and gone.id not in active
    assert cast.user_ids["reviewer"] in active
    listed = api.get("/api/v1/reviewers", cast.token("caseworker")).json["items"]
    assert {r["id"] for r in listed} == active
