"""uids and field edit times for bundles

A ``uid`` names a row on every laptop, so bundles exchanged between databases merge
instead of duplicating; ``field_times`` lets the newer edit of each field win. Existing
rows get a fresh uid each and no field times (their ``updated_at`` stands for every
field).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHARED_TABLES = (
    "candidates",
    "positions",
    "applications",
    "stage_changes",
    "notes",
    "scorecards",
    "analyses",
)
EDITED_TABLES = ("candidates", "positions", "applications")


def upgrade() -> None:
    connection = op.get_bind()
    for table in SHARED_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
            if table in EDITED_TABLES:
                batch_op.add_column(
                    sa.Column("field_times", sa.JSON(), nullable=False, server_default="{}")
                )
        # The table names are this module's constants, never input.
        ids = connection.execute(sa.text(f"SELECT id FROM {table}")).scalars().all()  # noqa: S608
        if ids:
            connection.execute(
                sa.text(f"UPDATE {table} SET uid = :uid WHERE id = :id"),  # noqa: S608
                [{"uid": str(uuid.uuid4()), "id": row_id} for row_id in ids],
            )
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("uid", existing_type=sa.String(length=36), nullable=False)
            batch_op.create_unique_constraint(f"uq_{table}_uid", ["uid"])


def downgrade() -> None:
    for table in reversed(SHARED_TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_uid", type_="unique")
            batch_op.drop_column("uid")
            if table in EDITED_TABLES:
                batch_op.drop_column("field_times")
