"""``recruitdesk db upgrade | backup | check``."""

import argparse
from pathlib import Path

from recruitdesk import APP_NAME
from recruitdesk.cli.common import EXIT_FAILURE, EXIT_OK, Commands, say
from recruitdesk.domain.wording import count
from recruitdesk.errors import KnownError


def cmd_upgrade(args: argparse.Namespace) -> int:
    from recruitdesk.storage.migrate import head_revision, open_database_with_report

    database, result = open_database_with_report(args.db)
    with database:
        head = head_revision()
        if result.created:
            say(f"Created {database.display_name} at schema {head}.")
        elif result.found_revision == head:
            say(f"{database.display_name} is already at the current schema ({head}).")
        else:
            say(f"Upgraded {database.display_name} from schema {result.found_revision} to {head}.")
        if result.backup is not None:
            say(f"Backup taken first: {result.backup}")
    return EXIT_OK


def _existing_sqlite_file(db: str | None, action: str) -> Path:
    from recruitdesk.storage.database import resolve_url, sqlite_file
    from recruitdesk.storage.migrate import stored_revision

    path = sqlite_file(resolve_url(db))
    if path is None:
        raise KnownError(
            f"'db {action}' works on SQLite files; for a server database use its own tools "
            "(pg_dump, pg_amcheck)."
        )
    if not path.is_file():
        raise KnownError(f"There is no database at {path}.")
    stored_revision(path)  # refuses a file that is not a database, before anything else
    return path


def cmd_backup(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from platformdirs import user_data_path

    from recruitdesk.storage.maintenance import backup_sqlite

    path = _existing_sqlite_file(args.db, "backup")
    target: Path = args.output or (
        user_data_path(APP_NAME, appauthor=False)
        / "backups"
        / f"{path.stem}-{datetime.now(UTC):%Y%m%dT%H%M%S}.sqlite"
    )
    written = backup_sqlite(path, target)
    say(f"Backed up {path} to {written}.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from recruitdesk.storage.database import Database, resolve_url
    from recruitdesk.storage.maintenance import check_sqlite
    from recruitdesk.storage.migrate import head_revision, stored_revision
    from recruitdesk.storage.queries import counts

    path = _existing_sqlite_file(args.db, "check")
    revision = stored_revision(path)
    report = check_sqlite(path)
    head = head_revision()
    say(str(path))
    if revision == head:
        say(f"schema: {revision} (current)")
    elif revision is None:
        say("schema: none yet (an empty database)")
    else:
        say(f"schema: {revision} (this version writes {head}; 'db upgrade' brings it up)")
    for line in report.lines():
        say(line)
    if revision == head:
        with Database(resolve_url(args.db)) as database:
            found = counts(database)
        say(
            f"holds {count(found.candidates, 'candidate')}, "
            f"{count(found.positions, 'position')}, {count(found.applications, 'application')}"
        )
    return EXIT_OK if report.ok else EXIT_FAILURE


def configure(db: argparse.ArgumentParser) -> None:
    actions = db.add_subparsers(title="actions", metavar="ACTION", required=True)
    actions.add_parser(
        "upgrade", help="bring the database to the current schema (backs up first)"
    ).set_defaults(handler=cmd_upgrade)
    backup = actions.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("-o", "--output", type=Path, metavar="FILE")
    backup.set_defaults(handler=cmd_backup)
    actions.add_parser("check", help="run SQLite's integrity and foreign key checks").set_defaults(
        handler=cmd_check
    )


def register(commands: Commands) -> None:
    commands.add_command("db", configure, help="migrations, backups and checks")
