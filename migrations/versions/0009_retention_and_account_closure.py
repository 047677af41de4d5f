"""Personal data: a retention period per authority, and when a case or an account was
anonymised or an account closed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import review_service.db

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, never a batch rebuild: on SQLite a rebuild of "users" or "cases" would
# drop the search triggers 0004 put on them.
def upgrade() -> None:
    op.add_column(
        "authorities",
        sa.Column("retention_months", sa.Integer(), nullable=False, server_default="72"),
    )
    op.add_column(
        "cases",
        sa.Column("anonymised_at", review_service.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "users", sa.Column("closed_at", review_service.db.UTCDateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "users",
        sa.Column("anonymised_at", review_service.db.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("users", "anonymised_at")
    op.drop_column("users", "closed_at")
    op.drop_column("cases", "anonymised_at")
    op.drop_column("authorities", "retention_months")
