"""Internal review statistics, as central government publishes them (DOMAIN.md "Statistics").

Per calendar quarter (Q1 is January to March): reviews received, completed, completed within 20
working days, and the outcome (upheld in full, upheld in part, overturned). The same figures per
reviewer, and per exemption the finding on each provision reviewed.

Figures follow the cohort of reviews *received* in the period, so a quarter's row always adds
up: every review counted as completed or in time was also counted as received in that quarter.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import (
    CTE,
    Date,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    case,
    column,
    func,
    select,
    values,
)
from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.cases.models import Case, CitedProvision
from review_service.cases.policy import holiday_overrides_by_regime
from review_service.domain.calendar import DateOutOfRangeError, Regime, calendar_for
from review_service.domain.regimes import rules_for
from review_service.domain.review import ProvisionFinding, ReviewOutcome
from review_service.reviews.models import ProvisionDecision, ReviewDecision

TARGET_WORKING_DAYS = 20  # s.45 Code of Practice: the target for a FOIA review
QUARTER_NAMES = ("January to March", "April to June", "July to September", "October to December")


@dataclass
class Figures:
    """Counts for one row of a table."""

    received: int = 0
    completed: int = 0
    completed_in_time: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def upheld(self) -> int:
        return self.outcomes[ReviewOutcome.UPHELD.value]

    @property
    def partly_upheld(self) -> int:
        return self.outcomes[ReviewOutcome.PARTLY_UPHELD.value]

    @property
    def overturned(self) -> int:
        return self.outcomes[ReviewOutcome.OVERTURNED.value]

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

    @property
    def maintained(self) -> int:
        return self.findings[ProvisionFinding.MAINTAINED.value]

    @property
    def withdrawn(self) -> int:
        return self.findings[ProvisionFinding.WITHDRAWN.value]

    @property
    def replaced(self) -> int:
        return self.findings[ProvisionFinding.REPLACED.value]

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


def _targets(session: Session, year: int) -> CTE:
    """For each regime and day of the year: its quarter, and the first day a review received
    that day is no longer completed within 20 working days (the 21st working day after it; receipt
    is day 0). A few hundred rows, computed here once per regime, joined in SQL."""
    overrides = holiday_overrides_by_regime(session)
    rows = []
    first = dt.date(year, 1, 1)
    for regime in Regime:
        calendar = calendar_for(regime, overrides[regime])
        day = first
        while day.year == year:
            try:
                late_from = calendar.add_working_days(day, TARGET_WORKING_DAYS + 1)
            except DateOutOfRangeError:  # the last days of the last year the calendar covers
                late_from = dt.date.max
            rows.append((regime.value, day, quarter_of(day), late_from))
            day += dt.timedelta(days=1)
    return (
        values(
            column("regime", String),
            column("received_on", Date),
            column("quarter", Integer),
            column("late_from", Date),
            name="targets",
        )
        .data(rows)
        .cte("targets")
    )


def statistics_for(
    session: Session, actor: User, year: int, *, authority_id: int | None = None
) -> Statistics:
    """Counted by the database: one row per quarter, reviewer and outcome."""
    cohort = _cohort(actor, year, authority_id).subquery()
    targets = _targets(session, year)
    completed_in_time = case(
        (
            and_(
                cohort.c.outcome.is_not(None),
                cohort.c.decided_on.is_not(None),
                cohort.c.decided_on < targets.c.late_from,
            ),
            1,
        ),
        else_=0,
    )
    rows = session.execute(
        select(
            targets.c.quarter,
            cohort.c.reviewer_id,
            User.name,
            cohort.c.outcome,
            func.count(),
            func.sum(completed_in_time),
        )
        .select_from(cohort)
        .join(
            targets,
            and_(
                targets.c.regime == cohort.c.regime,
                targets.c.received_on == cohort.c.received_on,
            ),
        )
        .outerjoin(User, User.id == cohort.c.reviewer_id)
        .group_by(targets.c.quarter, cohort.c.reviewer_id, User.name, cohort.c.outcome)
    ).all()

    quarters = {q: Figures() for q in range(1, 5)}
    year_total = Figures()
    by_reviewer: dict[int, Figures] = {}
    names: dict[int, str] = {}
    for quarter, reviewer_id, name, outcome, count, in_time in rows:
        targets_of_row = [quarters[quarter], year_total]
        if reviewer_id is not None:
            targets_of_row.append(by_reviewer.setdefault(reviewer_id, Figures()))
            names[reviewer_id] = name if name is not None else "Unknown"
        for figures in targets_of_row:
            figures.received += count
            if outcome is not None:
                figures.completed += count
                figures.completed_in_time += int(in_time or 0)
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
            ProvisionDecision.finding,
            func.count(),
        )
        .select_from(ProvisionDecision)
        .join(CitedProvision, CitedProvision.id == ProvisionDecision.cited_provision_id)
        .join(ReviewDecision, ReviewDecision.id == ProvisionDecision.review_decision_id)
        .join(cohort, cohort.c.id == ReviewDecision.case_id)
        .where(cohort.c.outcome.is_not(None))
        .group_by(
            cohort.c.regime, CitedProvision.section, CitedProvision.title, ProvisionDecision.finding
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
