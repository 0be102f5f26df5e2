"""Outreach and interviews: the do-not-contact flag, the message log, interviews

A candidate who asked not to be contacted carries the flag and the reason; every message
sent or received is a row of ``outreach_messages``; every scheduled interview a row of
``interviews``. Nothing existing changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild: rebuilding ``candidates`` would drop the
    # triggers that keep the search index up to date.
    op.add_column(
        "candidates",
        sa.Column("do_not_contact", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("candidates", sa.Column("do_not_contact_reason", sa.String(length=200)))
    op.create_table(
        "outreach_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=True),
        sa.Column("template", sa.String(length=100), nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_outreach_messages_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_outreach_messages_position_id_positions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_messages")),
        sa.UniqueConstraint("uid", name=op.f("uq_outreach_messages_uid")),
    )
    op.create_index(
        "ix_outreach_messages_timeline", "outreach_messages", ["candidate_id", "at"], unique=False
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("interviewers", sa.JSON(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_interviews_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
        sa.UniqueConstraint("uid", name=op.f("uq_interviews_uid")),
    )
    op.create_index("ix_interviews_upcoming", "interviews", ["starts_at"], unique=False)
    op.create_index(
        op.f("ix_interviews_application_id"), "interviews", ["application_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_interviews_application_id"), table_name="interviews")
    op.drop_index("ix_interviews_upcoming", table_name="interviews")
    op.drop_table("interviews")
    op.drop_index("ix_outreach_messages_timeline", table_name="outreach_messages")
    op.drop_table("outreach_messages")
    op.drop_column("candidates", "do_not_contact_reason")
    op.drop_column("candidates", "do_not_contact")
