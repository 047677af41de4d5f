"""The outbox worker delivers over real SMTP (aiosmtpd on loopback): once, with the message's
own Message-ID on every attempt, retrying with back-off for a day, and failing at once (and
alone) a message that cannot be built."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from review_service.audit.chain import verify
from review_service.audit.models import AuditEvent
from review_service.config import ConfigError, load_config
from review_service.extensions import commit, database
from review_service.mail.models import MailStatus, OutboxAttachment, OutboxMessage
from review_service.mail.services import queue_email
from review_service.mail.worker import (
    Sender,
    Unbuildable,
    build_message,
    claim,
    retry_policy,
    send_pending,
)
from tests.mail.helpers import FakeClock, queue_many, rows, smtp_config
from tests.smtp import Inbox, free_port, serving

HOUR = dt.timedelta(hours=1)


def test_queued_mail_is_delivered_once_with_attachments(app, session, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    queued = queue_email(
        session,
        to="a@example.org",
        subject="Hello",
        body="Body text",
        attachments=(("letter.pdf", "application/pdf", b"%PDF-1.4 test"),),
    )
    commit()
    assert queued is not None
    config = smtp_config(app, port)
    sessions = database(app).sessionmaker
    assert send_pending(sessions, config) == (1, 0)
    assert send_pending(sessions, config) == (0, 0)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "a@example.org"
    assert message["Subject"] == "Hello"
    assert message["Message-ID"] == queued.message_id
    assert queued.message_id.endswith("@review-service.local>")
    parts = list(message.iter_attachments())
    assert [p.get_filename() for p in parts] == ["letter.pdf"]
    assert parts[0].get_content() == b"%PDF-1.4 test"
    [row] = rows(sessions)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")


def test_the_message_id_is_fixed_when_the_message_is_queued(app, session) -> None:  # type: ignore[no-untyped-def]
    app.config["MAIL_FROM"] = "Complaints <complaints@council.example>"
    first = queue_email(session, to="a@example.org", subject="s", body="b")
    second = queue_email(session, to="a@example.org", subject="s", body="b")
    commit()
    assert first is not None and second is not None
    assert first.message_id != second.message_id
    assert first.message_id.endswith("@council.example>")


def test_a_failed_delivery_waits_and_is_retried_with_the_same_message_id(app, session) -> None:  # type: ignore[no-untyped-def]
    queued = queue_email(session, to="b@example.org", subject="Retry me", body="x")
    commit()
    assert queued is not None
    sessions = database(app).sessionmaker
    clock = FakeClock()
    port = free_port()
    assert send_pending(sessions, smtp_config(app, port), now=clock) == (0, 1)
    [row] = rows(sessions)
    assert row.status == "pending" and row.attempts == 1 and "ConnectionRefused" in row.last_error
    assert row.next_attempt_at == clock() + dt.timedelta(minutes=1)
    inbox = Inbox()
    with serving(inbox, port):
        # Not due yet: the worker leaves it alone.
        assert send_pending(sessions, smtp_config(app, port), now=clock) == (0, 0)
        clock.advance(minutes=1)
        assert send_pending(sessions, smtp_config(app, port), now=clock) == (1, 0)
    assert [m["Message-ID"] for m in inbox.messages] == [queued.message_id]
    [row] = rows(sessions)
    assert row.status == "sent" and row.attempts == 2


def test_a_dedupe_key_queues_a_message_only_once(session) -> None:  # type: ignore[no-untyped-def]
    first = queue_email(session, to="c@example.org", subject="s", body="b", dedupe_key="k1")
    second = queue_email(session, to="c@example.org", subject="s", body="b", dedupe_key="k1")
    assert first is not None and second is None


# -- back-off ------------------------------------------------------------------------------


def test_the_production_back_off_doubles_and_retries_for_at_least_24_hours() -> None:
    policy = retry_policy(load_config({}))
    waits = policy.delays()
    assert waits[:4] == tuple(dt.timedelta(minutes=m) for m in (1, 2, 4, 8))
    assert max(waits) == 4 * HOUR
    assert all(b == min(2 * a, 4 * HOUR) for a, b in zip(waits, waits[1:], strict=False))
    assert sum(waits, dt.timedelta()) >= 24 * HOUR
    assert policy.max_attempts == len(waits) + 1 == 14  # as the README says
    longer = retry_policy(load_config({"MAIL_RETRY_HOURS": "72"}))
    assert sum(longer.delays(), dt.timedelta()) >= 72 * HOUR
    with pytest.raises(ConfigError, match="MAIL_RETRY_HOURS must be between 24"):
        load_config({"MAIL_RETRY_HOURS": "6"})


def test_a_message_is_failed_only_after_retrying_for_a_day(app, session) -> None:  # type: ignore[no-untyped-def]
    queued = queue_email(session, to="d@example.org", subject="Never arrives", body="x")
    commit()
    assert queued is not None
    sessions = database(app).sessionmaker
    config = smtp_config(app, free_port())
    clock = FakeClock()
    started = clock()
    attempts = 0
    while (row := rows(sessions)[0]).status == "pending":
        clock.to(row.next_attempt_at)
        assert send_pending(sessions, config, now=clock) == (0, 1)
        attempts += 1
        assert attempts <= 50
    assert row.status == "failed"
    assert attempts == row.attempts == retry_policy(config).max_attempts
    assert row.failed_at is not None and row.failed_at - started >= 24 * HOUR
    assert row.last_error.startswith(f"Gave up after {attempts} attempts over 2")
    assert "ConnectionRefusedError" in row.last_error
    # Failed messages are left alone until someone resends them.
    clock.advance(days=30)
    assert send_pending(sessions, config, now=clock) == (0, 0)
    session.expire_all()
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "email_failed"))
    assert event is not None and "d@example.org" not in event.summary
    assert event.after == {"outbox_message": queued.id, "attempts": attempts}
    assert verify(session).broken is None


# -- messages that cannot be built --------------------------------------------------------


def _message(**overrides: Any) -> OutboxMessage:
    values: dict[str, Any] = {
        "id": 7,
        "to_address": "e@example.org",
        "subject": "Subject",
        "body": "Body",
        "message_id": "<abc@review-service.local>",
        "created_at": dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC),
    } | overrides
    return OutboxMessage(**values)


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"to_address": "e@example.org\r\nBcc: all@example.org"}, "recipient's address"),
        ({"to_address": "two@example.org, three@example.org"}, "recipient's address"),
        ({"to_address": ""}, "recipient's address"),
        ({"subject": "Line\nbreak"}, "cannot be written as an e-mail"),
        ({"subject": ""}, "no subject"),
        ({"body": "  "}, "no text"),
        ({"message_id": ""}, "no usable Message-ID"),
    ],
)
def test_an_unbuildable_message_says_why(overrides: dict[str, Any], reason: str) -> None:
    with pytest.raises(Unbuildable, match=reason):
        build_message(_message(**overrides), "Review service <no-reply@review-service.local>")


def test_a_broken_attachment_makes_the_message_unbuildable() -> None:
    message = _message()
    broken = OutboxAttachment(id=3, filename="a.pdf", media_type="pdf", content=b"x")
    message.attachments.append(broken)
    with pytest.raises(Unbuildable, match="Attachment 3 has no content or no media type"):
        build_message(message, "no-reply@review-service.local")


def test_poison_one_unbuildable_message_among_50_fails_at_once_and_the_49_arrive(  # type: ignore[no-untyped-def]
    app, session, smtp, record_property
) -> None:
    inbox, port = smtp
    ids = queue_many(session, 50)
    poison = ids[20]
    session.execute(
        text("UPDATE outbox_messages SET to_address = :bad WHERE id = :id"),
        {"bad": "victim@example.org\r\nBcc: everyone@example.org", "id": poison},
    )
    session.commit()
    sessions = database(app).sessionmaker
    config = smtp_config(app, port)
    totals = Counter[str]()
    while sum(batch := send_pending(sessions, config, limit=10)):
        totals.update(sent=batch.sent, failed=batch.failed)
    assert totals == {"sent": 49, "failed": 1}
    by_id = {row.id: row for row in rows(sessions)}
    arrived = Counter(str(m["Message-ID"]) for m in inbox.messages)
    assert arrived == Counter(row.message_id for i, row in by_id.items() if i != poison)
    bad = by_id[poison]
    assert bad.status == "failed" and bad.attempts == 1
    assert bad.last_error.startswith("The recipient's address is not usable")
    record_property("figure", f"poison: 49 of 50 delivered, 1 failed at once: {bad.last_error}")


# -- crashes, leases, concurrent claims -----------------------------------------------------


def test_a_resend_after_a_crash_between_acceptance_and_commit_is_the_same_message(  # type: ignore[no-untyped-def]
    app, session, smtp, monkeypatch
) -> None:
    inbox, port = smtp
    queued = queue_email(session, to="f@example.org", subject="Once", body="x")
    commit()
    assert queued is not None
    sessions = database(app).sessionmaker
    config = smtp_config(app, port)
    clock = FakeClock()

    def crash(self: Sender, message_id: int) -> None:
        raise ConnectionResetError("the database went away before the commit")

    with monkeypatch.context() as patch:
        patch.setattr(Sender, "_sent", crash)
        assert send_pending(sessions, config, now=clock) == (0, 1)  # the server has it
    # Still claimed: nobody sends it again until the lease runs out...
    assert send_pending(sessions, config, now=clock) == (0, 0)
    clock.advance(seconds=config["MAIL_CLAIM_LEASE"])
    # ...then it goes again, as the same message.
    assert send_pending(sessions, config, now=clock) == (1, 0)
    assert [m["Message-ID"] for m in inbox.messages] == [queued.message_id] * 2
    assert inbox.messages[0]["Date"] == inbox.messages[1]["Date"]
    [row] = rows(sessions)
    assert row.status == "sent" and row.attempts == 2


def test_a_worker_that_died_gives_up_its_claim_when_the_lease_ends(app, session) -> None:  # type: ignore[no-untyped-def]
    ids = queue_many(session, 3)
    sessions = database(app).sessionmaker
    clock = FakeClock()
    lease = dt.timedelta(minutes=5)
    assert claim(sessions, "dead-worker", limit=10, at=clock(), lease_for=lease) == ids
    assert claim(sessions, "second", limit=10, at=clock() + lease / 2, lease_for=lease) == []
    assert claim(sessions, "second", limit=10, at=clock() + lease, lease_for=lease) == ids
    assert {row.claim_token for row in rows(sessions)} == {"second"}


def test_a_message_whose_worker_keeps_dying_is_failed_in_the_end(app, session) -> None:  # type: ignore[no-untyped-def]
    queue_many(session, 1)
    sessions = database(app).sessionmaker
    config = smtp_config(app, free_port())
    clock = FakeClock()
    lease = dt.timedelta(seconds=config["MAIL_CLAIM_LEASE"])
    for _ in range(retry_policy(config).max_attempts):
        assert len(claim(sessions, "dies", limit=1, at=clock(), lease_for=lease)) == 1
        clock.advance(seconds=lease.total_seconds())
    assert send_pending(sessions, config, now=clock) == (0, 1)
    [row] = rows(sessions)
    assert row.status == MailStatus.FAILED
    assert "the worker stopped while sending it" in row.last_error


@pytest.mark.postgresql_only
def test_postgresql_claims_skip_rows_another_worker_has_locked(app, session) -> None:  # type: ignore[no-untyped-def]
    ids = queue_many(session, 10)
    sessions = database(app).sessionmaker
    engine = database(app).engine
    with engine.connect() as other:
        # Another worker is in the middle of claiming the first five.
        other.execute(
            text("SELECT id FROM outbox_messages WHERE id <= :last FOR UPDATE"), {"last": ids[4]}
        )
        lease = dt.timedelta(minutes=5)
        taken = claim(sessions, "mine", limit=10, at=FakeClock()(), lease_for=lease)
        other.rollback()
    assert taken == ids[5:]


# -- nothing stops the worker ----------------------------------------------------------------


class _Picky:
    """A transport that breaks in an unexpected way on one message and delivers the rest."""

    def __init__(self, bad: int) -> None:
        self.bad = bad
        self.delivered: list[int] = []

    def send(self, email: Any, outbox_id: int) -> None:
        if outbox_id == self.bad:
            raise RuntimeError("something nobody expected")
        self.delivered.append(outbox_id)

    def close(self) -> None:
        pass


def test_an_unexpected_error_on_one_message_is_a_failed_attempt_and_the_rest_go(
    app, session
) -> None:  # type: ignore[no-untyped-def]
    ids = queue_many(session, 5)
    sessions = database(app).sessionmaker
    transport = _Picky(bad=ids[1])
    assert send_pending(sessions, app.config, transport=transport) == (4, 1)
    assert transport.delivered == [i for i in ids if i != ids[1]]
    by_id = {row.id: row for row in rows(sessions)}
    assert by_id[ids[1]].status == "pending"
    assert by_id[ids[1]].last_error == "RuntimeError: something nobody expected"


def test_the_worker_carries_on_after_the_database_fails(app, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from review_service.mail import worker

    queue_many(session, 2)
    sessions = database(app).sessionmaker
    transport = _Picky(bad=0)
    real_claim = worker.claim
    calls: list[str] = []
    stop = threading.Event()

    def flaky_claim(*args: Any, **kwargs: Any) -> list[int]:
        calls.append("claim")
        if len(calls) == 1:
            raise OperationalError("SELECT", {}, Exception("the database is restarting"))
        taken = real_claim(*args, **kwargs)
        if not taken:
            stop.set()  # everything is out
        return taken

    monkeypatch.setattr(worker, "claim", flaky_claim)
    monkeypatch.setattr(worker, "transport_for", lambda config: transport)
    runner = threading.Thread(
        target=worker.run_worker,
        args=(sessions, app.config),
        kwargs={"interval": 0.01, "stop": stop},
    )
    runner.start()
    runner.join(timeout=60)
    stop.set()
    assert not runner.is_alive()
    assert len(transport.delivered) == 2 and len(calls) >= 3


@pytest.mark.parametrize(
    "subject",
    [
        "Ref =?utf-8?q?x=0D=0ABcc:_all@victims.example?=",
        "Ref =?utf-8?b?DQpCY2M6IGFsbEB2aWN0aW1zLmV4YW1wbGUNCg0KZm9yZ2Vk?=",
        "Ref =?iso-8859-1?q?x=0A=0AContent-Type:_text/html?= tail",
        "Ref =?utf-8?q?x=E2=80=A8Bcc:_all@victims.example?=",
    ],
)
def test_an_encoded_word_in_a_subject_writes_no_header_and_no_body(subject: str) -> None:
    """Python 3.11's e-mail package decodes an encoded word in a header it is given and wrote
    what it decoded onto the wire: a CR LF in a typed reference became a header of its own."""
    email = build_message(_message(subject=subject), "no-reply@review-service.local")
    head = email.as_bytes().split(b"\n\n", 1)[0].decode("ascii")
    names = [line.split(":", 1)[0] for line in head.split("\n") if not line[:1].isspace()]
    assert names == [
        "From", "To", "Subject", "Date", "Message-ID",
        "Content-Type", "Content-Transfer-Encoding", "MIME-Version",
    ]  # fmt: skip
    assert "\r" not in head
    assert email["Subject"] == subject.replace("=?", "= ?")


def test_a_header_that_would_be_written_as_two_is_unbuildable(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("review_service.mail.worker.literal_header_text", lambda text: text)
    with pytest.raises(Unbuildable, match="Subject header would not be written as one header"):
        build_message(
            _message(subject="=?utf-8?q?x=0D=0ABcc:_y@example.org?="), "no-reply@example.org"
        )
