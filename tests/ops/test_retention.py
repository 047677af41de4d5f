"""Retention: ``review-service retention apply [--dry-run]`` anonymises the requester's personal
data in cases closed longer ago than their authority keeps it; the letters stay, and the
integrity check and the audit chain still hold."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from review_service import clock
from review_service.accounts.models import Role, User
from review_service.audit.models import AuditEvent
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.cases.services import GroundInput
from review_service.db import make_engine
from review_service.documents.services import check_upload, store_document, stored_path
from review_service.domain.review import GroundKind
from review_service.extensions import commit
from review_service.letters.models import Letter
from review_service.privacy.retention import REMOVED, months_after, months_before
from review_service.regulator import services as regulator
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_case, create_staff, create_user, full_decision
from tests.ops.conftest import cli

NAME, EMAIL = "Olwen Pritchard", "olwen.pritchard@example.org"
ADDRESS = ("7 Heol y Felin", "Aberteifi", "SA43 1AA")
CLOSED = dt.date(2026, 10, 19)
DUE = dt.date(2027, 10, 19)  # twelve months later


@dataclasses.dataclass
class World:
    olwen: User
    rhodri: User
    due: list[Case]  # closed at the twelve-month authority on CLOSED
    not_due: list[Case]  # open, or at the six-year authority
    document_sha256: str
    caseworker: User


def all_rows(url: str) -> list[tuple[str, str, str]]:
    """Every value of every row of every table in the database, as text: (table, column,
    value). Letters' PDFs are left out: they are kept whole as the authority's record."""
    engine = make_engine(url)
    found = []
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                tables = conn.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'table'")
                ).scalars()
            else:
                tables = conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
            for table in list(tables):
                result = conn.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608
                columns = list(result.keys())
                for row in result:
                    for column, value in zip(columns, row, strict=True):
                        if (table, column) == ("letters", "pdf") or value is None:
                            continue
                        if isinstance(value, bytes | memoryview):
                            value = bytes(value).decode("latin-1")
                        found.append((table, column, str(value)))
    finally:
        engine.dispose()
    return found


def containing(rows: list[tuple[str, str, str]], *needles: str) -> list[tuple[str, str, str]]:
    return [row for row in rows if any(n.lower() in row[2].lower() for n in needles)]


@pytest.fixture
def world(app: Any, session: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 10, 20))
    kept_a_year = create_authority(session, retention_months=12)
    kept_six_years = create_authority(session)
    staff = create_staff(session, kept_a_year)
    olwen = create_user(session, Role.REQUESTER, name=NAME, email=EMAIL)
    olwen.postal_address = "\n".join(ADDRESS)
    rhodri = create_user(session, Role.REQUESTER, name="Rhodri Quayle")
    rhodri.postal_address = "1 Stryd Fawr\nLlandysul"
    mine = f"I am {NAME} of {', '.join(ADDRESS)}; write to {EMAIL}."

    decided = create_case(
        session, requester=olwen, authority=kept_a_year, request_text=f"Dear FOI team, {mine}",
        response_text=f"Dear Ms Pritchard, {ADDRESS[0]}. We neither confirm nor deny.",
        grounds=(GroundInput(GroundKind.PROVISION, mine, provision="s.24(2)"),),
    )  # fmt: skip
    cases.acknowledge(session, staff["caseworker"], decided, today=dt.date(2026, 10, 6))
    cases.assign(session, staff["caseworker"], decided, reviewer_id=staff["reviewer"].id)
    decision = full_decision(decided)
    reviews.save_decision(
        session, staff["reviewer"], decided,
        dataclasses.replace(
            decision, letter_summary="Thank you, Ms Pritchard, for asking us to look again.",
            internal_notes=f"Called {NAME} on 6 October.",
        ),
    )  # fmt: skip
    reviews.issue_decision(session, staff["reviewer"], decided, today=dt.date(2026, 10, 14))
    regulator.update_pack_answers(
        session, olwen, decided, challenge_text=mine, conduct_text=f"{NAME} was ignored.",
        previous_reference="FS50123456",
    )  # fmt: skip
    upload = check_upload("mine.txt", mine.encode(), max_bytes=1_000_000)
    document = store_document(
        session, olwen, upload, upload_dir=Path(app.config["UPLOAD_DIR"]), kind="request",
        title=f"Request from {NAME}", case=decided,
    )  # fmt: skip
    cases.close(session, staff["caseworker"], decided, reason="Review complete", today=CLOSED)

    withdrawn = create_case(session, requester=olwen, authority=kept_a_year)
    cases.withdraw(session, olwen, withdrawn, reason=f"{NAME} has the answer", today=CLOSED)

    rhodri_old = create_case(session, requester=rhodri, authority=kept_a_year,
                             request_text="Rhodri Quayle asks for the budget.")  # fmt: skip
    cases.close(session, staff["caseworker"], rhodri_old, reason="Done", today=CLOSED)
    rhodri_open = create_case(session, requester=rhodri, authority=kept_a_year)
    six_years = create_case(session, requester=rhodri, authority=kept_six_years)
    cases.close(session, staff["admin"], six_years, reason="Done", today=CLOSED)
    commit()
    return World(olwen, rhodri, [decided, withdrawn, rhodri_old], [rhodri_open, six_years],
                 document.sha256, staff["caseworker"])  # fmt: skip


def letters(session: Any) -> list[tuple[int, str, str]]:
    session.expire_all()
    return [
        (letter.id, letter.sha256, hashlib.sha256(letter.pdf).hexdigest())
        for letter in session.scalars(select(Letter).order_by(Letter.id))
    ]


def test_dry_run_lists_exactly_the_cases_due_and_changes_nothing(
    app: Any, session: Any, world: World
) -> None:
    before = all_rows(app.config["DATABASE_URL"])
    early = cli(app, "retention", "apply", "--dry-run", "--today", "2027-10-18")
    assert early.exit_code == 0, early.output
    assert "0 cases due on 2027-10-18." in early.output

    result = cli(app, "retention", "apply", "--dry-run", "--today", DUE.isoformat())
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.splitlines() if line.startswith("  ")]
    assert listed == [case.reference for case in world.due]
    assert f"3 cases due on {DUE}:" in result.output
    assert "closed 2026-10-19, kept 12 months, due 2027-10-19" in result.output
    assert "Dry run: nothing was changed." in result.output
    assert all_rows(app.config["DATABASE_URL"]) == before


def test_apply_leaves_no_name_email_or_address_and_keeps_the_letters(
    app: Any, session: Any, world: World
) -> None:
    url = app.config["DATABASE_URL"]
    assert containing(all_rows(url), NAME, EMAIL, *ADDRESS)  # the test looks where it should
    letters_before = letters(session)
    result = cli(app, "retention", "apply", "--today", DUE.isoformat())
    assert result.exit_code == 0, result.output
    assert "Anonymised 3 cases: removed 1 document (1 file)" in result.output
    assert "anonymised 1 requester account." in result.output

    rows = all_rows(url)
    assert containing(rows, NAME, EMAIL, *ADDRESS, "Pritchard") == []
    assert not stored_path(Path(app.config["UPLOAD_DIR"]), world.document_sha256).exists()
    assert letters(session) == letters_before  # kept whole, still matching their hashes
    assert cli(app, "check").exit_code == 0
    verified = cli(app, "audit", "verify")
    assert verified.exit_code == 0, verified.output

    session.expire_all()
    olwen = session.get(User, world.olwen.id)
    assert (olwen.name, olwen.password_hash, olwen.is_active) == ("Former requester", None, False)
    decided = session.get(Case, world.due[0].id)
    assert decided.anonymised_at is not None
    assert decided.information_request.text == REMOVED
    assert decided.regulator_challenge_text == REMOVED
    assert decided.previous_regulator_reference == ""
    assert decided.closure_reason == "Review complete"  # the authority's words stay
    # Rhodri still has an open case: his account stays; his old case's own text goes.
    rhodri = session.get(User, world.rhodri.id)
    assert rhodri.name == "Rhodri Quayle" and rhodri.anonymised_at is None
    old = session.get(Case, world.due[2].id)
    assert old.anonymised_at is not None and old.information_request.text == REMOVED
    for case in world.not_due:
        assert session.get(Case, case.id).anonymised_at is None
    events = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("anonymise%"))
    ).all()
    assert sorted(events) == ["anonymise", "anonymise", "anonymise", "anonymise_account"]

    again = cli(app, "retention", "apply", "--today", DUE.isoformat())
    assert "0 cases due on 2027-10-19." in again.output


def test_months_are_calendar_months_ending_on_the_last_day_of_a_short_month() -> None:
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2027, 10, 19), 12) == dt.date(2026, 10, 19)
    assert months_before(dt.date(2026, 1, 15), 72) == dt.date(2020, 1, 15)
    assert months_after(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)


def test_the_staff_case_page_says_the_letters_are_kept_as_the_record(
    app: Any, client: Any, world: World
) -> None:
    assert cli(app, "retention", "apply", "--today", DUE.isoformat()).exit_code == 0
    client.sign_in_as(world.caseworker)
    page = client.get(f"/staff/cases/{world.due[0].reference}")
    assert page.status_code == 200
    note = client.last_page.text
    assert "The requester's personal data was removed from this case on" in note
    assert "(12 months after closure)" in note
    assert "kept unchanged as the authority's record" in note
