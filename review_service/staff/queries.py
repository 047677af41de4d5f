"""Reads for the staff pages: people by id, who may review a case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.accounts.models import Role, User
from review_service.cases.models import Case
from review_service.cases.policy import staff_scope_allows
from review_service.cases.services import made_original_decision
from review_service.extensions import db_session


def name_of(user_id: int | None) -> str:
    """A person's name by id ("nobody" for none): after a service set a ``*_id`` column, whose
    relationship is not reloaded until the next request."""
    user = db_session().get(User, user_id) if user_id is not None else None
    return user.name if user else "nobody"


def eligible_reviewers(session: Session, case: Case) -> list[User]:
    """Active reviewers for this authority, leaving out whoever made the original decision
    (s.45 Code of Practice: the review is taken by someone not involved in the original)."""
    query = select(User).where(User.role == Role.REVIEWER.value, User.is_active_account.is_(True))
    return [
        u
        for u in session.scalars(query.order_by(User.name))
        if staff_scope_allows(u, case.authority_id) and not made_original_decision(case, u)
    ]
