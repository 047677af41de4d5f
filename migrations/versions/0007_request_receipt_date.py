"""The date the authority received the original request (FOISA s.10(1), s.20(5)).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("information_requests", sa.Column("received_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+ has it): a batch rebuild of the table on SQLite would
    # break the case-search triggers that name it.
    op.drop_column("information_requests", "received_on")
