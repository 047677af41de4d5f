"""``review-service backup DIR`` and ``review-service restore DIR``.

A backup is a folder:

- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the service
  runs) or ``database.pgdump`` (``pg_dump --format=custom`` of one snapshot);
- ``uploads/``, the upload store as it is on disk (``<two hex digits>/<SHA-256>``). Letters
  are not files: their PDFs are rows of the ``letters`` table, so they are in the database;
- ``manifest.json``, written last, so a folder without it is an unfinished backup: the
  SHA-256 and size of every file above, and what the database held at the moment of the
  copy (counts, a digest of the letters' hashes, the audit chain's head, the schema
  revision), which restore compares with what it restored.

Files uploaded while a backup runs are written before the transaction that records them
commits (documents/services.py), so every document in the database copy has its file by the
time the upload store is copied after it.

Restore goes into an empty database and an empty upload store; ``--force`` replaces the
database's contents and adds the files to a store that has some.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

from review_service.db import make_engine

FORMAT = "review-service-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
UPLOADS = "uploads"
_STORED = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}")
Progress = Callable[[int], None]


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- what the database holds ----------------------------------------------------------------


def summarise(conn: Connection) -> dict[str, Any]:
    """Counts, the letters' stored hashes (as one digest) and the audit chain's head: what a
    restored copy must show again."""

    def count(table: str) -> int:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608

    digest = hashlib.sha256()
    for letter_id, sha256 in conn.execute(text("SELECT id, sha256 FROM letters ORDER BY id")):
        digest.update(f"{letter_id}:{sha256}\n".encode())
    head = conn.execute(text("SELECT seq, hash FROM audit_chain WHERE id = 1")).first()
    return {
        "schema_revision": conn.execute(text("SELECT version_num FROM alembic_version")).scalar(),
        "cases": count("cases"),
        "letters": count("letters"),
        "letters_sha256_digest": digest.hexdigest(),
        "documents": count("documents"),
        "audit_events": count("audit_events"),
        "audit_head": {"seq": head.seq, "hash": head.hash} if head else None,
    }


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(path: Path, name: str) -> dict[str, Any]:
    return {"path": name, "sha256": _file_sha256(path), "size": path.stat().st_size}


def stored_files(upload_dir: Path) -> list[Path]:
    """The upload store's files (``ab/<sha256>``); temporary files of uploads in progress
    and anything else in the folder are not part of it."""
    if not upload_dir.is_dir():
        return []
    return sorted(
        path
        for path in upload_dir.glob("??/*")
        if path.is_file() and _STORED.fullmatch(path.relative_to(upload_dir).as_posix())
    )


# -- PostgreSQL client tools ------------------------------------------------------------------


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A URL pg_dump understands, with the password moved to PGPASSWORD (not in argv)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str, pg_bin: Path | None) -> str:
    found = shutil.which(name, path=str(pg_bin)) if pg_bin else shutil.which(name)
    if found is None:
        where = f"in {pg_bin}" if pg_bin else "on PATH"
        raise BackupError(
            f"{name} is not installed ({name} was not found {where}). Install the PostgreSQL "
            "client tools of the server's major version (Debian: apt-get install "
            "postgresql-client-NN), or give their folder with --pg-bin."
        )
    return found


def _tool_major(tool: str) -> tuple[int, str]:
    """The tool's major version (9 for 9.6, 15 for 15.2) and its full version."""
    try:
        output = subprocess.run(  # noqa: S603 - a PostgreSQL client tool, no shell
            [tool, "--version"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise BackupError(f"{tool} --version failed: {error}") from None
    found = re.search(r"\(PostgreSQL\)\s+((\d+)[.\d]*)", output)
    if not found:
        raise BackupError(f"Cannot tell the version of {tool} from {output.strip()!r}.")
    return int(found.group(2)), found.group(1)


def _server_major(conn: Connection) -> int:
    return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - a PostgreSQL client tool, no shell
        argv, capture_output=True, text=True, env=env, timeout=None, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise BackupError(f"{what} failed: {detail}")


# -- backup ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    database: dict[str, Any]
    uploads: int
    unmatched_uploads: tuple[str, ...]  # stored files whose content is not their name


def _empty_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BackupError(f"{folder} is a file, not a folder.")
    if folder.is_dir() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new or empty folder for the backup.")
    folder.mkdir(parents=True, exist_ok=True)


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(f"{url} is not a SQLite database file.")
    return Path(database)


@contextmanager
def _frozen_sqlite(path: Path) -> Iterator[Engine]:
    """An engine reading a SQLite file nobody else writes (a backup copy), without locks."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True),
    )
    try:
        yield engine
    finally:
        engine.dispose()


def _backup_sqlite(url: str, folder: Path) -> dict[str, Any]:
    source_path = _sqlite_path(url)
    if not source_path.is_file():
        raise BackupError(f"There is no SQLite database at {source_path}.")
    target = folder / SQLITE_FILE
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        # The online backup API: a consistent copy, restarted if a writer changes the source.
        source.backup(copy, pages=4096)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
        source.close()
    with _frozen_sqlite(target) as engine, engine.connect() as conn:
        summary = summarise(conn)
    return {"kind": "sqlite", **_entry(target, SQLITE_FILE), "records": summary}


def _backup_postgresql(url: str, folder: Path, pg_bin: Path | None) -> dict[str, Any]:
    pg_dump = _tool("pg_dump", pg_bin)
    tool_major, tool_version = _tool_major(pg_dump)
    target = folder / PG_FILE
    libpq_url, env = _libpq(url)
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            server_major = _server_major(conn)
            if tool_major < server_major:
                raise BackupError(
                    f"pg_dump is version {tool_version} but the server runs PostgreSQL "
                    f"{server_major}: pg_dump must be the server's version or newer. Install "
                    f"postgresql-client-{server_major} and give its folder with --pg-bin."
                )
            # pg_dump reads the snapshot this transaction exported, so the counts and head
            # recorded in the manifest are exactly what the dump holds.
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            summary = summarise(conn)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={libpq_url}",
                ],
                env,
                "pg_dump",
            )
            conn.rollback()
    finally:
        engine.dispose()
    return {
        "kind": "postgresql",
        **_entry(target, PG_FILE),
        "pg_dump_major": tool_major,
        "server_major": server_major,
        "records": summary,
    }


def _copy_file(source: Path, target: Path) -> str:
    """Copy through a temporary name in the target folder; the copy's SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as src:
            while chunk := src.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def backup(
    url: str,
    upload_dir: Path,
    folder: Path,
    *,
    pg_bin: Path | None = None,
    progress: Progress | None = None,
) -> BackupResult:
    step = progress or (lambda _n: None)
    folder = Path(folder)
    _empty_folder(folder)
    kind = make_url(url).get_backend_name()
    if kind == "sqlite":
        database = _backup_sqlite(url, folder)
    elif kind == "postgresql":
        database = _backup_postgresql(url, folder, pg_bin)
    else:
        raise BackupError(f"Cannot back up a {kind} database.")
    uploads: list[dict[str, Any]] = []
    unmatched: list[str] = []
    for path in stored_files(Path(upload_dir)):
        name = path.relative_to(upload_dir).as_posix()
        sha256 = _copy_file(path, folder / UPLOADS / name)
        if sha256 != path.name:
            unmatched.append(name)
        uploads.append({"path": name, "sha256": sha256, "size": path.stat().st_size})
        step(1)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": database,
        "uploads": uploads,
    }
    # Written last, and renamed into place: its presence means the backup is complete.
    partial = folder / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, folder / MANIFEST)
    return BackupResult(folder, database, len(uploads), tuple(unmatched))


