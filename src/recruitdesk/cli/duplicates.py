"""``recruitdesk duplicates [--json] [--limit N]``: the pairs of candidates who may be
one person, and why (those said to be two people left out).
``recruitdesk duplicates --not-same A B``: say A and B are two people, as the Duplicates
page's "Not the same person" does; ``--dismissed`` lists what was said, and
``--again DISMISSAL_ID`` lets a pair be suggested again.

``recruitdesk merge KEEP OTHER [--yes]``: merge OTHER into KEEP, as the Duplicates page
does with what it picks first (the kept one's values, the other's where only they have
one, both of a list); without ``--yes`` it shows the two and asks.
``recruitdesk merge --undo MERGE_ID``: put both back.
"""

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from recruitdesk.cli.common import (
    EXIT_OK,
    Commands,
    UsageError,
    positive_int,
    reading_arguments,
    say,
)
from recruitdesk.domain.wording import CANDIDATE_FORMS, count
from recruitdesk.errors import RefusedError

if TYPE_CHECKING:
    from recruitdesk.storage.candidates import CandidateDetails
    from recruitdesk.storage.duplicates import PersonOnFile, PossibleDuplicate

#: Pairs listed unless ``--limit`` says otherwise.
SHOWN_PAIRS = 50


def _person(person: "PersonOnFile") -> dict[str, Any]:
    return {
        "id": person.id,
        "full_name": person.full_name,
        "email": person.email,
        "location": person.location,
    }


def _pair_json(pair: "PossibleDuplicate") -> dict[str, Any]:
    return {
        "first": _person(pair.first),
        "second": _person(pair.second),
        "reasons": [reason.name.lower() for reason in pair.reasons],
        "why": pair.why,
    }


def _line(person: "PersonOnFile") -> str:
    return f"{person.id} {person.full_name}" + (f" ({person.location})" if person.location else "")


def _dismissals(args: argparse.Namespace) -> int:
    """``--not-same``, ``--again`` and ``--dismissed``."""
    from recruitdesk.storage.candidates import find_candidate_id
    from recruitdesk.storage.dismissed_duplicates import (
        dismiss_pair,
        list_dismissals,
        suggest_again,
    )
    from recruitdesk.storage.migrate import open_database

    with open_database(args.db) as database:
        if args.not_same is not None:
            with reading_arguments():
                one, other = (find_candidate_id(database, who) for who in args.not_same)
            dismissal, _changes = dismiss_pair(database, one, other)
            say(
                f"Candidates {one} and {other} are two people (dismissal {dismissal}); to have "
                f"them suggested again: recruitdesk duplicates --again {dismissal}"
            )
        elif args.again is not None:
            changes = suggest_again(database, args.again)
            both = " and ".join(str(i) for i in sorted(changes.candidates))
            say(f"Candidates {both} may be suggested as one person again.")
        else:
            listed = list_dismissals(database, args.limit)
            for pair in listed:
                say(
                    f"{pair.id}: {pair.first_id} {pair.first_name} and {pair.second_id} "
                    f"{pair.second_name}, said by {pair.actor} on {pair.at:%Y-%m-%d}"
                )
            if not listed:
                say("No pair has been said to be two people.")
    return EXIT_OK


