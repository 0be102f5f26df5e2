"""CV files kept with candidates, and merges of duplicates that can be undone

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "candidate_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_files_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_files")),
    )
    op.create_index(op.f("ix_candidate_files_candidate_id"), "candidate_files", ["candidate_id"])
    op.create_table(
        "candidate_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("absorbed_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("kept_version", sa.Integer(), nullable=False),
        sa.Column("undo", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kept_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_merges_kept_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_merges")),
    )
    op.create_index(op.f("ix_candidate_merges_kept_id"), "candidate_merges", ["kept_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_candidate_merges_kept_id"), table_name="candidate_merges")
    op.drop_table("candidate_merges")
    op.drop_index(op.f("ix_candidate_files_candidate_id"), table_name="candidate_files")
    op.drop_table("candidate_files")
