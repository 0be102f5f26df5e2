"""Pairs of candidates the user said are not one person

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dismissed_duplicates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.CheckConstraint("first_id < second_id", name=op.f("ck_dismissed_duplicates_ordered")),
        sa.ForeignKeyConstraint(
            ["first_id"],
            ["candidates.id"],
            name=op.f("fk_dismissed_duplicates_first_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["second_id"],
            ["candidates.id"],
            name=op.f("fk_dismissed_duplicates_second_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dismissed_duplicates")),
        sa.UniqueConstraint("first_id", "second_id", name=op.f("uq_dismissed_duplicates_first_id")),
    )
    op.create_index(
        op.f("ix_dismissed_duplicates_second_id"), "dismissed_duplicates", ["second_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_dismissed_duplicates_second_id"), table_name="dismissed_duplicates")
    op.drop_table("dismissed_duplicates")
