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
