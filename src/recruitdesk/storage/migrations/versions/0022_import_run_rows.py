"""Import runs record every row they add, not only people

A bundle merge wrote its positions, cards, stage history, scorecards and the notes of
people already stored in its last transaction, which kept the write lock for seconds.
It now writes them, and its changes to the records already stored, a batch per
transaction too, so a run records those rows as well (and what a changed record held
before), to undo them whole if it stops.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_run_rows",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("restore", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["import_runs.id"],
            name=op.f("fk_import_run_rows_run_id_import_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "kind", "row_id", name=op.f("pk_import_run_rows")),
    )


def downgrade() -> None:
    op.drop_table("import_run_rows")
