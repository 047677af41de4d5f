"""Reads for the account pages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.accounts.models import ApiToken, User


def api_tokens_of(session: Session, user: User) -> list[ApiToken]:
    """A person's API tokens, oldest first (revoked ones too: the page says so)."""
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at)
        )
    )
