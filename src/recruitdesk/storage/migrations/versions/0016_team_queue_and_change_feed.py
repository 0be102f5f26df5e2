"""The shared analysis queue's leases and the feed of changes between workstations

Two workstations on one database ran the same analysis twice, and one that died kept
its jobs "running" until it started again; another process's writes were seen only
after a reload. A running job now carries a lease (its holder and until when), and each
write's changes are recorded for the other processes on the same SQLite file.

Revision ID: 0016
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEASE = (
    ("lease_holder", sa.String(length=64)),
    ("lease_holder_name", sa.String(length=200)),
    ("lease_until", sa.DateTime()),
)


def upgrade() -> None:
    for name, kind in _LEASE:
        op.add_column("analysis_jobs", sa.Column(name, kind, nullable=True))
    op.create_table(
        "change_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("workstation", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_feed")),
    )


def downgrade() -> None:
    op.drop_table("change_feed")
    with op.batch_alter_table("analysis_jobs") as batch:
        for name, _kind in reversed(_LEASE):
            batch.drop_column(name)
