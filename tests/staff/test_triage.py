"""Triage through the pages: acknowledge, original decision-maker, assign, extend, withdraw,
close, and complaints entered by caseworkers. Every form carries the case version."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from review_service import clock
from review_service.accounts.models import Role, User
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.cases.services import GroundInput
from review_service.extensions import commit
from review_service.letters.models import Letter
from review_service.mail.models import OutboxMessage
from tests.factories import create_authority, create_case, create_staff, create_user
from tests.pages import assert_all_in
from tests.staff import FILED_ON, sign_in

TODAY = dt.date(2026, 10, 7)


pytestmark = pytest.mark.usefixtures("fresh_sessions")


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def setting(session):  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority)
    commit()
    return authority, staff, case


def version_on(html: str) -> str:
    match = re.search(r'<input[^>]*name="version"[^>]*value="(\d+)"', html)
    assert match, "no version field on the form"
    return match.group(1)


def audit_actions(session, case: Case) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            select(AuditEvent.action).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)
        )
    )


def test_caseworker_acknowledges_and_assigns(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}")
    assert "Acknowledge the complaint" in client.last_page.text

    page = client.get(f"/staff/cases/{case.reference}/acknowledge")
    assert "the outcome is due by 2 November 2026" in client.last_page.text
    response = client.post(
        f"/staff/cases/{case.reference}/acknowledge",
        {"version": version_on(page.get_data(as_text=True))},
    )
    assert response.status_code == 302
    session.expire_all()
    assert case.acknowledged_on == TODAY
    letter = session.scalar(select(Letter).where(Letter.case_id == case.id))
    assert letter is not None and letter.kind == "acknowledgement"
    assert session.scalar(
        select(OutboxMessage).where(OutboxMessage.subject.contains("acknowledged"))
    )
    client.get(response.headers["Location"])
    assert "Acknowledge the complaint" not in client.last_page.text  # done once only

    page = client.get(f"/staff/cases/{case.reference}/original-decision-maker")
    client.post(
        f"/staff/cases/{case.reference}/original-decision-maker",
        {
            "version": version_on(page.get_data(as_text=True)),
            "staff_member": str(staff["other_reviewer"].id),
            "name": "",
        },
    )
    page = client.get(f"/staff/cases/{case.reference}/assign")
    html = page.get_data(as_text=True)
    # The original decision-maker is not offered as a reviewer; caseworkers never are.
    assert staff["reviewer"].name in html
    assert staff["other_reviewer"].name not in html.split('name="reviewer"', 1)[1]
    response = client.post(
        f"/staff/cases/{case.reference}/assign",
        {"version": version_on(html), "reviewer": str(staff["reviewer"].id)},
    )
    assert response.status_code == 302
    client.get(response.headers["Location"])
    assert f"Review {case.reference} assigned to {staff['reviewer'].name}." in (
        client.last_page.text
    )
    session.expire_all()
    assert (case.status, case.reviewer_id) == ("in_review", staff["reviewer"].id)
    assert audit_actions(session, case)[-3:] == [
        "acknowledge",
        "record_original_decision_maker",
        "assign",
    ]
    assert session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == staff["reviewer"].email)
    )


def test_the_original_decision_maker_cannot_be_assigned_the_review(
    client, session, setting
) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["caseworker"])
    client.post(
        f"/staff/cases/{case.reference}/original-decision-maker",
        {"version": str(case.version), "staff_member": str(staff["reviewer"].id), "name": ""},
    )
    session.expire_all()
    # A hand-made (or stale) form still naming them gets the rule's own message.
    response = client.post(
        f"/staff/cases/{case.reference}/assign",
        {"version": str(case.version), "reviewer": str(staff["reviewer"].id)},
    )
    assert response.status_code == 400
    assert f"{staff['reviewer'].name} made the original decision and cannot review it" in (
        client.last_page.text
    )
    session.expire_all()
    assert case.reviewer_id is None and case.status == "received"


def test_only_reviewers_can_be_assigned(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["caseworker"])
    for person in (staff["caseworker"], staff["admin"]):
        response = client.post(
            f"/staff/cases/{case.reference}/assign",
            {"version": str(case.version), "reviewer": str(person.id)},
        )
        assert response.status_code == 400
        assert "Select a reviewer" in client.last_page.text
    missing = client.post(
        f"/staff/cases/{case.reference}/assign", {"version": str(case.version), "reviewer": ""}
    )
    assert missing.status_code == 400


def test_reassigning_a_review(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["caseworker"])
    url = f"/staff/cases/{case.reference}/assign"
    client.post(url, {"version": str(case.version), "reviewer": str(staff["reviewer"].id)})
    session.expire_all()
    client.get(url)
    assert client.last_page.h1 == ["Reassign the review"]
    client.post(url, {"version": str(case.version), "reviewer": str(staff["other_reviewer"].id)})
    session.expire_all()
    assert case.reviewer_id == staff["other_reviewer"].id
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id.desc())
    ).first()
    assert event.summary == f"Review reassigned to {staff['other_reviewer'].name}"
    assert event.before == {"status": "in_review", "reviewer_id": staff["reviewer"].id}


def test_extending_a_foia_review_tells_the_requester_why(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["caseworker"])
    url = f"/staff/cases/{case.reference}/extend"
    client.get(url)
    # 40 working days from 5 October 2026, passing over St Andrew's Day (Monday 30 November,
    # a Scottish bank holiday: FOIA s.10(6) counts a bank holiday in any part of the UK).
    assert "it will be due by 1 December 2026" in client.last_page.text

    empty = client.post(url, {"version": str(case.version), "reason": "  "})
    assert empty.status_code == 400
    assert "Enter why the review needs more time" in client.last_page.text

    client.post(url, {"version": str(case.version), "reason": "Consulting a third party"})
    session.expire_all()
    assert case.extended and case.review_due_on == dt.date(2026, 12, 1)
    letter = session.scalar(select(Letter).where(Letter.kind == "extension"))
    assert letter is not None
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains("more time")))
    assert "Consulting a third party" in mail.body
    client.get(f"/staff/cases/{case.reference}")
    assert "Extend the review" not in client.last_page.text
    again = client.post(url, {"version": str(case.version), "reason": "More"})
    assert again.status_code == 400
    assert "already been extended" in client.last_page.text


def test_eir_and_foisa_reviews_cannot_be_extended(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session, regime="eir")
    staff = create_staff(session, authority)
    case = create_case(
        session,
        authority=authority,
        provisions=(),
        grounds=(GroundInput("late_response", "It was late."),),
    )
    commit()
    sign_in(client, staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}")
    assert "Extend the review" not in client.last_page.text
    response = client.post(
        f"/staff/cases/{case.reference}/extend", {"version": str(case.version), "reason": "Busy"}
    )
    assert response.status_code == 400
    assert "Only a FOIA review can be extended" in client.last_page.text
    session.expire_all()
    assert not case.extended


def test_withdraw_and_close_record_the_reason(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    first = create_case(session, authority=authority)
    second = create_case(session, authority=authority)
    commit()
    sign_in(client, staff["caseworker"])

    client.post(
        f"/staff/cases/{first.reference}/withdraw",
        {"version": str(first.version), "reason": "Phoned on 6 October: no longer needed"},
    )
    blank = client.post(
        f"/staff/cases/{second.reference}/close", {"version": str(second.version), "reason": ""}
    )
    assert blank.status_code == 400
    assert "Enter why the case is being closed" in client.last_page.text
    client.post(
        f"/staff/cases/{second.reference}/close",
        {"version": str(second.version), "reason": "Duplicate of another complaint"},
    )
    session.expire_all()
    assert (first.status, first.closure_reason) == (
        "withdrawn",
        "Phoned on 6 October: no longer needed",
    )
    assert (second.status, second.closure_reason, second.closed_on) == (
        "closed",
        "Duplicate of another complaint",
        TODAY,
    )
    client.get(f"/staff/cases/{second.reference}")
    assert "Close the case" not in client.last_page.text
    # The lifecycle refuses a second closure, with its own words, on the form.
    response = client.post(
        f"/staff/cases/{second.reference}/close",
        {"version": str(second.version), "reason": "Again"},
    )
    assert response.status_code == 400
    assert "“Close” is not possible while the case is closed." in client.last_page.text


def test_a_stale_triage_form_keeps_what_was_typed(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["caseworker"])
    extend_page = client.get(f"/staff/cases/{case.reference}/extend")
    loaded_at = version_on(extend_page.get_data(as_text=True))
    assign_page = client.get(f"/staff/cases/{case.reference}/assign")
    assert version_on(assign_page.get_data(as_text=True)) == loaded_at

    assert (
        client.post(
            f"/staff/cases/{case.reference}/assign",
            {"version": loaded_at, "reviewer": str(staff["reviewer"].id)},
        ).status_code
        == 302
    )
    reason = "The third party asked for two more weeks & <b>more</b>"
    response = client.post(
        f"/staff/cases/{case.reference}/extend", {"version": loaded_at, "reason": reason}
    )
    assert response.status_code == 400
    assert client.last_page.title.startswith("Error: ")
    assert "Someone else changed this case while you were editing it" in client.last_page.text
    html = response.get_data(as_text=True)
    assert "The third party asked for two more weeks &amp; &lt;b&gt;more&lt;/b&gt;" in html
    assert 'href="#case-form"' in html  # the summary points at the form, not a hidden field
    assert 'id="case-form" tabindex="-1"' in html  # which can take focus when the link is used
    session.expire_all()
    assert not case.extended
    assert version_on(html) == str(case.version)  # sending it again is a deliberate choice
    assert (
        client.post(
            f"/staff/cases/{case.reference}/extend",
            {"version": version_on(html), "reason": reason},
        ).status_code
        == 302
    )


def test_a_form_without_its_version_is_refused(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["caseworker"])
    response = client.post(f"/staff/cases/{case.reference}/acknowledge", {})
    assert response.status_code == 400
    assert "This form is out of date: reload the page" in client.last_page.text
    session.expire_all()
    assert case.acknowledged_on is None


# -- complaints entered by caseworkers -----------------------------------------------------


def complaint_form(authority_id: int, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "requester_name": "Siân Evans",
        "requester_email": "sian@example.org",
        "received_on": ["2", "10", "2026"],
        "authority": str(authority_id),
        "regime": "foia",
        "request_reference": "FOI/88",
        "request_sent_on": ["1", "9", "2026"],
        "request_text": "All invoices for the new bridge.",
        "response_date": ["28", "9", "2026"],
        "response_text": "Withheld under section 43(2).",
        "provision_1": "Section 43 (2)",
        "grounds": ["provision", "late_response"],
        "ground_text_provision": "The contract is signed, so there is no commercial harm.",
        "ground_text_late_response": "It took 27 working days.",
        "acting_for_someone_else": "y",
        "previous_regulator_reference": "IC-76752-Z6P5",
    }
    data.update(overrides)
    return data


def test_caseworker_enters_a_complaint_received_by_post(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff, _ = setting
    sign_in(client, staff["caseworker"])
    client.get("/staff/complaints/new")
    response = client.post("/staff/complaints/new", complaint_form(authority.id))
    assert response.status_code == 302
    case = session.scalar(select(Case).order_by(Case.id.desc()))
    assert response.headers["Location"].endswith(f"/staff/cases/{case.reference}")
    assert case.received_on == dt.date(2026, 10, 2)  # the postal date, not today
    assert case.review_due_on == dt.date(2026, 10, 30)
    assert case.filed_by_id == staff["caseworker"].id
    assert case.acting_for_someone_else
    assert case.previous_regulator_reference == "IC-76752-Z6P5"
    requester = session.get(User, case.requester_id)
    assert (requester.name, requester.email, requester.role) == (
        "Siân Evans",
        "sian@example.org",
        "requester",
    )
    assert [p.provision for p in case.refusal_notice.provisions] == ["s.43(2)"]
    assert [g.kind for g in case.grounds] == ["provision", "late_response"]
    assert case.grounds[0].requester_text.startswith("The contract is signed")
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == requester.email))
    assert "entered for Siân Evans" in client.follow(response)


def test_entering_a_complaint_shows_every_problem_without_crashing(
    client, session, setting
) -> None:  # type: ignore[no-untyped-def]
    authority, staff, _ = setting
    sign_in(client, staff["caseworker"])
    # Date parts missing from the POST altogether, a made-up provision, a half-typed date.
    data = complaint_form(
        authority.id,
        received_on=None,
        response_date=["31", "2", "2026"],
        request_sent_on=["1", "", "2026"],
        provision_1="section 99",
        grounds=[],
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post("/staff/complaints/new", data)
    assert response.status_code == 400
    text = client.last_page.text
    assert_all_in(
        text,
        "Enter the date the request for review arrived",
        "Date of the response must be a real date",
        "When was the original request sent? must include a month",
        "Enter a provision of the Freedom of Information Act 2000, like s.43(2)",
        "Select at least one reason the requester gives",
    )
    assert session.scalar(select(Case)) is not None  # only the fixture's case
    assert len(session.scalars(select(Case)).all()) == 1


def test_entering_a_complaint_passes_on_the_service_rules(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff, _ = setting
    sign_in(client, staff["caseworker"])
    future = client.post(
        "/staff/complaints/new", complaint_form(authority.id, received_on=["8", "10", "2026"])
    )
    assert future.status_code == 400
    assert "must be today or in the past" in client.last_page.text
    other = client.post(
        "/staff/complaints/new",
        complaint_form(authority.id, grounds=["other"], ground_text_other=""),
    )
    assert other.status_code == 400
    assert "Tell us what else you are unhappy about" in client.last_page.text
    staff_email = client.post(
        "/staff/complaints/new",
        complaint_form(authority.id, requester_email=staff["reviewer"].email),
    )
    assert staff_email.status_code == 400
    assert "That e-mail address belongs to a staff account" in client.last_page.text


def test_reviewers_cannot_enter_complaints(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff, _ = setting
    sign_in(client, staff["reviewer"])
    assert client.get("/staff/complaints/new").status_code == 403


def test_an_existing_requester_is_reused(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff, _ = setting
    known = create_user(session, Role.REQUESTER, email="known@example.org", name="Known Person")
    commit()
    sign_in(client, staff["caseworker"])
    client.post(
        "/staff/complaints/new",
        complaint_form(authority.id, requester_email="Known@Example.org", requester_name="K"),
    )
    case = session.scalar(select(Case).order_by(Case.id.desc()))
    assert case.requester_id == known.id
    assert case.received_on == FILED_ON - dt.timedelta(days=3)
