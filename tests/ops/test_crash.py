"""Crash safety: the production server (`review-service serve`: gunicorn master, workers and
the e-mail sender) is killed with SIGKILL in the middle of a burst of API writes. After a
restart every write that was answered 2xx is there, and `review-service check` and
`review-service audit verify` pass."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from review_service.accounts.models import Role
from review_service.accounts.services import create_api_token
from tests.factories import create_authority, create_staff, create_user
from tests.smtp import free_port
from tests.test_multi_instance import Instance, _environment, _multipart

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.postgresql_only
WRITERS = 4  # requesters filing complaints and uploading documents, each on its own thread
ANSWERED_BEFORE_KILL = 40


@dataclass
class Server:
    """`review-service serve` in a process group of its own, so that SIGKILL reaches the
    master, its workers and the e-mail sender at once, as a machine losing power would."""

    env: dict[str, str]
    log: Path
    instance: Instance | None = None

    def start(self) -> Instance:
        port = free_port()
        with self.log.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own command
                [sys.executable, "-m", "review_service.cli", "serve",
                 "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--threads", "4"],
                env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.instance = Instance(port, process)
        deadline = time.monotonic() + 90
        while True:
            try:
                if self.instance.request("GET", "/healthz")[0] == 200:
                    return self.instance
            except OSError:
                pass
            assert process.poll() is None, self.log.read_text()[-3000:]
            assert time.monotonic() < deadline, "the server did not start in time"
            time.sleep(0.2)

    def kill(self) -> None:
        if self.instance is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.instance.process.pid, signal.SIGKILL)
        self.instance.process.wait(timeout=30)
        # Workers and the sender die with the group; wait until none of them is left.
        deadline = time.monotonic() + 30
        while _group_alive(self.instance.process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.instance = None


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    env = {
        **_environment(database_url, tmp_path / "uploads"),
        "RATELIMIT_ENABLED": "false",
        "SMTP_PORT": str(free_port()),  # nothing listens: mail waits in the outbox
    }
    running = Server(env, tmp_path / "server.log")
    try:
        yield running
    finally:
        running.kill()


@dataclass
class Answered:
    """What the server said it had done (2xx), by thread; and what never got an answer."""

    filed: dict[str, str] = field(default_factory=dict)  # reference -> requester token
    documents: dict[int, tuple[str, bytes]] = field(default_factory=dict)  # id -> token, bytes
    acknowledged: set[str] = field(default_factory=set)
    unanswered: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def count(self) -> int:
        return len(self.filed) + len(self.documents) + len(self.acknowledged)


def complaint(authority_id: int, n: int) -> dict[str, Any]:
    today = dt.date.today()
    return {
        "regime": "foia",
        "authority_id": authority_id,
        "request_reference": f"FOI-CRASH-{n}",
        "request_sent_on": (today - dt.timedelta(days=40)).isoformat(),
        "request_text": "How many drones does the force own?",
        "response_date": (today - dt.timedelta(days=10)).isoformat(),
        "response_text": "We neither confirm nor deny under section 24(2).",
        "provisions": [{"provision": "s.24(2)", "ncnd": True}],
        "grounds": [{"kind": "provision", "provision": "s.24(2)", "requester_text": f"No {n}."}],
    }


def burst(
    instance: Instance,
    answered: Answered,
    stop: threading.Event,
    authority_id: int,
    requester_tokens: list[str],
    caseworker_token: str,
) -> list[threading.Thread]:
    def call(method: str, path: str, token: str, body: bytes, kind: str) -> tuple[int, bytes]:
        return instance.request(
            method, path, body=body, headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": kind},
        )  # fmt: skip

    def requester(token: str, offset: int) -> None:
        n = offset
        while not stop.is_set():
            n += WRITERS
            try:
                status, _h, reply = call(
                    "POST", "/api/v1/cases", token,
                    json.dumps(complaint(authority_id, n)).encode(), "application/json",
                )  # fmt: skip
                if status != 201:
                    continue
                reference = json.loads(reply)["reference"]
                with answered.lock:
                    answered.filed[reference] = token
                content = f"Request {n} for the review, sent {time.time()}.\n".encode()
                body, kind = _multipart({"kind": "review_request"}, "request.txt", content)
                status, _h, reply = call(
                    "POST", f"/api/v1/cases/{reference}/documents", token, body, kind
                )
                if status == 201:
                    with answered.lock:
                        answered.documents[json.loads(reply)["id"]] = (token, content)
            except (OSError, http.client.HTTPException):
                with answered.lock:
                    answered.unanswered += 1
                return  # the server is gone

    def caseworker() -> None:
        done: set[str] = set()
        while not stop.is_set():
            with answered.lock:
                waiting = [r for r in answered.filed if r not in done]
            if not waiting:
                time.sleep(0.01)
                continue
            reference = waiting[0]
            done.add(reference)
            try:
                status, _h, _reply = call(
                    "POST", f"/api/v1/cases/{reference}/actions", caseworker_token,
                    json.dumps({"action": "acknowledge"}).encode(), "application/json",
                )  # fmt: skip
            except (OSError, http.client.HTTPException):
                with answered.lock:
                    answered.unanswered += 1
                return
            if status == 200:
                with answered.lock:
                    answered.acknowledged.add(reference)

    threads = [
        threading.Thread(target=requester, args=(token, i), daemon=True)
        for i, token in enumerate(requester_tokens)
    ]
    threads.append(threading.Thread(target=caseworker, daemon=True))
    for thread in threads:
        thread.start()
    return threads


def run_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "review_service.cli", *args],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_sigkill_during_a_burst_of_api_writes_loses_no_answered_write(
    session: Any, server: Server, record_property: Any
) -> None:
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requesters = [create_user(session, Role.REQUESTER) for _ in range(WRITERS)]
    tokens = [create_api_token(session, user, "crash test")[1] for user in requesters]
    caseworker_token = create_api_token(session, staff["caseworker"], "crash test")[1]
    session.commit()

    instance = server.start()
    answered, stop = Answered(), threading.Event()
    threads = burst(instance, answered, stop, authority.id, tokens, caseworker_token)
    deadline = time.monotonic() + 240
    while answered.count < ANSWERED_BEFORE_KILL and time.monotonic() < deadline:
        assert all(t.is_alive() for t in threads[:-1]), "a writer stopped before the kill"
        time.sleep(0.02)
    assert answered.count >= ANSWERED_BEFORE_KILL, server.log.read_text()[-3000:]
    server.kill()  # while the writers are still sending
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    with answered.lock:
        filed, documents = dict(answered.filed), dict(answered.documents)
        acknowledged, unanswered = set(answered.acknowledged), answered.unanswered

    instance = server.start()
    for reference, token in filed.items():
        status, _h, reply = instance.request(
            "GET", f"/api/v1/cases/{reference}", headers={"Authorization": f"Bearer {token}"}
        )
        assert status == 200, (reference, reply)
        case = json.loads(reply)
        if reference in acknowledged:
            assert case["acknowledged_on"] is not None, reference
    for document_id, (token, content) in documents.items():
        status, _h, data = instance.request(
            "GET", f"/api/v1/documents/{document_id}", headers={"Authorization": f"Bearer {token}"}
        )
        assert (status, hashlib.sha256(data).digest()) == (200, hashlib.sha256(content).digest())
    # The restarted server takes writes again.
    status, _h, reply = instance.request(
        "POST", "/api/v1/cases",
        body=json.dumps(complaint(authority.id, 0)).encode(),
        headers={"Authorization": f"Bearer {tokens[0]}", "Content-Type": "application/json"},
    )  # fmt: skip
    assert status == 201, reply
    server.kill()

    checked = run_command(server.env, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    verified = run_command(server.env, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    record_property(
        "figure",
        f"crash (SIGKILL of serve, PostgreSQL): {len(filed)} cases filed, {len(documents)} "
        f"documents and {len(acknowledged)} acknowledgements answered 2xx before the kill, all "
        f"present after restart; {unanswered} requests cut off; check and audit verify pass",
    )
