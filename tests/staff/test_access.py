"""Who may reach the staff and administration pages.

Requesters get 404 on every one (they are not told the pages exist); reviewers cannot reach
administration or the caseworkers' actions (403); staff tied to one authority get 404 for
another authority's cases; signed-out visitors are sent to sign in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from review_service.accounts.models import Role
from review_service.admin.services import NewOverride, add_holiday_override
from review_service.extensions import commit
from review_service.letters.models import Letter
from tests.factories import create_authority, create_staff, create_user
from tests.staff import sign_in, triaged_case

CASEWORK_ONLY = {
    "staff.acknowledge",
    "staff.original_decision_maker",
    "staff.assign",
    "staff.extend",
    "staff.withdraw",
    "staff.close",
    "staff.enter_complaint",
}
REVIEWER_ONLY = {"staff.decision", "staff.issue"}


pytestmark = pytest.mark.usefixtures("fresh_sessions")


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = triaged_case(session, authority, staff)
    letter = session.scalar(select(Letter).where(Letter.case_id == case.id))
    override = add_holiday_override(
        session,
        staff["admin"],
        NewOverride(day=dt.date(2030, 6, 3), action="add", regime=None, note="Proclaimed"),
    )
    other = create_authority(session)
    outsider = create_user(session, Role.CASEWORKER, authority=other)
    outsider_reviewer = create_user(session, Role.REVIEWER, authority=other)
    commit()
    return {
        "authority": authority,
        "staff": staff,
        "case": case,
        "requester": case.requester,
        "letter": letter,
        "override": override,
        "outsider": outsider,
        "outsider_reviewer": outsider_reviewer,
    }


def staff_and_admin_urls(app: Flask, world: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every route of the two blueprints."""
    values = {
        "reference": world["case"].reference,
        "letter_id": world["letter"].id,
        "user_id": world["staff"]["reviewer"].id,
        "authority_id": world["authority"].id,
        "override_id": world["override"].id,
    }
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("staff.", "admin.")):
            continue
        url = rule.build({arg: values[arg] for arg in rule.arguments})
        assert url is not None
        path = url[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, path))
    assert {"staff.queue", "staff.case", "staff.statistics", "admin.index"} <= {
        e for e, _, _ in found
    }
    return found


def request(client, method: str, url: str) -> Any:  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.raw.get(url)
    token = client.csrf_token("/account/tokens")  # any page's token will do
    return client.raw.post(url, data={"csrf_token": token, "version": "1"})


def test_requesters_get_404_on_every_staff_and_admin_url(app, client, session, world) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, world["requester"])
    for endpoint, method, url in staff_and_admin_urls(app, world):
        response = request(client, method, url)
        assert response.status_code == 404, (endpoint, method, url, response.status_code)


def test_signed_out_visitors_are_sent_to_sign_in(app, client, session, world) -> None:  # type: ignore[no-untyped-def]
    for endpoint, method, url in staff_and_admin_urls(app, world):
        if method != "GET":
            continue
        response = client.raw.get(url)
        assert response.status_code == 302, endpoint
        assert "/sign-in" in response.headers["Location"]


def test_reviewers_cannot_reach_administration_or_casework(app, client, session, world) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, world["staff"]["reviewer"])
    checked = 0
    for endpoint, method, url in staff_and_admin_urls(app, world):
        if endpoint.startswith("admin.") or endpoint in CASEWORK_ONLY:
            response = request(client, method, url)
            assert response.status_code == 403, (endpoint, method, response.status_code)
            checked += 1
    assert checked >= 20
    # ... but they can use their own pages.
    for url in ("/staff", f"/staff/cases/{world['case'].reference}", "/staff/statistics"):
        assert client.get(url).status_code == 200


def test_caseworkers_cannot_reach_administration(app, client, session, world) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, world["staff"]["caseworker"])
    for endpoint, method, url in staff_and_admin_urls(app, world):
        if endpoint.startswith("admin."):
            assert request(client, method, url).status_code == 403, endpoint


@pytest.mark.parametrize("who", ["outsider", "outsider_reviewer"])
def test_staff_of_another_authority_get_404_for_its_cases(app, client, session, world, who) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, world[who])
    case_urls = [
        (endpoint, method, url)
        for endpoint, method, url in staff_and_admin_urls(app, world)
        if world["case"].reference in url
    ]
    assert len(case_urls) >= 15
    for endpoint, method, url in case_urls:
        response = request(client, method, url)
        # The role is checked first (403 for a route the role never uses); everything else
        # about the case is simply not there.
        by_role = CASEWORK_ONLY if who == "outsider_reviewer" else REVIEWER_ONLY
        expected = 403 if endpoint in by_role else 404
        assert response.status_code == expected, (endpoint, method, response.status_code)
    session.expire_all()
    assert world["case"].status == "in_review" and world["case"].outcome is None


def test_an_authority_administrator_manages_only_their_own(client, session, world) -> None:  # type: ignore[no-untyped-def]
    local_admin = create_user(session, Role.ADMIN, authority=world["authority"])
    other_admin = create_user(session, Role.ADMIN, authority=world["outsider"].authority)
    commit()
    sign_in(client, other_admin)
    assert client.get(f"/admin/authorities/{world['authority'].id}").status_code == 404
    assert client.get(f"/admin/staff/{world['staff']['reviewer'].id}").status_code == 404
    assert client.get(f"/staff/cases/{world['case'].reference}").status_code == 404
    sign_in(client, local_admin)
    assert client.get(f"/admin/authorities/{world['authority'].id}").status_code == 200
    assert client.get(f"/admin/staff/{world['staff']['reviewer'].id}").status_code == 200
    # Holiday changes move every authority's deadlines: service-wide administrators only.
    response = client.post(
        "/admin/holidays",
        {"day": ["4", "6", "2030"], "action": "add", "regime": "", "note": "Proclaimed"},
    )
    assert response.status_code == 403
