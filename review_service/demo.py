"""Demo data for `make run`: an authority and one account per role."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, Role, User
from review_service.accounts.services import create_user

DEMO_AUTHORITY = "Demo Borough Council"
DEMO_ACCOUNTS = (
    (Role.ADMIN, "admin@demo.example", "Alex Admin"),
    (Role.CASEWORKER, "caseworker@demo.example", "Casey Caseworker"),
    (Role.REVIEWER, "reviewer@demo.example", "Robin Reviewer"),
    (Role.REQUESTER, "requester@demo.example", "Riley Requester"),
)


def create_demo(session: Session) -> list[tuple[str, str, str]]:
    """Create what is missing; return (role, email, password) for accounts made now."""
    authority = session.scalar(select(Authority).where(Authority.name == DEMO_AUTHORITY))
    if authority is None:
        authority = Authority(
            name=DEMO_AUTHORITY,
            regime="foia",
            email="foi@demo.example",
            address="Town Hall\nHigh Street\nDemoton\nDM1 1AA",
            telephone="01632 960000",
            letter_footer="Demo Borough Council is a fictional authority used to try the service.",
            signatory_title="Head of Legal Services",
        )
        session.add(authority)
        session.flush()
    created = []
    for role, email, name in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            continue
        password = secrets.token_urlsafe(12)
        create_user(
            session,
            None,
            email=email,
            name=name,
            role=role,
            password=password,
            authority=authority if role.is_staff and role is not Role.ADMIN else None,
        )
        created.append((role.value, email, password))
    return created
