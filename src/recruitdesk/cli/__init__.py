"""The command line (DESIGN.md, "The command line": a contract tests and users rely on).

``recruitdesk`` with no sub-command opens the GUI. Exit codes: 0 success, 1 a failure
the user can act on (one clear line on stderr, no traceback), 2 bad usage. Each
sub-command group lives in a module of this package with a ``register(commands)``.
"""

import argparse
import logging
import sys
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_path

from recruitdesk import APP_NAME, __version__
from recruitdesk.cli import analyze, db, demo, report, salary, screenshot, token, transfer
from recruitdesk.cli.common import EXIT_FAILURE, Command
from recruitdesk.domain.redaction import redact_secrets
from recruitdesk.errors import KnownError

log = logging.getLogger(APP_NAME)

#: The modules that add sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (demo, db, token, salary, analyze, report, transfer, screenshot)

_handlers: list[logging.Handler] = []


def log_file() -> Path:
    return user_log_path(APP_NAME, appauthor=False) / f"{APP_NAME}.log"


class _RedactingFormatter(logging.Formatter):
    """Formats a record, traceback included, with token-shaped text taken out: a
    library may log a URL or header it was handed (PyGithub logs redirects)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_secrets(super().format(record))


#: Libraries whose debug output carries request headers and URLs.
_CHATTY_LOGGERS = {"github": logging.INFO, "urllib3": logging.WARNING}


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
    handler: logging.Handler
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        path = None
        handler = logging.NullHandler()
    _handlers.append(handler)
    if verbose:
        _handlers.append(logging.StreamHandler(sys.stderr))
    formatter = _RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    for added in _handlers:
        added.setFormatter(formatter)
        root.addHandler(added)
    for name, level in _CHATTY_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    return path


def cmd_gui(args: argparse.Namespace) -> int:
    from recruitdesk.gui.app import run_gui  # Qt loads only for the GUI

    return run_gui(args.db)


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
    for module in COMMAND_MODULES:
        module.register(commands)
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
