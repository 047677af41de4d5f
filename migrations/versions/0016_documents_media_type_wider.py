"""Word documents may be uploaded (issue 12 item 12): their media type,
application/vnd.openxmlformats-officedocument.wordprocessingml.document, is 71 characters,
longer than the 60 the column held.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column(
            "media_type",
            existing_type=sa.String(length=60),
            type_=sa.String(length=120),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column(
            "media_type",
            existing_type=sa.String(length=120),
            type_=sa.String(length=60),
            existing_nullable=False,
        )
