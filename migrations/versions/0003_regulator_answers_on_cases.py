"""The requester's answers to the regulator's questions live on the case.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # server_default fills existing rows; new rows get "" from the model.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("regulator_challenge_text", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("regulator_conduct_text", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("regulator_conduct_text")
        batch_op.drop_column("regulator_challenge_text")
