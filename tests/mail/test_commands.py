"""The outbox commands: ``review-service worker`` (what ``serve`` starts), ``outbox send`` and
``outbox status``; under development settings with no SMTP_HOST they write .eml files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from review_service.extensions import commit
from review_service.mail.services import queue_email
from tests.mail.helpers import queue_many

REPO = Path(__file__).resolve().parent.parent.parent


def _env(database_url: str, mail_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "MAIL_"))}
    return {
        **env,
        "REVIEW_SERVICE_ENV": "development",
        "DATABASE_URL": database_url,
        "MAIL_DIR": str(mail_dir),
        **extra,
    }


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "review_service.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_worker_command_sends_as_mail_is_queued_and_stops_on_sigterm(  # type: ignore[no-untyped-def]
    app, session, database_url: str, tmp_path: Path
) -> None:
    mail_dir = tmp_path / "mail"
    worker = subprocess.Popen(
        [sys.executable, "-m", "review_service.cli", "worker", "--interval", "0.2"],
        cwd=REPO,
        env=_env(database_url, mail_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        queued = queue_email(session, to="g@example.org", subject="While you wait", body="Hi")
        commit()
        assert queued is not None
        give_up = time.monotonic() + 60
        while not list(mail_dir.glob("*.eml")):
            assert worker.poll() is None, worker.communicate()
            assert time.monotonic() < give_up, "the worker wrote no .eml file"
            time.sleep(0.1)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, err
    assert f"Outbox worker sending as .eml files in {mail_dir}" in out
    assert "Sent 1, not sent 0." in out
    [eml] = mail_dir.glob("*.eml")
    assert eml.name.endswith(f"-message-{queued.id}.eml")
    message: Any = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert (message["To"], message["Subject"]) == ("g@example.org", "While you wait")
    assert message["Message-ID"] == queued.message_id


def test_outbox_send_and_status(app, session, database_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queue_many(session, 3)
    env = _env(database_url, tmp_path / "mail")
    assert _cli("outbox", "status", env=env).stdout.startswith(
        "Pending 3 (due now 3, retrying 0), failed 0, sent 0."
    )
    sent = _cli("outbox", "send", env=env)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == "Sent 3, not sent 0."
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 3
    assert _cli("outbox", "status", env=env).stdout.startswith(
        "Pending 0 (due now 0, retrying 0), failed 0, sent 3."
    )
