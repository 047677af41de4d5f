"""The tamper-evident audit trail: one hash chain over every audit event.

Why one chain for the whole service, not one per case: many events have no case (accounts,
administration, retention runs), and a per-case chain would not notice a case's whole trail
being deleted. One chain covers both.

How appending stays a single line under concurrency: events are written during the
transaction without a place in the chain, and sealed as the transaction commits
(``before_commit``). Sealing locks the one row of ``audit_chain`` (the chain's head) — on
PostgreSQL with ``SELECT ... FOR UPDATE`` after an ``INSERT``/``UPDATE`` on it, on SQLite by
the database's single writer lock, which the transaction already holds once it has written
its events — then numbers the events after the head, chains their hashes and moves the head.
A second transaction sealing at the same time waits for the first to commit and then
continues from the new head, so the chain never forks. Taking the lock last, when every other
row the transaction changes is already locked, means it cannot deadlock with them, and it is
held only for the commit.

The hash of an event covers its content (``content_of``) and the previous event's hash; its
place in the chain (``seq``) is part of the content, so an edited, deleted, inserted or
reordered event breaks the chain at that point, and a deleted tail no longer matches the
head. On PostgreSQL a trigger also refuses UPDATE and DELETE of a sealed event (migration
0006). Someone with full control of the database could recompute every hash; against that,
record the head that ``review-service audit verify`` prints somewhere else (a log, a ticket).

Audit events are kept for ever and cannot be edited, so they never carry a requester's name,
e-mail address, postal address, file names or text a requester typed: refer to people and
documents by id (see audit/services.record).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from review_service.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
PENDING_KEY = "review_service.audit.unsealed"


def content_of(
    *,
    seq: int,
    case_id: int | None,
    actor_id: int | None,
    action: str,
    summary: str,
    before: Any,
    after: Any,
    at: dt.datetime,
    visible_to_requester: bool,
) -> dict[str, Any]:
    """What an event's hash covers (everything it says, and its place in the chain)."""
    return {
        "seq": seq,
        "case_id": case_id,
        "actor_id": actor_id,
        "action": action,
        "summary": summary,
        "before": before if before is not None else {},
        "after": after if after is not None else {},
        "at": at.astimezone(dt.UTC).isoformat(),
        "visible_to_requester": bool(visible_to_requester),
    }


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """The one JSON spelling the hashes cover: sorted keys, no spaces, text as it is."""
    return _CANONICAL.encode(value)


def event_hash(prev_hash: str, content: dict[str, Any]) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical_json(content)}".encode()).hexdigest()


def event_content(event_: AuditEvent, seq: int) -> dict[str, Any]:
    """What the hash of this event covers, at place ``seq`` in the chain."""
    return content_of(
        seq=seq,
        case_id=event_.case_id,
        actor_id=event_.actor_id,
        action=event_.action,
        summary=event_.summary,
        before=event_.before,
        after=event_.after,
        at=event_.at,
        visible_to_requester=event_.visible_to_requester,
    )


# -- sealing -------------------------------------------------------------------------------


def track(session: Session, audit_event: AuditEvent) -> None:
    """Remember an event written in this transaction, to seal it at commit."""
    session.info.setdefault(PENDING_KEY, []).append(audit_event)


def _unsealed(session: Session) -> list[AuditEvent]:
    tracked: list[AuditEvent] = session.info.get(PENDING_KEY, [])
    extra = [
        obj
        for obj in session.new
        if isinstance(obj, AuditEvent) and all(obj is not t for t in tracked)
    ]
    events = [e for e in [*tracked, *extra] if e.hash is None]
    # Events deleted or expunged before the commit are no longer part of it.
    return [e for e in events if e in session and e not in session.deleted]


