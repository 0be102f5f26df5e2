"""The shared analysis queue's leases, the feed of changes, positions' audit trail

Two workstations on one database ran the same analysis twice, and one that died kept
its jobs "running" until it started again; another process's writes were seen only
after a reload; nothing recorded who edited a position. A running job now carries a
lease (its holder and until when), each write's changes are recorded for the other
processes on the same SQLite file, and an audit entry may belong to a position.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
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
    # A small table of its own: rebuilding it in a batch touches no search trigger.
    with op.batch_alter_table("audit_entries") as batch:
        batch.alter_column("candidate_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("position_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_audit_entries_position_id_positions"),
            "positions",
            ["position_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_index("ix_audit_entries_position", "audit_entries", ["position_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_entries_position", table_name="audit_entries")
    op.execute("DELETE FROM audit_entries WHERE candidate_id IS NULL")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_constraint(op.f("fk_audit_entries_position_id_positions"), type_="foreignkey")
        batch.drop_column("position_id")
        batch.alter_column("candidate_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("change_feed")
    with op.batch_alter_table("analysis_jobs") as batch:
        for name, _kind in reversed(_LEASE):
            batch.drop_column(name)
