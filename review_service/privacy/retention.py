"""Retention: a requester's personal data leaves a case a set time after it was closed.

Each authority sets how many months after closure it keeps the requester's personal data in a
case (``Authority.retention_months``, a policy setting, default six years: a review, a
complaint to the regulator and an appeal can each take a long time). ``review-service retention
apply`` then anonymises every case closed (or withdrawn) on or before the same day that many
months ago. What goes, and why:

- the requester's own words: the request, the response they pasted in (it is addressed to
  them), the grounds, the answers prepared for the regulator, a withdrawal's reason and any
  earlier regulator reference: blanked, with a note;
- the authority's own words about the case (reasons, findings, summaries, steps, a closure or
  extension reason): kept, with the requester's name, e-mail address and address lines
  replaced wherever they occur;
- documents uploaded to the case: deleted, rows and files (a file another document still uses
  stays). They are copies of correspondence; the authority keeps its originals;
- e-mail for the case in the outbox (sent or not), with attachments: deleted. The outbox
  delivers mail; it is not the record;
- letters: kept unchanged as the authority's record of what it sent (their SHA-256 still
  holds), with the case's note saying that they show the requester's name and address;
- the requester's account, once none of their cases holds personal data any more, if they
  closed it or have not signed in since the retention cut-off: name, e-mail and address
  replaced, password removed, sessions ended, API tokens and a draft complaint deleted, mail
  to the old address deleted. An account still in use is kept: it is the person's own,
  and their name stays on it (not on the anonymised case's text).

Each case is anonymised in its own transaction with one audit event (which, like every audit
event, holds no personal data: see audit/services.py), so a run stopped half-way leaves each
case either done or untouched, and running again carries on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, delete, exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from review_service.accounts.models import ApiToken, Authority, Role, User
from review_service.accounts.sessions import end_every_session
from review_service.audit.services import record
from review_service.cases.models import (
    CLOSED_STATUSES,
    Case,
    ComplaintDraft,
    Ground,
    InformationRequest,
    RefusalNotice,
)
from review_service.db import utcnow
from review_service.documents.models import Document
from review_service.documents.services import stored_path
from review_service.letters.models import Letter
from review_service.mail.models import OutboxAttachment, OutboxMessage
from review_service.regulator.models import DecisionNotice, RegulatorReferral
from review_service.reviews.models import ReviewDecision

REMOVED = "[Removed under the retention policy]"
REQUESTER = "[the requester]"
FORMER_REQUESTER = "Former requester"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


# -- what is due ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueCase:
    case_id: int
    reference: str
    authority: str
    closed_on: dt.date
    retention_months: int

    @property
    def due_on(self) -> dt.date:
        return months_after(self.closed_on, self.retention_months)


def due_cases(session: Session, today: dt.date) -> list[DueCase]:
    """Every case closed or withdrawn on or before the day its authority's retention period
    ago, not yet anonymised, in order of closure."""
    due: list[DueCase] = []
    for authority in session.scalars(select(Authority).order_by(Authority.id)):
        cutoff = months_before(today, authority.retention_months)
        rows = session.execute(
            select(Case.id, Case.reference, Case.closed_on)
            .where(
                Case.authority_id == authority.id,
                Case.status.in_(CLOSED_STATUSES),
                Case.anonymised_at.is_(None),
                Case.closed_on <= cutoff,
            )
            .order_by(Case.closed_on, Case.id)
        )
        due.extend(
            DueCase(
                row.id, row.reference, authority.name, row.closed_on, authority.retention_months
            )
            for row in rows
        )
    return sorted(due, key=lambda d: (d.closed_on, d.case_id))


# -- replacing a person's details in the authority's words ----------------------------------


@dataclass(frozen=True)
class Identity:
    """What identifies a requester in text: name, e-mail address, address lines."""

    name: str
    email: str
    address_lines: tuple[str, ...]

    @classmethod
    def of(cls, user: User) -> Identity:
        lines = tuple(line.strip(" ,") for line in user.postal_address.splitlines())
        return cls(user.name.strip(), user.email.strip(), tuple(line for line in lines if line))

    def patterns(self) -> list[re.Pattern[str]]:
        # Longest first, so "Olwen Pritchard" goes whole before "Pritchard" alone.
        phrases = [p for p in (self.name, self.email, *self.address_lines) if len(p) >= 3]
        found = [
            re.compile(re.escape(p), re.IGNORECASE) for p in sorted(phrases, key=len, reverse=True)
        ]
        # Each part of the name as a capitalised word on its own ("Dear Ms Pritchard").
        found += [
            re.compile(rf"\b{re.escape(part)}\b")
            for part in sorted(set(self.name.split()), key=len, reverse=True)
            if len(part) >= 3 and part[:1].isupper()
        ]
        return found


def redact(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    for pattern in patterns:
        text = pattern.sub(REQUESTER, text)
    return text


# -- anonymising ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Anonymised:
    reference: str
    documents_removed: int
    files_to_delete: tuple[str, ...]  # SHA-256 names no document uses any more
    messages_removed: int
    letters_kept: int
    account: str  # "anonymised" or why it was kept


def _blank(value: str) -> str:
    return REMOVED if value.strip() else ""


def _delete_messages(session: Session, condition: ColumnElement[bool]) -> int:
    ids = list(session.scalars(select(OutboxMessage.id).where(condition)))
    if not ids:
        return 0
    session.execute(delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(ids)))
    session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
    return len(ids)


def _delete_documents(
    session: Session, condition: ColumnElement[bool]
) -> tuple[int, tuple[str, ...]]:
    documents = list(session.scalars(select(Document).where(condition)))
    hashes = {d.sha256 for d in documents}
    for document in documents:
        session.delete(document)
    session.flush()
    still_used = set(
        session.scalars(select(Document.sha256).where(Document.sha256.in_(hashes)).distinct())
    )
    return len(documents), tuple(sorted(hashes - still_used))


def _redact_authority_words(session: Session, case: Case, patterns: list[re.Pattern[str]]) -> None:
    """The authority's own text about the case stays, without the requester's details."""
    case.closure_reason = redact(case.closure_reason, patterns)
    case.extension_reason = redact(case.extension_reason, patterns)
    for decision in session.scalars(
        select(ReviewDecision).where(ReviewDecision.case_id == case.id)
    ):
        decision.released_information = redact(decision.released_information, patterns)
        decision.letter_summary = redact(decision.letter_summary, patterns)
        decision.internal_notes = redact(decision.internal_notes, patterns)
        for ground_finding in decision.ground_findings:
            ground_finding.reasons = redact(ground_finding.reasons, patterns)
        for provision_finding in decision.provision_findings:
            provision_finding.reasons = redact(provision_finding.reasons, patterns)
            provision_finding.public_interest_reasons = redact(
                provision_finding.public_interest_reasons, patterns
            )
    notice = session.scalar(select(DecisionNotice).where(DecisionNotice.case_id == case.id))
    if notice is not None:
        notice.steps_required = redact(notice.steps_required, patterns)


def anonymise_case(session: Session, case: Case, *, today: dt.date) -> Anonymised:
    """Remove the requester's personal data from one closed case (see the module's notes).
    The caller commits, then deletes ``files_to_delete`` (delete_unused_files)."""
    if case.status not in CLOSED_STATUSES:
        raise ValueError(f"{case.reference} is still open.")
    if case.anonymised_at is not None:
        raise ValueError(f"{case.reference} was anonymised already.")
    requester = case.requester
    patterns = Identity.of(requester).patterns() if requester.anonymised_at is None else []

    request = session.get(InformationRequest, case.information_request_id)
    assert request is not None
    request.text = _blank(request.text)
    notice = session.get(RefusalNotice, case.refusal_notice_id)
    assert notice is not None
    notice.text = _blank(notice.text)
    for ground in session.scalars(select(Ground).where(Ground.case_id == case.id)):
        ground.requester_text = _blank(ground.requester_text)
    case.regulator_challenge_text = _blank(case.regulator_challenge_text)
    case.regulator_conduct_text = _blank(case.regulator_conduct_text)
    case.previous_regulator_reference = ""
    if case.status == "withdrawn":
        case.closure_reason = _blank(case.closure_reason)  # often the requester's words
    referral = session.scalar(select(RegulatorReferral).where(RegulatorReferral.case_id == case.id))
    if referral is not None:
        referral.challenge_text = _blank(referral.challenge_text)
        referral.conduct_text = _blank(referral.conduct_text)
    _redact_authority_words(session, case, patterns)

    documents_removed, files = _delete_documents(session, Document.case_id == case.id)
    messages_removed = _delete_messages(session, OutboxMessage.case_id == case.id)
    letters_kept = (
        session.scalar(select(func.count()).select_from(Letter).where(Letter.case_id == case.id))
        or 0
    )
    case.anonymised_at = utcnow()
    record(
        session,
        None,
        "anonymise",
        f"The requester's personal data was removed under the authority's retention policy "
        f"({case.authority.retention_months} months after closure); {letters_kept} letter(s) "
        "kept as the authority's record",
        case=case,
        after={
            "closed_on": case.closed_on,
            "retention_months": case.authority.retention_months,
            "documents_removed": documents_removed,
            "messages_removed": messages_removed,
            "letters_kept": letters_kept,
        },
        visible_to_requester=False,
    )
    session.flush()
    account = account_decision(session, requester, today=today)
    if account is None:
        more_files = anonymise_account(session, requester, why="retention")
        files = tuple(sorted(set(files) | set(more_files)))
        account = "anonymised"
    return Anonymised(case.reference, documents_removed, files, messages_removed, letters_kept,
                      account)  # fmt: skip


def account_decision(session: Session, user: User, *, today: dt.date) -> str | None:
    """None if the requester's account should be anonymised now; otherwise why it stays."""
    if user.anonymised_at is not None:
        return "anonymised already"
    if user.role != Role.REQUESTER:
        return "a staff account"
    left = session.scalar(
        select(func.count())
        .select_from(Case)
        .where(Case.requester_id == user.id, Case.anonymised_at.is_(None))
    )
    if left:
        return f"kept: {left} other case(s) not yet due"
    if user.closed_at is None and user.last_signed_in_at is not None:
        # An account in use is the person's own; its cut-off is the longest retention period
        # of the authorities they complained to.
        longest = session.scalar(
            select(func.max(Authority.retention_months))
            .join(Case, Case.authority_id == Authority.id)
            .where(Case.requester_id == user.id)
        )
        cutoff = months_before(today, longest or 0)
        if user.last_signed_in_at.date() > cutoff:
            return f"kept: in use (signed in on {user.last_signed_in_at:%Y-%m-%d})"
    return None


