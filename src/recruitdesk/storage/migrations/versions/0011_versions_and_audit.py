"""Versions and the audit trail: several recruiters on one database

A save over a colleague's newer edit overwrote it silently, and nothing recorded who
moved a card or wrote a note. Every editable record now carries a version that each
update bumps, and each candidate an audit trail of who did what when.

The columns are added with plain ``ALTER TABLE ... ADD COLUMN``, not a batch rebuild:
rebuilding ``candidates`` would drop the full-text search index's triggers.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSIONED = ("candidates", "positions", "applications", "notes", "scorecards")


def upgrade() -> None:
    for table in _VERSIONED:
        op.add_column(
            table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_audit_entries_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index("ix_audit_entries_candidate", "audit_entries", ["candidate_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_entries_candidate", table_name="audit_entries")
    op.drop_table("audit_entries")
    for table in _VERSIONED:
        op.drop_column(table, "version")
