"""The reminder job: who is reminded of what and when, and never twice.

Dates (FOIA, any-part-of-UK calendar): a request for review received Thursday 12 March 2026 is
due Tuesday 14 April (20 working days, skipping St Patrick's Day, Good Friday and Easter
Monday); the ICO route opens after Wednesday 13 May (40 working days). Under FOISA the review
is due, and the SIC route opens after, Friday 10 April (Scottish holidays only: 17 March and
Easter Monday count).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from review_service.accounts.models import Role
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.db import utcnow
from review_service.extensions import database
from review_service.mail.models import OutboxMessage
from review_service.mail.worker import send_pending
from review_service.regulator import reminders
from review_service.regulator import services as regulator
from review_service.regulator.reminders import queue_reminders
from tests.factories import create_authority, create_case, create_staff, create_user
from tests.pages import assert_all_in
from tests.smtp import Inbox, free_port

RECEIVED = dt.date(2026, 3, 12)


def review_case(session: Any, authority: Any, staff: Any, *, assign: bool = True,
                **overrides: Any) -> Case:  # fmt: skip
    values = {"request_sent_on": dt.date(2026, 2, 2), "response_date": dt.date(2026, 3, 3)}
    values.update(overrides)
    case = create_case(session, authority=authority, today=RECEIVED, **values)
    if assign:
        cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    session.flush()
    return case


def sent_reminders(session: Any) -> list[tuple[str, str]]:
    """(kind, recipient) of every queued reminder, in order."""
    rows = session.execute(
        select(OutboxMessage.dedupe_key, OutboxMessage.to_address)
        .where(OutboxMessage.dedupe_key.like("reminder:%"))
        .order_by(OutboxMessage.id)
    )
    return [(key.split(":")[2], to) for key, to in rows]


@pytest.fixture
def setting(session: Any) -> dict[str, Any]:
    authority = create_authority(session)
    staff = create_staff(session, authority)
    other = create_authority(session)
    staff["elsewhere"] = create_user(session, Role.CASEWORKER, authority=other)
    return {"authority": authority, "staff": staff}


# -- review due and overdue ------------------------------------------------------------------


def test_reviewer_is_reminded_once_when_the_review_is_due_within_five_working_days(
    session: Any, setting: dict[str, Any]
) -> None:
    staff = setting["staff"]
    case = review_case(session, setting["authority"], staff)
    assert case.review_due_on == dt.date(2026, 4, 14)

    # 2 April: six working days to go (Good Friday and Easter Monday do not count).
    assert queue_reminders(session, today=dt.date(2026, 4, 2)) == 0
    # 7 April: five working days to go.
    assert queue_reminders(session, today=dt.date(2026, 4, 7)) == 1
    assert queue_reminders(session, today=dt.date(2026, 4, 7)) == 0
    assert queue_reminders(session, today=dt.date(2026, 4, 14)) == 0
    assert sent_reminders(session) == [("review_due_soon", staff["reviewer"].email)]
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key.is_not(None)))
    assert message.subject == f"Review {case.reference} due 14 April 2026"
    assert_all_in(
        message.body,
        "in 5 working days, by the end of 14 April 2026",
        f"/staff/cases/{case.reference}",
    )


def test_an_unassigned_review_due_soon_goes_to_the_authoritys_caseworkers_only(
    session: Any, setting: dict[str, Any]
) -> None:
    staff = setting["staff"]
    review_case(session, setting["authority"], staff, assign=False)

    assert queue_reminders(session, today=dt.date(2026, 4, 13)) == 1

    assert sent_reminders(session) == [("review_due_soon", staff["caseworker"].email)]
    body = session.scalar(select(OutboxMessage.body).where(OutboxMessage.dedupe_key.is_not(None)))
    assert "in 1 working day" in body and "Nobody has been assigned to it yet." in body


def test_an_overdue_review_reminds_staff_and_tells_the_requester_what_they_can_do(
    session: Any, setting: dict[str, Any]
) -> None:
    staff = setting["staff"]
    case = review_case(session, setting["authority"], staff)

    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 3
    assert queue_reminders(session, today=dt.date(2026, 4, 16)) == 0

    assert sent_reminders(session) == [
        ("review_overdue", staff["reviewer"].email),
        ("review_overdue", staff["caseworker"].email),
        ("review_overdue", case.requester.email),
    ]
    to_requester = session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.to_address == case.requester.email, OutboxMessage.dedupe_key.is_not(None)
        )  # fmt: skip
    )
    assert "should have sent you the outcome of its internal review by 14 April 2026" in (
        to_requester.body
    )
    assert "If there is still no outcome by 13 May 2026, you can complain to the Information " \
        "Commissioner's Office." in to_requester.body  # fmt: skip


def test_the_requester_is_told_once_when_the_ico_route_opens_after_40_working_days(
    session: Any, setting: dict[str, Any]
) -> None:
    case = review_case(session, setting["authority"], setting["staff"])
    queue_reminders(session, today=dt.date(2026, 4, 15))

    assert queue_reminders(session, today=dt.date(2026, 5, 13)) == 0
    assert queue_reminders(session, today=dt.date(2026, 5, 14)) == 1
    assert queue_reminders(session, today=dt.date(2026, 5, 20)) == 0

    assert sent_reminders(session)[-1] == ("regulator_route_open", case.requester.email)
    message = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert message.subject == f"Your complaint {case.reference}: you can now go to the ICO"
    assert_all_in(message.body, "Since 13 May 2026", f"/complaints/{case.reference}/regulator")


def test_under_foisa_the_sic_route_opens_after_20_scottish_working_days(
    session: Any, setting: dict[str, Any]
) -> None:
    authority = create_authority(session, regime="foisa")
    staff = create_staff(session, authority)
    case = review_case(
        session,
        authority,
        staff,
        regime="foisa",
        provisions=(cases.ProvisionInput("s.35(1)(a)"),),
        grounds=(cases.GroundInput("provision", "Not law enforcement.", provision="s.35(1)(a)"),),
    )
    assert case.review_due_on == dt.date(2026, 4, 10)

    # The first working day after the period: staff hear the review is overdue, the requester
    # hears only that they can now apply to the Scottish Information Commissioner.
    assert queue_reminders(session, today=dt.date(2026, 4, 13)) == 3
    assert sent_reminders(session) == [
        ("review_overdue", staff["reviewer"].email),
        ("review_overdue", staff["caseworker"].email),
        ("regulator_route_open", case.requester.email),
    ]
    message = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "Scottish Information Commissioner" in message.body
    assert "ICO" not in message.subject + message.body
    # FOISA s.47(1): an application, not a complaint, in every reminder of the case.
    bodies = session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.dedupe_key.like("reminder:%"))
    ).all()
    assert "you can apply to the Scottish Information Commissioner" in message.body
    assert "We have prepared your application for you" in message.body
    assert "The requester can apply to the Scottish Information Commissioner" in bodies[0]
    assert not any("complain to" in body for body in bodies)


def test_an_extended_review_gets_a_reminder_for_its_new_date(
    session: Any, setting: dict[str, Any]
) -> None:
    staff = setting["staff"]
    case = review_case(session, setting["authority"], staff)
    queue_reminders(session, today=dt.date(2026, 4, 7))
    cases.extend(session, staff["caseworker"], case, reason="Consulting the drone unit.")
    assert case.review_due_on == dt.date(2026, 5, 13)

    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 0  # no longer overdue
    assert queue_reminders(session, today=dt.date(2026, 5, 6)) == 1

    keys = session.scalars(
        select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.is_not(None))
    ).all()
    assert keys == [
        f"reminder:{case.id}:review_due_soon:2026-04-14:{staff['reviewer'].id}",
        f"reminder:{case.id}:review_due_soon:2026-05-13:{staff['reviewer'].id}",
    ]


def test_decided_and_withdrawn_cases_get_no_review_reminders(
    session: Any, setting: dict[str, Any], decide: Any
) -> None:
    staff = setting["staff"]
    decided = review_case(session, setting["authority"], staff, assign=False)
    decide(session, decided, staff, decided_on=dt.date(2026, 4, 1))
    withdrawn = review_case(session, setting["authority"], staff)
    cases.withdraw(session, withdrawn.requester, withdrawn, today=dt.date(2026, 3, 20))

    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 0
    assert queue_reminders(session, today=dt.date(2026, 5, 14)) == 0


# -- decision notices ------------------------------------------------------------------------


def noticed_case(
    session: Any,
    setting: dict[str, Any],
    decide: Any,
    frozen: Any,
    *,
    kind: str = "decision_notice",
    steps: str = "Disclose the budget.",
) -> Case:
    """A decided, referred case with a notice sent Monday 3 August 2026: steps due Monday
    7 September (35 days), appeal by Monday 31 August (28 days)."""
    staff = setting["staff"]
    case = review_case(session, setting["authority"], staff, assign=False)
    decide(session, case, staff, decided_on=dt.date(2026, 4, 22))
    frozen.set(dt.date(2026, 8, 5))
    regulator.refer(session, case.requester, case, referred_on=dt.date(2026, 5, 5))
    regulator.record_decision_notice(
        session,
        staff["caseworker"],
        case,
        regulator.DecisionNoticeInput(
            kind=kind,
            issued_on=dt.date(2026, 8, 3),
            reference="IC-412345-X1Y2" if kind == "decision_notice" else "",
            findings=(("s.24(2)", "upheld"),),
            steps_required=steps,
        ),
    )
    session.flush()
    return case


def test_the_tribunal_window_closing_reminds_both_parties_once(
    session: Any, setting: dict[str, Any], decide: Any, frozen: Any
) -> None:
    case = noticed_case(session, setting, decide, frozen)
    caseworker = setting["staff"]["caseworker"]

    # 21 August: Aug 24-28 are five working days, and 31 August (a bank holiday in England,
    # Wales and Northern Ireland) is not a sixth, so the window closes within five.
    assert queue_reminders(session, today=dt.date(2026, 8, 20)) == 0
    assert queue_reminders(session, today=dt.date(2026, 8, 21)) == 2
    assert queue_reminders(session, today=dt.date(2026, 8, 27)) == 0
    # 28 August: the steps are due in five working days (Sep 1-4 and 7); the appeal reminder
    # is not repeated.
    assert queue_reminders(session, today=dt.date(2026, 8, 28)) == 1
    assert queue_reminders(session, today=dt.date(2026, 9, 1)) == 0

    assert sent_reminders(session) == [
        ("tribunal_window_closing", case.requester.email),
        ("tribunal_window_closing", caseworker.email),
        ("compliance_due_soon", caseworker.email),
    ]
    first = session.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key.is_not(None))
                            .order_by(OutboxMessage.id)).first()  # fmt: skip
    assert "must receive any notice of appeal by 31 August 2026, in 5 working days" in first.body


def test_no_tribunal_reminder_once_an_appeal_is_lodged_or_for_an_informal_resolution(
    session: Any, setting: dict[str, Any], decide: Any, frozen: Any
) -> None:
    appealed = noticed_case(session, setting, decide, frozen, steps="")
    regulator.appeal(
        session, appealed.requester, appealed, appellant="requester", lodged_on=dt.date(2026, 8, 5)
    )
    noticed_case(session, setting, decide, frozen, kind="informal_resolution", steps="")

    assert queue_reminders(session, today=dt.date(2026, 8, 27)) == 0


def test_decision_notice_steps_due_soon_then_overdue(
    session: Any, setting: dict[str, Any], decide: Any, frozen: Any
) -> None:
    case = noticed_case(session, setting, decide, frozen)
    caseworker = setting["staff"]["caseworker"]
    queue_reminders(session, today=dt.date(2026, 8, 21))  # the tribunal reminders

    # 27 August: six working days to the steps' date (31 August does not count).
    assert queue_reminders(session, today=dt.date(2026, 8, 27)) == 0
    assert queue_reminders(session, today=dt.date(2026, 8, 28)) == 1
    assert queue_reminders(session, today=dt.date(2026, 9, 1)) == 0
    assert queue_reminders(session, today=dt.date(2026, 9, 7)) == 0
    assert queue_reminders(session, today=dt.date(2026, 9, 8)) == 2
    assert queue_reminders(session, today=dt.date(2026, 9, 30)) == 0

    assert sent_reminders(session)[2:] == [
        ("compliance_due_soon", caseworker.email),
        ("compliance_overdue", caseworker.email),
        ("compliance_overdue", case.requester.email),
    ]


def test_compliance_recorded_stops_the_compliance_reminders(
    session: Any, setting: dict[str, Any], decide: Any, frozen: Any
) -> None:
    case = noticed_case(session, setting, decide, frozen)
    regulator.record_compliance(
        session, setting["staff"]["caseworker"], case, complied_on=dt.date(2026, 8, 5)
    )

    assert queue_reminders(session, today=dt.date(2026, 9, 1)) == 0
    assert queue_reminders(session, today=dt.date(2026, 9, 8)) == 0


# -- idempotence: twice, after a rollback, after a crash part-way --------------------------------


def test_running_twice_or_after_a_rollback_sends_each_reminder_once(
    app: Any, session: Any, setting: dict[str, Any]
) -> None:
    review_case(session, setting["authority"], setting["staff"])
    review_case(session, setting["authority"], setting["staff"], assign=False)
    session.commit()

    # A run that never commits (the process died before the end) leaves nothing behind.
    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 5
    session.rollback()
    assert sent_reminders(session) == []

    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 5
    session.commit()
    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 0
    session.commit()
    keys = session.scalars(
        select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.is_not(None))
    ).all()
    assert len(keys) == len(set(keys)) == 5


def test_a_run_that_fails_part_way_is_completed_by_the_next_without_duplicates(
    session: Any, setting: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = setting["staff"]
    review_case(session, setting["authority"], staff)
    queue_reminders(session, today=dt.date(2026, 4, 7))  # one reviewer reminder, committed
    session.commit()
    review_case(session, setting["authority"], staff, assign=False)
    session.commit()

    # One message per INSERT, and the third INSERT fails: two are written, then rolled back.
    real = reminders.insert
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise ConnectionError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(reminders, "INSERT_BATCH", 1)
    monkeypatch.setattr(reminders, "insert", flaky)
    with pytest.raises(ConnectionError):
        queue_reminders(session, today=dt.date(2026, 4, 15))
    assert calls["n"] == 3
    session.rollback()
    monkeypatch.setattr(reminders, "insert", real)

    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 5
    session.commit()
    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 0
    assert [kind for kind, _ in sent_reminders(session)] == [
        "review_due_soon",
        *["review_overdue"] * 5,
    ]


def test_the_command_line_job_is_safe_to_run_twice(
    session: Any, setting: dict[str, Any], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from review_service import cli

    review_case(session, setting["authority"], setting["staff"])
    session.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REVIEW_SERVICE_ENV", "test")
    runner = CliRunner()
    # Each run makes its own app and closes its database connections when it ends.
    first = runner.invoke(cli.main, ["reminders", "--today", "2026-04-15"])
    second = runner.invoke(cli.main, ["reminders", "--today", "2026-04-15"])

    assert (first.exit_code, first.output) == (0, "Queued 3 reminder(s).\n")
    assert (second.exit_code, second.output) == (0, "Queued 0 reminder(s).\n")
    session.expire_all()
    count = session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.dedupe_key.is_not(None))
    )
    assert count == 3


# -- delivery over real SMTP --------------------------------------------------------------------


def test_reminders_reach_a_real_smtp_server_once_even_when_sending_is_interrupted(
    app: Any, session: Any, setting: dict[str, Any], smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    staff = setting["staff"]
    case = review_case(session, setting["authority"], staff)
    session.commit()
    sessions = database(app).sessionmaker
    down = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port()}
    up = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}

    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 3
    session.commit()
    # The mail server is down: nothing is lost, everything stays queued.
    sent, failed = send_pending(sessions, down)
    assert sent == 0 and failed > 0
    # The job runs again meanwhile, then the server is back (and the retry is due).
    assert queue_reminders(session, today=dt.date(2026, 4, 15)) == 0
    session.commit()
    later = utcnow() + dt.timedelta(hours=1)
    send_pending(sessions, up, now=lambda: later)
    assert queue_reminders(session, today=dt.date(2026, 4, 16)) == 0
    session.commit()
    assert send_pending(sessions, up, now=lambda: later) == (0, 0)

    received = [(m["To"], m["Subject"]) for m in inbox.messages if "overdue" in str(m["Subject"])]
    assert sorted(received) == sorted(
        [
            (staff["reviewer"].email, f"Review {case.reference} is overdue"),
            (staff["caseworker"].email, f"Review {case.reference} is overdue"),
            (
                case.requester.email,
                f"Your complaint {case.reference}: the internal review is overdue",
            ),
        ]
    )
    body = next(m for m in inbox.messages if m["To"] == case.requester.email
                and "overdue" in str(m["Subject"])).get_content()  # fmt: skip
    assert "14 April 2026" in body and "13 May 2026" in body


def test_runs_at_the_same_time_queue_each_reminder_once(
    app: Any, session: Any, setting: dict[str, Any]
) -> None:
    """Two machines' cron jobs start together: they take turns, and the second finds the
    first's reminders (before, both queued them and one failed on the unique key)."""
    import threading

    for _ in range(3):
        review_case(session, setting["authority"], setting["staff"])
    session.commit()
    sessions = database(app).sessionmaker
    start = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        own = sessions()
        try:
            start.wait()
            with app.app_context():  # as the command runs it: links come from BASE_URL
                counts.append(queue_reminders(own, today=dt.date(2026, 4, 15)))
            own.commit()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(counts) == [0, 9]
    assert len(sent_reminders(session)) == 9


