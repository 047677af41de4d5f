"""Following a complaint: "Your complaints", the case page, withdrawing, the dates shown."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from review_service import clock
from review_service.accounts.models import Role
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.mail.models import OutboxMessage
from tests.factories import committed, create_authority, create_case, create_user

# create_case files on Monday 5 October 2026: the FOIA review target (20 working days) is
# Monday 2 November 2026; the ICO route opens after the 40th working day, Tuesday 1 December
# (Monday 30 November is St Andrew's Day, a bank holiday in Scotland and so not a working day
# anywhere in the UK: FOIA s.10(6)).
FILED = dt.date(2026, 10, 5)


@pytest.fixture
def owner(session):  # type: ignore[no-untyped-def]
    return committed(session, create_user(session))


@pytest.fixture
def filed(session, owner) -> Case:  # type: ignore[no-untyped-def]
    return committed(session, create_case(session, requester=owner, today=FILED))


def on(monkeypatch, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock, "today", lambda: day)


def test_your_complaints_lists_status_and_next_date(client, owner, filed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    on(monkeypatch, dt.date(2026, 10, 20))
    client.sign_in_as(owner)
    assert client.get("/complaints").status_code == 200
    text = client.last_page.text
    assert filed.reference in text
    assert filed.authority.name in text
    assert "Received" in text
    assert "Review outcome due 2 November 2026" in text
    assert "Overdue" not in text


def test_your_complaints_says_when_the_review_is_overdue(client, owner, filed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    on(monkeypatch, dt.date(2026, 11, 3))
    client.sign_in_as(owner)
    client.get("/complaints")
    assert "Review outcome due 2 November 2026 Overdue" in client.last_page.text


def test_your_complaints_shows_only_your_own(client, session, owner, filed) -> None:  # type: ignore[no-untyped-def]
    someone_else = create_case(session)
    session.commit()
    client.sign_in_as(owner)
    client.get("/complaints")
    assert filed.reference in client.last_page.text
    assert someone_else.reference not in client.last_page.text


def test_case_page_shows_dates_timeline_and_what_to_do_next(
    client, owner, filed, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    on(monkeypatch, dt.date(2026, 10, 20))
    client.sign_in_as(owner)
    assert client.get(f"/complaints/{filed.reference}").status_code == 200
    text = client.last_page.text
    assert client.last_page.h1 == [f"Complaint {filed.reference}"]
    assert "Monday 2 November 2026" in text
    assert "Tuesday 1 December 2026" in text
    assert "20 working days from receipt of the request for review" in text
    assert "Days not counted (8)" in text  # four weekends between 5 October and 2 November
    assert "Saint Andrew's Day (Scotland)" in text  # skipped on the way to 1 December
    assert "Complaint filed" in text  # the timeline
    assert "If there is none by 1 December 2026, you can complain to the Information" in text
    assert "Withdraw your complaint" in text
    assert "s.24(2) National security (neither confirm nor deny)" in text
    assert "National security is not engaged." in text


def test_case_page_points_to_the_regulator_once_the_review_is_overdue(
    client, owner, filed, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    on(monkeypatch, dt.date(2026, 12, 2))
    client.sign_in_as(owner)
    html = client.get(f"/complaints/{filed.reference}").get_data(as_text=True)
    assert "The internal review is overdue. You can complain to" in client.last_page.text
    assert f'href="/complaints/{filed.reference}/regulator"' in html


def test_requester_withdraws_after_confirming(client, session, owner, filed) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(owner)
    url = f"/complaints/{filed.reference}/withdraw"
    assert client.get(url).status_code == 200
    assert client.last_page.h1 == ["Are you sure you want to withdraw your complaint?"]
    response = client.post(
        url, {"reason": "The authority sent the information.", "version": str(filed.version)}
    )
    assert response.status_code == 302
    session.expire_all()
    case = session.get(Case, filed.id)
    assert case.status == "withdrawn"
    assert case.closure_reason == "The authority sent the information."
    client.get(f"/complaints/{filed.reference}")
    text = client.last_page.text
    assert "Withdrawn" in text
    assert "Complaint withdrawn by the requester" in text
    assert "The authority sent the information." in text
    assert "Withdraw your complaint" not in text
    assert session.scalar(
        select(OutboxMessage).where(OutboxMessage.subject.like("%has been withdrawn%"))
    )
    # a second attempt is turned back with an explanation, not an error page
    again = client.get(url)
    assert again.status_code == 302


def test_withdrawing_a_case_changed_meanwhile_asks_to_check_again(
    client, session, owner, filed
) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(owner)
    url = f"/complaints/{filed.reference}/withdraw"
    stale = str(filed.version)
    caseworker = create_user(session, Role.CASEWORKER, authority=filed.authority)
    cases.acknowledge(session, caseworker, filed)
    session.commit()
    response = client.post(url, {"version": stale})
    assert response.status_code == 400  # the form again, with the error summary
    assert "Someone else changed this case" in client.last_page.text
    session.expire_all()
    assert session.get(Case, filed.id).status == "received"


@pytest.mark.parametrize("version", ["²", "١٢", "99999999999999999999", "-1"])
def test_a_withdrawal_with_a_garbled_version_is_answered_not_a_server_error(
    client, session, owner, filed, version
) -> None:  # type: ignore[no-untyped-def]
    """A superscript passes str.isdigit() and then int() refuses it (found by the form fuzz)."""
    client.sign_in_as(owner)
    response = client.post(f"/complaints/{filed.reference}/withdraw", {"version": version})
    assert response.status_code in (302, 400)


def test_confirmation_for_a_scottish_complaint_names_the_commissioner(
    client, session, owner
) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session, regime="foisa", name="Testshire Council (Scotland)")
    case = create_case(
        session,
        requester=owner,
        authority=authority,
        today=FILED,
        provisions=(cases.ProvisionInput("s.35(1)(a)"),),
        grounds=(cases.GroundInput("late_response", "Weeks late."),),
        response_text="Exempt under section 35(1)(a) of FOISA.",
    )
    session.commit()
    client.sign_in_as(owner)
    client.get(f"/complaints/{case.reference}/confirmation")
    text = client.last_page.text
    assert "you may apply to the Scottish Information Commissioner" in text
    assert "FOISA s.21(1)" in text
