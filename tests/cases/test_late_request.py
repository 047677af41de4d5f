"""Issue 12 item 3: "Check your answers" says before sending that the request for review is
late, with the last day and the rule, so that the requester can give their reasons with it."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from review_service.accounts.models import Role
from review_service.cases.models import Case
from review_service.domain import deadlines
from review_service.mail.models import OutboxMessage
from tests.cases.journey import (
    answer_up_to_response,
    choose_grounds,
    confirm_findings,
    days_ago,
    paste_response,
)
from tests.factories import create_authority, create_user

REASONS = "The response went to my old address; I only saw it last week."


def _answer(client, authority_id: int, response_date) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(client, authority_id, sent=days_ago(200))
    paste_response(client)
    confirm_findings(client, response_date)
    choose_grounds(client, {"p0": "Nobody is harmed by saying so."})


def test_check_your_answers_warns_of_a_late_request_with_the_dates_and_takes_reasons(
    signed_in, session
) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    caseworker = create_user(session, Role.CASEWORKER, authority=authority)
    session.commit()
    responded = days_ago(150)
    window = deadlines.review_request_window("foia", responded)
    _answer(signed_in, authority.id, responded)

    signed_in.get("/complaints/new/check")
    text = signed_in.last_page.text
    assert "Your request for review is late" in text
    assert f"the last day for asking was {window.due:%A %-d %B %Y} ({window.basis})" in text
    assert 'name="late_request_reasons"' in signed_in.raw.get("/complaints/new/check").get_data(
        as_text=True
    )

    response = signed_in.post("/complaints/new/check", {"late_request_reasons": REASONS})
    assert response.status_code == 302, signed_in.last_page.text
    case = session.scalar(select(Case).order_by(Case.id.desc()))
    assert case.late_request and case.late_request_reasons == REASONS

    mail = session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "ada@example.org")
    )
    pdf = PdfReader(io.BytesIO(mail.attachments[0].content))
    assert REASONS in " ".join(" ".join(p.extract_text() for p in pdf.pages).split())

    signed_in.sign_in_as(caseworker)
    signed_in.get(f"/staff/cases/{case.reference}")
    assert f"Why the request for review is late {REASONS}" in signed_in.last_page.text


def test_an_authority_that_refuses_late_requests_says_so_before_sending(signed_in, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session, name="Strict Council", refuse_late_review_requests=True)
    session.commit()
    responded = days_ago(150)
    window = deadlines.review_request_window("foia", responded)
    _answer(signed_in, authority.id, responded)

    page = signed_in.get("/complaints/new/check").get_data(as_text=True)
    assert "Strict Council does not accept late requests for review." in page
    assert f"The last day was {window.due:%A %-d %B %Y}" in page
    assert "Send complaint" not in page
    assert 'href="/complaints/new/findings">change it</a>' in page


def test_a_request_in_time_has_no_warning_and_no_reasons_question(signed_in, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    session.commit()
    _answer(signed_in, authority.id, days_ago(10))
    page = signed_in.get("/complaints/new/check").get_data(as_text=True)
    assert "is late" not in page and 'name="late_request_reasons"' not in page
    assert signed_in.post("/complaints/new/check", {}).status_code == 302
