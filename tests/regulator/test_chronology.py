"""The chronology: every dated event, with the working-day counts a regulator looks at."""

from __future__ import annotations

import datetime as dt
from typing import Any

from review_service.cases import services as cases
from review_service.domain.review import GroundKind
from review_service.regulator import services as regulator
from review_service.regulator.chronology import build_chronology
from tests.factories import create_authority, create_case, create_staff
from tests.regulator.conftest import scottish_case

RECEIVED = dt.date(2026, 3, 12)


def rows(session: Any, case: Any, today: dt.date, **kwargs: Any) -> list[tuple[str, str, str]]:
    return [
        (entry.day.isoformat(), entry.event, entry.note)
        for entry in build_chronology(session, case, today=today, **kwargs)
    ]


def test_an_unanswered_request_shows_when_the_response_was_due(session: Any) -> None:
    # Sent Friday 4 December 2026: the 20 working days skip Christmas Day, Boxing Day (observed
    # Monday 28 December), New Year's Day and Monday 4 January 2027, Scotland's substitute for
    # 2 January: a bank holiday in one part of the UK is not a FOIA working day (s.10(6)).
    # Dec 7-11 (5), 14-18 (10), 21-24 (14), 29-31 (17), Jan 5-7 (20). England alone: 6 January.
    authority = create_authority(session)
    case = create_case(
        session,
        authority=authority,
        today=dt.date(2027, 1, 20),
        request_sent_on=dt.date(2026, 12, 4),
        no_response=True,
        response_date=None,
        response_text="",
        provisions=(),
        grounds=(cases.GroundInput(GroundKind.LATE_RESPONSE, "No reply at all."),),
    )

    events = rows(session, case, dt.date(2027, 1, 20), include_deadlines=False)

    assert events[:2] == [
        (
            "2026-12-04",
            f"Request for information sent to {authority.name} (reference FOI-2026-0101)",
            "",
        ),
        (
            "2027-01-07",
            "Response due; none was received",
            "20 working days after the request (FOIA s.10(1))",
        ),
    ]


def test_an_overdue_review_is_counted_up_to_today_and_to_the_referral(
    session: Any, frozen: Any
) -> None:
    case = create_case(
        session,
        today=RECEIVED,
        request_sent_on=dt.date(2026, 2, 2),
        response_date=dt.date(2026, 3, 3),
    )

    assert rows(session, case, dt.date(2026, 5, 14))[-1] == (
        "2026-05-14",
        "No internal review outcome yet",
        "41 working days after the request for internal review",
    )

    frozen.set(dt.date(2026, 5, 20))
    regulator.refer(session, case.requester, case, referred_on=dt.date(2026, 5, 18))
    events = rows(session, case, dt.date(2026, 5, 20))
    assert events[-1] == (
        "2026-05-18",
        "Complaint made to the Information Commissioner's Office",
        "No internal review outcome 43 working days after the request for internal review",
    )
    assert not any(event == "No internal review outcome yet" for _, event, _ in events)


def test_foisa_counts_scottish_working_days(session: Any) -> None:
    authority = create_authority(session, regime="foisa")
    case = scottish_case(session, authority, RECEIVED, "Not engaged.")

    events = rows(session, case, dt.date(2026, 4, 13))

    # 17 March (St Patrick's Day) and 6 April (Easter Monday) count in Scotland.
    # FOISA s.20(1): the requester requires a review; the chronology says so.
    assert (
        "2026-04-10",
        "Review outcome due",
        "20 working days after the requirement for review",
    ) in events
    assert events[-1] == (
        "2026-04-13",
        "No review outcome yet",
        "21 working days after the requirement for review",
    )
    assert any(event == "Requirement for review received" for _day, event, _note in events)
    assert not any("request for review" in " ".join(row).lower() for row in events)


def test_an_extension_is_an_event_and_moves_the_due_date(session: Any) -> None:
    case = create_case(
        session,
        today=RECEIVED,
        request_sent_on=dt.date(2026, 2, 2),
        response_date=dt.date(2026, 3, 3),
    )
    caseworker = create_staff(session, case.authority)["caseworker"]
    cases.extend(session, caseworker, case, reason="Consulting a third party.")

    events = rows(session, case, dt.date(2026, 4, 1))

    assert any(
        event == "The internal review was extended" and note == "Consulting a third party."
        for _, event, note in events
    )
    assert (
        "2026-05-13",
        "Internal review outcome due",
        "40 working days after the request for internal review",
    ) in events
    days = [day for day, _, _ in events]
    assert days == sorted(days)


def test_dates_that_no_longer_apply_are_left_out(session: Any, decide: Any, frozen: Any) -> None:
    """A due date answered by what happened is not listed beside it (issue 12 item 11): the
    event's own note says whether it came late."""
    case = create_case(
        session,
        today=RECEIVED,
        request_sent_on=dt.date(2026, 2, 2),
        response_date=dt.date(2026, 3, 3),
    )
    staff = create_staff(session, case.authority)
    cases.extend(session, staff["caseworker"], case, reason="Consulting a third party.")
    decide(session, case, staff, decided_on=dt.date(2026, 4, 1))
    frozen.set(dt.date(2026, 4, 10))
    regulator.refer(session, case.requester, case, referred_on=dt.date(2026, 4, 10))
    frozen.set(dt.date(2026, 6, 20))
    regulator.record_decision_notice(
        session,
        staff["caseworker"],
        case,
        regulator.DecisionNoticeInput(
            kind="decision_notice",
            issued_on=dt.date(2026, 6, 1),
            reference="IC-123456-A1B2",
            findings=(("s.24(2)", "not_upheld"), ("s.31(3)", "upheld")),
            steps_required="Disclose the budget figures.",
        ),
    )
    regulator.appeal(session, staff["caseworker"], case, appellant="authority",
                     lodged_on=dt.date(2026, 6, 20))  # fmt: skip

    events = [event for _, event, _ in rows(session, case, dt.date(2026, 6, 20))]

    assert any(event.startswith("Internal review outcome:") for event in events)
    assert "Internal review outcome due" not in events
    assert "Last day for the First-tier Tribunal to receive an appeal" not in events
    assert any(event.startswith("Appeal to the First-tier Tribunal") for event in events)
