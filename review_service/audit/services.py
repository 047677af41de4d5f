"""Write an audit event beside the change it records (same session, same commit).

Events are sealed into the hash chain when the transaction commits (audit/chain.py), and can
never be edited afterwards. So an event never carries a requester's personal data — no
name, e-mail address, postal address, uploaded file name or text a requester typed — that
retention (retention.py) could not remove later: refer to people, documents and letters by
their ids, and put the words in the summary only when they are the authority's own (a
staff member's reasons for a decision, a reviewer's name).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.audit.chain import track
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.db import plain_rows, utcnow


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    session: Session,
    actor: User | None,
    action: str,
    summary: str,
    *,
    case: Case | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    visible_to_requester: bool = True,
) -> AuditEvent:
    event = AuditEvent(
        case_id=case.id if case is not None else None,
        actor_id=actor.id if actor is not None else None,
        action=action,
        summary=summary,
        before=_plain(before or {}),
        after=_plain(after or {}),
        visible_to_requester=visible_to_requester,
        at=utcnow(),  # set now: the hash sealed at commit covers it
    )
    session.add(event)
    track(session, event)
    return event


# Built once (staff, requester): every case page shows its timeline.
_TIMELINE = select(AuditEvent).where(AuditEvent.case_id == bindparam("case_id"))
_TIMELINES = {
    False: _TIMELINE.order_by(AuditEvent.at, AuditEvent.id),
    True: _TIMELINE.where(AuditEvent.visible_to_requester.is_(True)).order_by(
        AuditEvent.at, AuditEvent.id
    ),
}


def timeline(session: Session, case: Case, *, for_requester: bool) -> list[AuditEvent]:
    return list(session.scalars(_TIMELINES[for_requester], {"case_id": case.id}))


def _timeline_rows(*columns: Any, for_requester: bool) -> Select[Any]:
    """A case's events as plain rows of ``columns``, oldest first: for a requester only those
    they see; for staff with the actor's name (none: the service) joined in as ``actor_name``,
    instead of the events and then their actors as objects."""
    if for_requester:
        return (
            select(*columns)
            .where(
                AuditEvent.case_id == bindparam("case_id"),
                AuditEvent.visible_to_requester.is_(True),
            )
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    return (
        select(*columns, User.name.label("actor_name"))
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.case_id == bindparam("case_id"))
        .order_by(AuditEvent.at, AuditEvent.id)
    )


# The case pages' timelines: each event's time and summary, for staff also whether the
# requester sees it.
_TIMELINE_ROWS = {
    False: _timeline_rows(
        AuditEvent.at, AuditEvent.summary, AuditEvent.visible_to_requester, for_requester=False
    ),
    True: _timeline_rows(AuditEvent.at, AuditEvent.summary, for_requester=True),
}


def timeline_rows(session: Session, case: Case, *, for_requester: bool) -> list[Row[Any]]:
    """``timeline``'s events as rows: ``at``, ``summary`` and, for staff,
    ``visible_to_requester`` and ``actor_name``."""
    return plain_rows(session, _TIMELINE_ROWS[for_requester], {"case_id": case.id})


# The API's case timeline: what it answers with of each event (for a requester the actor's id:
# the answer names only "You" or the authority).
_DETAIL = (AuditEvent.at, AuditEvent.action, AuditEvent.summary, AuditEvent.actor_id)
_TIMELINE_DETAIL_ROWS = {
    False: _timeline_rows(*_DETAIL, AuditEvent.before, AuditEvent.after, for_requester=False),
    True: _timeline_rows(*_DETAIL, for_requester=True),
}


def timeline_detail_rows(session: Session, case: Case, *, for_requester: bool) -> list[Row[Any]]:
    """``timeline``'s events as rows of ``at``, ``action``, ``summary``, ``actor_id`` and, for
    staff, ``before``, ``after`` and ``actor_name``."""
    return plain_rows(session, _TIMELINE_DETAIL_ROWS[for_requester], {"case_id": case.id})
