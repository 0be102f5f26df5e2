"""Indexes for finding duplicates: e-mails and logins in any case, a phone's last
digits, the start of the location

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The expressions as the models write them (storage/models/pipeline.py): a query uses
# an expression index only when its expression is written the same.
_DIGITS = (
    "replace(replace(replace(replace(replace(replace("
    "phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '')"
)
# substr with a negative start counts from the end on SQLite only.
_PHONE_TAIL = {"sqlite": f"substr({_DIGITS}, -6)", "postgresql": f"right({_DIGITS}, 6)"}
_INDEXES = {
    "ix_candidates_email_lower": "lower(email)",
    "ix_candidates_github_login_lower": "lower(github_login)",
    "ix_candidates_phone_tail": "",
    "ix_candidates_location_lower": "lower(location)",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, expression in _INDEXES.items():
        expression = expression or _PHONE_TAIL.get(dialect, _PHONE_TAIL["sqlite"])
        op.create_index(name, "candidates", [sa.text(expression)])


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="candidates")
