"""Tamper-evident audit trail: every event is chained by hash; PostgreSQL refuses edits.

Existing events are sealed in the order they were written (by id). Before that, any account's
e-mail address in an existing event is replaced by "user N": sealed events can never be
edited again, and addresses in them could not be removed when personal data is anonymised.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from alembic import op

from review_service.audit.chain import GENESIS, content_of, event_hash
from review_service.db import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Sealed events may not change or go. The one update allowed is sealing itself: an event
# written earlier in the same transaction gets its place and hashes, nothing else changes.
PG_FUNCTION = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL
       AND NEW.id = OLD.id
       AND NEW.case_id IS NOT DISTINCT FROM OLD.case_id
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.action = OLD.action
       AND NEW.summary = OLD.summary
       AND NEW.before::text = OLD.before::text
       AND NEW.after::text = OLD.after::text
       AND NEW.at = OLD.at
       AND NEW.visible_to_requester = OLD.visible_to_requester THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % of a sealed audit event refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""

PG_TRIGGER = """
CREATE TRIGGER audit_events_append_only
BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
"""

# The same rule on SQLite, so a development database behaves alike.
SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    WHEN OLD.hash IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE of a sealed audit event refused'); END
    """,
    """
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    WHEN OLD.hash IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE of a sealed audit event refused'); END
    """,
)

events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("actor_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("summary", sa.Text),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("at", UTCDateTime()),
    sa.column("visible_to_requester", sa.Boolean),
    sa.column("seq", sa.Integer),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_audit_events_seq"), ["seq"])
    chain = op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chain_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    seq, previous = _seal_existing(op.get_bind())
    op.bulk_insert(chain, [{"id": 1, "seq": seq, "hash": previous}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def _without_addresses(value: str, addresses: dict[str, int]) -> str:
    for address, user_id in addresses.items():
        if address:
            value = re.sub(re.escape(address), f"user {user_id}", value, flags=re.IGNORECASE)
    return value


def _seal_existing(connection: sa.Connection) -> tuple[int, str]:
    addresses = {
        str(email).lower(): int(user_id)
        for user_id, email in connection.execute(sa.select(users.c.id, users.c.email))
    }
    seq, previous = 0, GENESIS
    rows = connection.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for row in rows:
        summary = _without_addresses(row["summary"], addresses)
        before = json.loads(_without_addresses(json.dumps(row["before"] or {}), addresses))
        after = json.loads(_without_addresses(json.dumps(row["after"] or {}), addresses))
        seq += 1
        digest = event_hash(
            previous,
            content_of(
                seq=seq,
                case_id=row["case_id"],
                actor_id=row["actor_id"],
                action=row["action"],
                summary=summary,
                before=before,
                after=after,
                at=row["at"],
                visible_to_requester=row["visible_to_requester"],
            ),
        )
        connection.execute(
            sa.update(events)
            .where(events.c.id == row["id"])
            .values(
                summary=summary,
                before=before,
                after=after,
                seq=seq,
                prev_hash=previous,
                hash=digest,
            )
        )
        previous = digest
    return seq, previous


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_events_seq"), type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
