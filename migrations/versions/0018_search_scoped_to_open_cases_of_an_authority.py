"""The search's rows know their case's authority and whether it is open

A member of staff of one authority searches that authority's open cases. The search looked
through every case of every authority first and only then kept that authority's open ones: at
100,000 cases a common word matched thousands of other authorities' cases (and closed ones)
that were then each looked up and thrown away, on every page and again for its count. Each
search row now also says which authority its case is with and whether the case is open
(``status NOT IN ('closed', 'withdrawn')``, as the partial indexes of 0004), kept up to date by
the triggers when a case's status or authority changes, so a search of one authority's open
cases finds only those:

- SQLite: the FTS5 table (0004) gets an indexed ``scope`` column, ``<authority id>`` while the
  case is open and empty once it is not; a search matches it as one more phrase (the angle
  brackets keep ``<1>`` from being found inside ``<17>``). An FTS5 table cannot gain a column,
  so it is made again and filled from the cases.
- PostgreSQL: ``case_search`` (0017) gets ``authority_id`` and ``is_open``, and its trigram
  index keys the authority too (btree_gin): a search of one authority's cases reads only their
  rows, and a search of every case uses the same index as before (a GIN index serves a
  condition on any of its columns). Two indexes would leave the planner choosing the one
  without the authority, whose cost it estimates lower.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

OPEN = "status NOT IN ('closed', 'withdrawn')"
# What the scope column holds for a case (SQLite), from a row of cases called NEW or cases.
SQLITE_SCOPE = "CASE WHEN {row}." + OPEN + " THEN '<' || {row}.authority_id || '>' ELSE '' END"

SQLITE_TRIGGERS = (
    "case_search_case_added",
    "case_search_case_changed",
    "case_search_case_removed",
    "case_search_name_changed",
    "case_search_request_changed",
)


def _sqlite_search(scoped: bool) -> tuple[str, ...]:
    """The FTS5 table, its triggers and its rows: 0004's, or with the scope column."""
    scope_column = ", scope" if scoped else ""
    new_scope = ", " + SQLITE_SCOPE.format(row="NEW") if scoped else ""
    scope_of_case = ", " + SQLITE_SCOPE.format(row="cases") if scoped else ""
    moved = ", status, authority_id" if scoped else ""
    set_scope = ", scope = " + SQLITE_SCOPE.format(row="NEW") if scoped else ""
    return (
        f"""CREATE VIRTUAL TABLE case_search USING fts5(
            reference, requester_name, request_text{scope_column}, tokenize = 'trigram'
        )""",
        f"""CREATE TRIGGER case_search_case_added AFTER INSERT ON cases BEGIN
            INSERT INTO case_search (rowid, reference, requester_name, request_text{scope_column})
            VALUES (
                NEW.id,
                NEW.reference,
                (SELECT name FROM users WHERE id = NEW.requester_id),
                (SELECT text FROM information_requests WHERE id = NEW.information_request_id)
                {new_scope}
            );
        END""",  # noqa: S608 - constants only
        f"""CREATE TRIGGER case_search_case_changed
        AFTER UPDATE OF reference, requester_id, information_request_id{moved} ON cases BEGIN
            UPDATE case_search SET
                reference = NEW.reference,
                requester_name = (SELECT name FROM users WHERE id = NEW.requester_id),
                request_text = (
                    SELECT text FROM information_requests WHERE id = NEW.information_request_id
                )
                {set_scope}
            WHERE rowid = NEW.id;
        END""",  # noqa: S608 - constants only
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
        f"""INSERT INTO case_search (rowid, reference, requester_name, request_text{scope_column})
        SELECT cases.id, cases.reference, users.name, information_requests.text{scope_of_case}
        FROM cases
        JOIN users ON users.id = cases.requester_id
        JOIN information_requests ON information_requests.id = cases.information_request_id""",  # noqa: S608
    )


def _postgresql_saved(scoped: bool) -> str:
    """The function 0017's insert and update triggers run: the whole row of one case."""
    columns = ", authority_id, is_open" if scoped else ""
    values = f", NEW.authority_id, NEW.{OPEN}" if scoped else ""
    also = ", authority_id = EXCLUDED.authority_id, is_open = EXCLUDED.is_open" if scoped else ""
    return f"""CREATE OR REPLACE FUNCTION case_search_case_saved() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO case_search (case_id, document{columns}) VALUES (NEW.id, lower(
            NEW.reference || E'\\n'
            || (SELECT name FROM users WHERE id = NEW.requester_id) || E'\\n'
            || (SELECT text FROM information_requests WHERE id = NEW.information_request_id)
        ){values})
        ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document{also};
        RETURN NULL;
    END $$"""  # noqa: S608 - constants only


POSTGRESQL_UPGRADE = (
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "ALTER TABLE case_search ADD COLUMN authority_id integer, ADD COLUMN is_open boolean",
    f"""UPDATE case_search SET authority_id = cases.authority_id, is_open = cases.{OPEN}
    FROM cases WHERE cases.id = case_search.case_id""",  # noqa: S608 - constants only
    "ALTER TABLE case_search ALTER COLUMN authority_id SET NOT NULL",
    "ALTER TABLE case_search ALTER COLUMN is_open SET NOT NULL",
    _postgresql_saved(scoped=True),
    """CREATE FUNCTION case_search_case_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE case_search SET authority_id = NEW.authority_id,
            is_open = NEW.status NOT IN ('closed', 'withdrawn')
        WHERE case_id = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER case_search_case_moved AFTER UPDATE OF status, authority_id ON cases
    FOR EACH ROW WHEN (
        OLD.status IS DISTINCT FROM NEW.status OR OLD.authority_id IS DISTINCT FROM NEW.authority_id
    )
    EXECUTE FUNCTION case_search_case_moved()""",
    "DROP INDEX ix_search_case_search_document",
    """CREATE INDEX ix_search_case_search_document ON case_search
    USING gin (authority_id, document gin_trgm_ops)""",
    "ANALYZE case_search",
)
POSTGRESQL_DOWNGRADE = (
    "DROP INDEX IF EXISTS ix_search_case_search_document",
    "CREATE INDEX ix_search_case_search_document ON case_search USING gin (document gin_trgm_ops)",
    "DROP TRIGGER IF EXISTS case_search_case_moved ON cases",
    "DROP FUNCTION IF EXISTS case_search_case_moved()",
    _postgresql_saved(scoped=False),
    "ALTER TABLE case_search DROP COLUMN authority_id, DROP COLUMN is_open",
)


def _sqlite_replace(scoped: bool) -> None:
    for trigger in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS case_search")
    for statement in _sqlite_search(scoped):
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_replace(scoped=True)
    elif dialect == "postgresql":
        for statement in POSTGRESQL_UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_replace(scoped=False)
    elif dialect == "postgresql":
        for statement in POSTGRESQL_DOWNGRADE:
            op.execute(statement)
