"""Internal review statistics, as central government publishes them (DOMAIN.md "Statistics").

Per calendar quarter (Q1 is January to March): reviews received, completed, completed within 20
working days, and the outcome (upheld in full, upheld in part, overturned). The same figures per
reviewer, and per exemption the finding on each provision reviewed.

Figures follow the cohort of reviews *received* in the period, so a quarter's row always adds
up: every review counted as completed or in time was also counted as received in that quarter.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Select, Subquery, func, select
from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.cases.models import Case, CitedProvision
from review_service.cases.policy import holiday_overrides_by_regime
from review_service.domain.calendar import (
    DateOutOfRangeError,
    Regime,
    WorkingDayCalendar,
    calendar_for,
)
from review_service.domain.regimes import rules_for
from review_service.domain.review import ProvisionOutcome, ReviewOutcome
from review_service.reviews.models import ProvisionFinding, ReviewDecision

TARGET_WORKING_DAYS = 20  # s.45 Code of Practice: the target for a FOIA review
QUARTER_NAMES = ("January to March", "April to June", "July to September", "October to December")


class _Tally:
    """A read-only attribute of a row: how many of one value the row's counter holds."""

    def __init__(self, counter: str, value: enum.StrEnum) -> None:
        self.counter = counter
        self.value = value.value

    def __get__(self, row: object, owner: type | None = None) -> int:
        counts: Counter[str] = getattr(row, self.counter)
        return counts[self.value]


@dataclass
class Figures:
    """Counts for one row of a table."""

    received: int = 0
    completed: int = 0
    completed_in_time: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    upheld = _Tally("outcomes", ReviewOutcome.UPHELD)
    partly_upheld = _Tally("outcomes", ReviewOutcome.PARTLY_UPHELD)
    overturned = _Tally("outcomes", ReviewOutcome.OVERTURNED)

    @property
    def in_time_percentage(self) -> int | None:
        """Completed within 20 working days, as a whole percentage of those completed."""
        if not self.completed:
            return None
        return round(100 * self.completed_in_time / self.completed)


@dataclass(frozen=True)
class QuarterFigures:
    year: int
    quarter: int  # 1-4
    figures: Figures

    @property
    def label(self) -> str:
        return f"{QUARTER_NAMES[self.quarter - 1]} {self.year}"


@dataclass(frozen=True)
class ReviewerFigures:
    name: str
    figures: Figures


@dataclass
class ProvisionFigures:
    """How often a provision was maintained, withdrawn or replaced at review."""

    label: str
    findings: Counter[str] = field(default_factory=Counter)

    maintained = _Tally("findings", ProvisionOutcome.MAINTAINED)
    withdrawn = _Tally("findings", ProvisionOutcome.WITHDRAWN)
    replaced = _Tally("findings", ProvisionOutcome.REPLACED)

    @property
    def total(self) -> int:
        return sum(self.findings.values())


@dataclass(frozen=True)
class Statistics:
    year: int
    quarters: list[QuarterFigures]
    year_total: Figures
    reviewers: list[ReviewerFigures]
    provisions: list[ProvisionFigures]


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _cohort(actor: User, year: int, authority_id: int | None) -> Select[Case]:
    query = select(Case).where(
        Case.received_on >= dt.date(year, 1, 1), Case.received_on <= dt.date(year, 12, 31)
    )
    # Staff tied to an authority see only its figures; others may pick one or see all.
    scope = actor.authority_id if actor.authority_id is not None else authority_id
    if scope is not None:
        query = query.where(Case.authority_id == scope)
    return query


@lru_cache(maxsize=8192)
def _late_from(calendar: WorkingDayCalendar, received_on: dt.date) -> dt.date:
    """The first day a review received on ``received_on`` is no longer completed within 20
    working days: the 21st working day after it (receipt is day 0). Remembered per calendar
    (calendar_for shares one per regime and overrides; new overrides make a new one)."""
    try:
        return calendar.add_working_days(received_on, TARGET_WORKING_DAYS + 1)
    except DateOutOfRangeError:  # the last days of the last year the calendar covers
        return dt.date.max


