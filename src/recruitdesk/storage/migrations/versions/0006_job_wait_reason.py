"""Why a waiting analysis job waits, in a column of its own

Until now the reason was the start of the job's last error ("Offline: ...",
"Rate-limited: ...", or the whole sentence of an interrupted job), and the Jobs view
parsed it back. The upgrade reads those prefixes once: a waiting job gets its reason,
and every job's last error keeps the engine's message alone. A waiting job with no
known prefix was waiting to retry a failed download.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The prefixes schema 0005's code wrote into ``last_error``, and their reason.
PREFIXES = {"Offline: ": "offline", "Rate-limited: ": "rate_limited"}
#: The whole ``last_error`` of a job a closing app stopped.
INTERRUPTED = "Interrupted when the app closed; it resumes at the next start."


def upgrade() -> None:
    with op.batch_alter_table("analysis_jobs") as batch_op:
        batch_op.add_column(sa.Column("wait_reason", sa.String(length=16), nullable=True))
    jobs = sa.table(
        "analysis_jobs",
        sa.column("state", sa.String),
        sa.column("wait_reason", sa.String),
        sa.column("last_error", sa.Text),
    )
    waiting = jobs.c.state == "waiting"
    for prefix, reason in PREFIXES.items():
        op.execute(
            jobs.update()
            .where(jobs.c.last_error.startswith(prefix, autoescape=True))
            .values(
                wait_reason=sa.case((waiting, reason), else_=None),
                last_error=sa.func.substr(jobs.c.last_error, len(prefix) + 1),
            )
        )
    op.execute(
        jobs.update()
        .where(jobs.c.last_error == INTERRUPTED)
        .values(wait_reason=sa.case((waiting, "interrupted"), else_=None), last_error=None)
    )
    unknown = jobs.c.wait_reason.is_(None)
    op.execute(jobs.update().where(waiting, unknown).values(wait_reason="retry"))


def downgrade() -> None:
    jobs = sa.table(
        "analysis_jobs",
        sa.column("wait_reason", sa.String),
        sa.column("last_error", sa.Text),
    )
    for prefix, reason in PREFIXES.items():
        op.execute(
            jobs.update()
            .where(jobs.c.wait_reason == reason)
            .values(last_error=sa.literal(prefix) + sa.func.coalesce(jobs.c.last_error, ""))
        )
    op.execute(
        jobs.update().where(jobs.c.wait_reason == "interrupted").values(last_error=INTERRUPTED)
    )
    with op.batch_alter_table("analysis_jobs") as batch_op:
        batch_op.drop_column("wait_reason")
