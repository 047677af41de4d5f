"""The staff case page links caseworkers and admins to the regulator stage when it applies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from review_service.cases import services as cases
from review_service.regulator import services as regulator
from tests.factories import create_authority, create_case, create_staff

RECEIVED = dt.date(2026, 3, 12)
LINK_TEXT = ">The regulator stage</a>"


@pytest.fixture
def staff(session: Any) -> dict[str, Any]:
    return create_staff(session, create_authority(session))


def filed(session: Any, staff: dict[str, Any]) -> Any:
    """A complaint received on RECEIVED about a response of 3 March 2026."""
    return create_case(
        session,
        authority=staff["caseworker"].authority,
        today=RECEIVED,
        request_sent_on=dt.date(2026, 2, 2),
        response_date=dt.date(2026, 3, 3),
    )


def staff_case_page(client: Any, sign_in: Any, user: Any, reference: str) -> str:
    sign_in(user)
    response = client.get(f"/staff/cases/{reference}")
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def link(reference: str) -> str:
    return f'href="/staff/cases/{reference}/regulator"'


def test_a_decided_case_links_caseworkers_and_admins_but_not_reviewers(
    session: Any, client: Any, staff: dict[str, Any], decide: Any, sign_in: Any
) -> None:
    case = filed(session, staff)
    decide(session, case, staff, decided_on=dt.date(2026, 4, 22))
    session.commit()

    for who in ("caseworker", "admin"):
        html = staff_case_page(client, sign_in, staff[who], case.reference)
        assert link(case.reference) in html and LINK_TEXT in html
    html = staff_case_page(client, sign_in, staff["reviewer"], case.reference)
    assert link(case.reference) not in html


def test_a_review_in_time_has_no_regulator_stage_yet_but_an_overdue_one_has(
    session: Any, client: Any, staff: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    case = filed(session, staff)
    session.commit()

    frozen.set(RECEIVED + dt.timedelta(days=7))
    assert link(case.reference) not in staff_case_page(
        client, sign_in, staff["caseworker"], case.reference
    )
    # The ICO accepts a complaint once the review is more than 40 working days late.
    frozen.set(RECEIVED + dt.timedelta(days=90))
    assert link(case.reference) in staff_case_page(
        client, sign_in, staff["caseworker"], case.reference
    )


def test_a_closed_case_links_only_if_it_went_to_the_regulator(
    session: Any, client: Any, staff: dict[str, Any], decide: Any, frozen: Any, sign_in: Any
) -> None:
    referred = filed(session, staff)
    decide(session, referred, staff, decided_on=dt.date(2026, 4, 22))
    regulator.refer(session, referred.requester, referred, referred_on=dt.date(2026, 4, 22))
    cases.close(session, staff["caseworker"], referred, reason="The ICO closed its case.")
    never = filed(session, staff)
    cases.close(session, staff["caseworker"], never, reason="Resolved informally.")
    session.commit()

    html = staff_case_page(client, sign_in, staff["caseworker"], referred.reference)
    assert link(referred.reference) in html
    html = staff_case_page(client, sign_in, staff["caseworker"], never.reference)
    assert link(never.reference) not in html
