"""``review-service check``: does the database still explain itself?

Three things are checked, each against a record that was written when the change was made:

- every case's audit trail, replayed through the lifecycle table (domain/lifecycle.py) from
  its filing, must lead to the case's current status, outcome, reviewer and key dates. A case
  row edited by hand (or a lost event) shows up here;
- every issued letter's PDF bytes must match the SHA-256 stored when it was issued;
- every document's file must exist in the upload store and hash to the document's SHA-256.

The audit events themselves are covered by ``review-service audit verify`` (audit/chain.py).
The check reads one consistent snapshot (see ``begin_snapshot``), in batches, so it can run on
a large live database; it keeps the first ``limit`` problems and counts the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.documents.models import Document
from review_service.documents.services import stored_path
from review_service.domain.lifecycle import CaseAction, CaseStatus, InvalidTransition, next_status
from review_service.letters.models import Letter

BATCH = 500
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Problem:
    subject: str  # "case IR-2026-00001", "letter 12 (IR-2026-00001 outcome v1)", ...
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass
class Report:
    cases: int = 0
    letters: int = 0
    documents: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    limit: int = 20

    def add(self, subject: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < self.limit:
            self.problems.append(Problem(subject, message))

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


# -- replaying a case's audit trail ---------------------------------------------------------


@dataclass
class CaseFacts:
    """What the audit trail says a case is now (or what its row says, to compare)."""

    status: str | None = None
    outcome: str | None = None
    reviewer_id: int | None = None
    extended: bool = False
    received_on: dt.date | None = None
    review_due_on: dt.date | None = None
    acknowledged_on: dt.date | None = None
    decided_on: dt.date | None = None
    closed_on: dt.date | None = None


# What each lifecycle action's event records about the case, beyond its status: the field of
# the case and the key in the event's ``after`` (services in cases/, reviews/, regulator/).
_RECORDED: dict[str, tuple[tuple[str, str], ...]] = {
    "file": (("received_on", "received_on"), ("review_due_on", "review_due_on")),
    CaseAction.ACKNOWLEDGE: (("acknowledged_on", "acknowledged_on"),),
    CaseAction.ASSIGN: (("reviewer_id", "reviewer_id"),),
    CaseAction.EXTEND: (("review_due_on", "review_due_on"),),
    CaseAction.DECIDE: (("outcome", "outcome"), ("decided_on", "decided_on")),
    CaseAction.WITHDRAW: (("closed_on", "closed_on"),),
    CaseAction.CLOSE: (("closed_on", "closed_on"),),
    # Not a lifecycle move: a bank-holiday change recounted the review clock (cases/services.py).
    "review_due_recounted": (("review_due_on", "review_due_on"),),
}
_DATES = {"received_on", "review_due_on", "acknowledged_on", "decided_on", "closed_on"}
_LIFECYCLE = {action.value for action in CaseAction}


@dataclass(frozen=True)
class TrailEvent:
    seq: int | None
    action: str
    after: dict[str, Any]


def _value(name: str, raw: Any) -> Any:
    if name in _DATES and isinstance(raw, str):
        return dt.date.fromisoformat(raw)
    return raw


def replay(events: Iterable[TrailEvent]) -> tuple[CaseFacts | None, str | None]:
    """The case the events describe, and the first reason they cannot describe one.

    Events that are not lifecycle actions (documents, letters corrected, answers for the
    regulator, anonymisation...) do not change what is compared and are passed over."""
    facts: CaseFacts | None = None
    for event in events:
        where = f"audit event {event.seq}" if event.seq is not None else "an unsealed audit event"
        if event.action == "file":
            if facts is not None:
                return facts, f"{where} files the case a second time"
            facts = CaseFacts(status=CaseStatus.RECEIVED.value)
        elif event.action == "review_due_recounted":
            if facts is None:
                return None, f"{where} ({event.action}) comes before the case was filed"
        elif event.action not in _LIFECYCLE:
            continue
        elif facts is None:
            return None, f"{where} ({event.action}) comes before the case was filed"
        else:
            try:
                facts.status = next_status(facts.status or "", event.action).value
            except (InvalidTransition, ValueError):
                return facts, (
                    f"{where} records “{event.action}” while the trail has the case "
                    f"{facts.status}, which the lifecycle does not allow"
                )
        recorded_status = event.after.get("status")
        if recorded_status is not None and recorded_status != facts.status:
            return facts, (
                f"{where} ({event.action}) records status {recorded_status} where the "
                f"lifecycle gives {facts.status}"
            )
        for name, key in _RECORDED.get(event.action, ()):
            if key in event.after:
                setattr(facts, name, _value(name, event.after[key]))
        if event.action == CaseAction.EXTEND:
            facts.extended = True
    if facts is None:
        return None, "no audit event records its filing"
    return facts, None


def _differences(trail: CaseFacts, row: CaseFacts) -> list[str]:
    found = []
    for f in fields(CaseFacts):
        expected, actual = getattr(trail, f.name), getattr(row, f.name)
        if expected != actual:
            found.append(
                f"{f.name} is {_shown(actual)} but its audit trail gives {_shown(expected)}"
            )
    return found


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# -- the three checks -----------------------------------------------------------------------


def _batches(
    session: Session,
    query: Select[*tuple[Any, ...]],
    key: InstrumentedAttribute[int],
    size: int = BATCH,
) -> Iterator[Sequence[Row[Any]]]:
    """The rows of ``query`` a batch at a time in the order of ``key``, its table's id (which
    the rows carry as ``id``): each batch starts after the last id of the one before."""
    last = 0
    while rows := session.execute(query.where(key > last).order_by(key).limit(size)).all():
        yield rows
        last = rows[-1].id


def _case_batches(session: Session) -> Iterator[Sequence[Row[Any]]]:
    columns = (
        Case.id,
        Case.reference,
        Case.status,
        Case.outcome,
        Case.reviewer_id,
        Case.extended,
        Case.received_on,
        Case.review_due_on,
        Case.acknowledged_on,
        Case.decided_on,
        Case.closed_on,
    )
    return _batches(session, select(*columns), Case.id)


def check_cases(session: Session, report: Report, progress: Progress) -> None:
    for rows in _case_batches(session):
        trails: dict[int, list[TrailEvent]] = {row.id: [] for row in rows}
        events = session.execute(
            select(AuditEvent.case_id, AuditEvent.seq, AuditEvent.action, AuditEvent.after)
            .where(AuditEvent.case_id.in_(list(trails)))
            .order_by(AuditEvent.case_id, AuditEvent.seq.is_(None), AuditEvent.seq, AuditEvent.id)
        )
        for case_id, seq, action, after in events:
            trails[case_id].append(TrailEvent(seq, action, after or {}))
        for row in rows:
            subject = f"case {row.reference}"
            trail, reason = replay(trails[row.id])
            if reason is not None:
                report.add(subject, reason)
                continue
            assert trail is not None
            actual = CaseFacts(
                status=row.status,
                outcome=row.outcome,
                reviewer_id=row.reviewer_id,
                extended=bool(row.extended),
                received_on=row.received_on,
                review_due_on=row.review_due_on,
                acknowledged_on=row.acknowledged_on,
                decided_on=row.decided_on,
                closed_on=row.closed_on,
            )
            for difference in _differences(trail, actual):
                report.add(subject, difference)
        report.cases += len(rows)
        progress(len(rows))


def check_letters(session: Session, report: Report, progress: Progress) -> None:
    query = select(
        Letter.id, Letter.kind, Letter.version, Letter.sha256, Letter.pdf, Case.reference
    ).join(Case, Case.id == Letter.case_id)
    for rows in _batches(session, query, Letter.id, 50):  # a few: each row has a whole PDF
        for row in rows:
            if hashlib.sha256(row.pdf or b"").hexdigest() != row.sha256:
                report.add(
                    f"letter {row.id} ({row.reference} {row.kind} v{row.version})",
                    "its PDF does not match the SHA-256 stored when it was issued (altered)",
                )
        report.letters += len(rows)
        progress(len(rows))


def _file_problem(path: Path, sha256: str, size: int) -> str | None:
    if not path.is_file():
        return f"its file {path} is missing"
    digest = hashlib.sha256()
    length = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                length += len(chunk)
    except OSError as error:
        return f"its file {path} cannot be read ({error.strerror or error})"
    if digest.hexdigest() != sha256:
        return f"its file {path} does not match the document's SHA-256 (altered)"
    if length != size:
        return f"its file {path} is {length:,} bytes, not the {size:,} recorded"
    return None


def check_documents(session: Session, upload_dir: Path, report: Report, progress: Progress) -> None:
    # Documents are stored once per content: look at each file once.
    seen: dict[tuple[str, int], str | None] = {}
    query = select(Document.id, Document.sha256, Document.size, Case.reference).outerjoin(
        Case, Case.id == Document.case_id
    )
    for rows in _batches(session, query, Document.id):
        for row in rows:
            key = (row.sha256, row.size)
            if key not in seen:
                try:
                    path = stored_path(upload_dir, row.sha256)
                except ValueError:
                    seen[key] = f"its SHA-256 {row.sha256!r} is not a SHA-256"
                else:
                    seen[key] = _file_problem(path, row.sha256, row.size)
            if seen[key] is not None:
                owner = f" ({row.reference})" if row.reference else ""
                report.add(f"document {row.id}{owner}", str(seen[key]))
        report.documents += len(rows)
        progress(len(rows))


def counts(session: Session) -> tuple[int, int, int]:
    """How many cases, letters and documents there are to check (for a progress bar)."""
    cases, letters, documents = (
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Case, Letter, Document)
    )
    return cases, letters, documents


def begin_snapshot(session: Session) -> None:
    """Read everything from one snapshot, so that a change committed while the check runs
    (a case row and its new event) is seen whole or not at all. Call before any query."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(
            execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        )
    else:
        # pysqlite opens a transaction only for writes; in WAL mode an explicit one keeps the
        # snapshot of its first read until it ends.
        session.connection().exec_driver_sql("BEGIN")


def run_check(
    session: Session,
    upload_dir: Path,
    *,
    limit: int = 20,
    progress: Progress | None = None,
) -> Report:
    report = Report(limit=limit)
    step = progress or (lambda _n: None)
    check_cases(session, report, step)
    check_letters(session, report, step)
    check_documents(session, Path(upload_dir), report, step)
    return report
