"""The schema comes only from migrations: the models must match it, and every migration
must upgrade and downgrade cleanly (on SQLite and, with --db postgresql, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from review_service import migrate
from review_service.db import make_engine
from review_service.models import Base
from tests.conftest import empty_database_url


@pytest.fixture
def empty_database(db_backend: str, tmp_path: Path) -> Iterator[str]:
    yield from empty_database_url(db_backend, tmp_path, "migrations")


def revisions_in_order(url: str) -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config(url))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_there_is_one_head_and_revisions_are_numbered(empty_database: str) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(empty_database))
    assert len(script.get_heads()) == 1
    for number, revision in enumerate(revisions_in_order(empty_database), start=1):
        assert revision == f"{number:04d}"


# Search structures that exist only in the database (migration 0004): the SQLite FTS5 table
# (and the shadow tables FTS5 keeps) and the PostgreSQL trigram indexes. No model maps them.
def _search_only(difference: object) -> bool:
    if not isinstance(difference, tuple) or len(difference) < 2:
        return False
    kind, target = difference[0], difference[1]
    name = getattr(target, "name", "") or ""
    if kind == "remove_table":
        return name.startswith("case_search")
    if kind == "remove_index":
        return name.startswith("ix_search_")
    return False


def test_models_match_the_migrated_schema(migrated_database: str) -> None:
    engine = make_engine(migrated_database)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert [d for d in differences if not _search_only(d)] == []


def test_the_search_indexes_survive_every_migration(migrated_database: str) -> None:
    """A batch migration that recreates cases, users or information_requests on SQLite drops
    their triggers: it must create the case_search triggers again (see 0004). On PostgreSQL
    the search reads the case_search table (0017): its trigram index and the triggers that
    keep it up to date must stay."""
    engine = make_engine(migrated_database)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            expected = {
                "case_search_case_added",
                "case_search_case_changed",
                "case_search_case_removed",
                "case_search_name_changed",
                "case_search_request_changed",
            }
        else:
            found = set(
                conn.scalars(
                    text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%'")
                )
            ) | set(conn.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
            expected = {
                "ix_search_case_search_document",
                "ix_search_case_search_open",
                "case_search_case_added",
                "case_search_case_changed",
                "case_search_name_changed",
                "case_search_request_changed",
            }
    engine.dispose()
    assert found >= expected


def test_every_migration_upgrades_and_downgrades(empty_database: str) -> None:
    revisions = revisions_in_order(empty_database)
    engine = make_engine(empty_database)
    for revision in revisions:
        migrate.upgrade(empty_database, revision)
        assert migrate.current_revision(engine) == revision
    engine.dispose()
    engine = make_engine(empty_database)
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    engine.dispose()
    for previous in [*reversed(revisions[:-1]), "base"]:
        migrate.downgrade(empty_database, previous)
        engine = make_engine(empty_database)
        assert migrate.current_revision(engine) == (None if previous == "base" else previous)
        engine.dispose()
    engine = make_engine(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(empty_database)
    engine = make_engine(empty_database)
    assert migrate.current_revision(engine) == revisions[-1]
    engine.dispose()
