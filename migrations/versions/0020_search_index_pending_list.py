"""The search's trigram indexes keep a short list of recent changes (PostgreSQL)

A GIN index (the trigram indexes of ``case_search``, 0018 and 0019) first writes new and changed
rows to a "pending list" that every search reads in full, row by row, and only merges it into
the index proper when it outgrows ``gin_pending_list_limit`` (4 MB by default) or a VACUUM runs.
At 100,000 cases the list held 1,024 and 1,674 rows: the trigram lookup of a search of one
authority's open cases took 2.7 ms instead of 0.4 ms once it was merged, and a new service's
first thousand cases stay in the list until a VACUUM comes. Each index now merges its list when
it passes 256 kB (a few hundred rows: a search reads at most that, and the change that fills it
pays for the merge, a few milliseconds), and the lists are merged now.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

INDEXES = ("ix_search_case_search_document", "ix_search_case_search_open")
PENDING_LIST_KB = 256


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"ALTER INDEX {name} SET (gin_pending_list_limit = {PENDING_LIST_KB})")
        op.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"ALTER INDEX {name} RESET (gin_pending_list_limit)")
