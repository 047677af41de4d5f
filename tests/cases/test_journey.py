"""A requester makes a complaint, one question per page, and ends on the confirmation page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from review_service.cases.models import Case, ComplaintDraft
from review_service.mail.models import OutboxMessage
from tests.cases.journey import (
    NOTICE,
    answer_up_to_response,
    choose_grounds,
    confirm_findings,
    date_parts,
    days_ago,
    file_sample_complaint,
    paste_response,
)
from tests.factories import create_authority, create_user


@pytest.fixture
def authority(session):  # type: ignore[no-untyped-def]
    authority = create_authority(session, name="Metropolitan Police Service")
    session.commit()
    return authority


def test_signed_out_visitor_starting_is_sent_to_sign_in_and_back(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/complaints/new")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=%2Fcomplaints%2Fnew"

    page = client.get("/sign-in?next=%2Fcomplaints%2Fnew")
    assert 'href="/register?next=/complaints/new"' in page.get_data(as_text=True)
    register = client.get("/register?next=%2Fcomplaints%2Fnew")
    assert 'href="/sign-in?next=/complaints/new"' in register.get_data(as_text=True)


def test_home_page_start_button_leads_into_the_journey(signed_in) -> None:  # type: ignore[no-untyped-def]
    signed_in.sign_out()
    home = signed_in.get("/")
    assert 'href="/complaints/new"' in home.get_data(as_text=True)


def test_start_goes_to_the_first_question(signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in.get("/complaints/new")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/complaints/new/authority")
    page = signed_in.get("/complaints/new/authority")
    assert page.status_code == 200
    assert signed_in.last_page.h1 == ["Which authority did you send your request to?"]


def test_requester_files_a_complaint_about_a_response_like_the_sample(
    signed_in, authority, session
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in
    response_date = days_ago(10)
    answer_up_to_response(client, authority.id, sent=response_date - dt.timedelta(days=20))
    paste_response(client)

    findings = client.get("/complaints/new/findings")
    text = client.last_page.text
    assert findings.status_code == 200
    assert "s.24(2)" in text and "Protecting national security" in text
    assert "s.31(3)" in text and "Protecting law enforcement" in text
    assert "neither confirm nor deny" in text.lower()
    assert "Applies: the authority must show the public interest" in text
    # the reader found the reference; the requester gives the date the notice does not state
    assert 'value="2018030000548"' in findings.get_data(as_text=True)
    confirm_findings(client, response_date)

    grounds = client.get("/complaints/new/grounds")
    assert grounds.status_code == 200
    assert "The authority was wrong to rely on s.24(2)" in client.last_page.text
    assert "The authority holds more information than it found" in client.last_page.text
    choose_grounds(
        client, {"p0": "Saying whether the data exists harms nobody.", "late_response": ""}
    )

    check = client.get("/complaints/new/check")
    text = client.last_page.text
    assert check.status_code == 200
    assert "Metropolitan Police Service" in text
    assert "Freedom of Information Act 2000" in text
    assert "s.24(2) National security (neither confirm nor deny)" in text
    assert "Saying whether the data exists harms nobody." in text
    assert 'href="/complaints/new/grounds"' in check.get_data(as_text=True)

    sent = client.post("/complaints/new/check", {})
    assert sent.status_code == 302
    case = session.scalar(select(Case))
    assert case is not None
    assert sent.headers["Location"] == f"/complaints/{case.reference}/confirmation"

    confirmation = client.get(sent.headers["Location"])
    text = client.last_page.text
    assert confirmation.status_code == 200
    assert client.last_page.h1 == ["Complaint sent"]
    assert case.reference in text
    assert f"{case.review_due_on:%-d %B %Y}" in text
    assert "should send you the outcome of its internal review by" in text
    assert "you may complain to the Information Commissioner's Office (ICO)" in text
    assert "Days not counted" in text  # the weekends skipped, viewable

    session.expire_all()
    case = session.scalar(select(Case))
    assert case.refusal_notice.issued_on == response_date
    assert [(p.provision, p.ncnd) for p in case.refusal_notice.provisions] == [
        ("s.24(2)", True),
        ("s.31(3)", True),
    ]
    assert [(g.kind, g.requester_text) for g in case.grounds] == [
        ("provision", "Saying whether the data exists harms nobody."),
        ("late_response", ""),
    ]
    assert case.information_request.authority_reference == "2018030000548"
    assert session.scalar(select(ComplaintDraft)) is None  # the draft is gone once filed

    index = client.get("/complaints")
    assert index.status_code == 200
    assert case.reference in client.last_page.text
    assert "Received" in client.last_page.text


def test_acknowledgement_email_with_a_pdf_copy_is_in_the_outbox(
    signed_in, authority, requester, session
) -> None:  # type: ignore[no-untyped-def]
    reference = file_sample_complaint(signed_in, authority.id)
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == requester.email)
    )
    assert message is not None
    assert message.subject == f"Complaint {reference} received"
    assert reference in message.body
    assert "should send you the outcome of its internal review by" in message.body
    [attachment] = message.attachments
    assert attachment.filename == f"{reference}-complaint.pdf"
    assert attachment.media_type == "application/pdf"
    assert attachment.content.startswith(b"%PDF-")


def test_late_complaint_is_accepted_with_a_plain_warning(signed_in, authority, session) -> None:  # type: ignore[no-untyped-def]
    # 40 working days after a response sent about five months ago is long past.
    reference = file_sample_complaint(signed_in, authority.id, response_date=days_ago(150))
    page = signed_in.get(f"/complaints/{reference}/confirmation")
    assert page.status_code == 200
    text = signed_in.last_page.text
    assert "This request for review is late: the last day for asking was" in text
    assert "The authority may still review the response, but it does not have to." in text
    case = session.scalar(select(Case).where(Case.reference == reference))
    assert case.late_request is True
    signed_in.get(f"/complaints/{reference}")
    assert "You asked for this review after the usual time limit" in signed_in.last_page.text


def test_no_response_skips_the_findings(signed_in, authority, session) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(signed_in, authority.id)
    response = signed_in.post("/complaints/new/response", {"how": "none"})
    assert response.headers["Location"].endswith("/complaints/new/grounds")
    assert (
        signed_in.get("/complaints/new/findings")
        .headers["Location"]
        .endswith("/complaints/new/grounds")
    )
    signed_in.get("/complaints/new/grounds")
    assert "The authority was wrong to rely on" not in signed_in.last_page.text
    choose_grounds(signed_in, {"late_response": "It never replied."})
    signed_in.get("/complaints/new/check")
    assert "You did not get a response" in signed_in.last_page.text
    assert signed_in.post("/complaints/new/check", {}).status_code == 302
    case = session.scalar(select(Case))
    assert case.refusal_notice.no_response is True
    assert case.refusal_notice.provisions == []


@pytest.mark.parametrize(
    ("regime", "asked_for"),
    [
        ("foia", "an internal review"),  # s.45 Code of Practice
        ("eir", "a reconsideration"),  # EIR reg 11
        ("foisa", "a review"),  # FOISA s.20(1)
    ],
)
def test_the_check_page_names_the_laws_review(signed_in, authority, regime, asked_for) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(signed_in, authority.id, regime=regime)
    signed_in.post("/complaints/new/response", {"how": "none"})
    choose_grounds(signed_in, {"late_response": "It never replied."})
    signed_in.get("/complaints/new/check")
    assert (
        f"By sending this complaint you are asking the authority for {asked_for} of its response."
        in signed_in.last_page.text
    )


def test_requester_corrects_what_was_found(signed_in, authority, session) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(signed_in, authority.id)
    paste_response(signed_in)
    findings = "/complaints/new/findings"

    # s.31(3) is not NCND after all
    assert signed_in.post(f"{findings}/1/ncnd", {}, form_url=findings).status_code == 302
    # s.24(2) was never relied on
    assert signed_in.post(f"{findings}/0/remove", {}, form_url=findings).status_code == 302
    # and the authority also cited s.43
    add = signed_in.post(f"{findings}/add", {"provision": "s.43", "ncnd": "y"})
    assert add.status_code == 302
    duplicate = signed_in.post(f"{findings}/add", {"provision": "s.43"})
    assert duplicate.status_code == 200
    assert "s.43 is already in the list" in signed_in.last_page.text

    signed_in.get(findings)
    text = signed_in.last_page.text
    assert "s.24(2)" not in text
    assert "s.43" in text and "Protecting commercial interests" in text
    draft = session.scalar(select(ComplaintDraft))
    session.refresh(draft)
    assert draft.answers["provisions"] == [
        {"provision": "s.31(3)", "ncnd": False},
        {"provision": "s.43", "ncnd": True},
    ]


def test_changing_the_law_reads_the_response_again(signed_in, authority, session) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(signed_in, authority.id)
    paste_response(signed_in)
    confirm_findings(signed_in, days_ago(5))
    signed_in.post("/complaints/new/law", {"regime": "foisa"})
    signed_in.get("/complaints/new/findings")
    text = signed_in.last_page.text
    assert "looks like it was made under the Freedom of Information Act 2000" in text
    assert "s.24(2)" not in text  # FOIA numbers are never carried over to FOISA
    # the findings must be confirmed again before the grounds
    response = signed_in.get("/complaints/new/grounds")
    assert response.headers["Location"].endswith("/complaints/new/findings")


def test_answers_are_kept_on_the_server_and_survive_signing_out(
    app, signed_in, authority, requester, session
) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(signed_in, authority.id)
    paste_response(signed_in)
    cookie = signed_in.raw.get_cookie("session")
    assert cookie is not None
    assert "facial recognition" not in cookie.value  # long answers never go in the cookie
    assert len(cookie.value) < 1000

    draft = session.scalar(select(ComplaintDraft))
    assert draft.user_id == requester.id
    assert draft.answers["response_text"] == NOTICE.strip()
    assert draft.answers["done"] == ["authority", "law", "request", "response"]

    from tests.pages import PageClient

    later = PageClient(app)
    later.sign_in_as(requester)
    resume = later.get("/complaints/new")
    assert resume.headers["Location"].endswith("/complaints/new/findings")
    page = later.get("/complaints/new/request")
    assert "How many times was facial recognition used?" in page.get_data(as_text=True)
    later.get("/complaints")
    assert "that you have not sent yet" in later.last_page.text


def test_requester_can_delete_a_draft(signed_in, authority, session) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(signed_in, authority.id)
    assert signed_in.get("/complaints/new/delete").status_code == 200
    assert signed_in.post("/complaints/new/delete", {}).status_code == 302
    assert session.scalar(select(ComplaintDraft)) is None


def test_pages_cannot_be_skipped(signed_in, authority) -> None:  # type: ignore[no-untyped-def]
    for page in ("law", "request", "response", "findings", "grounds", "check"):
        response = signed_in.get(f"/complaints/new/{page}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/complaints/new/authority")


def test_back_links_go_to_the_previous_question(signed_in, authority) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(signed_in, authority.id)
    html = signed_in.get("/complaints/new/response").get_data(as_text=True)
    assert '<a href="/complaints/new/request" class="govuk-back-link"' in html


def test_change_links_return_to_check_your_answers(signed_in, authority) -> None:  # type: ignore[no-untyped-def]
    file_sample_complaint_until_check(signed_in, authority.id)
    response = signed_in.post(
        "/complaints/new/request",
        {
            "request_text": "A better wording.",
            **date_parts("request_sent_on", days_ago(40)),
        },
    )
    assert response.headers["Location"].endswith("/complaints/new/check")
    signed_in.get("/complaints/new/check")
    assert "A better wording." in signed_in.last_page.text


def file_sample_complaint_until_check(client, authority_id: int) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(client, authority_id)
    paste_response(client)
    confirm_findings(client, days_ago(10))
    choose_grounds(client, {"more_information_held": ""})


def test_staff_cannot_use_the_requester_journey(client, session, authority) -> None:  # type: ignore[no-untyped-def]
    from review_service.accounts.models import Role

    caseworker = create_user(session, Role.CASEWORKER, authority=authority)
    session.commit()
    client.sign_in_as(caseworker)
    assert client.get("/complaints/new").status_code == 403
    assert client.get("/complaints").status_code == 403
