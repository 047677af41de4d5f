"""Outbox: a status, retries with back-off, a claim lease, and a stable Message-ID per message.

Existing messages get a Message-ID of their own; those already sent are ``sent``, those the
old sender had given up on (eight attempts) are ``failed``, the rest stay ``pending`` and are
due at once.

Columns are added in place (no table rebuild on SQLite: outbox_attachments refers to the
table). SQLite cannot add a NOT NULL column without a default, so there the new required
columns keep a constant default; the application always writes them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from review_service.db import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_MAX_ATTEMPTS = 8
TABLE = "outbox_messages"


def _add_required(name: str, type_: sa.types.TypeEngine, sqlite_default: str, fill: str) -> None:
    """Add a NOT NULL column and fill it in for existing rows with the SQL ``fill``."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column(
        TABLE,
        sa.Column(
            name,
            type_,
            nullable=not sqlite,
            server_default=sa.text(sqlite_default) if sqlite else None,
        ),
    )
    op.execute(f"UPDATE {TABLE} SET {name} = {fill}")  # noqa: S608 - constants only
    if not sqlite:
        op.alter_column(TABLE, name, nullable=False)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    random_hex = "lower(hex(randomblob(16)))" if sqlite else "md5(random()::text || id::text)"
    _add_required(
        "message_id", sa.String(250), "''", f"'<' || {random_hex} || '@review-service.local>'"
    )
    _add_required(
        "next_attempt_at", UTCDateTime(timezone=True), "'1970-01-01 00:00:00'", "created_at"
    )
    op.add_column(
        TABLE, sa.Column("status", sa.String(10), nullable=False, server_default="pending")
    )
    for name in ("last_attempt_at", "claimed_until", "failed_at"):
        op.add_column(TABLE, sa.Column(name, UTCDateTime(timezone=True), nullable=True))
    op.add_column(TABLE, sa.Column("claim_token", sa.String(32), nullable=True))
    op.execute(f"UPDATE {TABLE} SET status = 'sent' WHERE sent_at IS NOT NULL")  # noqa: S608
    op.execute(
        f"UPDATE {TABLE} SET status = 'failed', failed_at = created_at "  # noqa: S608
        f"WHERE sent_at IS NULL AND attempts >= {OLD_MAX_ATTEMPTS}"
    )
    op.create_index(op.f("ix_outbox_messages_message_id"), TABLE, ["message_id"], unique=True)
    op.create_index("ix_outbox_messages_due", TABLE, ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_messages_due", table_name=TABLE)
    op.drop_index(op.f("ix_outbox_messages_message_id"), table_name=TABLE)
    # Plain DROP COLUMN (SQLite 3.35+): no rebuild of a table others refer to.
    for name in (
        "claim_token",
        "failed_at",
        "claimed_until",
        "last_attempt_at",
        "status",
        "next_attempt_at",
        "message_id",
    ):
        op.drop_column(TABLE, name)
