"""A complaint e-mailed to an authority that does not use this service: the requester's list
says where it went (not "Received"), and the requester or staff can send it again to a
corrected address, audited, the complaint and its PDF going to the new address (issue 12)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from review_service.accounts.models import Role
from review_service.audit.models import AuditEvent
from review_service.cases import services
from review_service.cases.models import Case
from review_service.errors import Conflict, NotFound, ValidationFailed
from review_service.extensions import database
from review_service.mail.models import OutboxMessage
from review_service.mail.worker import send_pending
from tests.cases.test_unlisted_authority import _answer_everything, _send
from tests.factories import create_authority, create_case, create_user

CORRECTED = "information.requests@northwick.example"


def _filed(signed_in, session) -> Case:  # type: ignore[no-untyped-def]
    _answer_everything(signed_in, address="fio@northwick.example")  # a typo
    reference = _send(signed_in)
    return session.scalar(select(Case).where(Case.reference == reference))


def test_the_list_says_the_complaint_was_emailed_and_where_not_received(
    app, signed_in, session, smtp
) -> None:  # type: ignore[no-untyped-def]
    case = _filed(signed_in, session)

    signed_in.get("/complaints")
    row = " ".join(signed_in.last_page.text.split())
    assert "Waiting to send Waiting to be e-mailed to fio@northwick.example" in row
    assert "Received" not in row

    inbox, port = smtp
    send_pending(database(app).sessionmaker, {**app.config, "SMTP_PORT": port,
                                              "SMTP_HOST": "127.0.0.1"})  # fmt: skip
    session.expire_all()
    signed_in.get("/complaints")
    row = " ".join(signed_in.last_page.text.split())
    assert "Sent by e-mail Sent by e-mail to fio@northwick.example on" in row
    assert case.status == "received"


def test_the_requester_sends_it_again_to_a_corrected_address(app, signed_in, session, smtp) -> None:  # type: ignore[no-untyped-def]
    case = _filed(signed_in, session)
    page = signed_in.get(f"/complaints/{case.reference}").get_data(as_text=True)
    assert f'href="/complaints/{case.reference}/authority-address"' in page
    form = signed_in.get(f"/complaints/{case.reference}/authority-address")
    assert signed_in.last_page.h1 == ["Send the complaint to a different address"]
    assert 'value="fio@northwick.example"' in form.get_data(as_text=True)

    refused = signed_in.post(f"/complaints/{case.reference}/authority-address", {"address": "x"})
    assert refused.status_code == 200
    assert "Enter an e-mail address in the correct format" in refused.get_data(as_text=True)

    response = signed_in.post(
        f"/complaints/{case.reference}/authority-address", {"address": CORRECTED.upper()}
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/complaints/{case.reference}")
    session.expire_all()
    assert case.sent_by_email_to == CORRECTED
    [again] = session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == CORRECTED))
    assert again.case_id == case.id
    assert "reply to Ada Requester directly" in again.body
    assert [a.filename for a in again.attachments] == [f"{case.reference}-complaint.pdf"]
    [event] = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "resend_to_authority")
    ).all()
    assert event.summary == "Complaint e-mailed again to the authority at a corrected address"
    assert "northwick" not in str(event.after)  # whether, not where
    page = signed_in.get(f"/complaints/{case.reference}").get_data(as_text=True)
    assert f"We are e-mailing the complaint to Northwick Parish Council at {CORRECTED}" in page
    assert f"Waiting to be e-mailed to {CORRECTED}" in page

    # Delivered: the page follows the new e-mail, the list too.
    inbox, port = smtp
    config = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    send_pending(database(app).sessionmaker, config)
    assert any(m["To"] == CORRECTED for m in inbox.messages)
    session.expire_all()
    signed_in.get("/complaints")
    assert f"Sent by e-mail to {CORRECTED} on" in signed_in.last_page.text


def test_staff_entitled_to_the_case_send_it_again_and_others_may_not(
    client, session, requester
) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(requester)
    case = _filed(client, session)
    admin = create_user(session, Role.ADMIN)
    other = create_user(session, Role.REQUESTER)
    stranger = create_user(session, Role.CASEWORKER, authority=create_authority(session))
    session.commit()

    with pytest.raises(NotFound):
        services.resend_to_authority(session, other, case, address=CORRECTED)
    with pytest.raises(NotFound):
        services.resend_to_authority(session, stranger, case, address=CORRECTED)
    with pytest.raises(ValidationFailed):
        services.resend_to_authority(session, admin, case, address="")

    client.sign_in_as(admin)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert f'href="/staff/cases/{case.reference}/authority-address"' in page
    response = client.post(f"/staff/cases/{case.reference}/authority-address",
                           {"address": CORRECTED})  # fmt: skip
    assert response.status_code == 302
    session.expire_all()
    assert case.sent_by_email_to == CORRECTED
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == CORRECTED))
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "resend_to_authority"))
    assert event.actor_id == admin.id


def test_a_complaint_to_an_authority_using_the_service_is_not_emailed_again(
    session, client
) -> None:  # type: ignore[no-untyped-def]
    case = create_case(session, authority=create_authority(session))
    session.commit()

    with pytest.raises(Conflict):
        services.resend_to_authority(session, case.requester, case, address=CORRECTED)
    client.sign_in_as(case.requester)
    response = client.get(f"/complaints/{case.reference}/authority-address")
    assert response.status_code == 302  # back to the case, with why
    assert "uses this service" in client.get(f"/complaints/{case.reference}").get_data(as_text=True)


def test_the_page_refuses_more_emails_than_a_requester_may_send_in_a_day(
    app, signed_in, session
) -> None:  # type: ignore[no-untyped-def]
    """The pages share the API's limit (sec18): the complaint filed by e-mail counts, and each
    sending again; the one over the limit is refused on the form and nothing is queued."""
    case = _filed(signed_in, session)
    url = f"/complaints/{case.reference}/authority-address"
    for i in range(services.AUTHORITY_EMAILS_PER_DAY - 1):
        assert signed_in.post(url, {"address": f"r{i}@northwick.example"}).status_code == 302
    refused = signed_in.post(url, {"address": "one-more@northwick.example"})
    assert refused.status_code == 200
    assert "the most we send for one account" in refused.get_data(as_text=True)
    assert session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "one-more@northwick.example")
    ) is None  # fmt: skip
