"""A requester applies to the Scottish Information Commissioner (FOISA s.47(1)); they do not
complain. What the requester and staff read about a Scottish case calls the step an
application at every stage: the e-mail on filing, the requester's case page (the next date,
where the case is, the link to the application page), the staff regulator page and the
chronology; an ICO case keeps its complaint."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from review_service.extensions import commit
from review_service.mail.models import OutboxMessage
from review_service.regulator import services as regulator
from review_service.regulator.chronology import build_chronology
from tests.regulator.conftest import case_against

SIC = "Scottish Information Commissioner"


def _words_of_complaining(text: str) -> list[str]:
    return [
        phrase
        for phrase in (
            f"complain to the {SIC}",
            f"complained to the {SIC}",
            f"complaint to the {SIC}",
            "complaint to the regulator",
            "has decided your complaint",
            "a complaint from you",
            "Complaint made",
        )
        if phrase in text
    ]


def test_the_requester_is_told_to_apply_to_the_sic_when_the_case_is_filed(session: Any) -> None:
    case, _staff = case_against(session, "foisa", "s.30(b)(i)")
    body = session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.to_address == case.requester.email)
    ).one()
    assert f"you may apply to the {SIC}" in body
    assert _words_of_complaining(body) == []


def test_every_stage_of_a_scottish_case_speaks_of_an_application(
    session: Any, client: Any, decide: Any, frozen: Any, sign_in: Any
) -> None:
    case, staff = case_against(session, "foisa", "s.30(b)(i)")
    decide(session, case, staff, decided_on=dt.date(2026, 10, 20))
    commit()
    frozen.set(dt.date(2026, 10, 21))
    sign_in(case.requester)
    client.get(f"/complaints/{case.reference}")
    decided = client.last_page.text
    assert f"If you are unhappy with the outcome, apply to the {SIC} by" in decided
    client.get(f"/complaints/{case.reference}/regulator")
    assert "has dealt with an application from you about this request" in client.last_page.text
    sign_in(staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}/regulator")
    before = client.last_page.text
    assert f"The requester has not told us of an application to the {SIC}." in before
    assert "Record an application to the regulator" in before

    regulator.refer(session, case.requester, case, referred_on=dt.date(2026, 10, 21))
    commit()
    sign_in(case.requester)
    client.get(f"/complaints/{case.reference}")
    referred = client.last_page.text
    assert f"You applied to the {SIC} on 21 October 2026." in referred
    assert f"Your application to the {SIC}" in referred
    sign_in(staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}/regulator")
    staff_page = client.last_page.text
    assert "The application to the regulator" in staff_page
    assert "Application made 21 October 2026" in staff_page
    events = [e.event for e in build_chronology(session, case, today=dt.date(2026, 10, 21))]
    assert f"Application made to the {SIC}" in events

    frozen.set(dt.date(2026, 11, 2))
    regulator.record_decision_notice(
        session,
        staff["caseworker"],
        case,
        regulator.DecisionNoticeInput(
            kind="decision_notice", issued_on=dt.date(2026, 11, 2), reference="045/2026"
        ),
    )
    commit()
    sign_in(case.requester)
    client.get(f"/complaints/{case.reference}")
    regulator_decided = client.last_page.text
    assert f"The {SIC} has decided your application." in regulator_decided
    for text in (decided, before, referred, staff_page, regulator_decided):
        assert _words_of_complaining(text) == []


def test_an_ico_case_keeps_its_complaint(
    session: Any, client: Any, referred: Any, sign_in: Any
) -> None:
    case, staff = referred("foia", "s.31(1)(a)")
    commit()
    sign_in(case.requester)
    client.get(f"/complaints/{case.reference}")
    assert (
        "You complained to the Information Commissioner's Office (ICO) on 1 May 2026."
        in client.last_page.text
    )
    sign_in(staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}/regulator")
    assert "Complaint made 1 May 2026" in client.last_page.text


def test_the_closed_application_page_says_what_was_sent(
    session: Any, client: Any, referred: Any, sign_in: Any
) -> None:
    from review_service.cases import services as cases

    case, staff = referred("foisa", "s.30(b)(i)")
    cases.close(session, staff["caseworker"], case, reason="The Commissioner closed it.")
    commit()
    sign_in(case.requester)
    client.get(f"/complaints/{case.reference}/regulator")
    text = client.last_page.text
    assert "You sent your application 1 May 2026" in text
    assert _words_of_complaining(text) == []
