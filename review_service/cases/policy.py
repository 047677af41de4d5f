"""Who may see and do what with a case, and the per-authority clock settings."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, HolidayOverride, Role, User
from review_service.cases.models import Case
from review_service.domain.calendar import HolidayOverride as DomainOverride
from review_service.domain.calendar import Regime, WorkingDayCalendar, calendar_for
from review_service.domain.deadlines import AuthorityPolicy
from review_service.errors import Forbidden, NotFound


def authority_policy(authority: Authority) -> AuthorityPolicy:
    return AuthorityPolicy(
        receipt_on_non_working_day_starts_next_working_day=(
            authority.receipt_on_non_working_day_starts_next_working_day
        ),
        refuse_late_review_requests=authority.refuse_late_review_requests,
        review_request_window_working_days=authority.review_request_window_working_days,
    )


def _as_domain(row: HolidayOverride) -> DomainOverride:
    return DomainOverride(day=row.day, action=row.action, note=row.note)  # type: ignore[arg-type]


def holiday_overrides(session: Session, regime: Regime | str) -> tuple[DomainOverride, ...]:
    """The one loader of the administrators' bank-holiday changes for a regime (those made for
    every regime included), in date order."""
    rows = session.scalars(
        select(HolidayOverride)
        .where(or_(HolidayOverride.regime.is_(None), HolidayOverride.regime == str(regime)))
        .order_by(HolidayOverride.day)
    )
    return tuple(_as_domain(r) for r in rows)


def holiday_overrides_by_regime(session: Session) -> dict[Regime, tuple[DomainOverride, ...]]:
    """Every regime's overrides (as holiday_overrides gives them) in one statement."""
    rows = list(session.scalars(select(HolidayOverride).order_by(HolidayOverride.day)))
    return {
        regime: tuple(_as_domain(r) for r in rows if r.regime in (None, regime.value))
        for regime in Regime
    }


def working_day_calendar(session: Session, regime: Regime | str) -> WorkingDayCalendar:
    """The one calendar every entry point counts on: the regime's bank holidays (FOIA s.10(6),
    EIR reg 2(1), FOISA s.73) with the administrators' overrides. The pages, the API, the
    e-mails and the command line all take it from here, so they cannot disagree."""
    return calendar_for(regime, holiday_overrides(session, regime))


def working_day_calendars(session: Session) -> dict[Regime, WorkingDayCalendar]:
    """Every regime's calendar as ``working_day_calendar`` gives it, the overrides read in one
    statement (for pages that count many cases: the staff queue)."""
    return {
        regime: calendar_for(regime, overrides)
        for regime, overrides in holiday_overrides_by_regime(session).items()
    }


def staff_scope_allows(actor: User, authority_id: int) -> bool:
    """Staff tied to one authority see only its cases; staff with none see every case."""
    return actor.is_staff and (actor.authority_id is None or actor.authority_id == authority_id)


def can_view(actor: User, case: Case) -> bool:
    if actor.role == Role.REQUESTER:
        return case.requester_id == actor.id
    return staff_scope_allows(actor, case.authority_id)


def require_role(actor: User, *roles: Role) -> None:
    if not actor.has_role(*roles):
        raise Forbidden("You do not have permission to do that.")


def require_staff_for(actor: User, case: Case, *roles: Role) -> None:
    require_role(actor, *roles)
    if not staff_scope_allows(actor, case.authority_id):
        raise Forbidden("This case belongs to another authority.")


def case_for(session: Session, actor: User, reference: str, *, for_update: bool = False) -> Case:
    """Load a case the actor may see; anyone else is told it does not exist (404)."""
    query = select(Case).where(Case.reference == reference)
    case = session.scalar(query)
    if case is None or not can_view(actor, case):
        raise NotFound("No case with that reference.")
    return case
