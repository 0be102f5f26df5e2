"""Sourcing runs that resume, and GitHub's answers kept for conditional requests

A sourcing run remembers the listing page it reached and the profiles it read, so a
quit or a cancel does not spend the rate limit again; each profile and listing page is
kept with its ETag, so asking again costs a ``304``.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "github_cache",
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_github_cache")),
    )
    op.create_table(
        "sourcing_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("limit", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_sourcing_runs_position_id_positions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sourcing_runs")),
    )


def downgrade() -> None:
    op.drop_table("sourcing_runs")
    op.drop_table("github_cache")