# -- restore --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    database: dict[str, Any]
    uploads: int
    restored: dict[str, Any]  # summarise() of the restored database

    @property
    def differences(self) -> list[str]:
        expected = self.database["records"]
        return [
            f"{key}: the backup recorded {expected.get(key)!r}, the restored database has {value!r}"
            for key, value in self.restored.items()
            if expected.get(key) != value
        ]


def read_manifest(folder: Path) -> dict[str, Any]:
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"There is no backup folder at {folder}.")
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{folder} has no {MANIFEST}: it is not a backup, or the backup did not finish."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a review-service backup manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is format version {manifest.get('format_version')!r}; this version of "
            f"the service reads version {FORMAT_VERSION}."
        )
    return manifest


def verify_backup(folder: Path, manifest: dict[str, Any], progress: Progress) -> None:
    """Every file the manifest lists is there with its hash, before anything is changed."""
    database = manifest["database"]
    entries = [(database["path"], database["sha256"], database["size"])] + [
        (f"{UPLOADS}/{u['path']}", u["sha256"], u["size"]) for u in manifest["uploads"]
    ]
    for name, sha256, size in entries:
        path = folder / name
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing.")
        if path.stat().st_size != size or _file_sha256(path) != sha256:
            raise BackupError(f"The backup is damaged: {name} does not match its manifest entry.")
        progress(1)


