"""Reads for the requester's pages and the API: the listed authorities, a requester's cases."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, User
from review_service.cases.models import Case


def listed_authorities(session: Session) -> list[Authority]:
    """The authorities that work their complaints here, by name (a requester chooses one)."""
    return list(
        session.scalars(
            select(Authority).where(Authority.is_listed.is_(True)).order_by(Authority.name)
        )
    )


def requester_cases(session: Session, requester: User) -> list[Case]:
    """A requester's own cases, newest first."""
    return list(
        session.scalars(
            select(Case).where(Case.requester_id == requester.id).order_by(Case.created_at.desc())
        )
    )
