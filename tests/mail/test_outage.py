"""Outage: a burst of 200 messages while the mail server is down, then up again. Two workers
run at once (threads, each with its own database connections); every message arrives exactly
once, counted by Message-ID at the server (aiosmtpd on loopback).

The back-off is the production one (a minute, doubling, for at least a day): a clock the test
moves stands in for the minutes passing, so the test takes seconds.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from review_service.extensions import database
from review_service.mail.worker import Batch, run_worker
from tests.mail.helpers import FakeClock, queue_many, rows, smtp_config
from tests.smtp import Inbox, free_port, serving

BURST = 200
DEADLINE = 120.0  # seconds of real time before the test gives up waiting


def _wait_for(condition: Any, what: str) -> None:
    give_up = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < give_up, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_a_burst_during_an_outage_arrives_exactly_once_with_two_workers(  # type: ignore[no-untyped-def]
    app, session, db_backend, record_property
) -> None:
    queue_many(session, BURST)
    sessions = database(app).sessionmaker
    port = free_port()  # nothing listens here yet: the mail server is down
    # A lease far longer than the test, so the moving clock never takes a message from a
    # worker in the middle of sending it (leases have their own test).
    config = smtp_config(app, port, MAIL_BATCH=10, MAIL_CLAIM_LEASE=30 * 24 * 3600)
    clock = FakeClock()
    stop = threading.Event()
    batches: dict[str, Counter[str]] = {"worker 1": Counter(), "worker 2": Counter()}

    def work(name: str) -> None:
        def count(batch: Batch) -> None:
            batches[name].update(sent=batch.sent, failed=batch.failed)

        run_worker(sessions, config, interval=0.01, stop=stop, now=clock, on_batch=count)

    workers = [threading.Thread(target=work, args=(name,), daemon=True) for name in batches]
    for worker in workers:
        worker.start()
    inbox = Inbox()
    try:
        # The first half of the burst meets the outage.
        _wait_for(
            lambda: (
                sum(r.attempts > 0 and r.last_error != "" for r in rows(sessions)) >= BURST // 2
            ),
            "half the burst to fail once",
        )
        with serving(inbox, port):
            # The server is back; time passes (a minute at a time) until everything is out.
            def all_sent() -> bool:
                clock.advance(minutes=1)
                return all(r.status == "sent" for r in rows(sessions))

            _wait_for(all_sent, "every message to be sent")
            stop.set()
            for worker in workers:
                worker.join(timeout=DEADLINE)
    finally:
        stop.set()
    assert not any(worker.is_alive() for worker in workers)

    stored = rows(sessions)
    arrived = Counter(str(message["Message-ID"]) for message in inbox.messages)
    assert len(stored) == BURST
    assert arrived == Counter(row.message_id for row in stored)  # each exactly once
    assert set(arrived.values()) == {1}
    retried = sum(row.attempts > 1 for row in stored)
    assert retried >= BURST // 2
    assert all(row.status == "sent" and row.claim_token is None for row in stored)
    record_property(
        "figure",
        f"outage ({db_backend}): {BURST} messages, {len(inbox.messages)} received, "
        f"{len(arrived)} distinct Message-IDs, {retried} delivered after a retry; "
        + ", ".join(f"{name} sent {c['sent']} failed {c['failed']}" for name, c in batches.items()),
    )
