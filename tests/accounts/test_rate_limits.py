"""Rate limits in shared storage, per account as well as per client address, and behind a
configured number of trusted proxies (issue 9, finding 7).

These run against the machine's real Redis (tests/redis_server.py): skipped when it does
not answer, failed when it does not answer and CI=true."""

from __future__ import annotations

import contextlib
import html
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from review_service.accounts.models import Role
from review_service.extensions import commit, database
from tests.factories import create_user
from tests.pages import PageClient
from tests.servers import stop_server
from tests.smtp import free_port

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
WRONG = "not the password at all"


def limited_app(database_url: str, redis_url: str, prefix: str, **config: Any) -> Flask:
    from review_service import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": redis_url,
            "RATE_LIMIT_KEY_PREFIX": prefix,
            "SERVER_NAME": "localhost",
            **config,
        }
    )


@pytest.fixture
def limited(database_url, redis_url, redis_prefix) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    app = limited_app(database_url, redis_url, redis_prefix)
    yield app
    database(app).engine.dispose()


@pytest.fixture
def behind_one_proxy(database_url, redis_url, redis_prefix) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    app = limited_app(database_url, redis_url, redis_prefix, TRUSTED_PROXIES=1)
    yield app
    database(app).engine.dispose()


def post_from(app: Flask, url: str, data: dict[str, str], address: str, **headers: str) -> int:
    """POST a form (with its CSRF token) as a browser at client ``address`` would."""
    client = PageClient(app)
    client.raw.environ_base["REMOTE_ADDR"] = address
    token = client.csrf_token(url)
    response = client.raw.post(url, data={**data, "csrf_token": token}, headers=headers)
    return response.status_code


def wrong_sign_ins(app: Flask, email: str, address: str, forwarded: str | None = None) -> list[int]:
    """The answers to twelve sign-ins with a wrong password: the n-th (n from 0) for
    ``email.format(n)`` from client ``address``, with ``X-Forwarded-For: forwarded.format(n)``
    when ``forwarded`` is given."""
    return [
        post_from(
            app,
            "/sign-in",
            {"email": email.format(n), "password": WRONG},
            address,
            **({"X-Forwarded-For": forwarded.format(n)} if forwarded else {}),
        )
        for n in range(12)
    ]


def test_the_account_limit_holds_across_client_addresses(limited) -> None:  # type: ignore[no-untyped-def]
    with limited.app_context():
        from review_service.extensions import db_session

        create_user(db_session(), Role.REQUESTER, email="target@example.org")
        commit()
    answers = [
        post_from(
            limited, "/sign-in", {"email": "Target@Example.org", "password": WRONG}, f"10.0.0.{n}"
        )
        for n in range(1, 13)
    ]
    assert answers == [200] * 10 + [429] * 2


def test_one_client_address_is_limited_whatever_accounts_it_tries(limited) -> None:  # type: ignore[no-untyped-def]
    answers = wrong_sign_ins(limited, "person{}@example.org", "10.9.9.9")
    assert answers == [200] * 10 + [429] * 2


def test_x_forwarded_for_is_ignored_without_trusted_proxies(limited) -> None:  # type: ignore[no-untyped-def]
    answers = wrong_sign_ins(limited, "person{}@example.org", "10.9.9.9", "192.0.2.{}")
    assert answers == [200] * 10 + [429] * 2


def test_x_forwarded_for_is_the_client_behind_one_trusted_proxy(behind_one_proxy) -> None:  # type: ignore[no-untyped-def]
    # Twelve people behind the same proxy: each is counted on their own.
    answers = wrong_sign_ins(behind_one_proxy, "person{}@example.org", "10.0.0.1", "192.0.2.{}")
    assert answers == [200] * 12
    # One client reaching the proxy from one address, whatever it puts in front: only the
    # address the trusted proxy appended (the last one) counts.
    answers = wrong_sign_ins(
        behind_one_proxy, "other{}@example.org", "10.0.0.1", "203.0.113.{}, 198.51.100.7"
    )
    assert answers == [200] * 10 + [429] * 2


def test_registration_is_limited_per_address_registered(limited) -> None:  # type: ignore[no-untyped-def]
    data = {"name": "Someone", "email": "victim@example.org", "password": "a long passphrase!"}
    answers = [post_from(limited, "/register", data, f"10.1.0.{n}") for n in range(1, 8)]
    assert answers == [200] * 5 + [429] * 2


def test_password_resets_are_limited_per_address(limited) -> None:  # type: ignore[no-untyped-def]
    answers = [
        post_from(limited, "/forgot-password", {"email": "victim@example.org"}, f"10.2.0.{n}")
        for n in range(1, 8)
    ]
    assert answers == [200] * 5 + [429] * 2


def test_the_anonymous_api_is_limited_per_client_in_shared_storage(  # type: ignore[no-untyped-def]
    database_url,
    redis_url,
    redis_prefix,
) -> None:
    app = limited_app(database_url, redis_url, redis_prefix, API_TOOL_RATE_LIMIT="3 per minute")
    try:
        client = app.test_client()
        url = "/api/v1/deadlines?from=2026-10-05&working_days=20"
        answers = [
            client.get(url, environ_base={"REMOTE_ADDR": "10.3.0.1"}).status_code for _ in range(5)
        ]
        assert answers == [200] * 3 + [429] * 2
        assert client.get(url, environ_base={"REMOTE_ADDR": "10.3.0.2"}).status_code == 200
    finally:
        database(app).engine.dispose()


# -- two instances of the real server ------------------------------------------------------


def _start(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    script = Path(sys.executable).parent / "review-service"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "review_service.cli"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *command,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--no-send-mail",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, f"http://127.0.0.1:{port}"


def _wait(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited:\n{log.read_text(errors='replace')}", pytrace=False)
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
            urllib.request.urlopen(f"{url}/healthz", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"no answer from {url}:\n{log.read_text(errors='replace')}", pytrace=False)


def _wrong_sign_in(url: str, email: str) -> int:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{url}/sign-in", timeout=10) as page:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode())
    assert token is not None
    body = urllib.parse.urlencode(
        {"email": email, "password": WRONG, "csrf_token": html.unescape(token.group(1))}
    ).encode()
    try:
        with opener.open(f"{url}/sign-in", data=body, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_two_instances_sharing_redis_together_allow_only_the_limit(  # type: ignore[no-untyped-def]
    tmp_path,
    redis_url,
    redis_prefix,
) -> None:
    """The reported finding: with two workers, twice the limit got through. Two servers
    (separate processes, one worker each) on one database and one Redis, taking turns."""
    from review_service import migrate

    database_url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    migrate.upgrade(database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_hex(32),
        "REVIEW_SERVICE_ENV": "test",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": redis_prefix,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    servers = [_start(env, tmp_path / f"server{n}.log") for n in (1, 2)]
    try:
        for (process, url), n in zip(servers, (1, 2), strict=True):
            _wait(process, url, tmp_path / f"server{n}.log")
        answers = [_wrong_sign_in(servers[n % 2][1], f"person{n}@example.org") for n in range(16)]
    finally:
        for process, _url in servers:
            stop_server(process)
    assert answers == [200] * 10 + [429] * 6