# -- batching: the statements do not grow with the cases (issue 13) ----------------------------


def _run_counting(app: Any, session: Any, today: dt.date) -> tuple[int, list[str]]:
    from sqlalchemy import event

    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement.split(None, 1)[0].upper())

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        queued = queue_reminders(session, today=today)
        session.commit()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return queued, statements


def test_the_job_costs_the_same_statements_at_10_and_1000_cases(
    app: Any, session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A realistic history (every state, decision notices with steps and appeal windows), as
    # seed-load makes it: the job's reads are the same few statements at 10 cases and at
    # 1,000, and its writes one bulk INSERT per INSERT_BATCH new reminders.
    from pathlib import Path

    from review_service.seed_load import seed_load

    today = dt.date(2026, 10, 7)
    upload_dir = Path(app.config["UPLOAD_DIR"])
    monkeypatch.setattr(reminders, "INSERT_BATCH", 100)
    reads: dict[int, list[str]] = {}
    queued: dict[int, int] = {}
    for size, more in ((10, 10), (1000, 990)):
        seed_load(session, cases=more, authorities=3, today=today, upload_dir=upload_dir)
        queued[size], first = _run_counting(app, session, today)
        again, second = _run_counting(app, session, today)
        assert first.count("INSERT") == -(-queued[size] // 100)
        assert again == 0 and "INSERT" not in second
        reads[size] = [s for s in first if s != "INSERT"]
        assert reads[size] == second
    assert reads[10] == reads[1000], reads
    assert len(reads[10]) <= 10, reads[10]
    assert queued[1000] > 300, queued  # several INSERT batches
