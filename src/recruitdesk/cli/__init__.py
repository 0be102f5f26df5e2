"""The command line (docs/architecture.md, "The command line": a contract tests and
users rely on).

``recruitdesk`` with no sub-command opens the GUI. Exit codes: 0 success, 1 a failure
the user can act on (one clear line on stderr, no traceback), 2 bad usage. Each
sub-command group lives in a module of this package with a ``register(commands)``.

The command starts at once: this package and the modules it imports hold argument
definitions only. A sub-command's arguments are added when it is chosen, and its
handler imports the modules that do the work (SQLAlchemy, PyGithub, Qt, the reports)
when it runs.
"""

import argparse
import logging
import os
import select
import sys
from collections.abc import Sequence
from pathlib import Path

from recruitdesk import APP_NAME, __version__
from recruitdesk.cli import (
    analyze,
    db,
    demo,
    duplicates,
    erase,
    report,
    salary,
    screenshot,
    source,
    token,
    transfer,
)
from recruitdesk.cli.common import EXIT_FAILURE, EXIT_USAGE, Command, UsageError, add_commands
from recruitdesk.cli.logfile import setup_logging
from recruitdesk.errors import KnownError

log = logging.getLogger(APP_NAME)

#: The modules that add sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    demo,
    db,
    token,
    salary,
    analyze,
    source,
    report,
    transfer,
    duplicates,
    erase,
    screenshot,
)


def cmd_gui(args: argparse.Namespace) -> int:
    from recruitdesk.cli.logfile import log_file
    from recruitdesk.gui.app import run_gui

    return run_gui(args.db, log_file())


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
    commands = add_commands(parser, title="commands", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    log_file = setup_logging(args.verbose)
    handler: Command = args.handler
    try:
        return handler(args)
    except UsageError as error:
        usage: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        usage.print_usage(sys.stderr)
        print(f"{usage.prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KnownError as error:
        log.info("refused: %s", error)
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"{APP_NAME}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError as error:
        if not _stdout_closed():
            return _bug(error, log_file.path())
        # Whoever read the output stopped reading (``| head``): as Python's own
        # documentation advises, point standard output at nothing, so the flush at exit
        # fails no more, and exit 1 without a word.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except Exception as error:
        return _bug(error, log_file.path())


def _stdout_closed() -> bool:
    """Whether standard output is a pipe nobody reads any more, so the broken pipe was
    the output's and not, say, a network connection's."""
    if not hasattr(select, "poll"):  # Windows: no poll on pipes; the output is likelier
        return True
    try:
        watch = select.poll()
        watch.register(sys.stdout.fileno(), select.POLLOUT)
        events = watch.poll(0)
    except (OSError, ValueError):  # no descriptor: the output was replaced in-process
        return False
    return any(flags & (select.POLLERR | select.POLLHUP) for _fd, flags in events)


def _bug(error: Exception, log_path: Path | None) -> int:
    log.exception("unexpected error", exc_info=error)
    where = f"; the details are in {log_path}" if log_path else ""
    print(f"{APP_NAME}: unexpected error ({type(error).__name__}){where}", file=sys.stderr)
    return EXIT_FAILURE
