"""One search row per case on PostgreSQL

The search on PostgreSQL matched ``ILIKE '%term%'`` on three tables through their trigram
indexes, then joined the hits back to the cases, twice a page (the rows and the count): at
100,000 cases the join read the whole cases table and every hit's text was folded to lower
case again. Like SQLite's FTS5 table (0004), a ``case_search`` table now keeps one row per case
with what the search looks in, already in lower case (reference, requester's name and request
text, one per line: a search term has no line breaks, so it never matches across two of
them), under one trigram index. Triggers keep it up to date; the three trigram indexes it
replaces go.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# What 0004 made on PostgreSQL, which this table replaces.
TRIGRAM_INDEXES = (
    ("ix_search_cases_reference", "cases", "reference"),
    ("ix_search_users_name", "users", "name"),
    ("ix_search_information_requests_text", "information_requests", "text"),
)

UPGRADE = (
    """CREATE TABLE case_search (
        case_id integer PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        document text NOT NULL
    )""",
    "CREATE INDEX ix_search_case_search_document ON case_search USING gin (document gin_trgm_ops)",
    """CREATE FUNCTION case_search_case_saved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO case_search (case_id, document) VALUES (NEW.id, lower(
            NEW.reference || E'\\n'
            || (SELECT name FROM users WHERE id = NEW.requester_id) || E'\\n'
            || (SELECT text FROM information_requests WHERE id = NEW.information_request_id)
        ))
        ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER case_search_case_added AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION case_search_case_saved()""",
    """CREATE TRIGGER case_search_case_changed
    AFTER UPDATE OF reference, requester_id, information_request_id ON cases
    FOR EACH ROW EXECUTE FUNCTION case_search_case_saved()""",
    """CREATE FUNCTION case_search_name_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE case_search SET document = lower(
            cases.reference || E'\\n' || NEW.name || E'\\n' || information_requests.text
        )
        FROM cases JOIN information_requests
            ON information_requests.id = cases.information_request_id
        WHERE cases.requester_id = NEW.id AND case_search.case_id = cases.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER case_search_name_changed AFTER UPDATE OF name ON users
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION case_search_name_changed()""",
    """CREATE FUNCTION case_search_request_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE case_search SET document = lower(
            cases.reference || E'\\n' || users.name || E'\\n' || NEW.text
        )
        FROM cases JOIN users ON users.id = cases.requester_id
        WHERE cases.information_request_id = NEW.id AND case_search.case_id = cases.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER case_search_request_changed AFTER UPDATE OF text ON information_requests
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text)
    EXECUTE FUNCTION case_search_request_changed()""",
    """INSERT INTO case_search (case_id, document)
    SELECT cases.id, lower(
        cases.reference || E'\\n' || users.name || E'\\n' || information_requests.text
    )
    FROM cases
    JOIN users ON users.id = cases.requester_id
    JOIN information_requests ON information_requests.id = cases.information_request_id""",
)
TRIGGERS = (
    ("case_search_case_added", "cases"),
    ("case_search_case_changed", "cases"),
    ("case_search_name_changed", "users"),
    ("case_search_request_changed", "information_requests"),
)
FUNCTIONS = ("case_search_case_saved", "case_search_name_changed", "case_search_request_changed")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in UPGRADE:
        op.execute(statement)
    for name, _table, _column in TRIGRAM_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, column in TRIGRAM_INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")
    for trigger, table in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.execute("DROP TABLE IF EXISTS case_search")
