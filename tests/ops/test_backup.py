"""``review-service backup DIR`` and ``restore DIR``: a round trip gives back the same cases,
letters, documents and audit chain, and every refusal says why and changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from review_service.db import make_engine
from review_service.documents.services import stored_path
from tests.conftest import empty_database_url
from tests.ops.conftest import History, cli


@pytest.fixture
def empty_database(db_backend: str, tmp_path: Path) -> Iterator[str]:
    """A second database, empty, to restore into."""
    yield from empty_database_url(db_backend, tmp_path, "restored")


def contents(url: str) -> dict[str, Any]:
    """What a round trip must keep: the cases, each letter's actual PDF hash, the whole audit
    chain and its head."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                "cases": conn.execute(
                    text("SELECT reference, status, review_due_on FROM cases ORDER BY id")
                ).all(),
                "letters": [
                    (row.id, row.sha256, hashlib.sha256(row.pdf).hexdigest())
                    for row in conn.execute(text("SELECT id, sha256, pdf FROM letters ORDER BY id"))
                ],
                "documents": conn.execute(
                    text("SELECT id, sha256, filename FROM documents ORDER BY id")
                ).all(),
                "audit": conn.execute(
                    text("SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq")
                ).all(),
                "head": conn.execute(text("SELECT seq, hash FROM audit_chain")).all(),
            }
    finally:
        engine.dispose()


def test_round_trip_into_an_empty_database_and_store(
    app: Any, history: History, empty_database: str, tmp_path: Path
) -> None:
    folder, store = tmp_path / "backup", tmp_path / "restored-uploads"
    made = cli(app, "backup", str(folder))
    assert made.exit_code == 0, made.output
    assert "Backed up 3 cases, 4 letters," in made.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["records"]["cases"] == 3
    assert [u["sha256"] for u in manifest["uploads"]] == [history.document.sha256]

    target = {"DATABASE_URL": empty_database, "UPLOAD_DIR": str(store)}
    restored = cli(app, "restore", str(folder), **target)
    assert restored.exit_code == 0, restored.output
    assert "Restored 3 cases, 4 letters," in restored.output
    assert "Now run: review-service check && review-service audit verify" in restored.output

    checked = cli(app, "check", **target)
    assert checked.exit_code == 0, checked.output
    verified = cli(app, "audit", "verify", **target)
    assert verified.exit_code == 0, verified.output
    before = contents(app.config["DATABASE_URL"])
    assert contents(empty_database) == before
    assert len(before["cases"]) == 3 and len(before["letters"]) == 4 and before["audit"]
    restored_file = stored_path(store, history.document.sha256)
    assert (
        restored_file.read_bytes()
        == stored_path(Path(app.config["UPLOAD_DIR"]), history.document.sha256).read_bytes()
    )
    assert stat.S_IMODE(restored_file.stat().st_mode) == 0o600


def test_restore_refuses_a_database_with_data_unless_forced(
    app: Any, history: History, tmp_path: Path
) -> None:
    folder = tmp_path / "backup"
    assert cli(app, "backup", str(folder)).exit_code == 0
    store = tmp_path / "other-uploads"
    refused = cli(app, "restore", str(folder), UPLOAD_DIR=str(store))
    assert refused.exit_code == 1
    assert "is not empty" in refused.output
    assert "Restore into a new database" in refused.output
    assert "--force" in refused.output
    assert not store.exists()  # nothing was copied

    forced = cli(app, "restore", str(folder), "--force", UPLOAD_DIR=str(store))
    assert forced.exit_code == 0, forced.output
    assert cli(app, "check", UPLOAD_DIR=str(store)).exit_code == 0


def test_restore_refuses_an_upload_store_with_files(
    app: Any, history: History, empty_database: str, tmp_path: Path
) -> None:
    folder = tmp_path / "backup"
    assert cli(app, "backup", str(folder)).exit_code == 0
    refused = cli(app, "restore", str(folder), DATABASE_URL=empty_database)
    assert refused.exit_code == 1
    assert f"The upload store {app.config['UPLOAD_DIR']} is not empty." in refused.output
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT count(*) FROM sqlite_master")
                if conn.dialect.name == "sqlite"
                else text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar()
    finally:
        engine.dispose()
    assert tables == 0  # the database was not touched


def test_backup_needs_a_new_or_empty_folder(app: Any, history: History, tmp_path: Path) -> None:
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep")
    result = cli(app, "backup", str(folder))
    assert result.exit_code == 1
    assert f"{folder} is not empty: give a new or empty folder for the backup." in result.output


def test_restore_names_an_unfinished_or_damaged_backup(
    app: Any, history: History, empty_database: str, tmp_path: Path
) -> None:
    target = {"DATABASE_URL": empty_database, "UPLOAD_DIR": str(tmp_path / "store")}
    folder = tmp_path / "backup"
    assert cli(app, "backup", str(folder)).exit_code == 0
    stored = next((folder / "uploads").glob("*/*"))
    original = stored.read_bytes()
    stored.write_bytes(original + b"x")
    damaged = cli(app, "restore", str(folder), **target)
    assert damaged.exit_code == 1
    assert "The backup is damaged: uploads/" in damaged.output
    stored.write_bytes(original)

    os.remove(folder / "manifest.json")
    unfinished = cli(app, "restore", str(folder), **target)
    assert unfinished.exit_code == 1
    assert "has no manifest.json: it is not a backup, or the backup did not finish" in (
        unfinished.output
    )


def test_restore_refuses_another_kind_of_database(
    app: Any, history: History, db_backend: str, tmp_path: Path
) -> None:
    folder = tmp_path / "backup"
    assert cli(app, "backup", str(folder)).exit_code == 0
    other = "postgresql://nobody@127.0.0.1:1/none" if db_backend == "sqlite" else (
        f"sqlite:///{tmp_path / 'x.sqlite3'}"
    )  # fmt: skip
    result = cli(app, "restore", str(folder), DATABASE_URL=other)
    assert result.exit_code == 1
    assert f"This is a backup of a {db_backend} database" in result.output


@pytest.mark.postgresql_only
def test_backup_says_when_pg_dump_is_missing(app: Any, history: History, tmp_path: Path) -> None:
    empty = tmp_path / "no-tools"
    empty.mkdir()
    result = cli(app, "backup", str(tmp_path / "backup"), "--pg-bin", str(empty))
    assert result.exit_code == 1
    assert f"pg_dump is not installed (pg_dump was not found in {empty})" in result.output
    assert "postgresql-client" in result.output


@pytest.mark.postgresql_only
def test_backup_says_when_pg_dump_is_older_than_the_server(
    app: Any, history: History, tmp_path: Path
) -> None:
    tools = tmp_path / "old-tools"
    tools.mkdir()
    fake = tools / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(0o755)
    result = cli(app, "backup", str(tmp_path / "backup"), "--pg-bin", str(tools))
    assert result.exit_code == 1
    assert "pg_dump is version 9.6.24 but the server runs PostgreSQL " in result.output
    assert "must be the server's version or newer" in result.output