def anonymise_account(session: Session, user: User, *, why: str) -> tuple[str, ...]:
    """Replace a requester's details, end their sessions and delete what is only theirs (API
    tokens, a draft complaint and its upload, mail to them). Returns the SHA-256 names of files
    no document uses any more, to delete after the commit."""
    old_email = user.email
    messages = _delete_messages(session, func.lower(OutboxMessage.to_address) == old_email.lower())
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    session.execute(delete(ComplaintDraft).where(ComplaintDraft.user_id == user.id))
    # Uploads for a draft never filed belong to nobody else.
    drafts, files = _delete_documents(
        session, (Document.owner_id == user.id) & Document.case_id.is_(None)
    )
    user.name = FORMER_REQUESTER
    user.email = f"former-requester-{user.id}@anonymised.invalid"
    user.postal_address = ""
    user.password_hash = None
    user.is_active_account = False
    user.last_signed_in_at = None
    user.anonymised_at = utcnow()
    user.closed_at = user.closed_at or user.anonymised_at
    end_every_session(user)
    record(
        session,
        None,
        "anonymise_account",
        f"Requester account {user.id} anonymised ({why})",
        after={
            "user_id": user.id,
            "messages_removed": messages,
            "documents_removed": drafts,
        },
        visible_to_requester=False,
    )
    session.flush()
    return files