def cmd_duplicates(args: argparse.Namespace) -> int:
    from recruitdesk.storage.duplicates import find_duplicates
    from recruitdesk.storage.migrate import open_database

    chosen = [args.not_same is not None, args.again is not None, args.dismissed]
    if sum(chosen) > 1:
        raise UsageError("give one of --not-same, --again and --dismissed")
    if any(chosen):
        if args.json:
            raise UsageError("--json lists the possible duplicates only")
        return _dismissals(args)
    with open_database(args.db) as database:
        pairs = find_duplicates(database)
    shown = pairs[: args.limit]
    if args.json:
        listed = [_pair_json(pair) for pair in shown]
        print(json.dumps({"total": len(pairs), "pairs": listed}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for pair in shown:
        say(f"{_line(pair.first)}  and  {_line(pair.second)}: {pair.why}")
    if not pairs:
        say("No possible duplicates: every candidate looks like one person.")
    else:
        listed_part = f" (the first {len(shown)} listed)" if len(shown) < len(pairs) else ""
        say(f"{count(len(pairs), 'possible duplicate')}{listed_part}.")
    return EXIT_OK


def _shown(person: "CandidateDetails", field: str) -> str:
    value = getattr(person, field)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _confirmed(kept: "CandidateDetails", other: "CandidateDetails", takes: dict[str, str]) -> bool:
    """Show what the merge takes and ask; only a terminal can answer."""
    from recruitdesk.domain.candidate_fields import by_name
    from recruitdesk.storage.candidate_merge import ABSORBED, BOTH

    say(f"Keep {kept.full_name} ({kept.id}); merge in, then remove {other.full_name} ({other.id}).")
    for field, choice in takes.items():
        label = by_name(field).label
        if choice == ABSORBED:
            say(f"  {label}: {_shown(other, field)} (theirs, instead of {_shown(kept, field)!r})")
        elif choice == BOTH:
            say(f"  {label}: both ({_shown(kept, field)} + {_shown(other, field)})")
        else:
            say(f"  {label}: {_shown(kept, field)} (kept; theirs was {_shown(other, field)!r})")
    if not sys.stdin.isatty():
        return False
    return input("Merge them? [y/N] ").strip().lower() in {"y", "yes"}


def cmd_merge(args: argparse.Namespace) -> int:
    from recruitdesk.storage.candidate_merge import default_choices, merge_candidates, undo_merge
    from recruitdesk.storage.candidates import find_candidate_id, get_candidate
    from recruitdesk.storage.migrate import open_database

    if args.undo is not None:
        if args.keep is not None:
            raise UsageError("give either KEEP OTHER or --undo MERGE_ID, not both")
        with open_database(args.db) as database:
            changes = undo_merge(database, args.undo)
        both = " and ".join(str(i) for i in sorted(changes.candidates))
        say(f"Undid merge {args.undo}: candidates {both} are two people again.")
        return EXIT_OK
    if args.keep is None or args.other is None:
        raise UsageError("give the candidate to keep and the one to merge into them")
    with open_database(args.db) as database:
        with reading_arguments():
            kept_id = find_candidate_id(database, args.keep)
            other_id = find_candidate_id(database, args.other)
        kept, other = get_candidate(database, kept_id), get_candidate(database, other_id)
        takes = default_choices(kept, other) if kept_id != other_id else {}
        if kept_id != other_id and not args.yes and not _confirmed(kept, other, takes):
            raise RefusedError("Nothing merged (add --yes to merge without asking).")
        merge_id, _changes = merge_candidates(database, kept_id, other_id, takes)
    say(
        f"Merged {other.full_name} ({other_id}) into {kept.full_name} ({kept_id}) as merge "
        f"{merge_id}; undo it with: recruitdesk merge --undo {merge_id}"
    )
    return EXIT_OK


def configure_duplicates(duplicates: argparse.ArgumentParser) -> None:
    duplicates.add_argument("--json", action="store_true", help="print JSON")
    duplicates.add_argument(
        "--limit",
        type=positive_int,
        default=SHOWN_PAIRS,
        metavar="N",
        help=f"list at most N pairs (default {SHOWN_PAIRS}); the total is counted",
    )
    duplicates.add_argument(
        "--not-same",
        nargs=2,
        metavar=("A", "B"),
        help=f"say A and B are two people, never suggested again ({CANDIDATE_FORMS})",
    )
    duplicates.add_argument(
        "--again",
        type=positive_int,
        metavar="DISMISSAL_ID",
        help="let a pair said to be two people be suggested again",
    )
    duplicates.add_argument(
        "--dismissed", action="store_true", help="list the pairs said to be two people"
    )
    duplicates.set_defaults(handler=cmd_duplicates)


def configure_merge(merge: argparse.ArgumentParser) -> None:
    merge.add_argument("keep", nargs="?", metavar="KEEP", help=f"who is kept: {CANDIDATE_FORMS}")
    merge.add_argument(
        "other", nargs="?", metavar="OTHER", help="who is merged into them, then removed"
    )
    merge.add_argument("--yes", action="store_true", help="merge without asking")
    merge.add_argument(
        "--undo", type=positive_int, metavar="MERGE_ID", help="undo the merge MERGE_ID"
    )
    merge.set_defaults(handler=cmd_merge)


def register(commands: Commands) -> None:
    commands.add_command(
        "duplicates",
        configure_duplicates,
        help="list the candidates who may be one person, and why",
    )
    commands.add_command(
        "merge", configure_merge, help="merge two candidates into one (--undo puts them back)"
    )
