"""The full-text index behind the search: SQLite's FTS5 table ``candidate_search``
(schema 0003, its columns since 0005), one row per candidate (rowid = the candidate's
id) with the name, the claimed skills and the tags as words, the location and the text
of the notes, kept in step by triggers on ``candidates`` and ``notes``.

Here: whether the index is there, putting back triggers a later batch migration lost
(rebuilding ``candidates`` or ``notes`` drops their triggers), and purging erased rows
from its segments. On another backend there is no index and these do nothing.
"""

from sqlalchemy import text
from sqlalchemy.orm import Session

from recruitdesk.storage.database import Database

FTS_TABLE = "candidate_search"

# The statements of schema 0005, also here so a lost trigger can be put back (a later
# batch migration that rebuilds ``candidates`` or ``notes`` drops their triggers).
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


def missing_triggers(session: Session) -> set[str] | None:
    """The index's triggers that are missing; ``None`` when there is no FTS index
    (another backend)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    names = set(
        session.scalars(
            text(
                "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = :table) "
                "OR (type = 'trigger' AND name LIKE 'candidate_search_%')"
            ),
            {"table": FTS_TABLE},
        )
    )
    if FTS_TABLE not in names:
        return None
    return set(TRIGGERS) - names


def has_fts(session: Session) -> bool:
    return missing_triggers(session) is not None


def repair_index(database: Database) -> int:
    """Put back any missing trigger and refill the FTS table from the candidates and
    notes; returns the rows indexed (0 without an FTS index)."""
    with database.write() as session:
        missing = missing_triggers(session)
        if missing is None:
            return 0
        for name in sorted(missing):
            session.execute(text(TRIGGERS[name]))
        session.execute(text("DELETE FROM candidate_search"))
        session.execute(text(FILL))
        return session.scalar(text("SELECT count(*) FROM candidate_search")) or 0