def _sqlite_has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    conn = sqlite3.connect(path, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    finally:
        conn.close()


def _restore_sqlite(url: str, folder: Path, force: bool) -> None:
    target = _sqlite_path(url)
    if _sqlite_has_tables(target) and not force:
        raise BackupError(
            f"The database {target} is not empty. Restore into a new database, or give --force "
            "to replace everything in it."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{folder / SQLITE_FILE}?mode=ro&immutable=1", uri=True)
    copy = sqlite3.connect(target, timeout=30)
    try:
        source.backup(copy)  # replaces the whole database, in one transaction
    finally:
        copy.close()
        source.close()


# Objects of the database's schema that are not part of an extension (pg_trgm's and
# btree_gin's functions stay, and the dump's CREATE EXTENSION IF NOT EXISTS leaves them be).
_PG_OBJECTS = """
SELECT c.relkind, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'S', 'p')
AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                AND d.objid = c.oid AND d.deptype = 'e')
"""
_PG_FUNCTIONS = """
SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema()
AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                AND d.objid = p.oid AND d.deptype = 'e')
"""


def _clear_postgresql(conn: Connection) -> None:
    """Drop what is in the database's schema (for --force): tables, views, sequences and the
    functions (the audit trigger's) the dump will make again."""
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
    for relkind, name in conn.execute(text(_PG_OBJECTS)).all():
        conn.execute(text(f'DROP {kinds[relkind]} IF EXISTS "{name}" CASCADE'))
    for signature in conn.execute(text(_PG_FUNCTIONS)).scalars().all():
        conn.execute(text(f"DROP FUNCTION IF EXISTS {signature} CASCADE"))


def _restore_postgresql(
    url: str, folder: Path, database: dict[str, Any], force: bool, pg_bin: Path | None
) -> None:
    pg_restore = _tool("pg_restore", pg_bin)
    tool_major, tool_version = _tool_major(pg_restore)
    dumped_by = int(database.get("pg_dump_major", 0))
    if tool_major < dumped_by:
        raise BackupError(
            f"pg_restore is version {tool_version} but the backup was made by pg_dump "
            f"{dumped_by}: pg_restore must be that version or newer. Install "
            f"postgresql-client-{dumped_by} and give its folder with --pg-bin."
        )
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            existing = conn.execute(text(_PG_OBJECTS)).all()
            if existing and not force:
                raise BackupError(
                    f"The database is not empty ({len(existing)} tables, views or sequences). "
                    "Restore into a new database (createdb NAME), or give --force to replace "
                    "everything in it."
                )
            if existing:
                _clear_postgresql(conn)
    finally:
        engine.dispose()
    libpq_url, env = _libpq(url)
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={libpq_url}",
            str(folder / PG_FILE),
        ],
        env,
        "pg_restore",
    )


def upload_store_is_empty(upload_dir: Path) -> bool:
    return not Path(upload_dir).is_dir() or not any(Path(upload_dir).iterdir())


def restore(
    url: str,
    upload_dir: Path,
    folder: Path,
    *,
    force: bool = False,
    pg_bin: Path | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    step = progress or (lambda _n: None)
    folder, upload_dir = Path(folder), Path(upload_dir)
    manifest = read_manifest(folder)
    database = manifest["database"]
    kind = make_url(url).get_backend_name()
    if database.get("kind") != kind:
        raise BackupError(
            f"This is a backup of a {database.get('kind')} database and DATABASE_URL is a "
            f"{kind} database: restore into the same kind of database."
        )
    if not upload_store_is_empty(upload_dir) and not force:
        raise BackupError(
            f"The upload store {upload_dir} is not empty. Restore into an empty UPLOAD_DIR, or "
            "give --force to add the backup's files to it."
        )
    verify_backup(folder, manifest, step)
    if kind == "sqlite":
        _restore_sqlite(url, folder, force)
    else:
        _restore_postgresql(url, folder, database, force, pg_bin)
    for entry in manifest["uploads"]:
        _copy_file(folder / UPLOADS / entry["path"], upload_dir / entry["path"])
        step(1)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            restored = summarise(conn)
    finally:
        engine.dispose()
    return RestoreResult(database, len(manifest["uploads"]), restored)
