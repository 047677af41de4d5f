"""The audit trail is one hash chain: any edited, deleted, inserted or reordered event is
found by ``review-service audit verify``; PostgreSQL refuses edits outright."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from review_service.audit.chain import content_of, event_content, event_hash, verify
from review_service.audit.models import AuditChainHead, AuditEvent
from review_service.audit.services import record
from review_service.cli import main
from review_service.db import make_engine
from review_service.extensions import commit, database
from tests.factories import create_case


def run_verify(app: Any) -> Any:
    runner = CliRunner(
        env={"DATABASE_URL": app.config["DATABASE_URL"], "REVIEW_SERVICE_ENV": "test"}
    )
    return runner.invoke(main, ["audit", "verify"])


def assert_verify_finds(app: Any, *reports: str) -> None:
    """``audit verify`` fails, and its output says each of ``reports``."""
    result = run_verify(app)
    assert result.exit_code == 1, result.output
    for report in reports:
        assert report in result.output


@contextmanager
def tampering(app: Any) -> Iterator[Connection]:
    """A raw connection that may change audit rows, as someone with the database would."""
    engine = make_engine(app.config["DATABASE_URL"])
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))  # no triggers
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        yield conn
    engine.dispose()


def tamper(app: Any, statement: str, **params: Any) -> None:
    """Run one statement through ``tampering``."""
    with tampering(app) as conn:
        conn.execute(text(statement), params)


@pytest.fixture
def five_events(app, session) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    case = create_case(session)  # accounts, then the case: a few events in one transaction
    commit()
    for n in range(5):
        record(session, None, "note", f"Event {n}", case=case, after={"n": n})
        commit()
    events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    return events[-5:]


def test_events_are_sealed_at_commit_into_one_chain(app, session, five_events) -> None:  # type: ignore[no-untyped-def]
    previous = five_events[0].prev_hash
    for event in five_events:
        assert event.prev_hash == previous
        content = event_content(event, event.seq)
        assert content["summary"] == event.summary and content["seq"] == event.seq
        assert event.hash == event_hash(previous, content)
        previous = event.hash
    last = five_events[-1].seq
    head = session.get(AuditChainHead, 1)
    assert (head.seq, head.hash) == (last, previous)
    result = run_verify(app)
    assert result.exit_code == 0, result.output
    assert f"{last} events. Head: event {last}, hash {previous}" in result.output


def test_an_event_is_unsealed_until_its_transaction_commits(app, session) -> None:  # type: ignore[no-untyped-def]
    event = record(session, None, "note", "Pending")
    session.flush()
    assert event.id is not None and event.seq is None and event.hash is None
    commit()
    assert event.seq == 1 and event.hash is not None


def test_an_edited_event_is_found(app, five_events) -> None:  # type: ignore[no-untyped-def]
    tamper(
        app,
        "UPDATE audit_events SET summary = 'Nothing happened' WHERE id = :id",
        id=five_events[2].id,
    )
    assert_verify_finds(
        app,
        f"event {five_events[2].seq} (row id {five_events[2].id})",
        "does not match its hash (edited)",
    )


def test_an_edited_payload_is_found(app, five_events) -> None:  # type: ignore[no-untyped-def]
    tamper(
        app,
        """UPDATE audit_events SET "after" = '{"n": 99}' WHERE id = :id""",
        id=five_events[3].id,
    )
    assert_verify_finds(app, f"event {five_events[3].seq} ", "edited")


def test_a_deleted_event_is_found(app, five_events) -> None:  # type: ignore[no-untyped-def]
    tamper(app, "DELETE FROM audit_events WHERE id = :id", id=five_events[1].id)
    assert_verify_finds(app, f"event {five_events[1].seq} is missing (deleted)")


def test_deleting_the_newest_events_is_found(app, five_events) -> None:  # type: ignore[no-untyped-def]
    tamper(app, "DELETE FROM audit_events WHERE seq >= :s", s=five_events[3].seq)
    assert_verify_finds(
        app, f"ends at event {five_events[2].seq} but its head records event {five_events[4].seq}"
    )


def test_an_inserted_event_is_found_even_with_a_valid_hash(app, five_events) -> None:  # type: ignore[no-untyped-def]
    """Someone makes room after the second event and inserts a well-formed event there."""
    first, second = five_events[0], five_events[1]
    place = second.seq + 1
    forged = content_of(
        seq=place,
        case_id=first.case_id,
        actor_id=None,
        action="note",
        summary="Forged",
        before={},
        after={},
        at=second.at,
        visible_to_requester=True,
    )
    with tampering(app) as conn:
        for event in reversed(five_events[2:]):  # one at a time: seq is unique
            conn.execute(
                text("UPDATE audit_events SET seq = seq + 1 WHERE id = :id"), {"id": event.id}
            )
        conn.execute(
            text(
                "INSERT INTO audit_events (case_id, actor_id, action, summary, before, after, "
                "at, visible_to_requester, seq, prev_hash, hash) VALUES (:case_id, NULL, "
                "'note', 'Forged', '{}', '{}', :at, :visible, :place, :prev, :hash)"
            ),
            {
                "case_id": first.case_id,
                "at": second.at,
                "visible": True,
                "place": place,
                "prev": second.hash,
                "hash": event_hash(second.hash, forged),
            },
        )
    # The forged event itself links up; the event after it no longer does.
    assert_verify_finds(
        app,
        f"event {place + 1} (row id {five_events[2].id})",
        "does not follow the event before it",
    )


def test_an_event_inserted_without_a_place_is_found(app, five_events) -> None:  # type: ignore[no-untyped-def]
    tamper(
        app,
        "INSERT INTO audit_events (action, summary, before, after, at, visible_to_requester) "
        "VALUES ('note', 'Sneaked in', '{}', '{}', :at, :v)",
        at=five_events[0].at,
        v=True,
    )
    assert_verify_finds(app, "never sealed")


def test_reordered_events_are_found(app, five_events) -> None:  # type: ignore[no-untyped-def]
    with tampering(app) as conn:
        second, third = five_events[1], five_events[2]
        swap = "UPDATE audit_events SET seq = :seq WHERE id = :id"
        conn.execute(text(swap), {"seq": 10_000, "id": second.id})
        conn.execute(text(swap), {"seq": second.seq, "id": third.id})
        conn.execute(text(swap), {"seq": third.seq, "id": second.id})
    assert_verify_finds(
        app, f"event {second.seq} (row id {third.id})", "does not follow the event before it"
    )


def test_the_database_refuses_to_edit_or_delete_a_sealed_event(app, five_events) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(app.config["DATABASE_URL"])
    for statement in (
        "UPDATE audit_events SET summary = 'changed' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()
    assert run_verify(app).exit_code == 0


@pytest.mark.postgresql_only
def test_truncate_still_empties_the_table_and_the_chain_starts_again(
    app, session, five_events
) -> None:  # type: ignore[no-untyped-def]
    """The test suite (and a restore with --force) empties tables with TRUNCATE, which the
    row trigger does not see; the next event starts a new chain."""
    session.close()
    engine = make_engine(app.config["DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_events, audit_chain"))
    engine.dispose()
    with app.app_context():
        from review_service.extensions import db_session

        record(db_session(), None, "note", "After truncation")
        commit()
        assert db_session().scalar(select(AuditEvent.seq)) == 1
    assert run_verify(app).exit_code == 0


def test_concurrent_transactions_never_fork_the_chain(app, session) -> None:  # type: ignore[no-untyped-def]
    """Eight writers, five transactions each with two events: one unbroken chain of 80."""
    sessions = database(app).sessionmaker
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(5):
                with sessions() as own:
                    record(own, None, "note", f"writer {n} first {i}")
                    own.flush()
                    record(own, None, "note", f"writer {n} second {i}")
                    own.commit()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    result = verify(session)
    assert result.ok, result.broken
    assert result.events == result.head_seq == 80
    # A transaction's two events sit side by side in the chain.
    rows = session.execute(select(AuditEvent.seq, AuditEvent.summary).order_by(AuditEvent.seq))
    summaries = [summary for _seq, summary in rows]
    for first, second in zip(summaries[::2], summaries[1::2], strict=True):
        assert first.replace("first", "second") == second


def test_seed_load_writes_a_valid_chain(app, session) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt
    from pathlib import Path

    from review_service.seed_load import seed_load

    record(session, None, "note", "Before the load")
    commit()
    seed_load(
        session,
        cases=30,
        authorities=2,
        today=dt.date(2026, 10, 7),
        upload_dir=Path(app.config["UPLOAD_DIR"]),
    )
    record(session, None, "note", "After the load")
    commit()
    result = verify(session)
    assert result.ok, result.broken
    assert result.events == result.head_seq > 200


def test_bulk_sealing_spells_each_event_as_content_of_does(app, session) -> None:  # type: ignore[no-untyped-def]
    # seal_rows puts the content's text together by hand (issue 13: serialised once); every
    # kind of value must come out as event_hash over content_of would hash it.
    import datetime as dt
    import json

    from review_service.audit.chain import seal_rows

    at = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    rows: list[dict[str, Any]] = [
        {"case_id": None, "actor_id": None, "action": "note", "summary": "plain", "at": at},
        {
            "case_id": 7,
            "actor_id": 3,
            "action": "décide",
            "summary": 'Quote " backslash \\ newline \n and “curly” ünïcode',
            "before": {"status": "in_review", "z": None, "a": [1, "two", {"b": True}]},
            "after": {"outcome": "upheld", "on": "2026-03-01", "n": 1.5},
            "at": at,
            "visible_to_requester": False,
        },
        {"case_id": 8, "actor_id": 1, "action": "x", "summary": "", "at": at, "after": {}},
    ]
    originals = [dict(row) for row in rows]
    seal_rows(session, rows)
    for row, original in zip(rows, originals, strict=True):
        assert json.loads(row["before"]) == (original.get("before") or {})
        assert json.loads(row["after"]) == (original.get("after") or {})
        content = content_of(
            seq=row["seq"],
            case_id=original["case_id"],
            actor_id=original["actor_id"],
            action=original["action"],
            summary=original["summary"],
            before=original.get("before"),
            after=original.get("after"),
            at=original["at"],
            visible_to_requester=original.get("visible_to_requester", True),
        )
        assert row["hash"] == event_hash(row["prev_hash"], content), original["summary"]
    assert [r["prev_hash"] for r in rows[1:]] == [r["hash"] for r in rows[:-1]]
    session.rollback()
