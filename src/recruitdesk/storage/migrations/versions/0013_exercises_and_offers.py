"""Review exercises and offers

A review exercise sent to a candidate, their written review and its grade per planted
problem are a row of ``exercise_assignments``; an offer on an application is a row of
``offers``. Nothing existing changes.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _foreign(column: str, table: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    table = "exercise_assignments"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("exercise", sa.String(length=40), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("review", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("grades", sa.JSON(), nullable=False),
        sa.Column("graded_at", sa.DateTime(), nullable=True),
        sa.Column("graded_by", sa.String(length=100), nullable=True),
        sa.Column("submission_analysis_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _foreign("candidate_id", table, "candidates", "CASCADE"),
        _foreign("position_id", table, "positions", "SET NULL"),
        _foreign("message_id", table, "outreach_messages", "SET NULL"),
        _foreign("submission_analysis_id", table, "analyses", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_assignments")),
        sa.UniqueConstraint("uid", name=op.f("uq_exercise_assignments_uid")),
    )
    op.create_index(
        "ix_exercise_assignments_candidate", table, ["candidate_id", "sent_at"], unique=False
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _foreign("application_id", "offers", "applications", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("uid", name=op.f("uq_offers_uid")),
    )
    op.create_index(op.f("ix_offers_application_id"), "offers", ["application_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_offers_application_id"), table_name="offers")
    op.drop_table("offers")
    op.drop_index("ix_exercise_assignments_candidate", table_name="exercise_assignments")
    op.drop_table("exercise_assignments")
