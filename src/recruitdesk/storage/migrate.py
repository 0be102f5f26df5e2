"""Opening a database safely: check it, refuse what is not ours or too new, back it up,
bring it to the current schema.

Everything that can refuse a file runs before anything writes to it, so a file that is
not a database, a database from a newer version, or a folder that cannot be written is
reported in one sentence and left exactly as it was (qutebrowser's ``UserVersion``,
Vorta's ``backup_current_db``).
"""

import logging
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext, RevisionStep
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import OperationalError

from recruitdesk.atomic_files import is_database_file
from recruitdesk.domain.wording import count
from recruitdesk.errors import DatabaseError, NewerDatabaseError
from recruitdesk.storage.database import Database, resolve_url, sqlite_file
from recruitdesk.storage.database_errors import translate
from recruitdesk.storage.import_runs import recover_dead_runs
from recruitdesk.storage.maintenance import (
    backup_sqlite,
    prune_backups,
    timestamped_backup_path,
)

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
_MIGRATIONS = "recruitdesk.storage:migrations"
#: Backups taken before upgrades that are kept, the newest first.
KEPT_UPGRADE_BACKUPS = 3


def include_in_autogenerate(
    _object: object, name: str | None, type_: str, _reflected: bool, _compare_to: object
) -> bool:
    """Alembic's ``include_object``: leave out the full-text search index (an FTS5 table
    and its shadow tables, made by revision 0003 outside the ORM)."""
    return not (type_ == "table" and name is not None and name.startswith("candidate_search"))


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", _MIGRATIONS)
    return config


def head_revision() -> str:
    """The schema revision this version of the app writes."""
    head = _script().get_current_head()
    assert head is not None, "the migrations have no head revision"
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _script().walk_revisions())


@dataclass(frozen=True, slots=True)
class OpenResult:
    """What opening did: the revision found, and the backup taken before an upgrade."""

    found_revision: str | None
    backup: Path | None

    @property
    def created(self) -> bool:
        return self.found_revision is None


def _check_folder_writable(folder: Path) -> None:
    if not folder.is_dir():
        raise DatabaseError(
            f"The folder {folder} does not exist: check the path, or create the folder first."
        )
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DatabaseError(
            f"The folder {folder} cannot be written ({reason}); the database needs a folder "
            "it can write its -wal and -shm files in."
        ) from None


def _restore_side_file_modes(path: Path) -> None:
    """Give the ``-wal`` and ``-shm`` files the database file's permissions again.

    SQLite creates them with the database file's mode; made while the file was
    read-only, they stay read-only after it is made writable again, and every write
    would fail. Only files we own can be changed; otherwise the write's own error
    names them."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if not mode & stat.S_IWUSR:
        return
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        try:
            if stat.S_IMODE(side.stat().st_mode) != mode:
                side.chmod(mode)
                log.info("gave %s the permissions of %s again", side, path)
        except OSError:
            continue


def stored_revision(path: Path) -> str | None:
    """The revision stored in an existing SQLite file, read without writing to it.

    ``None`` for an empty file. Raises :class:`DatabaseError` for a file that is not an
    SQLite database, or an SQLite database that is not recruitdesk's.
    """
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    try:
        # A file this process has open as its database is one, and reading it here
        # would drop SQLite's locks on it.
        if is_database_file(path):
            header = SQLITE_HEADER
        else:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(f"Cannot read {path}: {error.strerror}.") from None
    if not header:
        return None
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a recruitdesk database (it is not an SQLite file).")
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            row = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        known = translate(error, str(path))
        if known is not None:
            raise known from None
        raise DatabaseError(f"{path} cannot be read as a database: {error}.") from None
    if row is None:
        if tables - {"alembic_version"}:
            raise DatabaseError(f"{path} is an SQLite database, but not one of recruitdesk's.")
        return None
    return str(row[0])


def _refuse_unknown(revision: str | None, where: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise NewerDatabaseError(
            f"{where} was made by a newer version of recruitdesk (schema {revision}; "
            f"this version knows up to {head_revision()}): install the newer version to open it."
        )


def _set_sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    """Switch SQLite's foreign keys on the raw connection, outside any transaction
    (inside one, SQLite ignores the pragma)."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _upgrade_to_head(config: Config) -> None:
    """Alembic's ``command.upgrade(config, "head")`` on the revisions this process read
    once: the command reads every revision file again each time, about half of a
    one-step upgrade's time (and of creating a new file)."""
    script = _script()

    def steps(revision: str, _context: MigrationContext) -> list[RevisionStep]:
        return script._upgrade_revs("head", revision)

    with EnvironmentContext(config, script, fn=steps, destination_rev="head"):
        script.run_env()


def _upgrade(database: Database) -> None:
    """Run the migrations to head in one transaction.

    On SQLite, foreign keys are off while it runs: batch mode rebuilds a table by
    dropping the old one, and with foreign keys on that drop would cascade-delete every
    row that points at it (notes, history, analyses...). The check afterwards makes sure
    the rebuilt tables still hold together before anything commits.
    """
    config = _config()
    # A write like any other: BEGIN IMMEDIATE, so a second process waits its turn.
    with database.writer_engine.connect() as connection:
        if database.is_sqlite:
            _set_sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                _upgrade_to_head(config)
                if database.is_sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise DatabaseError(
                            f"The upgrade of {database.display_name} would break "
                            f"{count(len(broken), 'reference')}; nothing was changed."
                        )
        finally:
            if database.is_sqlite:
                _set_sqlite_foreign_keys(connection, on=True)


def _server_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def open_database(value: str | URL | None = None, *, upgrade: bool = True) -> Database:
    """Open the database ``--db`` names, creating or upgrading its schema as needed."""
    database, _result = open_database_with_report(value, upgrade=upgrade)
    return database


def open_database_with_report(
    value: str | URL | None = None, *, upgrade: bool = True
) -> tuple[Database, OpenResult]:
    """:func:`open_database`, also saying what it found and whether it backed up."""
    url = value if isinstance(value, URL) else resolve_url(value)
    path = sqlite_file(url)
    revision: str | None = None
    if path is not None:
        # The folder first: SQLite cannot open a database whose -shm file it cannot make,
        # and would call that "unable to open database file".
        _check_folder_writable(path.parent)
        if path.exists():
            revision = stored_revision(path)
            _refuse_unknown(revision, str(path))
            _restore_side_file_modes(path)
    database = Database(url)
    try:
        if path is None:
            revision = _server_revision(database)
            _refuse_unknown(revision, database.display_name)
        backup = None
        if revision != head_revision():
            if not upgrade:
                raise DatabaseError(
                    f"{database.display_name} needs a schema upgrade: run 'recruitdesk db upgrade'."
                )
            if path is not None and revision is not None:
                backup = backup_sqlite(
                    path, timestamped_backup_path(path, f"pre-{head_revision()}")
                )
                log.info("backed up %s to %s before upgrading", path, backup)
                for old in prune_backups(path, "pre-", KEPT_UPGRADE_BACKUPS):
                    log.info("removed the older upgrade backup %s", old)
            _upgrade(database)
            log.info("upgraded %s from %s to %s", database.display_name, revision, head_revision())
        # An import whose process died left its people behind: it was all or nothing.
        recover_dead_runs(database)
    except OperationalError as error:
        database.dispose()
        raise DatabaseError(f"Cannot open {database.display_name}: {error.orig}.") from None
    except BaseException:
        database.dispose()
        raise
    return database, OpenResult(found_revision=revision, backup=backup)
