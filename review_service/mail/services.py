"""Queue e-mail in the outbox; the worker (mail/worker.py) sends it after commit.

Each message gets its Message-ID here, when its row is written: every attempt to send it
uses the same one."""

from __future__ import annotations

import re
from email.utils import parseaddr
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.cases.models import Case
from review_service.db import utcnow
from review_service.letters.models import Letter
from review_service.mail.models import MailStatus, OutboxAttachment, OutboxMessage, new_message_id


def sender_domain(mail_from: str) -> str | None:
    """The domain of the sender's address (MAIL_FROM), which Message-IDs end with."""
    _name, address = parseaddr(mail_from)
    domain = address.rpartition("@")[2]
    return domain.lower() if re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", domain) else None


def message_id_for_new_message() -> str:
    """A new Message-ID in the sender's domain (that of the running app's MAIL_FROM)."""
    mail_from = str(current_app.config.get("MAIL_FROM", "")) if has_app_context() else ""
    return new_message_id(sender_domain(mail_from))


def message_values(
    *, to: str, subject: str, body: str, case_id: int | None, dedupe_key: str | None
) -> dict[str, Any]:
    """The columns of one queued message, for writing many with one bulk INSERT (the reminders
    job): the same values ``queue_email`` gives a message."""
    return {
        "to_address": to,
        "subject": subject,
        "body": body,
        "case_id": case_id,
        "dedupe_key": dedupe_key,
        "message_id": message_id_for_new_message(),
        "status": MailStatus.PENDING.value,
        "next_attempt_at": utcnow(),
    }


def queue_email(
    session: Session,
    *,
    to: str,
    subject: str,
    body: str,
    case: Case | None = None,
    attachments: tuple[tuple[str, str, bytes | Letter], ...] = (),
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Add a message to the outbox. With a dedupe_key already used, add nothing.

    Each attachment is (filename, media type, bytes or an issued letter): a letter is
    referred to, not copied, and the worker reads its PDF when it sends the message."""
    if dedupe_key is not None:
        existing = session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return None
    message = OutboxMessage(
        to_address=to,
        subject=subject,
        body=body,
        case_id=case.id if case is not None else None,
        dedupe_key=dedupe_key,
        message_id=message_id_for_new_message(),
        status=MailStatus.PENDING.value,
        next_attempt_at=utcnow(),
    )
    for filename, media_type, content in attachments:
        if isinstance(content, Letter):
            attachment = OutboxAttachment(filename=filename, media_type=media_type, letter=content)
        else:
            attachment = OutboxAttachment(filename=filename, media_type=media_type, content=content)
        message.attachments.append(attachment)
    session.add(message)
    return message
