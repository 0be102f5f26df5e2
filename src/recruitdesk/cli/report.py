"""``recruitdesk report CANDIDATE -o FILE.pdf`` (``--position ID`` for a shortlist,
``--client ID`` for a client's pipeline report, ``--offer ID --sender NAME`` for an offer
letter)."""

import argparse
from pathlib import Path

from recruitdesk.cli.common import EXIT_OK, Commands, UsageError, positive_int, say
from recruitdesk.domain.wording import CANDIDATE_FORMS, count


def cmd_report(args: argparse.Namespace) -> int:
    from recruitdesk.reports.pdf import PaperSize
    from recruitdesk.reports.render import write_candidate_report, write_shortlist_report
    from recruitdesk.storage.candidates import find_candidate_id
    from recruitdesk.storage.migrate import open_database

    if sum(x is not None for x in (args.candidate, args.position, args.client, args.offer)) != 1:
        raise UsageError(
            f"Name one candidate ({CANDIDATE_FORMS}), or give --position ID, --client ID "
            "or --offer ID, only one of them."
        )
    sender = (args.sender or "").strip()
    if args.offer is not None and not sender:
        raise UsageError('An offer letter is signed: give --sender "Your Name".')
    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"{output} does not end in .pdf.")
    paper = PaperSize(args.paper)
    with open_database(args.db) as database:
        if args.offer is not None:
            from recruitdesk.reports.offer_letter import write_offer_letter

            letter = write_offer_letter(database, args.offer, output, sender=sender, paper=paper)
            say(f"Wrote {letter.path} ({count(letter.pages, 'page')}).")
            return EXIT_OK
        if args.client is not None:
            from recruitdesk.reports.pipeline import write_pipeline_report

            path, pages = write_pipeline_report(database, args.client, output, paper=paper)
            say(f"Wrote {path} ({count(pages, 'page')}).")
            return EXIT_OK
        if args.position is not None:
            written = write_shortlist_report(
                database, args.position, output, top=args.top, paper=paper, blind=args.blind
            )
        else:
            candidate_id = find_candidate_id(database, args.candidate)
            written = write_candidate_report(
                database, candidate_id, output, paper=paper, blind=args.blind
            )
    say(f"Wrote {written.path} ({count(written.pages, 'page')}).")
    return EXIT_OK


def configure(report: argparse.ArgumentParser) -> None:
    from recruitdesk.reports.gather import DEFAULT_SHORTLIST
    from recruitdesk.reports.pdf import PaperSize

    report.add_argument(
        "candidate",
        nargs="?",
        metavar="CANDIDATE",
        help=CANDIDATE_FORMS,
    )
    report.add_argument("--position", type=int, metavar="ID", help="a shortlist of a position")
    report.add_argument("--client", type=int, metavar="ID", help="a client's pipeline report")
    report.add_argument("--offer", type=int, metavar="ID", help="an offer's letter")
    report.add_argument("--sender", metavar="NAME", help="who signs an offer letter")
    report.add_argument(
        "--top",
        type=positive_int,
        default=DEFAULT_SHORTLIST,
        metavar="N",
        help=f"at most N candidates on a shortlist (default {DEFAULT_SHORTLIST})",
    )
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    report.add_argument("--paper", choices=[p.value for p in PaperSize], default=PaperSize.A4.value)
    report.add_argument(
        "--blind",
        action="store_true",
        help="leave out name, contact details, links and location below the region",
    )
    report.set_defaults(handler=cmd_report)


def register(commands: Commands) -> None:
    commands.add_command(
        "report",
        configure,
        help="a PDF report of a candidate, a shortlist, a client's pipeline or an offer letter",
    )
