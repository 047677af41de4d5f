"""``review-service check``: each case's audit trail explains its row, each letter matches its
SHA-256, each document's file is there with its hash; anything else is named, exit 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import text

from review_service.documents.services import stored_path
from review_service.ops.integrity import TrailEvent, replay
from tests.ops.conftest import History, cli


def sql(session: Any, statement: str, **params: Any) -> None:
    """A change made behind the service's back, as someone with the database could."""
    session.execute(text(statement), params)
    session.commit()


def test_a_consistent_database_passes(app: Any, history: History) -> None:
    result = cli(app, "check")
    assert result.exit_code == 0, result.output
    assert "Checked 3 cases, 4 letters and 1 document." in result.output
    assert "No problems found." in result.output


def test_an_edited_status_is_named_with_what_the_trail_says(
    app: Any, session: Any, history: History
) -> None:
    sql(session, "UPDATE cases SET status = 'in_review' WHERE id = :id", id=history.received.id)
    result = cli(app, "check")
    assert result.exit_code == 1
    assert (
        f"case {history.received.reference}: status is in_review but its audit trail gives received"
    ) in result.output


def test_edited_dates_are_named(app: Any, session: Any, history: History) -> None:
    sql(
        session,
        "UPDATE cases SET review_due_on = :due, closed_on = NULL WHERE id = :id",
        due=dt.date(2027, 1, 1),
        id=history.decided.id,
    )
    result = cli(app, "check")
    assert result.exit_code == 1
    ref = history.decided.reference
    assert f"case {ref}: review_due_on is 2027-01-01 but its audit trail gives " in result.output
    assert f"case {ref}: closed_on is empty but its audit trail gives 2026-10-19" in result.output
    assert "2 problem(s)" in result.output


def test_an_extension_undone_by_hand_is_named(app: Any, session: Any, history: History) -> None:
    sql(session, "UPDATE cases SET extended = :no WHERE id = :id", no=False, id=history.extended.id)
    result = cli(app, "check")
    assert result.exit_code == 1
    assert f"case {history.extended.reference}: extended is False" in result.output


def test_tampered_letter_bytes_are_named(app: Any, session: Any, history: History) -> None:
    sql(
        session,
        "UPDATE letters SET pdf = :pdf WHERE case_id = :id",
        pdf=b"%PDF-1.4 not the letter that was issued",
        id=history.decided.id,
    )
    result = cli(app, "check")
    assert result.exit_code == 1
    assert f"({history.decided.reference} outcome v1): its PDF does not match" in result.output


def test_a_missing_document_file_is_named(app: Any, history: History) -> None:
    path = stored_path(Path(app.config["UPLOAD_DIR"]), history.document.sha256)
    path.unlink()
    result = cli(app, "check")
    assert result.exit_code == 1
    assert f"document {history.document.id} ({history.decided.reference}): its file " in (
        result.output
    )
    assert "is missing" in result.output


def test_an_altered_document_file_is_named(app: Any, history: History) -> None:
    path = stored_path(Path(app.config["UPLOAD_DIR"]), history.document.sha256)
    path.write_bytes(path.read_bytes() + b"Appended later.\n")
    result = cli(app, "check")
    assert result.exit_code == 1
    assert "does not match the document's SHA-256 (altered)" in result.output


def test_only_the_first_problems_are_named(app: Any, session: Any, history: History) -> None:
    sql(session, "UPDATE cases SET received_on = :day", day=dt.date(2020, 1, 1))
    result = cli(app, "check", "--limit", "1")
    assert result.exit_code == 1
    assert "3 problem(s)" in result.output
    assert result.output.count("received_on is 2020-01-01") == 1
    assert "... and 2 more (--limit to see more)." in result.output


# -- the replay itself (no database) ---------------------------------------------------------


def filed(**after: Any) -> TrailEvent:
    return TrailEvent(
        1,
        "file",
        {"status": "received", "received_on": "2026-10-05", "review_due_on": "2026-11-02", **after},
    )


def test_replay_follows_the_lifecycle_and_the_recorded_dates() -> None:
    facts, problem = replay(
        [
            filed(),
            TrailEvent(2, "upload_document", {"document_id": 4}),
            TrailEvent(3, "assign", {"status": "in_review", "reviewer_id": 7}),
            TrailEvent(
                4, "decide", {"status": "decided", "outcome": "upheld", "decided_on": "2026-10-30"}
            ),  # fmt: skip
            TrailEvent(5, "close", {"status": "closed", "closed_on": "2026-11-03"}),
        ]
    )
    assert problem is None and facts is not None
    assert (facts.status, facts.outcome, facts.reviewer_id) == ("closed", "upheld", 7)
    assert (facts.decided_on, facts.closed_on) == (dt.date(2026, 10, 30), dt.date(2026, 11, 3))


def test_replay_refuses_a_move_the_lifecycle_does_not_allow() -> None:
    _facts, problem = replay([filed(), TrailEvent(2, "decide", {"status": "decided"})])
    assert problem == (
        "audit event 2 records “decide” while the trail has the case received, which the "
        "lifecycle does not allow"
    )


def test_replay_needs_the_filing_first() -> None:
    assert replay([])[1] == "no audit event records its filing"
    assert replay([TrailEvent(3, "acknowledge", {})])[1] == (
        "audit event 3 (acknowledge) comes before the case was filed"
    )
    assert replay([filed(), filed()])[1] == "audit event 1 files the case a second time"


def test_replay_notices_a_recorded_status_the_lifecycle_would_not_give() -> None:
    _facts, problem = replay([filed(), TrailEvent(2, "assign", {"status": "decided"})])
    assert (
        problem
        == "audit event 2 (assign) records status decided where the lifecycle gives in_review"
    )


def test_replay_follows_a_review_due_date_recounted_after_a_holiday_change() -> None:
    # cases/services.recount_review_deadlines: not a lifecycle move, but it moves the due date.
    facts, problem = replay(
        [filed(), TrailEvent(2, "review_due_recounted", {"review_due_on": "2026-11-03"})]
    )
    assert problem is None and facts is not None
    assert (facts.status, facts.review_due_on) == ("received", dt.date(2026, 11, 3))