def lock_head(session: Session) -> AuditChainHead:
    """The chain's head row, locked until the transaction ends (made if missing)."""
    dialect = session.get_bind().dialect.name
    values = {"id": 1, "seq": 0, "hash": GENESIS}
    if dialect == "postgresql":
        session.execute(pg_insert(AuditChainHead).values(**values).on_conflict_do_nothing())
    else:
        session.execute(sqlite_insert(AuditChainHead).values(**values).on_conflict_do_nothing())
    # A write to the row: a row lock on PostgreSQL, the writer lock on SQLite.
    session.execute(update(AuditChainHead).where(AuditChainHead.id == 1).values(id=1))
    head = session.scalar(
        select(AuditChainHead)
        .where(AuditChainHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert head is not None
    return head


def seal(session: Session) -> int:
    """Give this transaction's unsealed events their place and hashes; returns how many."""
    pending = _unsealed(session)
    if not pending:
        session.info.pop(PENDING_KEY, None)
        return 0
    session.flush()  # the events exist (and, on SQLite, the writer lock is ours)
    head = lock_head(session)
    seq, previous = head.seq, head.hash
    for audit_event in sorted(pending, key=lambda e: e.id):
        seq += 1
        audit_event.seq = seq
        audit_event.prev_hash = previous
        audit_event.hash = event_hash(previous, event_content(audit_event, seq))
        previous = audit_event.hash
    head.seq, head.hash = seq, previous
    session.flush()
    session.info.pop(PENDING_KEY, None)
    return len(pending)


def seal_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """For bulk loaders that insert ``audit_events`` rows themselves (seed-load): give each
    row, in list order, its place in the chain and its hashes, and move the head. Call it in
    the transaction that inserts the rows, just before inserting them; each row needs the
    values it will be stored with (``at`` aware, ``before``/``after`` as JSON-ready dicts).

    ``before`` and ``after`` are replaced by their canonical JSON text, which is what the
    hash covers and what the loader stores (a JSON column reads it back as the same dicts):
    each is serialised once, and the content's text is put together around them rather than
    serialised again. The first row of every call is checked against ``event_hash`` over
    ``content_of``, so the two spellings cannot drift apart unnoticed."""
    if not rows:
        return
    head = lock_head(session)
    seq, previous = head.seq, head.hash
    dumps = _CANONICAL.encode
    text_of = encode_basestring  # JSON string, as ensure_ascii=False spells it
    for row in rows:
        seq += 1
        before = dumps(row.get("before") or {})
        after = dumps(row.get("after") or {})
        visible = "true" if row.get("visible_to_requester", True) else "false"
        # content_of's keys in sorted order: the text json.dumps(sort_keys=True) would give.
        text = (
            f'{{"action":{text_of(row["action"])},'
            f'"actor_id":{_integer(row.get("actor_id"))},"after":{after},'
            f'"at":"{row["at"].astimezone(dt.UTC).isoformat()}","before":{before},'
            f'"case_id":{_integer(row.get("case_id"))},"seq":{seq},'
            f'"summary":{text_of(row["summary"])},'
            f'"visible_to_requester":{visible}}}'
        )
        digest = hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()
        if row is rows[0]:
            expected = event_hash(
                previous,
                content_of(
                    seq=seq,
                    case_id=row.get("case_id"),
                    actor_id=row.get("actor_id"),
                    action=row["action"],
                    summary=row["summary"],
                    before=row.get("before") or {},
                    after=row.get("after") or {},
                    at=row["at"],
                    visible_to_requester=row.get("visible_to_requester", True),
                ),
            )
            if digest != expected:  # pragma: no cover - a broken shortcut, not bad data
                raise RuntimeError("seal_rows: the content's text differs from content_of")
        row.update(seq=seq, prev_hash=previous, hash=digest, before=before, after=after)
        previous = digest
    head.seq, head.hash = seq, previous
    session.flush()


def _integer(value: int | None) -> str:
    return "null" if value is None else str(int(value))


@event.listens_for(Session, "before_commit")
def _seal_before_commit(session: Session) -> None:
    seal(session)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    if not session.in_transaction():
        session.info.pop(PENDING_KEY, None)


# -- verifying -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    seq: int | None
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event {self.seq}" if self.seq is not None else "the chain"
        if self.event_id is not None:
            where += f" (row id {self.event_id})"
        return f"Audit chain broken at {where}: {self.problem}"


@dataclass(frozen=True)
class Verification:
    events: int
    head_seq: int
    head_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _walk(rows: Iterable[AuditEvent], head: AuditChainHead | None) -> Iterator[Break]:
    expected_seq, previous = 1, GENESIS
    last_seq, last_hash = 0, GENESIS
    for row in rows:
        if row.seq is None or row.hash is None or row.prev_hash is None:
            yield Break(row.seq, row.id, "the event was never sealed (written outside the chain)")
            return
        if row.seq < expected_seq:
            yield Break(row.seq, row.id, "two events claim the same place")
            return
        if row.seq > expected_seq:
            missing = (
                f"event {expected_seq} is missing"
                if row.seq == expected_seq + 1
                else f"events {expected_seq} to {row.seq - 1} are missing"
            )
            yield Break(expected_seq, None, f"{missing} (deleted)")
            return
        if row.prev_hash != previous:
            yield Break(
                row.seq,
                row.id,
                "it does not follow the event before it (an event was deleted, inserted or "
                "moved here)",
            )
            return
        if event_hash(row.prev_hash, event_content(row, row.seq)) != row.hash:
            yield Break(row.seq, row.id, "its content does not match its hash (edited)")
            return
        expected_seq, previous = row.seq + 1, row.hash
        last_seq, last_hash = row.seq, row.hash
    head_seq, head_hash = (head.seq, head.hash) if head is not None else (0, GENESIS)
    if (last_seq, last_hash) != (head_seq, head_hash):
        if head_seq > last_seq:
            problem = (
                f"the chain ends at event {last_seq} but its head records event {head_seq} "
                "(the newest events were deleted)"
            )
        else:
            problem = (
                f"the chain runs to event {last_seq} but its head records event {head_seq} "
                "(events were added outside the service, or the head was changed)"
            )
        yield Break(None, None, problem)


def verify(session: Session) -> Verification:
    """Walk the whole chain in order; the first break, if any."""
    head = session.get(AuditChainHead, 1)
    rows = session.scalars(
        select(AuditEvent)
        .order_by(AuditEvent.seq.is_(None), AuditEvent.seq, AuditEvent.id)
        .execution_options(yield_per=1000)
    )
    try:
        broken = next(_walk(rows, head), None)
    finally:
        rows.close()  # a server-side cursor on PostgreSQL, left early at a break
    return Verification(
        events=session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        head_seq=head.seq if head is not None else 0,
        head_hash=head.hash if head is not None else GENESIS,
        broken=broken,
    )
