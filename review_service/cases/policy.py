"""Who may see and do what with a case, and the per-authority clock settings."""

from __future__ import annotations

import datetime as dt
import json
import time
import weakref
from typing import Any

from sqlalchemy import Connection, Engine, Text, bindparam, event, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.expression import ColumnElement

from review_service.accounts.models import Authority, HolidayOverride, Role, User
from review_service.cases.models import Case
from review_service.cases.queries import CASE_PARTS
from review_service.db import autoflush, memo, remember
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


def _as_domain(row: Any) -> DomainOverride:
    return DomainOverride(day=row.day, action=row.action, note=row.note)


# Built once, on the table (plain rows, no ORM objects): every page and API answer that shows
# a deadline reads these, and the public deadline calculator reads nothing else.
_OVERRIDES = HolidayOverride.__table__.c
_REGIME_OVERRIDES = (
    select(_OVERRIDES.day, _OVERRIDES.action, _OVERRIDES.note)
    .where(or_(_OVERRIDES.regime.is_(None), _OVERRIDES.regime == bindparam("regime")))
    .order_by(_OVERRIDES.day, _OVERRIDES.id)
)
_ALL_OVERRIDES = select(
    _OVERRIDES.day, _OVERRIDES.action, _OVERRIDES.note, _OVERRIDES.regime
).order_by(_OVERRIDES.day, _OVERRIDES.id)


def holiday_overrides(session: Session, regime: Regime | str) -> tuple[DomainOverride, ...]:
    """The one loader of the administrators' bank-holiday changes for a regime (those made for
    every regime included), in date order. Read once per request (db.memo): a case page asks
    for them for each of its clocks; a request whose account was read with ALL_OVERRIDES_JSON
    (remember_overrides) reads nothing more while nothing has changed since."""
    regime = str(regime)

    def load() -> tuple[DomainOverride, ...]:
        autoflush(session)
        return _regime_overrides(session.connection(), regime)

    return memo(session, ("holiday_overrides", regime), load)


class _AllOverridesJson(ColumnElement[str]):
    """Every bank-holiday change as one JSON text (an array of [day, action, regime, note,
    id]), a column the statement that reads the request's account carries: the changes come
    with the account rather than in a statement of their own on every page with a deadline.
    A handful of rows; read fresh on every request, so every instance sees a change at once."""

    type = Text()
    inherit_cache = True
    _traverse_internals: list[Any] = []  # nothing varies: without this no statement holding
    # it would be cached, and each would be compiled again on every request


@compiles(_AllOverridesJson, "postgresql")
def _all_overrides_postgresql(_element: Any, _compiler: Any, **_kw: Any) -> str:
    return (
        "(SELECT coalesce(json_agg(json_build_array(o.day, o.action, o.regime, o.note, o.id))"
        "::text, '[]') FROM holiday_overrides AS o)"
    )


@compiles(_AllOverridesJson, "sqlite")
def _all_overrides_sqlite(_element: Any, _compiler: Any, **_kw: Any) -> str:
    return (
        "(SELECT json_group_array(json_array(o.day, o.action, o.regime, o.note, o.id))"
        " FROM holiday_overrides AS o)"
    )


def all_overrides_json() -> ColumnElement[str]:
    """The column to add to a request's first statement (see remember_overrides)."""
    return _AllOverridesJson()


def remember_overrides(session: Session, text: str | None) -> None:
    """Keep the changes read with all_overrides_json as this request's (db.memo), for each
    regime as holiday_overrides and holiday_overrides_by_regime give them."""
    if text is None:
        return
    rows = sorted(json.loads(text), key=lambda row: (row[0], row[4]))
    parsed = [
        (DomainOverride(day=dt.date.fromisoformat(day), action=action, note=note), regime)
        for day, action, regime, note, _id in rows
    ]
    by_regime = _by_regime(parsed)
    remember(session, "holiday_overrides_by_regime", by_regime)
    for each, overrides in by_regime.items():
        remember(session, ("holiday_overrides", each.value), overrides)


def _by_regime(
    overrides: list[tuple[DomainOverride, str | None]],
) -> dict[Regime, tuple[DomainOverride, ...]]:
    """Each regime's overrides, in the order given: its own and those for every regime (None)."""
    return {
        each: tuple(o for o, regime in overrides if regime in (None, each.value)) for each in Regime
    }


def _regime_overrides(connection: Connection, regime: str) -> tuple[DomainOverride, ...]:
    return tuple(_as_domain(r) for r in connection.execute(_REGIME_OVERRIDES, {"regime": regime}))


