"""Issue 12 item 1: a complaint about an authority that does not use this service is e-mailed,
with its PDF, to the address the requester gives for it; nothing says "sent" before it was;
administrators see such authorities, to set them up or merge them into an existing one."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from sqlalchemy import select

from review_service.accounts.models import Authority, Role
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.extensions import database
from review_service.mail.models import MailStatus, OutboxMessage
from review_service.mail.worker import send_pending
from tests.cases.journey import (
    choose_grounds,
    confirm_findings,
    date_parts,
    days_ago,
    paste_response,
)
from tests.factories import create_authority, create_case, create_user

ADDRESS = "foi@northwick.example"
NAME = "Northwick Parish Council"


def _answer_everything(  # type: ignore[no-untyped-def]
    client, *, name: str = NAME, address: str = ADDRESS, request_reference: str | None = None
) -> None:
    response = client.post(
        "/complaints/new/authority",
        {"authority": "other", "other_authority_name": name, "other_authority_email": address},
    )
    assert response.status_code == 302, client.last_page
    assert client.post("/complaints/new/law", {"regime": "foia"}).status_code == 302
    response = client.post(
        "/complaints/new/request",
        {
            "request_reference": "",
            "request_text": "How much did the new bus shelter cost?",
            **date_parts("request_sent_on", days_ago(30)),
        },
    )
    assert response.status_code == 302, client.last_page
    paste_response(client)
    confirm_findings(client, days_ago(10))
    if request_reference is not None:
        response = client.post(
            "/complaints/new/findings",
            {"request_reference": request_reference, **date_parts("response_date", days_ago(10))},
        )
        assert response.status_code == 302, client.last_page
    choose_grounds(client, {"p0": "Nobody is harmed by saying so."})


def _send(client) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/complaints/new/check", {})
    assert response.status_code == 302, client.last_page
    return str(response.headers["Location"].split("/")[-2])


def test_the_authority_page_asks_for_the_address_of_an_authority_not_in_the_list(
    signed_in,
) -> None:  # type: ignore[no-untyped-def]
    page = signed_in.get("/complaints/new/authority").get_data(as_text=True)
    assert 'name="other_authority_email"' in page
    response = signed_in.post(
        "/complaints/new/authority", {"authority": "other", "other_authority_name": NAME}
    )
    assert response.status_code == 200
    assert "Enter the e-mail address the authority gives for information requests" in (
        response.get_data(as_text=True)
    )
    response = signed_in.post(
        "/complaints/new/authority",
        {"authority": "other", "other_authority_name": NAME, "other_authority_email": "foi at x"},
    )
    assert "Enter an e-mail address in the correct format" in response.get_data(as_text=True)


def test_a_complaint_about_an_unlisted_authority_is_emailed_there_with_its_pdf(
    app, signed_in, session, smtp
) -> None:  # type: ignore[no-untyped-def]
    _answer_everything(signed_in, address="FOI@Northwick.example")

    check = signed_in.get("/complaints/new/check").get_data(as_text=True)
    assert f"By e-mail to {ADDRESS} (it does not use this service)" in check
    assert f"{NAME} does not use this service. We will e-mail your complaint" in check

    reference = _send(signed_in)
    case = session.scalar(select(Case).where(Case.reference == reference))
    assert case.sent_by_email_to == ADDRESS
    assert case.authority.name == NAME and not case.authority.is_listed

    # Nothing says it was sent while it waits in the outbox.
    confirmation = signed_in.get(f"/complaints/{reference}/confirmation")
    assert signed_in.last_page.h1 == ["Complaint filed"]
    text = confirmation.get_data(as_text=True)
    assert "sent your complaint" not in text
    assert f"We are e-mailing your complaint to it at {ADDRESS}" in text
    page = signed_in.get(f"/complaints/{reference}").get_data(as_text=True)
    assert f"Waiting to be e-mailed to {ADDRESS}" in page

    [to_authority] = session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == ADDRESS)
    ).all()
    assert to_authority.case_id == case.id
    assert "reply to Ada Requester directly, at ada@example.org" in to_authority.body
    [attachment] = to_authority.attachments
    assert attachment.filename == f"{reference}-complaint.pdf"
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(attachment.content)).pages)
    assert reference in pdf and "How much did the new bus shelter cost?" in pdf
    requester_mail = session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "ada@example.org")
    )
    assert (
        f"We are e-mailing your complaint, with a PDF copy, to the address you gave for "
        f"it: {ADDRESS}" in " ".join(requester_mail.body.split())
    )

    # Delivered over SMTP: now, and only now, the page says it was sent.
    inbox, port = smtp
    config = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    assert send_pending(database(app).sessionmaker, config) == (2, 0)
    assert any(m["To"] == ADDRESS for m in inbox.messages)
    session.expire_all()
    page = signed_in.get(f"/complaints/{reference}").get_data(as_text=True)
    assert f"Sent by e-mail to {ADDRESS} on" in page


FORGED = "=?utf-8?q?x=0D=0ABcc:_all@victims.example=0D=0A=0D=0A<a_href=3Dhttp://evil.example>?="


def test_a_reference_cannot_write_headers_or_a_body_into_the_email_to_the_authority(
    app, signed_in, session, smtp
) -> None:  # type: ignore[no-untyped-def]
    """The authority's reference goes into the subject of the e-mail to an authority not using
    the service. Python 3.11's e-mail package decoded an encoded word in it and wrote the CR LF
    it held onto the wire: a requester could add headers (Bcc) or replace the whole body of a
    message the service sends to an address they choose."""
    _answer_everything(signed_in, request_reference=f"FOI {FORGED}")
    reference = _send(signed_in)
    inbox, port = smtp
    config = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    assert send_pending(database(app).sessionmaker, config) == (2, 0)
    [message] = [m for m in inbox.messages if m["To"] == ADDRESS]
    assert message["Bcc"] is None
    assert "\r" not in message["Subject"] and "\n" not in message["Subject"]
    assert message["Subject"] == "Request for internal review: FOI " + FORGED.replace("=?", "= ?")
    body = message.get_body(("plain",)).get_content()
    assert body.startswith(f"To {NAME}") and FORGED in body  # the words as typed, as text
    assert [p.get_filename() for p in message.iter_attachments()] == [f"{reference}-complaint.pdf"]


def test_a_complaint_that_could_not_be_emailed_says_so_and_offers_the_pdf(
    signed_in, session
) -> None:  # type: ignore[no-untyped-def]
    _answer_everything(signed_in)
    reference = _send(signed_in)
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == ADDRESS))
    message.status = MailStatus.FAILED.value  # as the sender leaves it when it gives up
    session.commit()
    page = signed_in.get(f"/complaints/{reference}").get_data(as_text=True)
    assert f"Not sent: we could not e-mail {ADDRESS}" in page
    assert f'href="/complaints/{reference}/complaint.pdf"' in page
    pdf = signed_in.get(f"/complaints/{reference}/complaint.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_an_authority_named_as_it_is_listed_gets_the_complaint_here_not_by_email(
    signed_in, session
) -> None:  # type: ignore[no-untyped-def]
    listed = create_authority(session, name="Metropolitan Police Service")
    session.commit()
    _answer_everything(signed_in, name="metropolitan  police service")
    check = signed_in.get("/complaints/new/check").get_data(as_text=True)
    assert "Through this service" in check
    reference = _send(signed_in)
    case = session.scalar(select(Case).where(Case.reference == reference))
    assert case.authority_id == listed.id and case.sent_by_email_to == ""
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == ADDRESS)) is None
    signed_in.get(f"/complaints/{reference}/confirmation")
    assert signed_in.last_page.h1 == ["Complaint sent"]


def test_admin_sees_unlisted_authorities_and_merges_one_into_the_real_authority(
    client, session
) -> None:  # type: ignore[no-untyped-def]
    real = create_authority(session, name="Northwick Town Council")
    requester = create_user(session)
    case = create_case(
        session,
        requester=requester,
        authority=real,
        authority_id=None,
        other_authority_name=NAME,
        other_authority_email=ADDRESS,
        today=dt.date(2026, 10, 5),
    )
    caseworker = create_user(session, Role.CASEWORKER, authority=real)
    admin = create_user(session, Role.ADMIN)
    session.commit()
    added = case.authority
    assert added.name == NAME and not added.is_listed
    added_id = added.id

    client.sign_in_as(caseworker)
    assert client.get(f"/staff/cases/{case.reference}").status_code == 404

    client.sign_in_as(admin)
    page = client.get("/admin/authorities").get_data(as_text=True)
    assert "Authorities not using this service" in page
    assert f"Address given: {ADDRESS}" in page
    assert f'href="/admin/authorities/{added.id}/merge"' in page
    staff_page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert f"{NAME} does not use this service" in staff_page
    assign = client.get(f"/staff/cases/{case.reference}/assign").get_data(as_text=True)
    assert "so it has no reviewers here" in assign

    response = client.post(f"/admin/authorities/{added.id}/merge", {"into": ""})
    assert response.status_code == 400
    response = client.post(f"/admin/authorities/{added.id}/merge", {"into": str(real.id)})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Authority, added_id) is None
    moved = session.get(Case, case.id)
    assert moved.authority_id == real.id
    assert moved.information_request.authority_id == real.id
    assert moved.sent_by_email_to == ADDRESS  # what happened stays recorded
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "merge_authority")).all()
    assert len(events) == 2
    assert all(NAME not in e.summary for e in events)  # the requester's typing stays out
    told = session.scalars(
        select(OutboxMessage.to_address).where(
            OutboxMessage.subject.startswith(f"New complaint {case.reference}")
        )
    ).all()
    assert set(told) == {real.email, caseworker.email}  # item 2: new to them

    client.sign_in_as(caseworker)
    assert client.get(f"/staff/cases/{case.reference}").status_code == 200


def test_an_authority_using_this_service_cannot_be_merged(client, session) -> None:  # type: ignore[no-untyped-def]
    listed = create_authority(session)
    other = create_authority(session)
    admin = create_user(session, Role.ADMIN)
    session.commit()
    client.sign_in_as(admin)
    response = client.post(
        f"/admin/authorities/{listed.id}/merge",
        {"into": str(other.id)},
        form_url="/admin/authorities",
    )
    assert response.status_code == 302
    assert session.get(Authority, listed.id) is not None
