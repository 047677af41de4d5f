"""Complaints about an authority not using this service are e-mailed to the address the
requester gives: the case keeps that address.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of "cases" on SQLite would drop the search
    # triggers 0004 put on it.
    op.add_column(
        "cases",
        sa.Column("sent_by_email_to", sa.String(length=254), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_column("cases", "sent_by_email_to")
