"""The requester's reasons for asking for a review after the usual time, given on "Check your
answers" before sending.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of "cases" on SQLite would drop the search
    # triggers 0004 put on it.
    op.add_column(
        "cases",
        sa.Column("late_request_reasons", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_column("cases", "late_request_reasons")
