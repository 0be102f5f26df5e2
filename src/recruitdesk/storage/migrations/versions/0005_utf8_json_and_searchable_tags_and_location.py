"""JSON text in UTF-8; tags and location in the search index

Until now JSON columns were written with ``\\u`` escapes ("Z\\u00fcrich"), so a filter
that looks into their text (LIKE) missed every non-ASCII skill or tag. The app now
writes them as UTF-8; this revision rewrites the JSON already stored the same way.
Only a value whose text holds an escape is rewritten; a value that cannot be UTF-8 (a
lone surrogate) keeps its escapes.

On SQLite the full-text index is rebuilt with two more columns, the tags and the
location, so a search for "Zürich" finds the candidates who live there. It is dropped
before the rewrite and filled after it, so the rewrite fires no trigger.

This file keeps its own copy of the index's statements (a migration never changes once
released); ``recruitdesk.storage.search_index`` holds the same ones to repair the
triggers should a later batch migration rebuild ``candidates`` or ``notes``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Every JSON column of schema 0004, by table.
JSON_COLUMNS = {
    "candidates": ("links", "skills", "tags", "field_times"),
    "positions": ("regions", "must_have", "nice_to_have", "min_scores", "field_times"),
    "applications": ("field_times",),
    "scorecards": ("ratings",),
    "analyses": ("scores", "explanations"),
    "analysis_repositories": ("metrics",),
    "analysis_skills": ("evidence",),
}

CREATE_TABLE = (
    "CREATE VIRTUAL TABLE candidate_search USING fts5("
    "full_name, skills, tags, location, notes, tokenize = 'unicode61 remove_diacritics 2')"
)
TRIGGERS = {
    "candidate_search_insert": (
        "CREATE TRIGGER candidate_search_insert AFTER INSERT ON candidates BEGIN "
        "INSERT INTO candidate_search(rowid, full_name, skills, tags, location, notes) "
        "VALUES (NEW.id, NEW.full_name, "
        "CASE WHEN json_valid(NEW.skills) THEN (SELECT group_concat(value, ' ') FROM "
        "json_each(NEW.skills)) ELSE NEW.skills END, "
        "CASE WHEN json_valid(NEW.tags) THEN (SELECT group_concat(value, ' ') FROM "
        "json_each(NEW.tags)) ELSE NEW.tags END, "
        "NEW.location, "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = NEW.id)); "
        "END"
    ),
    "candidate_search_update": (
        "CREATE TRIGGER candidate_search_update AFTER UPDATE OF full_name, skills, tags, "
        "location ON candidates BEGIN "
        "UPDATE candidate_search SET full_name = NEW.full_name, "
        "skills = CASE WHEN json_valid(NEW.skills) THEN (SELECT group_concat(value, ' ') FROM "
        "json_each(NEW.skills)) ELSE NEW.skills END, "
        "tags = CASE WHEN json_valid(NEW.tags) THEN (SELECT group_concat(value, ' ') FROM "
        "json_each(NEW.tags)) ELSE NEW.tags END, "
        "location = NEW.location "
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
    "INSERT INTO candidate_search(rowid, full_name, skills, tags, location, notes) "
    "SELECT c.id, c.full_name, "
    "CASE WHEN json_valid(c.skills) THEN (SELECT group_concat(value, ' ') FROM "
    "json_each(c.skills)) ELSE c.skills END, "
    "CASE WHEN json_valid(c.tags) THEN (SELECT group_concat(value, ' ') FROM "
    "json_each(c.tags)) ELSE c.tags END, "
    "c.location, "
    "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = c.id) "
    "FROM candidates AS c"
)


def utf8_text(stored: str) -> str | None:
    """The UTF-8 text of a stored JSON value, or ``None`` when it stays as it is."""
    if "\\u" not in stored:
        return None
    try:
        rewritten = json.dumps(json.loads(stored), ensure_ascii=False)
        rewritten.encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return None
    return rewritten if rewritten != stored else None


def _rewrite_json(connection: sa.Connection) -> None:
    # PostgreSQL's ``json`` type keeps the text as written; a parameter needs a cast
    # there (SQLite would read a CAST to JSON as a number).
    value = "CAST(:value AS JSON)" if connection.dialect.name == "postgresql" else ":value"
    for table, columns in JSON_COLUMNS.items():
        for column in columns:
            # The names are this module's constants, never input. ESCAPE '!' makes the
            # backslash an ordinary character on every backend.
            rows = connection.execute(
                sa.text(
                    f"SELECT id, CAST({column} AS TEXT) FROM {table} "  # noqa: S608
                    f"WHERE CAST({column} AS TEXT) LIKE :escaped ESCAPE '!'"
                ),
                {"escaped": "%\\u%"},
            ).all()
            updates = [
                {"id": row_id, "value": text}
                for row_id, stored in rows
                if (text := utf8_text(stored)) is not None
            ]
            if updates:
                connection.execute(
                    sa.text(f"UPDATE {table} SET {column} = {value} WHERE id = :id"),  # noqa: S608
                    updates,
                )


def _drop_index(names: Sequence[str]) -> None:
    for name in reversed(names):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS candidate_search")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _drop_index(list(TRIGGERS))
    _rewrite_json(op.get_bind())
    if sqlite:
        op.execute(CREATE_TABLE)
        for statement in TRIGGERS.values():
            op.execute(statement)
        op.execute(FILL)


def downgrade() -> None:
    """Back to schema 0004's index (the JSON stays UTF-8, which 0004 reads as well)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_index(list(TRIGGERS))
    previous = context.script.get_revision("0003")
    assert previous is not None
    earlier = previous.module
    op.execute(earlier.CREATE_TABLE)
    for statement in earlier.TRIGGERS.values():
        op.execute(statement)
    op.execute(earlier.FILL)
