"""Bank-holiday changes are checked against the working-day rules before they are saved.

FOIA s.10(6) and FOISA s.73 name weekends and Christmas Day (and, for FOIA, Good Friday)
directly, so no change can make them working days; the calendar covers 2000-2040 only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from review_service.accounts.models import HolidayOverride
from review_service.admin.services import NewOverride, add_holiday_override
from review_service.audit.models import AuditEvent
from review_service.cases.clocks import review_due
from review_service.errors import ValidationFailed
from review_service.extensions import commit
from tests.factories import create_authority, create_case, create_staff
from tests.staff import sign_in

pytestmark = pytest.mark.usefixtures("fresh_sessions")


@pytest.fixture
def admin(session):  # type: ignore[no-untyped-def]
    staff = create_staff(session, create_authority(session))
    commit()
    return staff["admin"]


def form(day: dt.date, action: str = "add", regime: str = "", note: str = "Proclaimed"):  # type: ignore[no-untyped-def]
    return {"day": [str(day.day), str(day.month), str(day.year)], "action": action,
            "regime": regime, "note": note}  # fmt: skip


@pytest.mark.parametrize(
    ("day", "action", "regime", "message"),
    [
        (dt.date(2030, 6, 1), "remove", "", "1 June 2030 is a Saturday: weekends are never"),
        (dt.date(2030, 6, 2), "remove", "foisa", "is a Sunday: weekends are never working days"),
        (dt.date(2030, 12, 25), "remove", "", "25 December 2030 is Christmas Day"),
        (dt.date(2030, 4, 19), "remove", "", "19 April 2030 is Good Friday"),
        (dt.date(2030, 4, 19), "remove", "foisa", "19 April 2030 is Good Friday"),
        (dt.date(1999, 12, 31), "add", "", "must be between 2000 and 2040"),
        (dt.date(2041, 1, 2), "add", "", "must be between 2000 and 2040"),
        (dt.date(2030, 6, 4), "remove", "", "not a bank holiday for any law, so there is nothing"),
        (dt.date(2030, 6, 1), "add", "", "already not a working day (Saturday)"),
        (dt.date(2030, 5, 6), "add", "foia", "already not a working day (May Day)"),
        # St Andrew's Day is a Scottish bank holiday, so under FOIA too (any part of the UK).
        (
            dt.date(2029, 11, 30),
            "add",
            "foia",
            "already not a working day (Saint Andrew's Day (Scotland))",
        ),
    ],
)
def test_changes_the_rules_forbid_are_refused_with_a_reason(
    client, session, admin, day, action, regime, message
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, admin)
    response = client.post("/admin/holidays", form(day, action, regime))
    assert response.status_code == 400
    assert message in client.last_page.text
    assert session.scalars(select(HolidayOverride)).all() == []


def test_a_proclaimed_day_moves_deadlines_and_is_audited(client, session, admin) -> None:  # type: ignore[no-untyped-def]
    case = create_case(session)  # received Monday 5 October 2026, due Monday 2 November
    commit()
    assert review_due(session, case).due == dt.date(2026, 11, 2)
    sign_in(client, admin)
    response = client.post(
        "/admin/holidays", form(dt.date(2026, 10, 12), note="Proclaimed: royal event")
    )
    assert response.status_code == 302
    override = session.scalar(select(HolidayOverride))
    assert (override.day, override.action, override.regime) == (dt.date(2026, 10, 12), "add", None)
    session.expire_all()
    due = review_due(session, case)
    assert due.due == dt.date(2026, 11, 3)
    assert any(s.name == "Proclaimed: royal event" for s in due.skipped)
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).all()
    event = next(e for e in events if e.action == "add_holiday_override")
    assert event.after["day"] == "2026-10-12"
    # The open case's stored due date moved too, audited on the case (issue 11 item 9).
    moved = next(e for e in events if e.action == "review_due_recounted")
    assert (moved.case_id, moved.after["review_due_on"]) == (case.id, "2026-11-03")
    client.get("/admin/holidays")
    assert "Monday 12 October 2026 Bank holiday Every law Proclaimed: royal event" in (
        client.last_page.text
    )

    duplicate = client.post("/admin/holidays", form(dt.date(2026, 10, 12)))
    assert duplicate.status_code == 400
    assert "already has this change" in client.last_page.text
    conflict = client.post("/admin/holidays", form(dt.date(2026, 10, 12), "remove", "foia"))
    assert conflict.status_code == 400
    assert "delete that change first" in client.last_page.text

    deleted = client.post(f"/admin/holidays/{override.id}/delete", {}, form_url="/admin/holidays")
    assert deleted.status_code == 302
    assert session.scalars(select(HolidayOverride)).all() == []
    session.expire_all()
    assert review_due(session, case).due == dt.date(2026, 11, 2)
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).all()
    assert any(e.action == "delete_holiday_override" for e in events)


def test_a_cancelled_bank_holiday_can_be_removed_for_one_law(session, admin) -> None:  # type: ignore[no-untyped-def]
    # Scotland's 2 January substitute (Monday 4 January 2027) made a working day under FOISA.
    override = add_holiday_override(
        session,
        admin,
        NewOverride(day=dt.date(2027, 1, 4), action="remove", regime="foisa", note="Cancelled"),
    )
    assert override.regime == "foisa"
    with pytest.raises(ValidationFailed) as refused:
        add_holiday_override(
            session,
            admin,
            NewOverride(day=dt.date(2027, 1, 5), action="add", regime="eir", note=" "),
        )
    assert refused.value.errors == {
        "note": "Enter why this day is being changed, for example the proclamation"
    }


def test_the_holiday_form_needs_its_fields(client, session, admin) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, admin)
    # No date parts at all in the POST: the form says so rather than failing.
    response = client.post("/admin/holidays", {"action": "", "regime": "", "note": ""})
    assert response.status_code == 400
    text = client.last_page.text
    assert "Enter the date" in text
    assert "Select whether the day is a holiday or a working day" in text
    assert "Enter why this day is being changed" in text
    impossible = client.post(
        "/admin/holidays", {**form(dt.date(2030, 6, 3)), "day": ["31", "2", "2030"]}
    )
    assert impossible.status_code == 400
    assert "Date must be a real date" in client.last_page.text
