"""The outbox worker delivers over real SMTP (aiosmtpd on loopback) and never twice."""

from __future__ import annotations

from sqlalchemy import select

from review_service.extensions import commit, database
from review_service.mail.models import OutboxMessage
from review_service.mail.services import queue_email
from review_service.mail.worker import send_pending
from tests.smtp import free_port


def test_queued_mail_is_delivered_once_with_attachments(app, session, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    queue_email(
        session,
        to="a@example.org",
        subject="Hello",
        body="Body text",
        attachments=(("letter.pdf", "application/pdf", b"%PDF-1.4 test"),),
    )
    commit()
    config = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    sessions = database(app).sessionmaker
    assert send_pending(sessions, config) == (1, 0)
    assert send_pending(sessions, config) == (0, 0)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "a@example.org"
    assert message["Subject"] == "Hello"
    parts = list(message.iter_attachments())
    assert [p.get_filename() for p in parts] == ["letter.pdf"]
    assert parts[0].get_content() == b"%PDF-1.4 test"


def test_a_failed_delivery_is_kept_and_retried(app, session) -> None:  # type: ignore[no-untyped-def]
    queue_email(session, to="b@example.org", subject="Retry me", body="x")
    commit()
    config = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port()}
    assert send_pending(database(app).sessionmaker, config) == (0, 1)
    session.expire_all()
    message = session.scalar(select(OutboxMessage))
    assert message.sent_at is None and message.attempts == 1 and message.last_error


def test_a_dedupe_key_queues_a_message_only_once(session) -> None:  # type: ignore[no-untyped-def]
    first = queue_email(session, to="c@example.org", subject="s", body="b", dedupe_key="k1")
    second = queue_email(session, to="c@example.org", subject="s", body="b", dedupe_key="k1")
    assert first is not None and second is None
