"""Shared fixtures: an app on a migrated database (SQLite by default, PostgreSQL with
``--db postgresql``), a session, and a page-checking client.

Each test gets an empty, migrated database: on SQLite a copy of a template file migrated
once per run; on PostgreSQL a per-worker database emptied after each test.
"""

from __future__ import annotations

import contextvars
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from review_service.db import make_engine
from review_service.models import Base
from tests.redis_server import redis_prefix, redis_url  # noqa: F401 - fixtures for every module
from tests.smtp import smtp  # noqa: F401 - the fixture, for every test module
from tests.staff import fresh_sessions  # noqa: F401 - for pytest.mark.usefixtures

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=["sqlite", "postgresql"],
        default=os.environ.get("TEST_DB", "sqlite"),
        help="database backend for tests that use one",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Conditional skips, decided once: PostgreSQL-only tests on SQLite, and the browser
    suite when Chromium is missing outside CI."""
    from tests.browser.helpers import CHROMIUM, browser_missing

    on_sqlite = config.getoption("--db") == "sqlite"
    no_browser = browser_missing()
    for item in items:
        if on_sqlite and item.get_closest_marker("postgresql_only"):
            item.add_marker(pytest.mark.skipif(True, reason="needs PostgreSQL (--db postgresql)"))
        if no_browser and item.get_closest_marker("browser"):
            item.add_marker(
                pytest.mark.skipif(True, reason=f"Chromium is not installed at {CHROMIUM}")
            )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The figures tests record, printed after the run (also from xdist workers).

    A test records a line with ``record_property("figure", "race acknowledge: 1 success, ...")``
    and a count to add up with ``record_property("count:access policy: requests", 11)``.
    """
    counts: dict[str, int] = {}
    lines: list[str] = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for key, value in getattr(report, "user_properties", ()):
                if key == "figure":
                    lines.append(str(value))
                elif key.startswith("count:"):
                    counts[key[6:]] = counts.get(key[6:], 0) + int(value)
    if not (counts or lines):
        return
    terminalreporter.section("figures")
    for name, total in sorted(counts.items()):
        terminalreporter.write_line(f"{name}: {total:,}")
    for line in sorted(lines):
        terminalreporter.write_line(line)


def _worker() -> str:
    """This test process's name in shared services: the xdist worker, plus a short tag of the
    checkout, so that two checkouts on one machine never share a PostgreSQL database."""
    import hashlib

    checkout = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
    return f"{checkout}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _pg_url(name: str) -> str:
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def _pg_admin(statement: str) -> None:
    admin = create_engine(
        PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(statement))
    admin.dispose()


def fresh_pg_database(name: str) -> str:
    """An empty PostgreSQL database of this name (dropped first if left over); its URL."""
    drop_pg_database(name)
    _pg_admin(f'CREATE DATABASE "{name}"')
    return _pg_url(name)


def drop_pg_database(name: str) -> None:
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_database_url(db_backend: str, tmp_path: Path, name: str) -> Iterator[str]:
    """The URL of a second, empty database of the backend, ``name`` in this worker's (a file in
    ``tmp_path`` for SQLite), dropped afterwards: yield from it in a fixture."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        return
    database = f"review_service_{name}_{_worker()}"
    yield fresh_pg_database(database)
    drop_pg_database(database)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Still argon2id, with the smallest cost: hashing dominates test time otherwise."""
    from argon2 import PasswordHasher

    from review_service.accounts import services

    original = services._hasher
    services._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    services._hasher = original


@pytest.fixture(scope="session")
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--db"))


@pytest.fixture(scope="session")
def migrated_database(db_backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated to head with Alembic: a template file or a per-worker database."""
    from review_service import migrate

    if db_backend == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        url = f"sqlite:///{path}"
        migrate.upgrade(url)
        return url
    url = fresh_pg_database(f"review_service_test_{_worker()}")
    migrate.upgrade(url)
    return url


@pytest.fixture
def database_url(migrated_database: str, db_backend: str, tmp_path: Path) -> Iterator[str]:
    if db_backend == "sqlite":
        template = Path(migrated_database.removeprefix("sqlite:///"))
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(template, copy)
        yield f"sqlite:///{copy}"
        return
    yield migrated_database
    engine = make_engine(migrated_database)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        # This worker's database: any other connection still open is a leftover of the test
        # that just ran (an unclosed session would otherwise block TRUNCATE's lock).
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production.

    The ``session`` fixture keeps an app context pushed for the test's own code. Without
    this, Flask would reuse that context for every request, sharing ``g`` between them:
    the signed-in user (Flask-Login caches it in ``g``), the CSRF token and the database
    session would leak from one request to the next and from the test into the app.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    from review_service import create_app

    app = create_app(
        {
            "TESTING": True,
            "ENVIRONMENT": "test",
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "UPLOAD_DIR": tmp_path / "uploads",
            "RATELIMIT_ENABLED": False,
            "BASE_URL": "http://localhost",
            "SERVER_NAME": "localhost",
        }
    )
    app.test_client_class = IsolatedClient
    yield app
    from review_service.extensions import database

    database(app).engine.dispose()


@pytest.fixture
def session(app):  # type: ignore[no-untyped-def]
    """The request-style session inside an app context (what services are given)."""
    from review_service.extensions import db_session

    with app.app_context():
        yield db_session()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from tests.pages import PageClient

    return PageClient(app)
