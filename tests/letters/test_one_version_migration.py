"""Migration one_letter_per_version: letters that share a version are numbered again before the
unique index on (case_id, kind, version) is made."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from review_service import migrate
from review_service.accounts.models import Authority, Role, User
from review_service.cases.models import Case, InformationRequest, RefusalNotice
from review_service.db import make_engine, make_sessionmaker
from review_service.letters.models import Letter
from tests.test_migrations import empty_database  # noqa: F401 - the fixture

DAY = dt.date(2026, 10, 20)


def _revision_before_it(url: str) -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config(url))
    (revision,) = (
        r for r in script.walk_revisions() if r.path.endswith("_one_letter_per_version.py")
    )
    assert isinstance(revision.down_revision, str)
    return revision.down_revision


def _case_with_an_outcome_letter(url: str) -> tuple[int, int]:
    """A case and its first outcome letter, written at the newest revision."""
    engine = make_engine(url)
    session = make_sessionmaker(engine)()
    authority = Authority(name="Testshire County Council")
    requester = User(email="jo@example.org", name="Jo", role=Role.REQUESTER.value)
    session.add_all([authority, requester])
    session.flush()
    request = InformationRequest(authority_id=authority.id, requester_id=requester.id)
    session.add(request)
    session.flush()
    notice = RefusalNotice(information_request_id=request.id)
    session.add(notice)
    session.flush()
    case = Case(
        reference="IR-2026-00001",
        authority_id=authority.id,
        requester_id=requester.id,
        information_request_id=request.id,
        refusal_notice_id=notice.id,
        regime="foia",
        status="decided",
        received_on=DAY,
        review_due_on=DAY,
        filed_by_id=requester.id,
    )
    session.add(case)
    session.flush()
    first = Letter(
        case_id=case.id,
        kind="outcome",
        title="Review outcome",
        letter_date=DAY,
        sha256="0" * 64,
        pdf=b"%PDF-1",
    )
    session.add(first)
    session.commit()
    ids = case.id, first.id
    session.close()
    engine.dispose()
    return ids


def test_letters_sharing_a_version_are_numbered_again_in_issue_order(empty_database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url = empty_database
    migrate.upgrade(url)
    case_id, first_id = _case_with_an_outcome_letter(url)
    migrate.downgrade(url, _revision_before_it(url))
    engine = make_engine(url)
    with engine.begin() as conn:
        for n in range(3):  # three corrections raced: all "version 2", all replacing the first
            conn.execute(
                text(
                    "INSERT INTO letters (case_id, kind, version, supersedes_id, title, "
                    "letter_date, issued_at, sha256, pdf) VALUES (:case, 'outcome', 2, :first, "
                    "'Review outcome (corrected)', :day, :at, :sha, :pdf)"
                ),
                {
                    "case": case_id,
                    "first": first_id,
                    "day": DAY,
                    "at": dt.datetime(2026, 10, 21, 9, n, tzinfo=dt.UTC),
                    "sha": str(n) * 64,
                    "pdf": b"%PDF-2",
                },
            )
    migrate.upgrade(url)

    session = make_sessionmaker(engine)()
    letters = session.scalars(select(Letter).order_by(Letter.id)).all()
    assert [(x.version, x.sha256[0]) for x in letters] == [(1, "0"), (2, "0"), (3, "1"), (4, "2")]
    assert [x.supersedes_id for x in letters] == [None] + [x.id for x in letters[:-1]]
    session.add(
        Letter(
            case_id=case_id,
            kind="outcome",
            version=4,
            title="Review outcome (corrected)",
            letter_date=DAY,
            sha256="9" * 64,
            pdf=b"%PDF-3",
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    session.close()
    engine.dispose()
