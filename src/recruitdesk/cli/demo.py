"""``recruitdesk demo``: fill an empty database with the sample."""

import argparse
import time

from recruitdesk.cli.common import EXIT_OK, Commands, parse_date, positive_int, say
from recruitdesk.domain.wording import count


def cmd_demo(args: argparse.Namespace) -> int:
    from recruitdesk.jobs.demo_analyses import demo_analyses
    from recruitdesk.storage.demo import load_demo
    from recruitdesk.storage.migrate import open_database

    with open_database(args.db) as database:
        started = time.perf_counter()
        summary = load_demo(
            database,
            candidates=args.candidates,
            seed=args.seed,
            as_of=args.as_of,
            analyses=demo_analyses,
        )
        seconds = time.perf_counter() - started
        say(
            f"Loaded the demo sample into {database.display_name} in {seconds:.1f} s: "
            f"{count(summary.candidates, 'candidate')}, {count(summary.positions, 'position')}, "
            f"{count(summary.applications, 'application')}, "
            f"{count(summary.stage_changes, 'stage change')}, {count(summary.notes, 'note')}, "
            f"{count(summary.analyses, 'stored analysis', 'stored analyses')}, "
            f"{count(summary.interviews, 'interview')}."
        )
    return EXIT_OK


def configure(demo: argparse.ArgumentParser) -> None:
    from recruitdesk.storage.demo import DEFAULT_CANDIDATES, DEFAULT_SEED

    demo.add_argument("--candidates", type=positive_int, default=DEFAULT_CANDIDATES, metavar="N")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S")
    demo.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the sample's dates end on (default: today)",
    )
    demo.set_defaults(handler=cmd_demo)


def register(commands: Commands) -> None:
    commands.add_command("demo", configure, help="fill an empty database with a realistic sample")
