"""Sourcing runs as jobs of the persistent queue

A job has a kind: an analysis names its candidate and login, a sourcing run its
``sourcing_runs`` row, so a run is leased, resumed after a quit, cancelled and listed in
the Jobs view like an analysis.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _jobs_at_0018() -> sa.Table:
    """The table as 0018 left it: given to the batch so it reflects nothing (reflecting
    the candidates it refers to warns about their expression indexes)."""
    return sa.Table(
        "analysis_jobs",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=39), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("wait_reason", sa.String(length=16), nullable=True),
        sa.Column("lease_holder", sa.String(length=64), nullable=True),
        sa.Column("lease_holder_name", sa.String(length=200), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_analysis_jobs"),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name="fk_analysis_jobs_candidate_id_candidates",
            ondelete="CASCADE",
        ),
        sa.Index("ix_analysis_jobs_candidate_id", "candidate_id"),
        sa.Index("ix_analysis_jobs_due", "state", "next_attempt_at"),
    )


def upgrade() -> None:
    with op.batch_alter_table("analysis_jobs", copy_from=_jobs_at_0018()) as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=16), server_default="analysis", nullable=False)
        )
        batch.add_column(sa.Column("sourcing_run_id", sa.Integer(), nullable=True))
        batch.alter_column("candidate_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("login", existing_type=sa.String(length=39), nullable=True)
        batch.create_index(
            batch.f("ix_analysis_jobs_sourcing_run_id"), ["sourcing_run_id"], unique=False
        )
        batch.create_foreign_key(
            batch.f("fk_analysis_jobs_sourcing_run_id_sourcing_runs"),
            "sourcing_runs",
            ["sourcing_run_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    op.execute("DELETE FROM analysis_jobs WHERE kind != 'analysis'")
    with op.batch_alter_table("analysis_jobs") as batch:
        batch.drop_constraint(
            batch.f("fk_analysis_jobs_sourcing_run_id_sourcing_runs"), type_="foreignkey"
        )
        batch.drop_index(batch.f("ix_analysis_jobs_sourcing_run_id"))
        batch.alter_column("login", existing_type=sa.String(length=39), nullable=False)
        batch.alter_column("candidate_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("sourcing_run_id")
        batch.drop_column("kind")
