"""Sourcing's consent rules: an "inform by" date and the suppression list

A person found by sourcing did not give their data themselves; GDPR Art. 14 wants them
informed within a month, so a sourced candidate carries ``inform_by``. Someone erased
on their request leaves only a keyed hash of their login and e-mail in
``suppressions``, so sourcing never adds them again. The column is added with
``op.add_column``: batch mode would copy the candidates table and drop its full-text
search triggers.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("candidates", sa.Column("inform_by", sa.Date(), nullable=True))
    op.create_index(op.f("ix_candidates_inform_by"), "candidates", ["inform_by"], unique=False)
    op.create_table(
        "suppressions",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_suppressions")),
    )


def downgrade() -> None:
    op.drop_table("suppressions")
    op.drop_index(op.f("ix_candidates_inform_by"), table_name="candidates")
    op.drop_column("candidates", "inform_by")
