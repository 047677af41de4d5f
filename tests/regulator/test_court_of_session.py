"""Issue 11, item 2: a Scottish Information Commissioner's decision is appealed to the Court of
Session on a point of law only (FOISA s.56), within 42 days; the stage has its own clock, its own
outcomes and its own words, and the FOISA review outcome letter gives the particulars of the rights
under s.47(1) and s.56 (s.21(10))."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from review_service.audit.models import AuditEvent
from review_service.errors import ValidationFailed
from review_service.extensions import commit
from review_service.letters.outcome import build_outcome_letter
from review_service.mail.models import OutboxMessage
from review_service.regulator import services as regulator
from review_service.regulator.chronology import build_chronology
from review_service.reviews import services as reviews
from tests.regulator.conftest import case_against

SIC_DECISION = dt.date(2026, 9, 1)
LAST_DAY = dt.date(2026, 10, 13)  # 42 days after 1 September 2026


def scottish_case(session: Any, referred: Any) -> tuple[Any, Any]:
    """A Scottish case referred to the Commissioner, whose decision notice is of 1 September."""
    case, staff = referred("foisa", "s.30(b)(i)")
    regulator.record_decision_notice(
        session,
        staff["caseworker"],
        case,
        regulator.DecisionNoticeInput(
            kind="decision_notice", issued_on=SIC_DECISION, reference="Decision 123/2026"
        ),
    )
    return case, staff


def test_a_sic_decision_starts_the_court_of_session_clock(session: Any, referred: Any) -> None:
    case, _staff = scottish_case(session, referred)
    notice = regulator.decision_notice_for(session, case)
    assert notice.appeal_due_on == LAST_DAY
    told = session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == case.requester.email)
    ).all()
    assert any(
        "Either party may appeal to the Court of Session on a point of law only by 13 October 2026"
        in message.body
        for message in told
    )
    assert not any("First-tier Tribunal" in message.body for message in told)


def test_the_appeal_has_its_own_words_lateness_and_outcomes(
    session: Any, referred: Any, frozen: Any
) -> None:
    case, staff = scottish_case(session, referred)
    frozen.set(dt.date(2026, 10, 20))
    lodged = regulator.appeal(
        session, case.requester, case, appellant="requester", lodged_on=dt.date(2026, 10, 14)
    )
    assert lodged.late  # the 43rd day
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.summary == (
        "Appeal to the Court of Session lodged by the requester (after the 42-day limit: the "
        "court must allow it to be received late)"
    )
    with pytest.raises(ValidationFailed) as refused:
        regulator.record_tribunal_outcome(
            session,
            staff["caseworker"],
            case,
            outcome="dismissed",
            outcome_on=dt.date(2026, 10, 20),
        )
    assert refused.value.errors == {"outcome": "Select the Court of Session's decision"}
    regulator.record_tribunal_outcome(
        session, staff["caseworker"], case, outcome="remitted", outcome_on=dt.date(2026, 10, 20)
    )
    events = [
        (e.day, e.event) for e in build_chronology(session, case, today=dt.date(2026, 10, 20))
    ]
    assert (LAST_DAY, "Last day for an appeal to the Court of Session") in events
    assert (dt.date(2026, 10, 14), "Appeal to the Court of Session by the requester") in events
    assert (
        dt.date(2026, 10, 20),
        "Court of Session decision: appeal allowed: remitted to the commissioner to decide again",
    ) in events
    assert not any("Tribunal" in event for _day, event in events)


def test_the_staff_page_offers_the_court_of_session_route(
    session: Any, client: Any, referred: Any, sign_in: Any
) -> None:
    case, staff = scottish_case(session, referred)
    commit()
    sign_in(staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}/regulator")
    text = client.last_page.text
    assert "Appeal to the Court of Session" in text
    assert "Either party may appeal on a point of law only (FOISA s.56" in text
    assert "13 October 2026 (42 calendar days from the date of the Commissioner's decision" in text
    assert "Record an appeal" in text
    assert "First-tier Tribunal" not in text
    client.get(f"/staff/cases/{case.reference}/regulator/appeal")
    page = client.last_page
    assert page.h1 == ["Record an appeal to the Court of Session"]
    assert "Any appeal to the Court of Session must be lodged by 13 October 2026" in page.text


def test_the_foisa_review_letter_gives_the_particulars_of_sections_47_and_56(
    session: Any, decide: Any, frozen: Any
) -> None:
    case, staff = case_against(session, "foisa", "s.30(b)(i)")
    decide(session, case, staff, decided_on=dt.date(2026, 10, 20))
    decision = reviews.decision_for(session, case)
    content = build_outcome_letter(
        case, decision, staff["reviewer"], letter_date=dt.date(2026, 10, 20), draft=True
    )
    rights = next(s for s in content.sections if s.heading == "If you are still unhappy")
    text = " ".join(rights.paragraphs)
    assert "the right under section 47(1) of the Freedom of Information (Scotland) Act 2002" in text
    assert "(section 47(2))" in text
    assert "20 April 2027 (section 47(4)(a))" in text  # six months from the notice
    assert "appeal against it to the Court of Session, on a point of law only, within 42 days" in (
        text
    )
    assert "(section 56 of the Act)" in text
