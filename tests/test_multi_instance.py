"""Several instances behind a load balancer: two real `review-service serve` processes on their
own ports share one PostgreSQL and one Redis (and one upload folder, as docs/deploying.md asks),
and what one does the other sees: documents, the end of a session, the second factor's step,
the sign-in limit."""

from __future__ import annotations

import datetime as dt
import html
import http.client
import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from review_service.accounts.models import Role, User
from review_service.accounts.services import create_api_token
from review_service.cases import services as cases
from review_service.mail.models import OutboxMessage
from tests.factories import PASSWORD, create_authority, create_case, create_staff, create_user
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


def _environment(
    database_url: str, upload_dir: Path, redis: tuple[str, str] | None = None
) -> dict[str, str]:
    shared_limits = (
        {"RATELIMIT_STORAGE_URI": redis[0], "RATELIMIT_KEY_PREFIX": redis[1]} if redis else {}
    )
    return {
        **shared_limits,
        **os.environ,
        "DATABASE_URL": database_url,
        "UPLOAD_DIR": str(upload_dir),
        "SECRET_KEY": "one-secret-for-every-instance-" + "x" * 20,
        "REVIEW_SERVICE_ENV": "test",
        "BASE_URL": "http://127.0.0.1",
        "WEB_CONCURRENCY": "1",
    }


@pytest.fixture
def instances(
    database_url: str, tmp_path: Path, redis_url: str, redis_prefix: str
) -> Iterator[tuple[Instance, Instance]]:
    env = _environment(database_url, tmp_path / "shared-uploads", (redis_url, redis_prefix))
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


class Browser:
    """One person's browser: the session cookie it holds, whichever instance it talks to (a
    load balancer without sticky sessions)."""

    def __init__(self) -> None:
        self.cookie = ""
        self.page = ""  # the last page's HTML (its form's CSRF token is sent with a POST)

    def request(self, instance: Instance, method: str, path: str, **form: str) -> tuple[int, str]:
        """Returns (status, the page's text or the redirect's target)."""
        headers = {"Cookie": f"session={self.cookie}"} if self.cookie else {}
        body = None
        if method == "POST":
            csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.page)
            assert csrf is not None, "no form on the last page"
            body = urlencode({**form, "csrf_token": html.unescape(csrf.group(1))}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, reply_headers, data = instance.request(method, path, body=body, headers=headers)
        cookie = re.match(r"session=([^;]*)", reply_headers.get("set-cookie", ""))
        if cookie is not None:
            self.cookie = cookie.group(1)
        if 300 <= status < 400:
            return status, reply_headers["location"]
        self.page = data.decode()
        return status, self.page

    def sign_in(self, instance: Instance, email: str, password: str = PASSWORD) -> tuple[int, str]:
        """Open the sign-in page at ``instance`` and post its form: (status, target or page)."""
        self.request(instance, "GET", "/sign-in")
        return self.request(instance, "POST", "/sign-in", email=email, password=password)

    def signed_in(self, instance: Instance, path: str = "/account/tokens") -> bool:
        headers = {"Cookie": f"session={self.cookie}"}
        return instance.request("GET", path, headers=headers)[0] == 200


def test_a_session_ended_on_one_instance_is_refused_by_the_other(
    session: Any, instances: tuple[Instance, Instance]
) -> None:
    first, second = instances
    requester = create_user(session, Role.REQUESTER)
    session.commit()
    browser = Browser()
    status, target = browser.sign_in(first, requester.email)
    assert status == 302 and target == "/", target
    stolen = Browser()
    stolen.cookie = browser.cookie  # a copy of the cookie, taken before signing out
    assert stolen.signed_in(first) and stolen.signed_in(second)
    browser.request(second, "GET", "/account/tokens")
    assert browser.request(second, "POST", "/sign-out")[0] == 302
    assert not stolen.signed_in(first)
    assert not stolen.signed_in(second)


def test_the_second_factor_works_across_instances_and_a_code_is_good_once_on_all(
    session: Any, instances: tuple[Instance, Instance]
) -> None:
    import pyotp

    first, second = instances
    admin = create_user(session, Role.ADMIN)
    session.commit()
    browser = Browser()
    status, target = browser.sign_in(first, admin.email)
    assert (status, target) == (302, "/sign-in/security-code")
    assert not browser.signed_in(second, "/admin")  # the password alone is no session
    assert browser.request(second, "GET", "/sign-in/security-code")[1].endswith("/set-up")
    status, page = browser.request(second, "GET", "/account/security/set-up")
    key = re.search(r'id="set-up-key">([A-Z2-7 ]+)<', page)
    assert status == 200 and key is not None
    totp = pyotp.TOTP(key.group(1).replace(" ", ""))
    code = totp.now()
    status, page = browser.request(first, "POST", "/account/security/set-up", code=code)
    assert status == 200 and "Save your recovery codes" in page
    assert browser.signed_in(second, "/admin")
    # The same code again, at the other instance: refused, since both share the database.
    again = Browser()
    again.sign_in(second, admin.email)
    again.request(second, "GET", "/sign-in/security-code")
    status, page = again.request(second, "POST", "/sign-in/security-code", code=code)
    assert status == 200 and "That code has been used already" in page
    assert not again.signed_in(first, "/admin")
    session.expire_all()
    assert session.get(User, admin.id).last_signed_in_at is not None


def test_the_sign_in_limit_is_shared_by_the_instances(
    session: Any, instances: tuple[Instance, Instance]
) -> None:
    first, second = instances
    target = create_user(session, Role.REQUESTER)
    session.commit()
    statuses = []
    for attempt in range(11):
        browser = Browser()
        instance = (first, second)[attempt % 2]
        status, _ = browser.sign_in(instance, target.email, "not the password")
        statuses.append(status)
    # Ten tries a minute per account (web/limits.py), counted together in Redis: each
    # instance alone has seen only five or six.
    assert statuses == [200] * 10 + [429]
