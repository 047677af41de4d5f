"""A letter sent by e-mail is stored once (issue 13): the outbox attachment refers to the letter
and the worker reads the letter's PDF when it sends; migration 0015 points the copies already
in the outbox at their letters, keeps every other attachment's bytes, and gives the copies back
when downgraded."""

from __future__ import annotations

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from review_service import migrate
from review_service.db import make_engine, make_sessionmaker
from review_service.letters.models import Letter
from review_service.mail.models import OutboxAttachment, OutboxMessage
from review_service.mail.services import queue_email
from review_service.mail.worker import build_message
from tests.letters.test_one_version_migration import _case_with_an_outcome_letter
from tests.test_migrations import empty_database  # noqa: F401 - the fixture

BEFORE = "0014"
SENDER = "Review service <noreply@example.org>"


def _attached(email) -> list[tuple[str, bytes]]:  # type: ignore[no-untyped-def]
    return [(part.get_filename(), part.get_content()) for part in email.iter_attachments()]


def _a_letter(url: str) -> tuple[int, int, Engine, Session]:
    """The newest schema with a case and its outcome letter (its PDF is b"%PDF-1")."""
    migrate.upgrade(url)
    case_id, letter_id = _case_with_an_outcome_letter(url)
    engine = make_engine(url)
    return case_id, letter_id, engine, make_sessionmaker(engine)()


def test_an_emailed_letter_is_not_copied(empty_database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url = empty_database
    case_id, letter_id, engine, session = _a_letter(url)
    letter = session.get(Letter, letter_id)
    message = queue_email(
        session,
        to="jo@example.org",
        subject="Outcome",
        body="Attached.",
        attachments=(
            ("outcome.pdf", "application/pdf", letter),
            ("notes.txt", "text/plain", b"Some notes"),
        ),
    )
    session.commit()
    assert message is not None
    letter_copy, notes = session.scalars(
        select(OutboxAttachment).order_by(OutboxAttachment.id)
    ).all()
    assert (letter_copy.letter_id, letter_copy.content) == (letter_id, None)
    assert (notes.letter_id, notes.content) == (None, b"Some notes")
    # The outbox holds no PDF bytes at all: only the letter does.
    stored = session.scalar(select(func.sum(func.length(OutboxAttachment.content))))
    assert stored == len(b"Some notes")
    session.close()

    fresh = make_sessionmaker(engine)()
    sent = build_message(fresh.get(OutboxMessage, message.id), SENDER)  # type: ignore[arg-type]
    assert _attached(sent) == [("outcome.pdf", b"%PDF-1"), ("notes.txt", "Some notes")]
    fresh.close()
    engine.dispose()


def test_copies_already_in_the_outbox_become_references(empty_database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url = empty_database
    case_id, letter_id, engine, session = _a_letter(url)
    for case in (case_id, None):
        session.add(OutboxMessage(to_address="jo@example.org", subject="S", body="B", case_id=case))
    session.commit()
    of_the_case, of_no_case = session.scalars(
        select(OutboxMessage.id).order_by(OutboxMessage.id)
    ).all()
    session.close()
    migrate.downgrade(url, BEFORE)
    rows = [
        (of_the_case, "outcome.pdf", "application/pdf", b"%PDF-1"),  # a copy of the letter
        (of_the_case, "complaint.pdf", "application/pdf", b"%PDF-other"),  # not a letter
        (of_no_case, "outcome.pdf", "application/pdf", b"%PDF-1"),  # not this message's case
    ]
    with engine.begin() as conn:
        for message_id, filename, media_type, content in rows:
            conn.execute(
                text(
                    "INSERT INTO outbox_attachments (message_id, filename, media_type, content) "
                    "VALUES (:m, :f, :t, :c)"
                ),
                {"m": message_id, "f": filename, "t": media_type, "c": content},
            )

    migrate.upgrade(url)
    query = text(
        "SELECT message_id, filename, letter_id, content FROM outbox_attachments ORDER BY id"
    )
    with engine.connect() as conn:
        upgraded = [tuple(r) for r in conn.execute(query)]
    assert [(m, f, ref, bytes(c) if c is not None else None) for m, f, ref, c in upgraded] == [
        (of_the_case, "outcome.pdf", letter_id, None),
        (of_the_case, "complaint.pdf", None, b"%PDF-other"),
        (of_no_case, "outcome.pdf", None, b"%PDF-1"),
    ]
    session = make_sessionmaker(engine)()
    sent = build_message(session.get(OutboxMessage, of_the_case), SENDER)  # type: ignore[arg-type]
    assert _attached(sent) == [("outcome.pdf", b"%PDF-1"), ("complaint.pdf", b"%PDF-other")]
    session.close()

    migrate.downgrade(url, BEFORE)
    query = text("SELECT filename, content FROM outbox_attachments ORDER BY id")
    with engine.connect() as conn:
        downgraded = [(f, bytes(c)) for f, c in conn.execute(query)]
    assert downgraded == [(f, c) for _, f, _, c in rows]
    engine.dispose()
