"""What each score of an analysis rests on (analysis JSON schema 2)

Schema 2 of the analysis leaves out a score that cannot be judged and says how much
evidence each score rests on. Older analyses keep their figures and get an empty
``score_evidence``; the job queue measures their candidates again at the next start
(``recruitdesk.jobs.manager``), since their figures were made by other rules.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "analyses",
        sa.Column("score_evidence", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("analyses") as batch_op:
        batch_op.drop_column("score_evidence")