def delete_unused_files(session: Session, upload_dir: Path, names: Iterable[str]) -> int:
    """After the commit: delete stored files that no document refers to (checked again, in
    case the same content was uploaded meanwhile)."""
    removed = 0
    for sha256 in names:
        used = session.scalar(select(exists().where(Document.sha256 == sha256)))
        if used:
            continue
        path = stored_path(upload_dir, sha256)
        if path.exists():
            path.unlink()
            removed += 1
    return removed


def anonymised_case_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Case).where(Case.anonymised_at.is_not(None))
        )
        or 0
    )


def forget_search_leftovers(session: Session) -> None:
    """SQLite's full-text index keeps replaced text in its segments until they are merged."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(
            "INSERT INTO case_search (case_search) VALUES ('optimize')"
        )


@dataclass
class RetentionRun:
    cases: int = 0
    documents_removed: int = 0
    files_deleted: int = 0
    messages_removed: int = 0
    letters_kept: int = 0
    accounts_anonymised: int = 0


def apply_retention(
    sessions: sessionmaker[Session],
    upload_dir: Path,
    *,
    today: dt.date,
    progress: Callable[[int], None] | None = None,
) -> RetentionRun:
    """Anonymise every case due, one transaction each; then delete the files left unused."""
    run = RetentionRun()
    with sessions() as session:
        due = due_cases(session, today)
    for item in due:
        with sessions() as session:
            if session.get_bind().dialect.name == "sqlite":
                # Freed pages are overwritten, so the old text is not left in the file.
                session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
            case = session.scalar(select(Case).where(Case.id == item.case_id).with_for_update())
            if case is None or case.anonymised_at is not None:
                continue  # another run got there first
            done = anonymise_case(session, case, today=today)
            session.commit()
            run.cases += 1
            run.documents_removed += done.documents_removed
            run.messages_removed += done.messages_removed
            run.letters_kept += done.letters_kept
            run.accounts_anonymised += done.account == "anonymised"
            run.files_deleted += delete_unused_files(session, upload_dir, done.files_to_delete)
        if progress is not None:
            progress(1)
    if run.cases:
        with sessions() as session:
            forget_search_leftovers(session)
            session.commit()
    return run
