"""Reads of a case's letters for pages and the API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, Select, bindparam, inspect, select
from sqlalchemy.orm import Session, joinedload

from review_service.cases.models import Case, RefusalNotice
from review_service.db import plain_rows
from review_service.letters.models import Letter


def case_letters(case_id: int) -> Select[Letter]:
    """A case's letters, as a statement (for the API's pages of them)."""
    return select(Letter).where(Letter.case_id == case_id)


# Built once: a case page lists its letters on every request, as plain rows of the columns it
# shows (no ORM objects, never the PDF), oldest first.
_LETTER_ROWS = (
    select(
        Letter.id,
        Letter.title,
        Letter.version,
        Letter.supersedes_id,
        Letter.letter_date,
        Letter.issued_at,
        Letter.sha256,
    )
    .where(Letter.case_id == bindparam("case_id"))
    .order_by(Letter.issued_at, Letter.id)
)


def letter_rows(session: Session, case: Case) -> list[Row[Any]]:
    """The case's letters for listing, oldest first: rows of ``id``, ``title``, ``version``,
    ``supersedes_id``, ``letter_date``, ``issued_at`` and ``sha256``."""
    return plain_rows(session, _LETTER_ROWS, {"case_id": case.id})


def letter_of(session: Session, case: Case, letter_id: int) -> Letter | None:
    """One of the case's letters by id; None for no such letter or another case's."""
    letter = session.get(Letter, letter_id)
    return letter if letter is not None and letter.case_id == case.id else None


def letter_and_case(session: Session, letter_id: int) -> tuple[Letter, Case] | None:
    """A letter by id with its case (the API's download, which has no case reference)."""
    letter = session.get(Letter, letter_id)
    case = session.get(Case, letter.case_id) if letter is not None else None
    return (letter, case) if letter is not None and case is not None else None


def load_letter_parts(session: Session, case: Case, *, findings: bool = False) -> None:
    """Load in one statement the rows a letter to the case's requester reads besides the case:
    its authority (the letterhead), requester (the addressee), request, refusal notice and
    reviewer (the signatory), instead of one statement each when first read. ``findings``
    adds what the outcome letter reads: the case's grounds and the notice's provisions (a
    handful of each: the joined rows are their product)."""
    options = [
        joinedload(Case.authority),
        joinedload(Case.requester),
        joinedload(Case.information_request),
        joinedload(Case.refusal_notice),
        joinedload(Case.reviewer),
    ]
    if findings:
        options += [
            joinedload(Case.grounds),
            joinedload(Case.refusal_notice).joinedload(RefusalNotice.provisions),
        ]
    # The id from the identity map: reading ``case.id`` of an expired case would refresh it in
    # a statement of its own, which this one does anyway.
    (case_id,) = inspect(case).identity or (case.id,)
    session.execute(select(Case).where(Case.id == case_id).options(*options)).unique().all()
