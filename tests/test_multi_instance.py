"""Several instances behind a load balancer: two real `review-service serve` processes on their
own ports share one PostgreSQL (and one upload folder, as docs/deploying.md asks), and what
one does the other sees."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from review_service.accounts.models import Role
from review_service.accounts.services import create_api_token
from review_service.cases import services as cases
from review_service.mail.models import OutboxMessage
from tests.factories import create_authority, create_case, create_staff, create_user
from tests.smtp import free_port

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.postgresql_only


@dataclass
class Instance:
    port: int
    process: subprocess.Popen[bytes]

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()


def _environment(database_url: str, upload_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "UPLOAD_DIR": str(upload_dir),
        "SECRET_KEY": "one-secret-for-every-instance-" + "x" * 20,
        "REVIEW_SERVICE_ENV": "test",
        "BASE_URL": "http://127.0.0.1",
        "WEB_CONCURRENCY": "1",
    }


@pytest.fixture
def instances(database_url: str, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    env = _environment(database_url, tmp_path / "shared-uploads")
    started: list[Instance] = []
    logs = []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = (tmp_path / f"instance-{name}.log").open("wb")
            logs.append(log)
            process = subprocess.Popen(  # noqa: S603 - our own command
                [sys.executable, "-m", "review_service.cli", "serve", "--no-send-mail",
                 "--host", "127.0.0.1", "--port", str(port)],
                env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            started.append(Instance(port, process))
        deadline = time.monotonic() + 90
        for instance in started:
            while True:
                try:
                    if instance.request("GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert instance.process.poll() is None, "an instance stopped while starting"
                assert time.monotonic() < deadline, "an instance did not start in time"
                time.sleep(0.2)
        yield started[0], started[1]
    finally:
        for instance in started:
            instance.process.terminate()
        for instance in started:
            try:
                instance.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                instance.process.kill()
        for log in logs:
            log.close()


def _multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_a_document_uploaded_through_one_instance_downloads_through_the_other(
    session: Any, instances: tuple[Instance, Instance]
) -> None:
    first, second = instances
    requester = create_user(session, Role.REQUESTER)
    case = create_case(session, requester=requester)
    _, token = create_api_token(session, requester, "two instances")
    session.commit()
    content = b"Dear FOI team,\n\nPlease find my request attached.\n"
    body, content_type = _multipart({"kind": "correspondence"}, "letter.txt", content)
    status, _, reply = first.request(
        "POST",
        f"/api/v1/cases/{case.reference}/documents",
        body=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    assert status == 201, reply
    document_id = json.loads(reply)["id"]
    status, headers, data = second.request(
        "GET", f"/api/v1/documents/{document_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert status == 200 and data == content
    assert headers["content-type"].startswith("text/plain")


def test_reminders_run_on_both_machines_at_once_queue_each_reminder_once(
    session: Any, database_url: str, tmp_path: Path
) -> None:
    authority = create_authority(session)
    staff = create_staff(session, authority)
    for _ in range(4):
        case = create_case(
            session,
            authority=authority,
            today=dt.date(2026, 3, 12),
            request_sent_on=dt.date(2026, 2, 2),
            response_date=dt.date(2026, 3, 3),
        )
        cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    session.commit()
    env = _environment(database_url, tmp_path / "uploads")
    command = [sys.executable, "-m", "review_service.cli", "reminders", "--today", "2026-04-15"]
    runs = [
        subprocess.Popen(  # noqa: S603 - our own command
            command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    queued = sorted(int(out.split()[1]) for out, _err in outputs)
    # Three reminders per overdue case (reviewer, caseworker, requester): all from one run.
    assert queued == [0, 12]
    session.expire_all()
    total = session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.dedupe_key.like("reminder:%"))
    )
    assert total == 12
