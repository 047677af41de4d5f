"""Fixtures for the operators' commands: a small history with every kind of record the
integrity check looks at, and a way to run a command against the test's database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from review_service import clock
from review_service.accounts.models import Role, User
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.cli import main
from review_service.documents.models import Document
from review_service.documents.services import check_upload, store_document
from review_service.extensions import commit
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_case, create_staff, create_user, full_decision


def cli(app: Any, *args: str, **env: str) -> Result:
    """Run ``review-service ARGS`` on the test's database and upload store."""
    runner = CliRunner(
        env={
            "DATABASE_URL": app.config["DATABASE_URL"],
            "UPLOAD_DIR": str(app.config["UPLOAD_DIR"]),
            "REVIEW_SERVICE_ENV": "test",
            **env,
        }
    )
    return runner.invoke(main, list(args), catch_exceptions=False)


@dataclass
class History:
    requester: User
    staff: dict[str, User]
    decided: Case  # acknowledged, assigned, decided (outcome letter) and closed
    extended: Case  # acknowledged and extended, still open
    received: Case  # just filed
    document: Document


@pytest.fixture
def history(app: Any, session: Any, monkeypatch: pytest.MonkeyPatch) -> History:
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 10, 20))
    authority = create_authority(session)
    staff = create_staff(session, authority)
    caseworker, reviewer = staff["caseworker"], staff["reviewer"]
    requester = create_user(
        session, Role.REQUESTER, name="Olwen Pritchard", email="olwen.pritchard@example.org"
    )
    requester.postal_address = "7 Heol y Felin\nAberteifi\nSA43 1AA"

    decided = create_case(session, requester=requester, authority=authority)
    cases.acknowledge(session, caseworker, decided, today=dt.date(2026, 10, 6))
    cases.assign(session, caseworker, decided, reviewer_id=reviewer.id)
    reviews.save_decision(session, reviewer, decided, full_decision(decided))
    reviews.issue_decision(session, reviewer, decided, today=dt.date(2026, 10, 14))
    notice = b"We neither confirm nor deny that we hold the information.\n"
    upload = check_upload("notice.txt", notice, max_bytes=10_000_000)
    document = store_document(
        session, requester, upload, upload_dir=Path(app.config["UPLOAD_DIR"]),
        kind="response", title="The refusal notice", case=decided,
    )  # fmt: skip
    cases.close(session, caseworker, decided, reason="Review complete", today=dt.date(2026, 10, 19))

    extended = create_case(session, requester=requester, authority=authority)
    cases.acknowledge(session, caseworker, extended, today=dt.date(2026, 10, 6))
    cases.extend(session, caseworker, extended, reason="Many documents to consider")

    received = create_case(session, requester=requester, authority=authority)
    commit()
    return History(requester, staff, decided, extended, received, document)
