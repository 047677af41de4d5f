"""The server the browser suite runs against starts cleanly."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer


def test_first_worker_answers_without_hanging(live_server: LiveServer) -> None:
    # `review-service serve` starts its outbox-sender thread in the gunicorn master (in
    # when_ready), before the workers are forked. A worker forked while that thread is inside
    # SQLite inherits SQLite's memory mutex locked and hangs on its first database connection
    # until gunicorn kills it after 30 s ("WORKER TIMEOUT"). The fixture kills such a worker
    # after a few seconds so the rest of the suite can run; this test reports it.
    if live_server.hung_workers or "WORKER TIMEOUT" in live_server.log():
        pytest.fail(
            f"gunicorn worker(s) {list(live_server.hung_workers)} booted but never answered "
            "/healthz (killed by the suite); the first request was answered after "
            f"{live_server.started_in:.1f}s. Start the outbox sender without forking "
            "workers from a process whose thread is using SQLite (e.g. a separate process, "
            "or after the workers are forked).",
            pytrace=False,
        )
