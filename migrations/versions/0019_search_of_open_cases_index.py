"""A trigram index of the open cases' search rows alone (PostgreSQL)

A member of staff searches their authority's open cases (0018). The trigram index keys every
case's search row, closed ones too: on a service used for years most rows are closed, so a
search of one authority's open cases found as many of its closed cases in the index and read
each from the table only to throw it away (at 100,000 cases, 516 rows read for 251 found for a
common word). A partial index of the open rows (``WHERE is_open``, the authority a key as in
0018) finds only the cases the page shows; the planner takes it for any search that says
``is_open``, being the smaller. 0018's index stays for the searches of every case (closed
ones, or of every authority). SQLite's FTS5 table has no partial index: nothing to do there.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """CREATE INDEX ix_search_case_search_open ON case_search
        USING gin (authority_id, document gin_trgm_ops) WHERE is_open"""
    )
    op.execute("ANALYZE case_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_case_search_open")