def holiday_overrides_by_regime(session: Session) -> dict[Regime, tuple[DomainOverride, ...]]:
    """Every regime's overrides (as holiday_overrides gives them) in one statement."""

    def load() -> dict[Regime, tuple[DomainOverride, ...]]:
        autoflush(session)
        rows = session.connection().execute(_ALL_OVERRIDES).all()
        return _by_regime([(_as_domain(r), r.regime) for r in rows])

    return memo(session, "holiday_overrides_by_regime", load)


def working_day_calendar(session: Session, regime: Regime | str) -> WorkingDayCalendar:
    """The one calendar every entry point counts on: the regime's bank holidays (FOIA s.10(6),
    EIR reg 2(1), FOISA s.73) with the administrators' overrides. The pages, the API, the
    e-mails and the command line all take it from here, so they cannot disagree."""
    return calendar_for(regime, holiday_overrides(session, regime))


# The public calculator's overrides, kept for a moment per database and regime (see
# calendar_alone): engine -> regime -> (when read, on time.monotonic(), calendar).
_PUBLIC_CALENDARS: weakref.WeakKeyDictionary[Engine, dict[str, tuple[float, WorkingDayCalendar]]]
_PUBLIC_CALENDARS = weakref.WeakKeyDictionary()


def calendar_alone(
    engine: Engine, regime: Regime | str, *, reuse_for: float = 0.0
) -> WorkingDayCalendar:
    """``working_day_calendar`` for a request that reads nothing else (the public deadline
    calculator): the same statement, on a connection in autocommit rather than in a session's
    transaction, so PostgreSQL is not also sent a BEGIN and a ROLLBACK (a round trip each).
    SQLite's driver begins no transaction for a SELECT, so there the connection is a plain one:
    switching it to autocommit and back would cost a PRAGMA on every return to the pool.

    With ``reuse_for`` (seconds, PUBLIC_CALENDAR_SECONDS) the overrides read are used again for
    that long by this process: the anonymous calculator is the service's cheapest and most
    called answer, and reading the table was a third of its cost. An administrator's change
    clears them in the process that made it once it is committed
    (``forget_public_calendars``); other processes see it within ``reuse_for`` seconds. Case
    deadlines never come from here."""
    regime = str(regime)
    if reuse_for > 0:
        kept = _PUBLIC_CALENDARS.get(engine, {}).get(regime)
        if kept is not None and time.monotonic() - kept[0] < reuse_for:
            return kept[1]
    read_at = time.monotonic()
    connection = engine.connect()
    if engine.dialect.name != "sqlite":
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
    with connection:
        calendar = calendar_for(regime, _regime_overrides(connection, regime))
    if reuse_for > 0:
        _PUBLIC_CALENDARS.setdefault(engine, {})[regime] = (read_at, calendar)
    return calendar


def forget_public_calendars(session: Session) -> None:
    """After ``session`` commits, read the overrides afresh for the public calculator (an
    administrator has changed them). A rollback keeps what was kept: nothing changed."""

    def forget(_session: Session) -> None:
        _PUBLIC_CALENDARS.clear()

    event.listen(session, "after_commit", forget, once=True)


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


# A case with what every case page, form and API read of it uses (its authority's policy, the
# request and response its clocks count from, the people it names), in one statement.
_CASE_BY_REFERENCE = (
    select(Case)
    .where(Case.reference == bindparam("reference"))
    .options(
        joinedload(Case.authority, innerjoin=True),
        joinedload(Case.information_request, innerjoin=True),
        joinedload(Case.refusal_notice, innerjoin=True),
        joinedload(Case.requester, innerjoin=True),
        joinedload(Case.reviewer),
    )
)


# The same with the response's cited provisions and the requester's grounds, for an answer
# that lists them all (the API's case): a case has a few of each, so the rows they multiply into
# cost less than two more statements.
_CASE_WITH_PARTS = _CASE_BY_REFERENCE.options(*CASE_PARTS)


def case_for(
    session: Session,
    actor: User,
    reference: str,
    *,
    for_update: bool = False,
    with_parts: bool = False,
) -> Case:
    """Load a case the actor may see; anyone else is told it does not exist (404).
    ``with_parts``: its cited provisions and grounds loaded with it."""
    if "\x00" in reference:  # never a reference, and PostgreSQL cannot compare it
        raise NotFound("No case with that reference.")
    params = {"reference": reference}
    if with_parts:
        case = session.scalars(_CASE_WITH_PARTS, params).unique().one_or_none()
    else:
        case = session.scalar(_CASE_BY_REFERENCE, params)
    if case is None or not can_view(actor, case):
        raise NotFound("No case with that reference.")
    return case
