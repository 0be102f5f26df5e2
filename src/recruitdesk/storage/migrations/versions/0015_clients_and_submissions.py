"""Clients, their contacts, submissions and placements; a position belongs to a client

An agency fills positions for client companies and claims its fee "within a year of
submission", so it must show which candidate went to which client and when. Each
distinct company name of the existing positions becomes a client (names compared
without surrounding blanks and case), and the position points at it; the company text
stays as it was. ``positions`` is rebuilt in batch mode to gain its foreign key (it has
no full-text triggers to lose).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("name", name=op.f("uq_clients_name")),
        sa.UniqueConstraint("uid", name=op.f("uq_clients_uid")),
    )
    op.create_table(
        "client_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_contacts_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_contacts")),
        sa.UniqueConstraint("uid", name=op.f("uq_client_contacts_uid")),
    )
    op.create_index(
        op.f("ix_client_contacts_client_id"), "client_contacts", ["client_id"], unique=False
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_by", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_submissions_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_submissions_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["client_contacts.id"],
            name=op.f("fk_submissions_contact_id_client_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_submissions_position_id_positions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("uid", name=op.f("uq_submissions_uid")),
    )
    op.create_index(
        op.f("ix_submissions_candidate_id"), "submissions", ["candidate_id"], unique=False
    )
    op.create_index("ix_submissions_client", "submissions", ["client_id", "submitted_at"])
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("fee_amount", sa.Integer(), nullable=False),
        sa.Column("fee_currency", sa.String(length=3), nullable=False),
        sa.Column("guarantee_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_placements_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_placements_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_placements_position_id_positions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
        sa.UniqueConstraint("uid", name=op.f("uq_placements_uid")),
    )
    op.create_index(
        op.f("ix_placements_candidate_id"), "placements", ["candidate_id"], unique=False
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_positions_client_id"), ["client_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_positions_client_id_clients"),
            "clients",
            ["client_id"],
            ["id"],
            ondelete="SET NULL",
        )
    _clients_from_company_names()


def _clients_from_company_names() -> None:
    """One client per company name (the first spelling met wins), every position linked."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, company FROM positions WHERE company IS NOT NULL ORDER BY id")
    ).all()
    now = datetime.now(UTC).replace(tzinfo=None)
    client_ids: dict[str, int] = {}
    for position_id, company in rows:
        name = " ".join(str(company).split())[:200]
        if not name:
            continue
        key = name.casefold()
        if key not in client_ids:
            client_ids[key] = connection.execute(
                sa.text(
                    "INSERT INTO clients (name, uid, created_at, updated_at) "
                    "VALUES (:name, :uid, :now, :now) RETURNING id"
                ),
                {"name": name, "uid": str(uuid.uuid4()), "now": now},
            ).scalar_one()
        connection.execute(
            sa.text("UPDATE positions SET client_id = :client WHERE id = :id"),
            {"client": client_ids[key], "id": position_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_positions_client_id_clients"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_positions_client_id"))
        batch_op.drop_column("client_id")
    op.drop_index(op.f("ix_placements_candidate_id"), table_name="placements")
    op.drop_table("placements")
    op.drop_index("ix_submissions_client", table_name="submissions")
    op.drop_index(op.f("ix_submissions_candidate_id"), table_name="submissions")
    op.drop_table("submissions")
    op.drop_index(op.f("ix_client_contacts_client_id"), table_name="client_contacts")
    op.drop_table("client_contacts")
    op.drop_table("clients")
