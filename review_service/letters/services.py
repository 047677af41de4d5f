"""Store issued letters immutably, with their hash; corrections are new versions."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, User
from review_service.cases.models import Case
from review_service.domain import dates
from review_service.domain.kinds import LetterKind
from review_service.letters.models import Letter
from review_service.letters.render import LetterContent, Letterhead, render_letter


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


def latest_letter(session: Session, case: Case, kind: LetterKind) -> Letter | None:
    return session.scalar(
        select(Letter)
        .where(Letter.case_id == case.id, Letter.kind == kind)
        .order_by(Letter.version.desc())
        .limit(1)
    )


def issue_letter(
    session: Session,
    actor: User | None,
    case: Case,
    *,
    kind: LetterKind,
    title: str,
    content: LetterContent,
) -> Letter:
    """Render and store a letter. An earlier letter of the same kind is superseded, not changed."""
    return store_letter(
        session,
        actor,
        case,
        kind=kind,
        title=title,
        letter_date=content.letter_date,
        pdf=render_letter(content),
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


def letters_for(session: Session, case: Case) -> list[Letter]:
    return list(
        session.scalars(
            select(Letter).where(Letter.case_id == case.id).order_by(Letter.issued_at, Letter.id)
        )
    )


def letter_filename(case: Case, letter: Letter) -> str:
    return f"{case.reference}-{letter.kind}-v{letter.version}.pdf"


def format_date(day: dt.date | None) -> str:
    return dates.long_date_or(day, "not known")
