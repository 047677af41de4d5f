"""Issue 11, item 9: one working-day calendar at every entry point, holiday overrides included.

FOIA s.10(6): a working day is any day but a weekend, Christmas Day, Good Friday or a bank holiday
in any part of the UK; an administrator's override adds a day proclaimed after the pinned data.
The command line, the API's deadline tool, the stored review due date (which the queue and the
pages show) and the case's clocks in the API must all count on that same calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import event, select

from review_service.accounts.models import Role
from review_service.accounts.services import create_api_token
from review_service.admin.services import (
    NewOverride,
    add_holiday_override,
    delete_holiday_override,
)
from review_service.cases import policy
from review_service.cases.clocks import review_due
from review_service.cli import main
from review_service.db import MEMO
from review_service.domain.calendar import Regime
from review_service.extensions import commit
from tests.factories import create_case, create_user

START = dt.date(2026, 11, 29)  # a Sunday; 30 November is St Andrew's Day (any part of the UK)
PROCLAIMED = dt.date(2026, 12, 2)


def cli_deadline(app, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    runner = CliRunner(
        env={"DATABASE_URL": app.config["DATABASE_URL"], "REVIEW_SERVICE_ENV": "test"}
    )
    result = runner.invoke(main, ["deadline", *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def api_deadline(app, start: dt.date, days: int) -> str:  # type: ignore[no-untyped-def]
    response = app.test_client().get(
        f"/api/v1/deadlines?from={start.isoformat()}&working_days={days}"
    )
    assert response.status_code == 200, response.json
    return str(response.json["date"])


def test_the_command_line_the_api_and_a_case_count_on_the_same_calendar(app, session) -> None:  # type: ignore[no-untyped-def]
    admin = create_user(session, Role.ADMIN)
    case = create_case(session, today=START)
    commit()
    assert case.review_due_on == dt.date(2026, 12, 30)
    assert cli_deadline(app, "--from", "2026-11-29", "--working-days", "20")[0] == "2026-12-30"

    override = add_holiday_override(
        session, admin, NewOverride(PROCLAIMED, "add", None, "Proclaimed: royal event")
    )
    commit()
    cli = cli_deadline(app, "--from", "2026-11-29", "--working-days", "20")
    assert cli[0] == "2026-12-31"
    assert "skipped 2026-12-02 Proclaimed: royal event" in cli
    assert api_deadline(app, START, 20) == "2026-12-31"
    session.expire_all()
    assert review_due(session, case).due == dt.date(2026, 12, 31)
    # The stored date the queue sorts on and the pages show moves with the calendar.
    assert case.review_due_on == dt.date(2026, 12, 31)
    # --without-overrides counts on the published bank holidays only, as it says.
    plain = cli_deadline(app, "--from", "2026-11-29", "--working-days", "20", "--without-overrides")
    assert plain[0] == "2026-12-30"

    delete_holiday_override(session, admin, override.id)
    commit()
    session.expire_all()
    assert case.review_due_on == dt.date(2026, 12, 30)
    assert cli_deadline(app, "--from", "2026-11-29", "--working-days", "20")[0] == "2026-12-30"
    assert api_deadline(app, START, 20) == "2026-12-30"


def test_a_regime_specific_override_applies_only_to_that_regime(app, session) -> None:  # type: ignore[no-untyped-def]
    admin = create_user(session, Role.ADMIN)
    add_holiday_override(session, admin, NewOverride(PROCLAIMED, "add", "foisa", "Scottish"))
    commit()
    assert cli_deadline(app, "--from", "2026-11-29", "--working-days", "20")[0] == "2026-12-30"
    foisa = cli_deadline(app, "--from", "2026-11-29", "--working-days", "20", "--regime", "foisa")
    response = app.test_client().get(
        "/api/v1/deadlines?from=2026-11-29&working_days=20&regime=foisa"
    )
    assert foisa[0] == response.json["date"]


@pytest.mark.parametrize("flag", [[], ["--without-overrides"]])
def test_a_database_without_the_schema_is_a_clear_error_not_a_silent_count(
    tmp_path, flag: list[str]
) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner(
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "REVIEW_SERVICE_ENV": "test",
        }
    )
    result = runner.invoke(
        main, ["deadline", "--from", "2026-11-29", "--working-days", "20", *flag]
    )
    if flag:
        assert result.exit_code == 0 and result.output.splitlines()[0] == "2026-12-30"
    else:
        assert result.exit_code == 1
        assert "Could not read the bank-holiday overrides" in result.output
        assert "--without-overrides" in result.output


# -- the public calculator keeps what it read for a moment (PUBLIC_CALENDAR_SECONDS) ----------


def _statements_of(app, call):  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    from review_service.extensions import database

    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        result = call()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return result, [s for s in seen if "holiday_overrides" in s]


def test_the_public_calculator_reuses_the_overrides_it_read_and_sees_a_change_at_once(
    app, session
) -> None:  # type: ignore[no-untyped-def]
    app.config["PUBLIC_CALENDAR_SECONDS"] = 60
    admin = create_user(session, Role.ADMIN)
    commit()
    first, read = _statements_of(app, lambda: api_deadline(app, START, 20))
    assert (first, len(read)) == ("2026-12-30", 1)
    again, read = _statements_of(app, lambda: api_deadline(app, START, 20))
    assert (again, read) == ("2026-12-30", [])  # kept: no statement
    # The FOISA calculator is kept apart from the FOIA one.
    foisa, read = _statements_of(
        app,
        lambda: (
            app.test_client()
            .get("/api/v1/deadlines?from=2026-11-29&working_days=20&regime=foisa")
            .json["date"]
        ),
    )
    assert len(read) == 1
    assert (
        foisa
        == cli_deadline(app, "--from", "2026-11-29", "--working-days", "20", "--regime", "foisa")[0]
    )

    # An administrator's change that is rolled back changes nothing and keeps what was kept.
    add_holiday_override(session, admin, NewOverride(PROCLAIMED, "add", None, "Not made"))
    session.rollback()
    kept, read = _statements_of(app, lambda: api_deadline(app, START, 20))
    assert (kept, read) == ("2026-12-30", [])

    # Committed, it is counted on at the very next request, well within the 60 seconds.
    override = add_holiday_override(
        session, admin, NewOverride(PROCLAIMED, "add", None, "Proclaimed: royal event")
    )
    commit()
    changed, read = _statements_of(app, lambda: api_deadline(app, START, 20))
    assert (changed, len(read)) == ("2026-12-31", 1)
    delete_holiday_override(session, admin, override.id)
    commit()
    assert api_deadline(app, START, 20) == "2026-12-30"


def test_another_process_s_change_is_read_once_the_moment_has_passed(
    app, session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A change this process did not make (another worker's, another machine's) is not
    announced to it: the calculator reads the table again once PUBLIC_CALENDAR_SECONDS have
    passed since it last did."""
    from sqlalchemy import insert

    from review_service.accounts.models import HolidayOverride
    from review_service.cases import policy
    from review_service.extensions import database

    app.config["PUBLIC_CALENDAR_SECONDS"] = 5
    now = [1000.0]
    monkeypatch.setattr(policy.time, "monotonic", lambda: now[0])
    assert api_deadline(app, START, 20) == "2026-12-30"
    with database(app).engine.begin() as other:  # not through the service: no notice
        other.execute(
            insert(HolidayOverride).values(
                day=PROCLAIMED, action="add", regime=None, note="Proclaimed elsewhere"
            )
        )
    now[0] += 4.9
    assert api_deadline(app, START, 20) == "2026-12-30"  # still within the moment
    now[0] += 0.2
    assert api_deadline(app, START, 20) == "2026-12-31"
    # With 0 the table is read for every request.
    app.config["PUBLIC_CALENDAR_SECONDS"] = 0
    for _ in range(2):
        _, read = _statements_of(app, lambda: api_deadline(app, START, 20))
        assert len(read) == 1


