"""Letters: one of each version per case and kind

Two corrections sent at the same moment could each store "version 2" of the outcome letter
(issue 9, finding 5). Any letters that share a version are first numbered again in the order
they were issued, each pointing to the one before it; then a unique index on (case_id, kind,
version) makes a second letter with the same number impossible.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

import itertools

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEX = "ix_letters_case_id_kind_version"


def _renumber_shared_versions() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, case_id, kind, version, supersedes_id FROM letters "
            "ORDER BY case_id, kind, version, id"
        )
    ).all()
    for _, group in itertools.groupby(rows, key=lambda row: (row.case_id, row.kind)):
        letters = list(group)
        if len({row.version for row in letters}) == len(letters):
            continue
        previous = None
        for number, row in enumerate(letters, start=1):
            supersedes = previous.id if previous is not None else row.supersedes_id
            if (row.version, row.supersedes_id) != (number, supersedes):
                bind.execute(
                    sa.text(
                        "UPDATE letters SET version = :version, supersedes_id = :supersedes "
                        "WHERE id = :id"
                    ),
                    {"version": number, "supersedes": supersedes, "id": row.id},
                )
            previous = row


def upgrade() -> None:
    _renumber_shared_versions()
    op.create_index(INDEX, "letters", ["case_id", "kind", "version"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="letters")
