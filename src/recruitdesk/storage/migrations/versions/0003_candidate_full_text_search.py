"""full-text search over candidates' names, skills and notes

An SQLite FTS5 table, ``candidate_search``, holds one row per candidate (rowid = the
candidate's id) with three columns: the name, the claimed skills as words, and the text
of every note. Triggers on ``candidates`` and ``notes`` keep it in step with every
write, whoever makes it; the upgrade fills it from the rows already there.

FTS5 exists only in SQLite: on PostgreSQL this revision changes nothing (search falls
back to ILIKE there, see ``recruitdesk.storage.search``).

This file keeps its own copy of the statements (a migration never changes once
released). Revision 0005 rebuilt the index with more columns; its statements are the
ones ``recruitdesk.storage.search_index`` repairs the triggers with.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATE_TABLE = (
    "CREATE VIRTUAL TABLE candidate_search USING fts5("
    "full_name, skills, notes, tokenize = 'unicode61 remove_diacritics 2')"
)
TRIGGERS = {
    "candidate_search_insert": (
        "CREATE TRIGGER candidate_search_insert AFTER INSERT ON candidates BEGIN "
        "INSERT INTO candidate_search(rowid, full_name, skills, notes) VALUES (NEW.id, "
        "NEW.full_name, "
        "CASE WHEN json_valid(NEW.skills) THEN (SELECT group_concat(value, ' ') FROM "
        "json_each(NEW.skills)) ELSE NEW.skills END, "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = NEW.id)); "
        "END"
    ),
    "candidate_search_update": (
        "CREATE TRIGGER candidate_search_update AFTER UPDATE OF full_name, skills ON "
        "candidates BEGIN "
        "UPDATE candidate_search SET full_name = NEW.full_name, "
        "skills = CASE WHEN json_valid(NEW.skills) THEN (SELECT group_concat(value, ' ') FROM "
        "json_each(NEW.skills)) ELSE NEW.skills END "
        "WHERE rowid = NEW.id; "
        "END"
    ),
    "candidate_search_delete": (
        "CREATE TRIGGER candidate_search_delete AFTER DELETE ON candidates BEGIN "
        "DELETE FROM candidate_search WHERE rowid = OLD.id; "
        "END"
    ),
    "candidate_search_note_insert": (
        "CREATE TRIGGER candidate_search_note_insert AFTER INSERT ON notes BEGIN "
        "UPDATE candidate_search SET notes = "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = NEW.candidate_id) "
        "WHERE rowid = NEW.candidate_id; "
        "END"
    ),
    "candidate_search_note_update": (
        "CREATE TRIGGER candidate_search_note_update AFTER UPDATE OF body, candidate_id ON "
        "notes BEGIN "
        "UPDATE candidate_search SET notes = "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = OLD.candidate_id) "
        "WHERE rowid = OLD.candidate_id; "
        "UPDATE candidate_search SET notes = "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = NEW.candidate_id) "
        "WHERE rowid = NEW.candidate_id; "
        "END"
    ),
    "candidate_search_note_delete": (
        "CREATE TRIGGER candidate_search_note_delete AFTER DELETE ON notes BEGIN "
        "UPDATE candidate_search SET notes = "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = OLD.candidate_id) "
        "WHERE rowid = OLD.candidate_id; "
        "END"
    ),
}
FILL = (
    "INSERT INTO candidate_search(rowid, full_name, skills, notes) "
    "SELECT c.id, c.full_name, "
    "CASE WHEN json_valid(c.skills) THEN (SELECT group_concat(value, ' ') FROM "
    "json_each(c.skills)) ELSE c.skills END, "
    "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = c.id) "
    "FROM candidates AS c"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(CREATE_TABLE)
    for statement in TRIGGERS.values():
        op.execute(statement)
    op.execute(FILL)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in reversed(TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS candidate_search")
