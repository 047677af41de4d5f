"""Staff may remove or replace a case's document (issue 9, finding 12): a soft delete, so the
row and its file stay for the audit trail.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import review_service.db

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("removed_at", review_service.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("removed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("removal_reason", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("replaced_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_documents_removed_by_id_users"), "users", ["removed_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_documents_replaced_by_id_documents"),
            "documents",
            ["replaced_by_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_documents_replaced_by_id_documents"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_documents_removed_by_id_users"), type_="foreignkey")
        batch_op.drop_column("replaced_by_id")
        batch_op.drop_column("removal_reason")
        batch_op.drop_column("removed_by_id")
        batch_op.drop_column("removed_at")
