"""Indexes for the queue and the search at scale

Partial indexes on open cases for the queue's due-date order (closed history is most of the
table), and the search: trigram indexes (pg_trgm) on PostgreSQL; on SQLite an FTS5 table with
the trigram tokenizer, kept up to date by triggers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OPEN = "status NOT IN ('closed', 'withdrawn')"

# PostgreSQL: ILIKE '%term%' on these columns uses the trigram indexes.
TRIGRAM_INDEXES = (
    ("ix_search_cases_reference", "cases", "reference"),
    ("ix_search_users_name", "users", "name"),
    ("ix_search_information_requests_text", "information_requests", "text"),
)

# SQLite: one FTS5 row per case (rowid = case id) with what the search looks in.
SQLITE_SEARCH = (
    """CREATE VIRTUAL TABLE case_search USING fts5(
        reference, requester_name, request_text, tokenize = 'trigram'
    )""",
    """CREATE TRIGGER case_search_case_added AFTER INSERT ON cases BEGIN
        INSERT INTO case_search (rowid, reference, requester_name, request_text)
        VALUES (
            NEW.id,
            NEW.reference,
            (SELECT name FROM users WHERE id = NEW.requester_id),
            (SELECT text FROM information_requests WHERE id = NEW.information_request_id)
        );
    END""",
    """CREATE TRIGGER case_search_case_changed
    AFTER UPDATE OF reference, requester_id, information_request_id ON cases BEGIN
        UPDATE case_search SET
            reference = NEW.reference,
            requester_name = (SELECT name FROM users WHERE id = NEW.requester_id),
            request_text = (
                SELECT text FROM information_requests WHERE id = NEW.information_request_id
            )
        WHERE rowid = NEW.id;
    END""",
    """CREATE TRIGGER case_search_case_removed AFTER DELETE ON cases BEGIN
        DELETE FROM case_search WHERE rowid = OLD.id;
    END""",
    """CREATE TRIGGER case_search_name_changed AFTER UPDATE OF name ON users BEGIN
        UPDATE case_search SET requester_name = NEW.name
        WHERE rowid IN (SELECT id FROM cases WHERE requester_id = NEW.id);
    END""",
    """CREATE TRIGGER case_search_request_changed AFTER UPDATE OF text ON information_requests
    BEGIN
        UPDATE case_search SET request_text = NEW.text
        WHERE rowid IN (SELECT id FROM cases WHERE information_request_id = NEW.id);
    END""",
    """INSERT INTO case_search (rowid, reference, requester_name, request_text)
    SELECT cases.id, cases.reference, users.name, information_requests.text
    FROM cases
    JOIN users ON users.id = cases.requester_id
    JOIN information_requests ON information_requests.id = cases.information_request_id""",
)
SQLITE_TRIGGERS = (
    "case_search_case_added",
    "case_search_case_changed",
    "case_search_case_removed",
    "case_search_name_changed",
    "case_search_request_changed",
)


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_open_authority_due",
            ["authority_id", "review_due_on", "id"],
            unique=False,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )
        batch_op.create_index(
            "ix_cases_open_due",
            ["review_due_on", "id"],
            unique=False,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in TRIGRAM_INDEXES:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")
    elif dialect == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for name, _table, _column in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    elif dialect == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS case_search")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_open_due")
        batch_op.drop_index("ix_cases_open_authority_due")
