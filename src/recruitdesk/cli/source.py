"""``recruitdesk source repo OWNER/NAME`` and ``recruitdesk source search QUERY``
(``[--position ID] [--limit N] [--api-url URL] [--json]``): people found on GitHub,
with their public profiles, added to a position as sourced.

Without ``--position`` nobody is stored: the list is the preview (who is new, who is
already on file and where, who refused recruiters). The token comes from
``GITHUB_TOKEN`` or the first stored token; it is never printed. Everything is fetched
before anyone is stored, so a failure mid-way (a rate limit) adds nobody.

GitHub's answers are kept with their ETags in the database's ``github_cache``, the one
the app's runs use (``storage/sourcing_runs.py``: pruned after a month, forgotten with
an erased person), so the same sourcing again costs ``304`` answers, nothing against
the rate limit.
"""

import argparse
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from recruitdesk.cli.common import (
    EXIT_OK,
    Commands,
    add_request_pause,
    positive_int,
    reading_arguments,
    say,
)
from recruitdesk.domain.wording import count

if TYPE_CHECKING:
    from recruitdesk.analysis.github.people import FoundPeople
    from recruitdesk.storage.database import Database
    from recruitdesk.storage.sourcing import SourcingOutcome


def _find(args: argparse.Namespace, database: "Database") -> "FoundPeople":
    from recruitdesk.analysis.github.pacing import Pacing
    from recruitdesk.analysis.github.people_run import run_sourcing
    from recruitdesk.analysis.github.run_state import new_run
    from recruitdesk.storage.sourcing_runs import DatabaseCache, prune_answers
    from recruitdesk.tokens import sourcing_token

    with reading_arguments():
        state = new_run(args.kind, args.target, args.limit)
    prune_answers(database, datetime.now(UTC))
    return run_sourcing(
        state,
        api_url=args.api_url.rstrip("/"),
        token=sourcing_token(),
        cache=DatabaseCache(database),
        pacing=Pacing(wait_for_limits=False),
        seconds_between_requests=args.request_pause,
    )


def _store(
    args: argparse.Namespace, database: "Database", found: "FoundPeople", now: datetime
) -> "SourcingOutcome":
    from recruitdesk.storage.sourcing import source_people
    from recruitdesk.tokens import suppression_key

    return source_people(
        database,
        found.people,
        position_id=args.position,
        key=suppression_key(create=False),
        now=now,
    )


def _summary(args: argparse.Namespace, found: "FoundPeople", outcome: "SourcingOutcome") -> None:
    from recruitdesk.storage.sourcing import Status

    now = datetime.now(UTC)
    for person in outcome.people:
        profile = person.found.profile
        age = profile.account_age_days(now)
        facts = [
            profile.name or "",
            profile.location or "",
            f"region {person.region.label}" if person.region else "region unknown",
            profile.company or "",
            profile.email or "",
            count(profile.followers, "follower"),
            count(profile.public_repos, "public repository", "public repositories"),
            f"on GitHub {age // 365} years" if age is not None else "",
            "hireable" if profile.hireable else "",
        ]
        say(f"{profile.login}\t{person.status.value}\t{', '.join(f for f in facts if f)}")
        say(f"  {person.reason}")
        if profile.bio:
            say(f"  bio: {profile.bio}")
    totals = ", ".join(
        f"{outcome.count(status)} {status.value.replace('_', ' ')}" for status in Status
    )
    say(f"{count(len(outcome.people), 'person', 'people')} found: {totals}.")
    if outcome.queued:
        say(f"Queued {count(len(outcome.queued), 'GitHub analysis', 'GitHub analyses')}.")
    if found.notice:
        say(found.notice)
    say(f"GitHub API requests: {found.api_requests}")


def cmd_source(args: argparse.Namespace) -> int:
    from recruitdesk.storage.migrate import open_database

    with open_database(args.db) as database:
        found = _find(args, database)
        now = datetime.now(UTC)
        outcome = _store(args, database, found, now)
    if args.json:
        print(json.dumps([person.to_json(now) for person in outcome.people], indent=2))
    else:
        _summary(args, found, outcome)
    return EXIT_OK


def configure(source: argparse.ArgumentParser) -> None:
    from recruitdesk.analysis.github.defaults import DEFAULT_API_URL
    from recruitdesk.analysis.github.people import DEFAULT_PEOPLE_LIMIT

    kinds = source.add_subparsers(title="where", metavar="WHERE", required=True)
    repo = kinds.add_parser("repo", help="the contributors of a repository, by commits")
    repo.add_argument("target", metavar="OWNER/NAME")
    repo.set_defaults(kind="repo")
    search = kinds.add_parser(
        "search",
        help="GitHub's user search (e.g. 'language:python location:Poland followers:>20'); "
        "GitHub gives at most the first 1,000 results",
    )
    search.add_argument("target", metavar="QUERY")
    search.set_defaults(kind="search")
    for parser in (repo, search):
        parser.add_argument(
            "--position",
            type=positive_int,
            metavar="ID",
            help="add the people found to this position as sourced (without it: a preview, "
            "nothing stored)",
        )
        parser.add_argument(
            "--limit",
            type=positive_int,
            default=DEFAULT_PEOPLE_LIMIT,
            metavar="N",
            help=f"at most N people (default {DEFAULT_PEOPLE_LIMIT})",
        )
        parser.add_argument(
            "--api-url",
            default=DEFAULT_API_URL,
            metavar="URL",
            help=f"the GitHub API (default {DEFAULT_API_URL}; Enterprise: https://HOST/api/v3)",
        )
        add_request_pause(parser)
        parser.add_argument("--json", action="store_true", help="one JSON object per person")
        parser.set_defaults(handler=cmd_source, command_parser=parser)


def register(commands: Commands) -> None:
    commands.add_command(
        "source",
        configure,
        help="find people on GitHub (a repository's contributors, or a user search) and "
        "add them to a position as sourced",
    )
