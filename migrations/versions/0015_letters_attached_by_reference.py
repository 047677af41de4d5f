"""An e-mail's copy of an issued letter refers to the letter instead of copying its PDF
(issue 13: letters stored once).

outbox_attachments gains letter_id and its content may be empty. Existing rows keep working:
an attachment with its own bytes is sent as before. Attachments whose bytes are exactly the PDF
of a letter of the message's case are pointed at that letter and their copy is dropped.
Downgrading copies each referred-to letter's PDF back into the attachment.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# A letter of the message's own case with exactly the attachment's bytes (the first issued).
SAME_LETTER = """(
    SELECT letters.id FROM letters
    JOIN outbox_messages ON outbox_messages.case_id = letters.case_id
    WHERE outbox_messages.id = outbox_attachments.message_id
    AND letters.pdf = outbox_attachments.content
    ORDER BY letters.id
    LIMIT 1
)"""


def upgrade() -> None:
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("letter_id", sa.Integer(), nullable=True))
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_outbox_attachments_letter_id"), ["letter_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_attachments_letter_id_letters"), "letters", ["letter_id"], ["id"]
        )
    op.execute(
        f"UPDATE outbox_attachments SET letter_id = {SAME_LETTER} "  # noqa: S608 - constant
        "WHERE media_type = 'application/pdf'"
    )
    op.execute("UPDATE outbox_attachments SET content = NULL WHERE letter_id IS NOT NULL")


def downgrade() -> None:
    op.execute(
        "UPDATE outbox_attachments SET content = "
        "(SELECT letters.pdf FROM letters WHERE letters.id = outbox_attachments.letter_id) "
        "WHERE content IS NULL AND letter_id IS NOT NULL"
    )
    # Nothing to attach (never written by the service) is an empty file, as NOT NULL needs.
    op.execute(
        sa.text("UPDATE outbox_attachments SET content = :empty WHERE content IS NULL").bindparams(
            empty=b""
        )
    )
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_attachments_letter_id_letters"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_attachments_letter_id"))
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column("letter_id")
