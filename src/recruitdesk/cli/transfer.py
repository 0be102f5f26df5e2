"""``recruitdesk import FILE``, ``recruitdesk export`` and ``recruitdesk retention``."""

import argparse
import sys
from pathlib import Path

from recruitdesk import APP_NAME
from recruitdesk.cli.common import EXIT_FAILURE, EXIT_OK, Commands, parse_date, say
from recruitdesk.domain.wording import count

#: How many lines of "taken from where" the command prints after a merge.
DETAIL_LINES = 50


def cmd_import(args: argparse.Namespace) -> int:
    from recruitdesk.storage.duplicates import duplicates_of_values
    from recruitdesk.storage.migrate import open_database
    from recruitdesk.transfer.formats import detect_format
    from recruitdesk.transfer.results import QUOTED_PROBLEMS, InvalidImportError

    path: Path = args.file
    with open_database(args.db) as database:
        # The database is open first: a file of its own is then refused by name.
        format_ = detect_format(path)
        try:
            content = format_.read(path)
            if format_.needs_confirmation:
                # A CV is shown first, and written only when --yes confirms it.
                for line in content.lines():
                    say(line)
                for person, reasons in duplicates_of_values(database, content.values):
                    why = ", ".join(reason.value for reason in reasons)
                    say(f"Possible duplicate: {person.full_name} (candidate {person.id}): {why}")
                if not args.yes:
                    print(
                        f"{APP_NAME}: nothing was imported; check what was read and run "
                        "again with --yes to add them.",
                        file=sys.stderr,
                    )
                    return EXIT_FAILURE
            report = format_.write(database, content, args.skip_invalid)
        except InvalidImportError as error:
            # The first line is the one clear sentence, quoting the first bad rows; the
            # rest of the kept ones follow it.
            print(f"{APP_NAME}: {error}", file=sys.stderr)
            for problem in error.problems[QUOTED_PROBLEMS:]:
                print(f"  {problem}", file=sys.stderr)
            if error.more:
                print(f"  ... and {error.more:,} more", file=sys.stderr)
            return EXIT_FAILURE
    say(report.summary())
    for line in report.details[:DETAIL_LINES]:
        say(f"  {line}")
    if len(report.details) > DETAIL_LINES:
        say(f"  ... and {len(report.details) - DETAIL_LINES} more")
    if report.skipped:
        say(f"Skipped {len(report.skipped) + report.more_skipped} invalid:")
        for problem in report.skipped:
            say(f"  {problem}")
        if report.more_skipped:
            say(f"  ... and {report.more_skipped:,} more")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from recruitdesk.storage.migrate import open_database
    from recruitdesk.transfer.formats import export

    with open_database(args.db) as database:
        summary = export(
            database, args.output, format=args.format, include_private=args.include_private
        )
    say(summary.summary())
    return EXIT_OK


def cmd_retention(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from recruitdesk.storage.erasure import lapsed_consent
    from recruitdesk.storage.migrate import open_database

    today = args.as_of or datetime.now(UTC).date()
    with open_database(args.db) as database:
        lapsed = lapsed_consent(database, today)
    if not lapsed:
        say(f"No candidate's consent has lapsed (as of {today}).")
        return EXIT_OK
    say(f"Consent has lapsed for {count(len(lapsed), 'candidate')} (as of {today}):")
    for person in lapsed:
        say(
            f"  {person.candidate_id}\t{person.full_name}\t{person.email or '-'}\t"
            f"until {person.consent_until} ({count(person.days_ago(today), 'day')} ago)"
        )
    return EXIT_OK


def configure_import(importer: argparse.ArgumentParser) -> None:
    importer.add_argument("file", type=Path, metavar="FILE")
    importer.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows and report the invalid ones (default: refuse the file)",
    )
    importer.add_argument(
        "--yes",
        action="store_true",
        help="add the person a CV (PDF, DOCX) describes (default: only show what was read)",
    )
    importer.set_defaults(handler=cmd_import)


def configure_export(exporter: argparse.ArgumentParser) -> None:
    from recruitdesk.transfer.formats import export_format_names

    exporter.add_argument("--format", choices=export_format_names(), required=True)
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    exporter.add_argument(
        "--include-private",
        action="store_true",
        help="put private notes in the bundle too (default: they never leave this database)",
    )
    exporter.set_defaults(handler=cmd_export)


def configure_retention(retention: argparse.ArgumentParser) -> None:
    retention.add_argument("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD")
    retention.set_defaults(handler=cmd_retention)


def register(commands: Commands) -> None:
    commands.add_command(
        "import",
        configure_import,
        help="import candidates from a CSV, a JSON Resume file, a bundle or a CV (all or nothing)",
    )
    commands.add_command(
        "export", configure_export, help="export candidates, or everything as a bundle"
    )
    commands.add_command(
        "retention",
        configure_retention,
        help="list the candidates whose consent to keep their data has lapsed",
    )
