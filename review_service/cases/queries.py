"""Reads for the requester's pages and the API: the listed authorities, a requester's cases;
and the open cases with the people named on them, which the staff queue and the reminders
both list (``open_cases``, ``with_people``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased, joinedload

from review_service.accounts.models import Authority, User
from review_service.cases.models import Case, RefusalNotice, open_case

REQUESTER = aliased(User, name="requester")
REVIEWER = aliased(User, name="reviewer")


def listed_authorities(session: Session) -> list[Authority]:
    """The authorities that work their complaints here, by name (a requester chooses one)."""
    return list(
        session.scalars(
            select(Authority).where(Authority.is_listed.is_(True)).order_by(Authority.name)
        )
    )


# A case's grounds and the provisions its response cited, both lists filled in the statement that
# reads the case (a handful of each: the joined rows are their product) rather than a lazy load
# each. The case pages and the API's case load them so (``policy.case_for(with_parts=True)``).
CASE_PARTS = (
    joinedload(Case.grounds),
    joinedload(Case.refusal_notice, innerjoin=True).joinedload(RefusalNotice.provisions),
)


def requester_cases(session: Session, requester: User) -> list[Case]:
    """A requester's own cases, newest first."""
    return list(
        session.scalars(
            select(Case).where(Case.requester_id == requester.id).order_by(Case.created_at.desc())
        )
    )


def open_cases(statuses: Iterable[str] = ()) -> Select[Case]:
    """Cases not closed or withdrawn (only these stages, if given), in the form the partial
    indexes of open cases match (migration 0004)."""
    query = select(Case).where(open_case())
    wanted = list(statuses)
    return query.where(Case.status.in_(wanted)) if wanted else query


def with_people(query: Select[Case], *columns: Any) -> Select[*tuple[Any, ...]]:
    """``query``'s cases as rows of the case's own columns a list shows, its authority's name,
    its requester's and reviewer's names (``REQUESTER``, ``REVIEWER``: more of their columns
    can be asked for) and any other ``columns``."""
    return (
        query.with_only_columns(
            Case.id,
            Case.reference,
            Case.status,
            Case.regime,
            Case.review_due_on,
            Authority.name.label("authority_name"),
            REQUESTER.name.label("requester_name"),
            REVIEWER.name.label("reviewer_name"),
            *columns,
        )
        .join(Authority, Authority.id == Case.authority_id)
        .join(REQUESTER, REQUESTER.id == Case.requester_id)
        .outerjoin(REVIEWER, REVIEWER.id == Case.reviewer_id)
    )
