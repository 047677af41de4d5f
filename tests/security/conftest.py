"""The seeded world (tests/security/world.py), once per test process, with every caller ready.

The world lives in a database of its own, so the rest of the suite (which empties its database
after each test) never touches it. ``restore()`` puts the database back to the seeded state
before a request: on SQLite by copying the seeded file back, on PostgreSQL by running every
request inside a transaction that is rolled back (the app's commits become savepoints).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Connection, RootTransaction

from review_service import clock
from review_service.accounts.models import User
from review_service.extensions import database, db_session
from tests.conftest import IsolatedClient, _worker, drop_pg_database, fresh_pg_database
from tests.pages import PageClient
from tests.security.policy import CALLERS
from tests.security.world import TODAY, Clock, World, build_world


class FileSnapshot:
    """SQLite: the seeded file, copied back before each request."""

    def __init__(self, app: Flask, path: Path) -> None:
        self.app = app
        self.path = path
        self.template = path.with_name(path.name + ".seeded")
        database(app).engine.dispose()
        shutil.copyfile(path, self.template)

    def restore(self) -> None:
        database(self.app).engine.dispose()
        shutil.copyfile(self.template, self.path)
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        database(self.app).engine.dispose()


class TransactionSnapshot:
    """PostgreSQL: each request in an outer transaction that is rolled back afterwards."""

    def __init__(self, app: Flask) -> None:
        db = database(app)
        self.connection: Connection = db.engine.connect()
        self.transaction: RootTransaction | None = None
        db.sessionmaker.configure(bind=self.connection, join_transaction_mode="create_savepoint")

    def restore(self) -> None:
        if self.transaction is not None:
            self.transaction.rollback()
        self.transaction = self.connection.begin()

    def close(self) -> None:
        if self.transaction is not None:
            self.transaction.rollback()
        self.connection.close()


@dataclass
class WorldApp:
    """The app on the seeded world, and how each caller of the policy calls it."""

    app: Flask
    world: World
    snapshot: FileSnapshot | TransactionSnapshot
    cookies: dict[str, str] = field(default_factory=dict)  # caller -> session cookie
    csrf: dict[str, str] = field(default_factory=dict)  # caller -> CSRF token

    def restore(self) -> None:
        self.snapshot.restore()

    def call(
        self,
        caller: str,
        method: str,
        url: str,
        *,
        api: bool,
        session_only: bool = False,
        **kw: Any,
    ) -> Any:
        """Pages get the caller's session (and, for ``rvk``, the revoked token), the API only
        the caller's bearer token; ``session_only`` sends the session and no token."""
        client = self.app.test_client()
        if (session_only or not api) and self.cookies.get(caller):
            client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], self.cookies[caller])
        headers = dict(kw.pop("headers", {}))
        token = self.world.tokens.get(caller)
        if token is not None and not session_only and (api or caller == "rvk"):
            headers["Authorization"] = f"Bearer {token}"
        return client.open(url, method=method, headers=headers, **kw)


def _world_database(db_backend: str, migrated_database: str, folder: Path) -> Iterator[str]:
    from review_service import migrate

    if db_backend == "sqlite":
        path = folder / "world.sqlite3"
        shutil.copyfile(migrated_database.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    name = f"review_service_test_{_worker()}_world"
    url = fresh_pg_database(name)
    migrate.upgrade(url)
    yield url
    drop_pg_database(name)


@pytest.fixture(scope="session")
def world_app(
    db_backend: str, migrated_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorldApp]:
    from review_service import create_app

    folder = tmp_path_factory.mktemp("world")
    databases = _world_database(db_backend, migrated_database, folder)
    url = next(databases)
    app = create_app(
        {
            "TESTING": True,
            "ENVIRONMENT": "test",
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE_URL": url,
            "UPLOAD_DIR": folder / "uploads",
            "RATELIMIT_ENABLED": False,
            "BASE_URL": "http://localhost",
            "SERVER_NAME": "localhost",
        }
    )
    app.test_client_class = IsolatedClient
    seeding_clock = Clock()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", seeding_clock)
        world = build_world(app, seeding_clock)
        snapshot: FileSnapshot | TransactionSnapshot = (
            FileSnapshot(app, Path(url.removeprefix("sqlite:///")))
            if db_backend == "sqlite"
            else TransactionSnapshot(app)
        )
        env = WorldApp(app, world, snapshot)
        snapshot.restore()
        for caller in CALLERS:
            _sign_in(env, caller)
    yield env
    snapshot.close()
    database(app).engine.dispose()
    next(databases, None)


def _sign_in(env: WorldApp, caller: str) -> None:
    """The caller's session cookie (signed in, or anonymous) and its CSRF token."""
    pages = PageClient(env.app)
    signed_in = caller in env.world.users
    if signed_in:
        with env.app.app_context():
            pages.sign_in_as(db_session().get(User, env.world.users[caller]))
    page = pages.raw.get("/account/tokens" if signed_in else "/sign-in")
    assert page.status_code == 200, (caller, page.status_code)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    assert match, caller
    env.csrf[caller] = match.group(1)
    cookie = pages.raw.get_cookie(env.app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    env.cookies[caller] = cookie.value


@pytest.fixture(autouse=True)
def _world_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The services' "today" is the world's."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
