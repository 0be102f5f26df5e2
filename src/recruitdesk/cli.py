"""The command line (DESIGN.md, "The command line": a contract tests and users rely on).

``recruitdesk`` with no sub-command opens the GUI. Exit codes: 0 success, 1 a failure
the user can act on (one clear line on stderr, no traceback), 2 bad usage.
"""

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_data_path, user_log_path

from recruitdesk import APP_NAME, __version__
from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database, resolve_url, sqlite_file
from recruitdesk.storage.demo import DEFAULT_CANDIDATES, DEFAULT_SEED, load_demo
from recruitdesk.storage.maintenance import backup_sqlite, check_sqlite
from recruitdesk.storage.migrate import (
    head_revision,
    open_database,
    open_database_with_report,
    stored_revision,
)
from recruitdesk.storage.queries import counts

log = logging.getLogger(APP_NAME)

EXIT_OK = 0
EXIT_FAILURE = 1

Command = Callable[[argparse.Namespace], int]


def log_file() -> Path:
    return user_log_path(APP_NAME, appauthor=False) / f"{APP_NAME}.log"


_handlers: list[logging.Handler] = []


def _setup_logging(verbose: bool) -> Path | None:
    """Log to a rotating file in the platform's log folder (and stderr with -v).

    Called again (as the tests do), it replaces the handlers it added before.
    """
    root = logging.getLogger()
    for old in _handlers:
        root.removeHandler(old)
        old.close()
    _handlers.clear()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    path: Path | None = log_file()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        path = None
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _handlers.append(handler)
    if verbose:
        _handlers.append(logging.StreamHandler(sys.stderr))
    for added in _handlers:
        root.addHandler(added)
    return path


def _say(line: str) -> None:
    print(line, flush=True)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def cmd_gui(args: argparse.Namespace) -> int:
    from recruitdesk.gui.app import run_gui  # Qt loads only for the GUI

    return run_gui(args.db)


def cmd_demo(args: argparse.Namespace) -> int:
    with open_database(args.db) as database:
        started = datetime.now(UTC)
        summary = load_demo(database, candidates=args.candidates, seed=args.seed, as_of=args.as_of)
        seconds = (datetime.now(UTC) - started).total_seconds()
        _say(
            f"Loaded the demo sample into {database.display_name} in {seconds:.1f} s: "
            f"{summary.candidates} candidates, {summary.positions} positions, "
            f"{summary.applications} applications, {summary.stage_changes} stage changes, "
            f"{summary.notes} notes."
        )
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    database, result = open_database_with_report(args.db)
    with database:
        head = head_revision()
        if result.created:
            _say(f"Created {database.display_name} at schema {head}.")
        elif result.found_revision == head:
            _say(f"{database.display_name} is already at the current schema ({head}).")
        else:
            _say(f"Upgraded {database.display_name} from schema {result.found_revision} to {head}.")
        if result.backup is not None:
            _say(f"Backup taken first: {result.backup}")
    return EXIT_OK


def _require_sqlite_file(db: str | None, action: str) -> Path:
    url = resolve_url(db)
    path = sqlite_file(url)
    if path is None:
        raise KnownError(
            f"'db {action}' works on SQLite files; for a server database use its own tools "
            "(pg_dump, pg_amcheck)."
        )
    if not path.is_file():
        raise KnownError(f"There is no database at {path}.")
    stored_revision(path)  # refuses a file that is not a database, before anything else
    return path


def cmd_db_backup(args: argparse.Namespace) -> int:
    path = _require_sqlite_file(args.db, "backup")
    target: Path = args.output or (
        user_data_path(APP_NAME, appauthor=False)
        / "backups"
        / f"{path.stem}-{datetime.now(UTC):%Y%m%dT%H%M%S}.sqlite"
    )
    written = backup_sqlite(path, target)
    _say(f"Backed up {path} to {written}.")
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace) -> int:
    path = _require_sqlite_file(args.db, "check")
    revision = stored_revision(path)
    report = check_sqlite(path)
    head = head_revision()
    if revision == head:
        schema = f"schema: {revision} (current)"
    elif revision is None:
        schema = "schema: none yet (an empty database)"
    else:
        schema = f"schema: {revision} (this version writes {head}; 'db upgrade' brings it up)"
    _say(f"{path}")
    _say(schema)
    for line in report.lines():
        _say(line)
    if revision == head:
        with Database(resolve_url(args.db)) as database:
            found = counts(database)
        _say(
            f"holds {found.candidates} candidates, {found.positions} positions, "
            f"{found.applications} applications"
        )
    return EXIT_OK if report.ok else EXIT_FAILURE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="A desktop workstation for recruiters who hire senior Python developers. "
        "With no command, it opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL_OR_PATH",
        help="the database: an SQLite file or any SQLAlchemy URL (default: $RECRUITDESK_DB, "
        "else a file in your user data folder)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr too")
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill an empty database with a realistic sample")
    demo.add_argument("--candidates", type=_positive, default=DEFAULT_CANDIDATES, metavar="N")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S")
    demo.add_argument(
        "--as-of",
        type=_parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the sample's dates end on (default: today)",
    )
    demo.set_defaults(handler=cmd_demo)

    db = commands.add_parser("db", help="migrations, backups and checks")
    db_commands = db.add_subparsers(title="actions", metavar="ACTION", required=True)
    db_commands.add_parser(
        "upgrade", help="bring the database to the current schema (backs up first)"
    ).set_defaults(handler=cmd_db_upgrade)
    backup = db_commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("-o", "--output", type=Path, metavar="FILE")
    backup.set_defaults(handler=cmd_db_backup)
    db_commands.add_parser(
        "check", help="run SQLite's integrity and foreign key checks"
    ).set_defaults(handler=cmd_db_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    log_path = _setup_logging(args.verbose)
    handler: Command = args.handler
    try:
        return handler(args)
    except KnownError as error:
        log.info("refused: %s", error)
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"{APP_NAME}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        log.exception("unexpected error")
        where = f"; the details are in {log_path}" if log_path else ""
        print(f"{APP_NAME}: unexpected error ({type(error).__name__}){where}", file=sys.stderr)
        return EXIT_FAILURE
