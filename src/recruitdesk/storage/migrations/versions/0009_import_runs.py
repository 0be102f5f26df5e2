"""Import runs: an import writes in short batches and is undone whole if it stops

A long import kept SQLite's write lock for its whole length, so every other write
waited and failed. Now it writes in batches and records the people each run added
until the run is published, so a run that fails, is cancelled or whose process dies is
undone whole.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("alive_at", sa.DateTime(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    op.create_table(
        "import_run_candidates",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_import_run_candidates_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["import_runs.id"],
            name=op.f("fk_import_run_candidates_run_id_import_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "candidate_id", name=op.f("pk_import_run_candidates")),
    )
    with op.batch_alter_table("import_run_candidates") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_run_candidates_candidate_id"), ["candidate_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("import_run_candidates")
    op.drop_table("import_runs")
