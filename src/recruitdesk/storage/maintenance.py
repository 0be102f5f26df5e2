"""Backups and integrity checks of an SQLite database.

A backup goes through SQLite's online backup API, so it is consistent even while the
app writes; it is written whole or not at all (docs/architecture.md, "Atomic files"), so
a crash never leaves half a backup under the real name.
"""

import glob
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from recruitdesk.atomic_files import atomic_path, protected, sqlite_files
from recruitdesk.errors import DatabaseError


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` to ``target`` consistently; returns ``target``."""
    target = target.expanduser().resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(
            f"Cannot create the folder {target.parent}: {error.strerror}."
        ) from None
    try:
        # The copy is refused over the files it copies, as over the open database's.
        with protected(sqlite_files(source)), atomic_path(target) as partial:
            src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
            try:
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
    except sqlite3.Error as error:
        raise DatabaseError(f"The backup of {source} failed: {error}.") from None
    except OSError as error:
        raise DatabaseError(f"Cannot write the backup {target}: {error.strerror}.") from None
    return target


def timestamped_backup_path(database: Path, label: str) -> Path:
    """``<name>.<label>-<UTC time>.bak`` beside the database."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return database.with_name(f"{database.name}.{label}-{stamp}.bak")


def prune_backups(database: Path, label_prefix: str, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups the app made of ``database`` whose
    label starts with ``label_prefix``; returns the ones removed.

    Each retried upgrade writes a full copy of the database, so without a bound they
    would fill the disk; backups the user made (``db backup``) are never touched."""
    pattern = f"{glob.escape(database.name)}.{glob.escape(label_prefix)}*.bak"
    found = sorted(
        database.parent.glob(pattern), key=lambda path: path.stat().st_mtime_ns, reverse=True
    )
    removed = []
    for old in found[keep:]:
        try:
            old.unlink()
        except OSError:
            continue
        removed.append(old)
    return removed


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` found."""

    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.integrity and not self.foreign_keys

    def lines(self) -> list[str]:
        if self.ok:
            return ["integrity check: ok", "foreign key check: ok"]
        result = [f"integrity problem: {line}" for line in self.integrity]
        result += [f"broken reference: {line}" for line in self.foreign_keys]
        return result


def check_sqlite(path: Path) -> CheckReport:
    """Run SQLite's integrity and foreign key checks, read-only."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            broken = [
                f"{table} row {rowid} points at a missing {parent} row"
                for table, rowid, parent, _fk in connection.execute("PRAGMA foreign_key_check")
            ]
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise DatabaseError(f"Cannot check {path}: {error}.") from None
    return CheckReport(integrity=[line for line in integrity if line != "ok"], foreign_keys=broken)


#: The label of the backups the app makes before an upgrade (``db backup``'s are the
#: user's own and are never changed).
UPGRADE_LABEL = "pre-"


def app_backups(database: Path, label_prefix: str = UPGRADE_LABEL) -> list[Path]:
    """The backups the app made of ``database`` whose label starts with ``label_prefix``."""
    pattern = f"{glob.escape(database.name)}.{glob.escape(label_prefix)}*.bak"
    return sorted(database.parent.glob(pattern))


@dataclass(frozen=True, slots=True)
class ErasedPerson:
    """Who to erase from a backup: a backup of any schema names them by uid (from the
    second schema on), else by e-mail or GitHub login."""

    uid: str
    email: str | None
    github_login: str | None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({_quoted(table)})")}


def _people_rows(connection: sqlite3.Connection, people: list[ErasedPerson]) -> dict[str, set[int]]:
    """The rowids to delete by table: the people's candidates, and the analyses of
    their logins made before they were on file."""
    columns = _columns(connection, "candidates")
    rows: dict[str, set[int]] = {"candidates": set(), "analyses": set()}
    for person in people:
        tests = [("uid = ?", person.uid)] if "uid" in columns else []
        if person.email:
            tests.append(("lower(email) = lower(?)", person.email))
        if person.github_login:
            tests.append(("lower(github_login) = lower(?)", person.github_login))
        for where, value in tests:
            found = connection.execute(f"SELECT rowid FROM candidates WHERE {where}", (value,))  # noqa: S608
            rows["candidates"].update(row[0] for row in found)
        if person.github_login and "login" in _columns(connection, "analyses"):
            found = connection.execute(
                "SELECT rowid FROM analyses WHERE candidate_id IS NULL AND lower(login) = lower(?)",
                (person.github_login,),
            )
            rows["analyses"].update(row[0] for row in found)
    return rows


def _with_dependents(connection: sqlite3.Connection, rows: dict[str, set[int]]) -> None:
    """Add every row that refers, through a foreign key, to a row to delete; read from
    the backup's own schema, whatever version it is."""
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    references = [
        (child, key[3], key[2], key[4])  # child column -> parent table, parent column
        for child in tables
        for key in connection.execute(f"PRAGMA foreign_key_list({_quoted(child)})")
    ]
    pending = [table for table, found in rows.items() if found]
    while pending:
        parent = pending.pop()
        for child, column, table, target in references:
            if table != parent or not rows.get(parent):
                continue
            marks = ",".join("?" * len(rows[parent]))
            found = {
                row[0]
                for row in connection.execute(
                    f"SELECT c.rowid FROM {_quoted(child)} c WHERE c.{_quoted(column)} IN "  # noqa: S608
                    f"(SELECT p.{_quoted(target or 'rowid')} FROM {_quoted(parent)} p "
                    f"WHERE p.rowid IN ({marks}))",
                    list(rows[parent]),
                )
            }
            new = found - rows.setdefault(child, set())
            if new:
                rows[child] |= new
                pending.append(child)


def erase_from_backup(backup: Path, people: list[ErasedPerson]) -> int:
    """Erase ``people`` and every row that refers to them from an SQLite backup, leaving
    no byte of theirs in the file (secure_delete, a merged search index, a rewritten
    file); returns how many candidates it held."""
    connection = sqlite3.connect(backup, isolation_level=None)
    try:
        # No write-ahead log beside the backup: the old pages would stay in it.
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("PRAGMA foreign_keys = OFF")  # every dependent is deleted here
        connection.execute("BEGIN IMMEDIATE")
        rows = _people_rows(connection, people)
        _with_dependents(connection, rows)
        for table, found in reversed(rows.items()):  # the rows that refer to others first
            for rowid in found:
                connection.execute(f"DELETE FROM {_quoted(table)} WHERE rowid = ?", (rowid,))  # noqa: S608
        for (table,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND lower(sql) LIKE 'create virtual table%using fts5%'"
        ).fetchall():
            # Merging every segment into one drops the deleted rows' tokens; the names
            # come from sqlite_master, quoted, never from input.
            merge = f"INSERT INTO {_quoted(table)}({_quoted(table)}) VALUES ('optimize')"  # noqa: S608
            connection.execute(merge)
        connection.execute("COMMIT")
        if rows["candidates"]:
            connection.execute("VACUUM")  # free pages and their leftovers leave the file
    finally:
        connection.close()
    return len(rows["candidates"])
