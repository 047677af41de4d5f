"""``review-service seed-load``: a realistic history whose cases behave like real ones."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from review_service import clock
from review_service.accounts.models import Authority, Role, User
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case, CitedProvision
from review_service.cases.policy import authority_policy
from review_service.documents.models import Document
from review_service.domain import deadlines
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.review import derive_outcome
from review_service.letters.models import Letter
from review_service.reviews.models import ReviewDecision
from review_service.seed_load import seed_load
from tests.factories import create_case

TODAY = dt.date(2026, 10, 7)


@pytest.fixture
def seeded(app, session):  # type: ignore[no-untyped-def]
    upload_dir = Path(app.config["UPLOAD_DIR"])
    return seed_load(session, cases=400, authorities=5, today=TODAY, upload_dir=upload_dir)


def test_every_state_is_seeded_and_closed_history_is_about_half(session, seeded) -> None:
    statuses = Counter(
        dict(session.execute(select(Case.status, func.count()).group_by(Case.status)).all())
    )
    assert set(statuses) == {s.value for s in CaseStatus}
    closed = statuses["closed"] + statuses["withdrawn"]
    assert 0.42 <= closed / 400 <= 0.62
    assert {r for (r,) in session.execute(select(Case.regime).distinct())} == {
        "foia",
        "eir",
        "foisa",
    }
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    assert 8 <= events / 400 <= 12
    requesters = session.scalar(select(func.count()).where(User.role == Role.REQUESTER.value))
    assert requesters == 133
    assert session.scalar(select(func.count()).select_from(Authority)) == 5
    assert session.scalar(select(func.count()).select_from(Letter)) > 400
    assert session.scalar(select(func.count()).select_from(Document)) > 800
    provisions = session.scalar(select(func.count(func.distinct(CitedProvision.section))))
    assert provisions >= 12


def test_deadlines_and_outcomes_are_the_ones_the_domain_computes(session, seeded) -> None:
    for case in session.scalars(select(Case).limit(150)):
        due = deadlines.review_response_due(
            case.regime,
            case.received_on,
            extended=case.extended,
            policy=authority_policy(case.authority),
        )
        assert case.review_due_on == due.due, case.reference
        assert case.reference == f"IR-{case.received_on.year}-{case.id:05d}"
        assert case.received_on <= TODAY
        if case.outcome is not None:
            decision = session.scalar(
                select(ReviewDecision).where(ReviewDecision.case_id == case.id)
            )
            assert decision is not None
            grounds = {f.ground_id: f.upheld for f in decision.ground_findings}
            outcome = derive_outcome(
                [(g.kind, grounds[g.id]) for g in case.grounds],
                [f.finding for f in decision.provision_findings],
                releasing_information=bool(decision.released_information),
            )
            assert case.outcome == outcome.value, case.reference
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)
        ).all()
        assert events[0].action == "file"
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert events[-1].after.get("status", case.status) == case.status


def test_seeded_cases_work_in_the_pages_and_new_cases_follow_them(
    session, seeded, client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    case = session.scalar(
        select(Case).where(Case.status == CaseStatus.IN_REVIEW.value).order_by(Case.id).limit(1)
    )
    worker = session.scalar(
        select(User).where(User.role == "caseworker", User.authority_id == case.authority_id)
    )
    client.sign_in_as(worker)
    page = client.get(f"/staff/cases/{case.reference}")
    assert page.status_code == 200
    assert client.get("/staff").status_code == 200
    document = session.scalar(select(Document).where(Document.case_id == case.id).limit(1))
    download = client.get(f"/documents/{document.id}")
    assert download.status_code == 200 and len(download.data) == document.size
    client.sign_out()
    client.sign_in_as(case.requester)
    assert client.get(f"/complaints/{case.reference}").status_code == 200
    # The id sequences moved past the seeded rows: a new complaint files normally.
    filed = create_case(session, authority=case.authority)
    assert filed.id > case.id


def test_the_command_seeds_the_configured_database_and_refuses_nonsense(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "REVIEW_SERVICE_ENV": "development",
    }

    def seed_load(cases: str, **more_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "review_service.cli", "seed-load", "--cases", cases],
            capture_output=True,
            text=True,
            env={**env, **more_env},
            timeout=300,
            check=False,
        )

    done = seed_load("60")
    assert done.returncode == 0, done.stderr
    assert "Seeded 60 cases for 25 authorities and 20 requesters" in done.stdout
    if database_url.startswith("postgresql"):
        # As after a while in service: the cases' pages are all-visible, so counts of open
        # cases read their index alone (the batches' asynchronous commits had left none so).
        from sqlalchemy import text

        from review_service.db import make_engine

        engine = make_engine(database_url)
        with engine.connect() as connection:
            pages, visible = connection.execute(
                text("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'cases'")
            ).one()
        engine.dispose()
        assert pages > 0 and visible == pages
    refused = seed_load("0")
    assert refused.returncode == 2 and "--cases" in refused.stderr
    production = seed_load("5", REVIEW_SERVICE_ENV="production", SECRET_KEY="x" * 40)
    assert production.returncode == 2 and "not in production" in production.stderr


@pytest.mark.postgresql_only
def test_seeding_leaves_the_search_indexes_as_the_migrations_set_them(session, seeded) -> None:  # type: ignore[no-untyped-def]
    """Seeding lets the GIN indexes keep long pending lists while it writes (faster), then puts
    back their own limit (migration 0020); its VACUUM merges the lists."""
    rows = session.execute(
        text(
            "SELECT relname, reloptions FROM pg_class "
            "WHERE relname IN ('ix_search_case_search_document', 'ix_search_case_search_open')"
        )
    ).all()
    assert {name: options for name, options in rows} == {
        "ix_search_case_search_document": ["gin_pending_list_limit=256"],
        "ix_search_case_search_open": ["gin_pending_list_limit=256"],
    }
