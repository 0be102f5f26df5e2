"""What the candidate did in other people's projects (issue 14)

The analysis of a GitHub account now also reads the candidate's merged pull requests
in others' repositories, the reviews they gave there and their published packages
(``contributions`` in the analysis JSON). Older analyses have none: ``NULL``, which the
pane and the report show as not looked for.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("analyses", sa.Column("contributions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("analyses") as batch_op:
        batch_op.drop_column("contributions")
