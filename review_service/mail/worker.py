"""Send queued e-mail over SMTP. Safe to run in several processes: each message is claimed
inside a transaction before it is sent, and marked sent in the same step."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from review_service.db import utcnow
from review_service.mail.models import OutboxMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def build_message(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="review-service.local")
    email.set_content(message.body)
    for attachment in message.attachments:
        maintype, _, subtype = attachment.media_type.partition("/")
        email.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return email


def send_pending(
    sessions: sessionmaker[Session], config: dict[str, Any], *, limit: int = 100
) -> tuple[int, int]:
    """Send up to ``limit`` unsent messages. Returns (sent, failed)."""
    sent = failed = 0
    with sessions() as session:
        ids = list(
            session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
        )
    for message_id in ids:
        with sessions() as session:
            query = select(OutboxMessage).where(
                OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None)
            )
            if session.bind is not None and session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            message = session.scalar(query)
            if message is None:
                continue
            try:
                _deliver(build_message(message, str(config["MAIL_FROM"])), config)
            except (OSError, smtplib.SMTPException) as error:
                message.attempts += 1
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                session.commit()
                failed += 1
                log.warning("could not send message %s: %s", message_id, error)
                continue
            message.attempts += 1
            message.sent_at = utcnow()
            message.last_error = ""
            session.commit()
            sent += 1
    return sent, failed


def _deliver(email: EmailMessage, config: dict[str, Any]) -> None:
    with smtplib.SMTP(str(config["SMTP_HOST"]), int(config["SMTP_PORT"]), timeout=20) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(str(config["SMTP_USERNAME"]), str(config["SMTP_PASSWORD"] or ""))
        smtp.send_message(email)
