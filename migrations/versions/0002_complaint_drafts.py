"""complaint drafts: a requester's answers in progress, kept on the server

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 10:25:26.075752
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import review_service.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", review_service.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", review_service.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_complaint_drafts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_drafts")),
        sa.UniqueConstraint("user_id", name=op.f("uq_complaint_drafts_user_id")),
    )


def downgrade() -> None:
    op.drop_table("complaint_drafts")
