"""The outbox: e-mail written in the same transaction as the change it reports.

A message is ``pending`` until the worker (mail/worker.py) hands it to the SMTP server
(``sent``), or gives up on it (``failed``, with the reason in ``last_error``): at once when it
cannot be built, or after retrying with back-off for at least a day. ``message_id`` is fixed
when the row is written and used on every attempt, so a message sent twice (a crash between
the SMTP server's acceptance and our commit) reaches the mailbox as the same message.

A worker claims a message by setting ``claim_token`` and ``claimed_until`` (its lease): a
worker that dies while sending leaves the message to be claimed again once the lease ends.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from review_service.db import Base, owned_rows, utcnow
from review_service.domain import limits
from review_service.letters.models import Letter

DEFAULT_MESSAGE_ID_DOMAIN = "review-service.local"


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


def new_message_id(domain: str | None = None) -> str:
    """A globally unique RFC 5322 Message-ID, angle brackets included."""
    return f"<{uuid.uuid4().hex}@{domain or DEFAULT_MESSAGE_ID_DOMAIN}>"


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(limits.EMAIL))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # Reminders set a key so that running the job twice sends nothing twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # The Message-ID header of every attempt (fixed when the row is written).
    message_id: Mapped[str] = mapped_column(
        String(250), index=True, unique=True, default=new_message_id
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(
        String(10), default=MailStatus.PENDING.value, server_default=MailStatus.PENDING.value
    )
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    failed_at: Mapped[dt.datetime | None]

    # In the order they were added, which is the order the e-mail gives them.
    attachments: Mapped[list[OutboxAttachment]] = owned_rows("OutboxAttachment.id")


class OutboxAttachment(Base):
    """A file sent with a message: its own bytes (``content``), or an issued letter's PDF,
    referred to rather than copied (``letter_id``), so a letter is stored once."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(60))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)

    letter: Mapped[Letter | None] = relationship()

    @property
    def data(self) -> bytes | None:
        """The bytes to attach: its own, or its letter's PDF."""
        if self.content is not None:
            return self.content
        return self.letter.pdf if self.letter is not None else None
