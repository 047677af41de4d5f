"""Measure the queue page and the domain hot paths (not part of the test suite).

Run from the repository root:  .venv/bin/python scripts/benchmark.py

Machines here are shared and noisy, so it reports medians and ratios measured in one run
(the queue at 10 cases against the queue at 1,000 and 10,000), never absolute targets.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from review_service import create_app, migrate  # noqa: E402
from review_service.accounts.models import Role  # noqa: E402
from review_service.cases.models import Case  # noqa: E402
from review_service.domain.calendar import calendar_for  # noqa: E402
from review_service.domain.notice_reader import read_notice  # noqa: E402
from review_service.extensions import commit, database, db_session  # noqa: E402
from tests.factories import create_authority, create_user  # noqa: E402
from tests.staff.test_queue import bulk_cases  # noqa: E402


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def queue_benchmark() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        migrate.upgrade(url)
        app = create_app(
            {
                "DATABASE_URL": url,
                "TESTING": True,
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            session = db_session()
            authority = create_authority(session)
            caseworker = create_user(session, Role.CASEWORKER, authority=authority)
            requester = create_user(session, Role.REQUESTER)
            commit()
            client = app.test_client()
            with client.session_transaction() as flask_session:
                flask_session["_user_id"] = str(caseworker.id)
            statements: list[str] = []
            engine = database(app).engine
            event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
            print("queue page (first 50 rows, due-date order):")
            baseline = None
            for total in (10, 1_000, 10_000):
                existing = session.scalar(select(func.count()).select_from(Case)) or 0
                bulk_cases(session, authority, requester, total - existing)
                commit()
                statements.clear()
                assert client.get("/staff").status_code == 200
                count = len(statements)
                seconds = median_seconds(lambda: client.get("/staff"), 15)
                baseline = baseline or seconds
                print(
                    f"  {total:>6} cases: {seconds * 1000:7.1f} ms median, {count} SQL "
                    f"statements, {seconds / baseline:4.1f}x the 10-case time"
                )


def domain_benchmark() -> None:
    calendar = calendar_for("foia")
    start = dt.date(2026, 1, 5)
    seconds = median_seconds(lambda: [calendar.add_working_days(start, 40) for _ in range(1000)], 5)
    print(f"working days: 1,000 forty-day deadlines in {seconds * 1000:.1f} ms")
    sample = ROOT.parent / "shared" / "samples" / "mps-refusal-notice-2018030000548.txt"
    if sample.exists():
        text = sample.read_text(encoding="utf-8")
        seconds = median_seconds(lambda: read_notice(text), 20)
        print(
            f"notice reader: the sample notice ({len(text):,} characters) in "
            f"{seconds * 1000:.1f} ms"
        )


if __name__ == "__main__":
    domain_benchmark()
    queue_benchmark()
