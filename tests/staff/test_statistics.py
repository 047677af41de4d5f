"""Internal review statistics on a small known dataset: per quarter, per reviewer, per exemption."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from review_service import clock
from review_service.accounts.models import Authority, HolidayOverride, Role, User
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.cases.policy import working_day_calendar
from review_service.domain.calendar import Regime
from review_service.extensions import commit
from review_service.reviews import services as reviews
from review_service.staff.statistics import quarter_of, statistics_for
from tests.factories import create_authority, create_case, create_staff, create_user
from tests.pages import assert_all_in
from tests.staff import sign_in
from tests.staff.test_queue import bulk_cases


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 2))
    return dt.date(2026, 11, 2)


pytestmark = pytest.mark.usefixtures("fresh_sessions")


def received(session, authority: Authority, on: dt.date) -> Case:  # type: ignore[no-untyped-def]
    return create_case(
        session,
        authority=authority,
        today=on,
        request_sent_on=on - dt.timedelta(days=40),
        response_date=on - dt.timedelta(days=10),
    )


def decide(
    session,  # type: ignore[no-untyped-def]
    case: Case,
    caseworker: User,
    reviewer: User,
    on: dt.date,
    grounds_upheld: tuple[bool, bool],
    findings: tuple[str, str],
) -> None:
    cases.assign(session, caseworker, case, reviewer_id=reviewer.id)
    command = reviews.DecisionInput(
        ground_findings=tuple(
            reviews.GroundFindingInput(g.id, upheld, "Reasons.")
            for g, upheld in zip(case.grounds, grounds_upheld, strict=True)
        ),
        provision_findings=tuple(
            reviews.ProvisionFindingInput(p.id, finding, "", "Reasons.", "The balance.")
            for p, finding in zip(case.refusal_notice.provisions, findings, strict=True)
        ),
        # What a withdrawn provision withheld is now released (issue 11 item 5).
        released_information="The figures." if "withdrawn" in findings else "",
    )
    reviews.save_decision(session, reviewer, case, command)
    reviews.issue_decision(session, reviewer, case, today=on)


@pytest.fixture
def dataset(session):  # type: ignore[no-untyped-def]
    """Five reviews received in 2026 and one in 2025, each notice citing s.24(2) and s.31(3).

    Receipt is day 0, so a review received Monday 5 January 2026 is in time up to the end of
    Monday 2 February (its 20th working day); one received Monday 2 February is in time up to
    Monday 2 March. Good Friday and Easter Monday 2026 fall in the April case's count.
    """
    authority = create_authority(session, name="Statshire Council")
    staff = create_staff(session, authority)
    ann = create_user(session, Role.REVIEWER, name="Ann Reviewer", authority=authority)
    ben = create_user(session, Role.REVIEWER, name="Ben Reviewer", authority=authority)
    worker = staff["caseworker"]

    on_the_day = received(session, authority, dt.date(2026, 1, 5))
    decide(
        session, on_the_day, worker, ann, dt.date(2026, 2, 2), (False, False), ("maintained",) * 2
    )
    a_day_late = received(session, authority, dt.date(2026, 2, 2))
    decide(
        session,
        a_day_late,
        worker,
        ann,
        dt.date(2026, 3, 3),
        # s.24(2) maintained, so its ground is not upheld (contradictions are refused).
        (False, True),
        ("maintained", "withdrawn"),
    )
    easter = received(session, authority, dt.date(2026, 4, 1))
    decide(session, easter, worker, ben, dt.date(2026, 4, 29), (True, True), ("withdrawn",) * 2)
    still_open = received(session, authority, dt.date(2026, 5, 1))
    cases.assign(session, worker, still_open, reviewer_id=ben.id)
    withdrawn = received(session, authority, dt.date(2026, 8, 3))
    cases.withdraw(session, worker, withdrawn, reason="Phoned to withdraw")
    last_year = received(session, authority, dt.date(2025, 12, 22))
    decide(
        session, last_year, worker, ann, dt.date(2026, 1, 9), (False, False), ("maintained",) * 2
    )
    commit()
    return authority, staff


def counts(figures) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return (
        figures.received,
        figures.completed,
        figures.completed_in_time,
        figures.upheld,
        figures.partly_upheld,
        figures.overturned,
    )


def test_quarters_reviewers_and_exemptions(session, dataset) -> None:  # type: ignore[no-untyped-def]
    _, staff = dataset
    stats = statistics_for(session, staff["caseworker"], 2026)

    assert [counts(q.figures) for q in stats.quarters] == [
        (2, 2, 1, 1, 1, 0),  # January to March: one in time (day 20), one a day late
        (2, 1, 1, 0, 0, 1),  # April to June: one overturned in time, one still open
        (1, 0, 0, 0, 0, 0),  # July to September: withdrawn, never completed
        (0, 0, 0, 0, 0, 0),
    ]
    assert counts(stats.year_total) == (5, 3, 2, 1, 1, 1)
    assert stats.year_total.in_time_percentage == 67
    assert stats.quarters[0].label == "January to March 2026"

    by_reviewer = {r.name: counts(r.figures) for r in stats.reviewers}
    assert by_reviewer == {"Ann Reviewer": (2, 2, 1, 1, 1, 0), "Ben Reviewer": (2, 1, 1, 0, 0, 1)}

    by_provision = {
        p.label: (p.total, p.maintained, p.withdrawn, p.replaced) for p in stats.provisions
    }
    assert by_provision == {
        "FOIA s.24 National security": (3, 2, 1, 0),
        "FOIA s.31 Law enforcement": (3, 1, 2, 0),
    }

    previous = statistics_for(session, staff["caseworker"], 2025)
    assert counts(previous.year_total) == (1, 1, 1, 1, 0, 0)


def test_the_statistics_page(client, session, dataset) -> None:  # type: ignore[no-untyped-def]
    authority, staff = dataset
    sign_in(client, staff["caseworker"])
    response = client.get("/staff/statistics?year=2026")
    assert response.status_code == 200
    text = client.last_page.text
    assert_all_in(
        text,
        "January to March 2026 2 2 1 50% 1 1 0",
        "April to June 2026 2 1 1 100% 0 0 1",
        "October to December 2026 0 0 0 – 0 0 0",
        "All of 2026 5 3 2 67% 1 1 1",
        "Ann Reviewer 2 2 1 50% 1 1 0",
        "FOIA s.31 Law enforcement 3 1 2 0",
    )
    client.get("/staff/statistics?year=2025")
    assert "All of 2025 1 1 1 100% 1 0 0" in client.last_page.text
    client.get("/staff/statistics?year=1999")  # not offered: this year instead
    assert "All of 2026" in client.last_page.text


def test_statistics_stay_within_the_authority(client, session, dataset) -> None:  # type: ignore[no-untyped-def]
    other = create_authority(session)
    outsider = create_user(session, Role.CASEWORKER, authority=other)
    commit()
    stats = statistics_for(session, outsider, 2026)
    assert counts(stats.year_total) == (0, 0, 0, 0, 0, 0)
    # Staff tied to an authority cannot ask for another's figures either.
    authority, _ = dataset
    assert (
        counts(statistics_for(session, outsider, 2026, authority_id=authority.id).year_total)
        == (0,) * 6
    )
    sign_in(client, outsider)
    client.get(f"/staff/statistics?authority={authority.id}")
    assert "All of 2026 0 0 0 – 0 0 0" in client.last_page.text


def test_quarters_are_calendar_quarters() -> None:
    assert [quarter_of(dt.date(2026, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        1, 1, 2, 2, 3, 3, 4, 4
    ]  # fmt: skip


def test_in_time_counted_by_the_database_as_each_regime_counts_working_days(session) -> None:  # type: ignore[no-untyped-def]
    """The database counts "within 20 working days" against each regime's own calendar (Easter
    Monday is not a Scottish bank holiday; the early May one is everywhere) and the
    administrators' overrides, day 20 in time and day 21 late, as counting each case's working
    days one by one does."""
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER)
    ann = create_user(session, Role.REVIEWER, name="Ann Reviewer", authority=authority)
    ben = create_user(session, Role.REVIEWER, name="Ben Reviewer", authority=authority)
    session.add(
        HolidayOverride(day=dt.date(2026, 4, 20), action="add", regime="foisa", note="Proclaimed")
    )
    received_days = [dt.date(2026, 3, 2) + dt.timedelta(days=d) for d in range(0, 45, 4)]
    plan = [
        (regime, on, offset)
        for regime in Regime
        for on in received_days
        for offset in (None, 26, 27, 28, 29, 30, 31, 32, 33)
    ]
    bulk_cases(session, authority, requester, len(plan))
    cases = session.scalars(
        select(Case).where(Case.authority_id == authority.id).order_by(Case.id)
    ).all()
    for n, (case, (regime, on, offset)) in enumerate(zip(cases, plan, strict=True)):
        case.regime = regime.value
        case.received_on = on
        case.reviewer_id = (ann, ben, None)[n % 3].id if n % 3 < 2 else None
        if offset is not None:
            case.decided_on = on + dt.timedelta(days=offset)
            case.outcome = ("upheld", "partly_upheld", "overturned")[n % 3]
    commit()

    def expected(chosen: list[Case]) -> tuple[int, int, int]:
        decided = [c for c in chosen if c.outcome is not None]
        in_time = sum(
            working_day_calendar(session, c.regime).working_days_between(
                c.received_on, c.decided_on
            )
            <= 20
            for c in decided
        )
        return len(chosen), len(decided), in_time

    stats = statistics_for(session, staff["caseworker"], 2026)
    got = {q.quarter: counts(q.figures)[:3] for q in stats.quarters}
    assert got == {
        q: expected([c for c in cases if quarter_of(c.received_on) == q]) for q in range(1, 5)
    }
    assert 0 < got[1][2] < got[1][1] and 0 < got[2][2] < got[2][1]  # some late, some in time
    assert {r.name: counts(r.figures)[:3] for r in stats.reviewers} == {
        who.name: expected([c for c in cases if c.reviewer_id == who.id]) for who in (ann, ben)
    }
    assert counts(stats.year_total)[:3] == expected(list(cases))
