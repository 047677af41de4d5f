"""Issue letters: store them immutably, with their hash (a correction is a new version), and
send them. Every letter kind (``letters/acknowledgement.py``, ``letters/extension.py``,
``letters/outcome.py``) builds its ``LetterContent`` and e-mail wording and calls
``send_letter``."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, User
from review_service.cases.models import Case
from review_service.domain import dates
from review_service.domain.kinds import LetterKind
from review_service.letters.models import Letter
from review_service.letters.render import LetterContent, Letterhead, Paragraphs, render_letter
from review_service.mail.services import queue_email


def letterhead_for(authority: Authority) -> Letterhead:
    return Letterhead(
        authority_name=authority.name,
        address_lines=tuple(
            line.strip() for line in authority.address.splitlines() if line.strip()
        ),
        email=authority.email,
        telephone=authority.telephone,
        footer=authority.letter_footer,
    )


def recipient_lines(user: User) -> tuple[str, ...]:
    return tuple(line.strip() for line in user.postal_address.splitlines() if line.strip())


def letter_to_requester(
    case: Case,
    signatory: User,
    subject: str,
    sections: tuple[Paragraphs, ...],
    *,
    letter_date: dt.date,
    signatory_title: str,
    table: tuple[tuple[str, ...], ...] = (),
    table_after_section: int | None = None,
    draft: bool = False,
    version_note: str | None = None,
) -> LetterContent:
    """A letter from the case's authority to its requester, on the authority's letterhead."""
    requester = case.requester
    return LetterContent(
        letterhead=letterhead_for(case.authority),
        recipient_name=requester.name,
        recipient_address_lines=recipient_lines(requester),
        recipient_email=requester.email,
        letter_date=letter_date,
        our_reference=case.reference,
        request_reference=case.information_request.authority_reference or None,
        subject=subject,
        salutation=f"Dear {requester.name}",
        sections=sections,
        closing="Yours sincerely",
        signatory_name=signatory.name,
        signatory_title=signatory_title,
        table=table,
        table_after_section=table_after_section,
        draft=draft,
        version_note=version_note,
    )


def latest_letter(session: Session, case: Case, kind: LetterKind) -> Letter | None:
    return session.scalar(
        select(Letter)
        .where(Letter.case_id == case.id, Letter.kind == kind)
        .order_by(Letter.version.desc())
        .limit(1)
    )


def store_letter(
    session: Session,
    actor: User | None,
    case: Case,
    *,
    kind: LetterKind,
    title: str,
    letter_date: dt.date,
    pdf: bytes,
) -> Letter:
    """Store a letter already rendered, as the next version of its kind for the case."""
    previous = latest_letter(session, case, kind)
    letter = Letter(
        case_id=case.id,
        kind=kind,
        version=(previous.version + 1) if previous else 1,
        supersedes_id=previous.id if previous else None,
        title=title,
        letter_date=letter_date,
        issued_by_id=actor.id if actor else None,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
    )
    session.add(letter)
    session.flush()
    return letter


def letter_filename(case: Case, letter: Letter) -> str:
    """The one file name of an issued letter: downloads, e-mail attachments and the pack."""
    return f"{case.reference}-{letter.kind}-v{letter.version}.pdf"


@dataclass(frozen=True)
class LetterEmail:
    """The e-mail that carries a letter to the requester."""

    subject: str
    body: str


def send_letter(
    session: Session,
    actor: User | None,
    case: Case,
    *,
    kind: LetterKind,
    title: str,
    content: LetterContent,
    email: LetterEmail,
    pdf: bytes | None = None,
) -> Letter:
    """Issue a letter and e-mail it to the requester, attached, in the caller's transaction.

    ``pdf`` is the letter already rendered from ``content`` (when the caller needed its hash
    first, as a correction does); otherwise it is rendered here.
    """
    letter = store_letter(
        session,
        actor,
        case,
        kind=kind,
        title=title,
        letter_date=content.letter_date,
        pdf=render_letter(content) if pdf is None else pdf,
    )
    queue_email(
        session,
        to=case.requester.email,
        subject=email.subject,
        body=email.body,
        case=case,
        attachments=((letter_filename(case, letter), "application/pdf", letter),),
    )
    return letter


def format_date(day: dt.date | None) -> str:
    return dates.long_date_or(day, "not known")