def test_the_changes_read_with_the_account_are_the_ones_each_regime_counts_with(
    app,
    session,  # type: ignore[no-untyped-def]
) -> None:
    """The bank-holiday changes come with the signed-in account or API token (one JSON column,
    cases/policy.py all_overrides_json) rather than in a statement of their own: read that way,
    each regime gets exactly what its own statement reads, in the same order, notes intact."""
    admin = create_user(session, Role.ADMIN)
    for change in (
        NewOverride(PROCLAIMED, "add", None, 'Proclaimed: "royal" event, Gŵyl; [1]'),
        NewOverride(dt.date(2026, 12, 3), "add", "foisa", "Scottish only"),
        NewOverride(dt.date(2026, 12, 28), "remove", "eir", "Worked, \\ for EIR"),
        NewOverride(dt.date(2026, 12, 3), "add", "eir", "Same day, other regime"),
    ):
        add_holiday_override(session, admin, change)
    commit()
    expected = {r: policy._regime_overrides(session.connection(), r.value) for r in Regime}
    assert len(expected[Regime.EIR]) == 3

    text = session.scalar(select(policy.all_overrides_json()))
    session.info.pop(MEMO, None)
    policy.remember_overrides(session, text)
    connection_reads: list[str] = []

    def count(*args) -> None:  # type: ignore[no-untyped-def]
        connection_reads.append(args[2])

    engine = session.get_bind().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        remembered = {r: policy.holiday_overrides(session, r) for r in Regime}
        by_regime = policy.holiday_overrides_by_regime(session)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert connection_reads == []  # nothing read again
    assert remembered == expected
    assert by_regime == expected


def test_a_change_committed_elsewhere_counts_on_the_api_s_next_request(app, session) -> None:  # type: ignore[no-untyped-def]
    """Read with the token on every request, never kept by the process: a change another
    instance commits moves the next answer's deadlines."""
    admin = create_user(session, Role.ADMIN)
    case = create_case(session, today=START)
    _, token = create_api_token(session, case.requester, "calendar")
    commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def review_due_date() -> str:
        response = client.get(f"/api/v1/cases/{case.reference}", headers=headers)
        assert response.status_code == 200, response.json
        return str(response.json["deadlines"]["review_due"]["date"])

    assert review_due_date() == "2026-12-30"
    add_holiday_override(
        session, admin, NewOverride(PROCLAIMED, "add", None, "Proclaimed: royal event")
    )
    commit()
    assert review_due_date() == "2026-12-31"
