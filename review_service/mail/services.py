"""Queue e-mail in the outbox; the worker (mail/worker.py) sends it after commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.cases.models import Case
from review_service.mail.models import OutboxAttachment, OutboxMessage


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
    }


def queue_email(
    session: Session,
    *,
    to: str,
    subject: str,
    body: str,
    case: Case | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Add a message to the outbox. With a dedupe_key already used, add nothing."""
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
    )
    for filename, media_type, content in attachments:
        message.attachments.append(
            OutboxAttachment(filename=filename, media_type=media_type, content=content)
        )
    session.add(message)
    return message
