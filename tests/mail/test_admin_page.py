"""Administrators see failed and delayed e-mail at /admin/mail and can send it again: audited,
same Message-ID, scoped to an authority's cases for an authority's administrator."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from review_service.accounts.models import Role
from review_service.audit.models import AuditEvent
from review_service.db import utcnow
from review_service.extensions import commit, database
from review_service.mail.models import MailStatus, OutboxMessage
from review_service.mail.services import queue_email
from review_service.mail.worker import send_pending
from tests.factories import create_authority, create_case, create_user
from tests.mail.helpers import rows, smtp_config
from tests.pages import PageClient


def _failed(session, case=None, *, to="jo@example.org", subject="Your review") -> OutboxMessage:  # type: ignore[no-untyped-def]
    message = queue_email(session, to=to, subject=subject, body="x", case=case)
    assert message is not None
    message.status = MailStatus.FAILED.value
    message.attempts = 14
    message.failed_at = utcnow()
    message.last_error = "Gave up after 14 attempts over 24.3 hours. Last error: refused"
    return message


def _all_sent(session) -> None:  # type: ignore[no-untyped-def]
    """What filing a case queued is out of the way."""
    session.flush()
    session.execute(update(OutboxMessage).values(status="sent"))
    session.expire_all()


def test_an_admin_sees_failed_and_delayed_mail_and_sends_it_again(app, session, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    authority = create_authority(session)
    case = create_case(session, authority=authority)
    admin = create_user(session, Role.ADMIN)
    _all_sent(session)
    failed = _failed(session, case, subject="Your review <b>outcome</b>")
    delayed = queue_email(session, to="kim@example.org", subject="Still waiting", body="x")
    sent = queue_email(session, to="lee@example.org", subject="Long gone", body="x")
    assert delayed is not None and sent is not None
    delayed.created_at = utcnow() - dt.timedelta(hours=2)
    sent.status, sent.created_at = MailStatus.SENT.value, utcnow() - dt.timedelta(hours=2)
    commit()

    client = PageClient(app)
    client.sign_in_as(admin)
    page = client.get("/admin/mail")
    assert page.status_code == 200
    assert client.last_page is not None and client.last_page.h1 == ["E-mail that has not been sent"]
    html = page.get_data(as_text=True)
    assert "Your review &lt;b&gt;outcome&lt;/b&gt;" in html
    assert "Gave up after 14 attempts" in html and case.reference in html
    assert "Still waiting" in html and "is the outbox worker running?" in html
    assert "Long gone" not in html
    assert "1 failed" in client.get("/admin").get_data(as_text=True)

    response = client.post(f"/admin/mail/{failed.id}/send-again", form_url="/admin/mail")
    assert response.status_code == 302 and response.location.endswith("/admin/mail")
    session.expire_all()
    row = session.get(OutboxMessage, failed.id)
    assert row is not None
    assert (row.status, row.attempts, row.failed_at, row.last_error) == ("pending", 0, None, "")
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.action == "email_sent_again"
    assert event.actor_id == admin.id and event.case_id == case.id
    assert event.before == {"outbox_message": failed.id, "email_status": "failed", "attempts": 14}
    assert "jo@example.org" not in event.summary
    assert "will be sent again" in client.get("/admin/mail").get_data(as_text=True)

    sessions = database(app).sessionmaker
    assert send_pending(sessions, smtp_config(app, port)) == (2, 0)  # and the delayed one
    assert sorted(str(m["Message-ID"]) for m in inbox.messages) == sorted(
        [failed.message_id, delayed.message_id]
    )
    assert {r.status for r in rows(sessions)} == {"sent"}


def test_a_sent_message_or_one_being_sent_is_not_sent_again(app, session) -> None:  # type: ignore[no-untyped-def]
    admin = create_user(session, Role.ADMIN)
    message = _failed(session)
    commit()
    client = PageClient(app)
    client.sign_in_as(admin)
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(status="pending", claim_token="w", claimed_until=utcnow() + dt.timedelta(minutes=5))
    )
    commit()
    client.post(f"/admin/mail/{message.id}/send-again", form_url="/admin/mail")
    assert "being sent right now" in client.get("/admin/mail").get_data(as_text=True)
    session.execute(update(OutboxMessage).values(status="sent", claimed_until=None))
    commit()
    client.post(f"/admin/mail/{message.id}/send-again", form_url="/admin/mail")
    assert "already been sent" in client.get("/admin/mail").get_data(as_text=True)
    assert (
        session.scalar(select(AuditEvent.id).where(AuditEvent.action == "email_sent_again")) is None
    )


def test_an_authoritys_admin_sees_and_resends_only_its_cases_mail(app, session) -> None:  # type: ignore[no-untyped-def]
    home, away = create_authority(session, name="Home Council"), create_authority(session)
    admin = create_user(session, Role.ADMIN, authority=home)
    home_case, away_case = (
        create_case(session, authority=home),
        create_case(session, authority=away),
    )
    _all_sent(session)
    ours = _failed(session, home_case, subject="About our case")
    theirs = _failed(session, away_case, subject="About their case")
    account = _failed(session, subject="Confirm your e-mail address")
    commit()
    client = PageClient(app)
    client.sign_in_as(admin)
    html = client.get("/admin/mail").get_data(as_text=True)
    assert "About our case" in html
    assert "About their case" not in html and "Confirm your e-mail address" not in html
    assert "1 failed" in html
    for hidden in (theirs, account):
        response = client.post(f"/admin/mail/{hidden.id}/send-again", form_url="/admin/mail")
        assert response.status_code == 404
    assert (
        client.post(f"/admin/mail/{ours.id}/send-again", form_url="/admin/mail").status_code == 302
    )
    session.expire_all()
    statuses = {r.id: r.status for r in rows(database(app).sessionmaker)}
    assert [statuses[m.id] for m in (ours, theirs, account)] == ["pending", "failed", "failed"]
