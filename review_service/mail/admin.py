"""What administrators see of the outbox, and sending a message again.

Administrators tied to an authority see the messages about that authority's cases; service-wide
administrators see every message (account e-mails have no case). Sending again is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from review_service.accounts.models import Role, User
from review_service.audit.services import record
from review_service.cases.models import Case
from review_service.db import utcnow
from review_service.errors import Conflict, Forbidden, NotFound
from review_service.mail.models import MailStatus, OutboxMessage

# A message still unsent this long after it was queued is shown as delayed.
DELAYED_AFTER = dt.timedelta(minutes=30)
PAGE_LIMIT = 200


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    due: int  # pending and due now
    retrying: int  # pending after at least one failed attempt
    failed: int
    sent: int


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("Only administrators can do that.")


def _visible_to(query: Select[OutboxMessage], actor: User | None) -> Select[OutboxMessage]:
    if actor is None or actor.authority_id is None:
        return query
    return query.join(Case, Case.id == OutboxMessage.case_id).where(
        Case.authority_id == actor.authority_id
    )


def outbox_counts(
    session: Session, actor: User | None = None, *, now: dt.datetime | None = None
) -> OutboxCounts:
    """The outbox by state (every message, or with ``actor`` the ones that admin sees)."""
    now = now or utcnow()
    base = _visible_to(select(OutboxMessage), actor).subquery()
    pending = base.c.status == MailStatus.PENDING.value
    row = session.execute(
        select(
            func.count().filter(pending),
            func.count().filter(pending, base.c.next_attempt_at <= now),
            func.count().filter(pending, base.c.last_error != ""),
            func.count().filter(base.c.status == MailStatus.FAILED.value),
            func.count().filter(base.c.status == MailStatus.SENT.value),
        ).select_from(base)
    ).one()
    return OutboxCounts(*(int(n) for n in row))


@dataclass(frozen=True)
class Problems:
    failed: list[OutboxMessage]
    delayed: list[OutboxMessage]  # pending for longer than DELAYED_AFTER
    case_references: dict[int, str]  # of the messages about a case


def problem_messages(session: Session, actor: User, *, now: dt.datetime | None = None) -> Problems:
    _require_admin(actor)
    now = now or utcnow()
    failed = _visible_to(select(OutboxMessage), actor).where(
        OutboxMessage.status == MailStatus.FAILED.value
    )
    delayed = _visible_to(select(OutboxMessage), actor).where(
        OutboxMessage.status == MailStatus.PENDING.value,
        OutboxMessage.created_at <= now - DELAYED_AFTER,
    )
    newest_first = (OutboxMessage.failed_at.desc(), OutboxMessage.id.desc())
    failed_messages = list(session.scalars(failed.order_by(*newest_first).limit(PAGE_LIMIT)))
    delayed_messages = list(
        session.scalars(delayed.order_by(OutboxMessage.created_at).limit(PAGE_LIMIT))
    )
    case_ids = {m.case_id for m in [*failed_messages, *delayed_messages] if m.case_id is not None}
    references = session.execute(select(Case.id, Case.reference).where(Case.id.in_(case_ids)))
    return Problems(
        failed=failed_messages,
        delayed=delayed_messages,
        case_references={case_id: reference for case_id, reference in references},
    )


def send_again(
    session: Session, actor: User, message_id: int, *, now: dt.datetime | None = None
) -> OutboxMessage:
    """Queue a failed (or delayed) message to be sent at once, with its back-off started
    afresh. It keeps its Message-ID: it is the same message."""
    _require_admin(actor)
    now = now or utcnow()
    message = session.scalar(
        _visible_to(select(OutboxMessage), actor).where(OutboxMessage.id == message_id)
    )
    if message is None:
        raise NotFound("No such message.")
    if message.status == MailStatus.SENT.value:
        raise Conflict("This message has already been sent.")
    if message.claimed_until is not None and message.claimed_until > now:
        raise Conflict("This message is being sent right now. Check again in a few minutes.")
    # "email_status", not "status": a case's audit trail uses "status" for the case's own.
    before = {"email_status": message.status, "attempts": message.attempts}
    message.status = MailStatus.PENDING.value
    message.attempts = 0
    message.next_attempt_at = now
    message.failed_at = None
    message.last_error = ""
    message.claim_token = None
    message.claimed_until = None
    record(
        session,
        actor,
        "email_sent_again",
        f"E-mail {message.id} queued to be sent again",
        case=session.get(Case, message.case_id) if message.case_id is not None else None,
        before={"outbox_message": message.id, **before},
        after={"outbox_message": message.id, "email_status": message.status},
        visible_to_requester=False,
    )
    return message
