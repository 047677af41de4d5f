"""A requester closes their own account.

What happens, as the confirmation page says it:

- every complaint the requester may still withdraw (a request for review without its outcome
  yet) is withdrawn (each withdrawal is the ordinary one, audited and confirmed by e-mail); a
  complaint past its review outcome stays open with the authority and the regulator.
  Withdrawing here does not withdraw a complaint made to the ICO or the Scottish Information
  Commissioner: the requester tells the regulator themselves;
- the account stops working at once: every session ends, API tokens and a draft complaint
  are deleted, and signing in is refused;
- the complaints stay with the authorities as their record; the requester's details are
  removed from them, and from the account, once each has been closed for the authority's
  retention period (privacy/retention.py). An account with no complaints has nothing to keep
  and is anonymised at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import ApiToken, Role, User
from review_service.accounts.services import verify_password
from review_service.accounts.sessions import end_every_session
from review_service.audit.services import record
from review_service.cases import services as cases
from review_service.cases.drafts import discard
from review_service.cases.models import Case, open_case
from review_service.db import utcnow
from review_service.errors import Forbidden, ValidationFailed
from review_service.privacy.retention import anonymise_account

WITHDRAWAL_REASON = "Withdrawn when the requester closed their account"


def open_complaints(session: Session, user: User) -> list[Case]:
    """The requester's complaints that closing the account withdraws: those they may still
    withdraw themselves (cases.why_requester_cannot_withdraw), so closing never asks for a
    withdrawal the ordinary rule would refuse."""
    found = session.scalars(
        select(Case).where(Case.requester_id == user.id, open_case()).order_by(Case.id)
    )
    return [case for case in found if cases.why_requester_cannot_withdraw(case) is None]


@dataclass(frozen=True)
class ClosedAccount:
    withdrawn: tuple[str, ...]  # references
    kept: int  # complaints kept as the authorities' record until their retention period ends
    anonymised: bool
    files_to_delete: tuple[str, ...]


def close_account(
    session: Session,
    actor: User,
    *,
    password: str,
    confirmed: bool,
    today: dt.date | None = None,
) -> ClosedAccount:
    if actor.role != Role.REQUESTER:
        raise Forbidden("Staff accounts are closed by an administrator.")
    errors: dict[str, str] = {}
    if not password:
        errors["password"] = "Enter your password"  # noqa: S105 - a message
    elif not verify_password(actor, password):
        errors["password"] = "The password is not right"  # noqa: S105 - a message
    if not confirmed:
        errors["confirm"] = "Confirm that you want to close your account"
    if errors:
        raise ValidationFailed(errors)
    today = today or clock.today()
    withdrawn = []
    for case in open_complaints(session, actor):
        cases.withdraw(session, actor, case, reason=WITHDRAWAL_REASON, today=today)
        withdrawn.append(case.reference)
    discard(session, actor)
    session.execute(delete(ApiToken).where(ApiToken.user_id == actor.id))
    actor.closed_at = utcnow()
    actor.is_active_account = False
    end_every_session(actor)
    kept = (
        session.scalar(select(func.count()).select_from(Case).where(Case.requester_id == actor.id))
        or 0
    )
    record(
        session,
        actor,
        "close_account",
        "Account closed by its owner",
        after={"user_id": actor.id, "withdrawn": len(withdrawn), "complaints_kept": kept},
    )
    files: tuple[str, ...] = ()
    if not kept:
        files = anonymise_account(session, actor, why="closed by its owner, with no complaints")
    session.flush()
    return ClosedAccount(tuple(withdrawn), kept, not kept, files)
