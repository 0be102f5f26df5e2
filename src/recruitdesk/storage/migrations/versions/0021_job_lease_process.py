"""The host and process of a running job's lease

A job run by a process that died (a crash, a kill) waited for its lease to run out
before the next start took it again; with the process named, the next start on that
machine takes it back at once.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain columns, no constraint: SQLite adds them in place, without a rebuild.
    op.add_column("analysis_jobs", sa.Column("lease_host", sa.String(length=255), nullable=True))
    op.add_column("analysis_jobs", sa.Column("lease_pid", sa.Integer(), nullable=True))


def downgrade() -> None:
    # SQLite drops a plain column in place (3.35 and later).
    op.drop_column("analysis_jobs", "lease_pid")
    op.drop_column("analysis_jobs", "lease_host")