def statistics_for(
    session: Session, actor: User, year: int, *, authority_id: int | None = None
) -> Statistics:
    """The database counts the cohort by regime, day received, day decided, outcome and
    reviewer; each group is then placed against its regime's working-day target."""
    cohort = _cohort(actor, year, authority_id).subquery()
    c = cohort.c
    group = (c.regime, c.received_on, c.decided_on, c.outcome, c.reviewer_id, User.name)
    rows = session.execute(
        select(*group, func.count())
        .select_from(cohort)
        .outerjoin(User, User.id == c.reviewer_id)
        .group_by(*group)
    ).all()
    overrides = holiday_overrides_by_regime(session)
    calendars = {regime.value: calendar_for(regime, overrides[regime]) for regime in Regime}

    quarters = {q: Figures() for q in range(1, 5)}
    year_total = Figures()
    by_reviewer: dict[int, Figures] = {}
    names: dict[int, str] = {}
    for regime, received_on, decided_on, outcome, reviewer_id, name, count in rows:
        targets = [quarters[quarter_of(received_on)], year_total]
        if reviewer_id is not None:
            targets.append(by_reviewer.setdefault(reviewer_id, Figures()))
            names[reviewer_id] = name if name is not None else "Unknown"
        in_time = (
            outcome is not None
            and decided_on is not None
            and decided_on < _late_from(calendars[regime], received_on)
        )
        for figures in targets:
            figures.received += count
            if outcome is not None:
                figures.completed += count
                figures.completed_in_time += count if in_time else 0
                figures.outcomes[outcome] += count

    reviewers = sorted(
        (ReviewerFigures(names[rid], figures) for rid, figures in by_reviewer.items()),
        key=lambda r: r.name.lower(),
    )
    return Statistics(
        year=year,
        quarters=[QuarterFigures(year, q, quarters[q]) for q in range(1, 5)],
        year_total=year_total,
        reviewers=reviewers,
        provisions=_provision_figures(session, cohort),
    )


def _provision_figures(session: Session, cohort: Subquery) -> list[ProvisionFigures]:
    """Findings per provision (grouped by catalogue section) in the cohort's issued reviews."""
    rows = session.execute(
        select(
            cohort.c.regime,
            CitedProvision.section,
            CitedProvision.title,
            ProvisionFinding.finding,
            func.count(),
        )
        .select_from(ProvisionFinding)
        .join(CitedProvision, CitedProvision.id == ProvisionFinding.cited_provision_id)
        .join(ReviewDecision, ReviewDecision.id == ProvisionFinding.review_decision_id)
        .join(cohort, cohort.c.id == ReviewDecision.case_id)
        .where(cohort.c.outcome.is_not(None))
        .group_by(
            cohort.c.regime, CitedProvision.section, CitedProvision.title, ProvisionFinding.finding
        )
    ).all()
    table: dict[tuple[str, str], ProvisionFigures] = {}
    for regime, section, title, finding, count in rows:
        prefix = rules_for(regime).citation_prefix
        key = (regime, section)
        entry = table.setdefault(
            key, ProvisionFigures(f"{Regime(regime).name} {prefix}{section} {title}")
        )
        entry.findings[finding] += count
    return sorted(table.values(), key=lambda p: (-p.total, p.label))


def years_available(session: Session, actor: User, today: dt.date) -> list[int]:
    """Years with any review received, newest first, always including this year."""
    query = select(func.min(Case.received_on))
    if actor.authority_id is not None:
        query = query.where(Case.authority_id == actor.authority_id)
    first = session.scalar(query)
    start = first.year if first else today.year
    return list(range(today.year, min(start, today.year) - 1, -1))
