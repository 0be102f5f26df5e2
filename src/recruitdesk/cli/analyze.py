"""``recruitdesk analyze LOGIN [--api-url URL] [--json]`` and
``recruitdesk analyze --path DIR_OR_ARCHIVE [--author ID]... [--json]``.

``--author`` names whose work a checkout is (a name or an e-mail address, repeatable,
after ``.mailmap``); without it the result says it covers everyone's code.

A GitHub analysis is stored on the candidate with that login (created if missing); a
local one is stored, without a candidate, when a database was named (``--db`` or
``RECRUITDESK_DB``). The token comes from ``GITHUB_TOKEN`` for now; it is never printed.
"""

import argparse
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from recruitdesk.cli.common import EXIT_OK, Commands, add_request_pause, positive_int, say
from recruitdesk.domain.wording import count

if TYPE_CHECKING:
    from recruitdesk.analysis.result import AnalysisResult

log = logging.getLogger(__name__)

ENV_TOKEN = "GITHUB_TOKEN"  # noqa: S105 - the variable's name, not a secret


def _summary(result: "AnalysisResult", stored_as: int | None) -> None:
    from recruitdesk.analysis.authorship import explain

    what = result.login or result.path
    say(f"Analysis of {what}: overall {result.scores.get('overall', 0):.0f}/100")
    for name, score in result.scores.items():
        if name != "overall":
            reasons = " ".join(result.explanations.get(name, ()))
            say(f"  {name.replace('_', ' ')}: {score:.0f}. {reasons}".rstrip())
    for repo in result.repos:
        say(
            f"  repository {repo.name}: {count(repo.files, 'Python file')}, "
            f"{count(repo.sloc, 'line')}, "
            f"mean complexity {repo.cc_mean:.1f}, MI {repo.mi_mean:.0f}, "
            f"{count(repo.test_files, 'test file')}"
        )
        if repo.authorship is not None:
            for line in explain(repo.name, repo.authorship):
                say(f"    {line}")
    if result.skills:
        say("  skills: " + ", ".join(skill.name for skill in result.skills))
    if result.track:
        say(f"  track: {result.track}")
    for flag in result.red_flags:
        say(f"  red flag ({flag.code}): {flag.message}")
    if result.source == "github":
        say(f"  GitHub API requests: {result.api_requests}")
    if stored_as is not None:
        say(f"  stored as analysis {stored_as}")


def _store(db: str | None, result: "AnalysisResult") -> int:
    from recruitdesk.storage.analyses import store_analysis
    from recruitdesk.storage.migrate import open_database

    with open_database(db) as database:
        stored_as, _changes = store_analysis(database, result.to_record())
    return stored_as


def _analyze_login(args: argparse.Namespace) -> tuple["AnalysisResult", int]:
    from recruitdesk.analysis.github.account import PreviousAnalysis, analyze_login
    from recruitdesk.analysis.github.defaults import pypi_for
    from recruitdesk.storage.analyses import latest_github_repositories, store_analysis
    from recruitdesk.storage.migrate import open_database

    with open_database(args.db) as database:
        stored = latest_github_repositories(database, args.login)
        previous = None
        if stored is not None and not args.refresh:
            previous = PreviousAnalysis.from_records(
                stored.listing_etag, stored.repos, stored.contributions
            )
        result = analyze_login(
            args.login,
            api_url=args.api_url,
            token=os.environ.get(ENV_TOKEN) or None,
            limit=args.limit,
            previous=previous,
            workers=args.workers,
            progress=lambda step: log.info(step.message),
            pypi_url=args.pypi_url or pypi_for(args.api_url),
            seconds_between_requests=args.request_pause,
        )
        stored_as, _changes = store_analysis(database, result.to_record())
    return result, stored_as


def cmd_analyze(args: argparse.Namespace) -> int:
    if (args.login is None) == (args.path is None):
        args.analyze_parser.error("give either a GitHub LOGIN or --path DIR_OR_ARCHIVE")
    if args.author and args.path is None:
        args.analyze_parser.error("--author goes with --path (on GitHub the LOGIN is the author)")
    stored_as: int | None = None
    if args.path is not None:
        # An offline analysis needs neither PyGithub nor, without a database, SQLAlchemy.
        from recruitdesk.analysis.engine import analyze_path
        from recruitdesk.storage.location import named_database

        result = analyze_path(args.path, authors=args.author or (), workers=args.workers)
        if args.db or named_database():
            stored_as = _store(args.db, result)
    else:
        result, stored_as = _analyze_login(args)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        _summary(result, stored_as)
    return EXIT_OK


def configure(analyze: argparse.ArgumentParser) -> None:
    from recruitdesk.analysis.github.defaults import (
        DEFAULT_API_URL,
        DEFAULT_PYPI_URL,
        DEFAULT_REPO_LIMIT,
    )

    analyze.add_argument("login", nargs="?", metavar="LOGIN", help="a GitHub login")
    analyze.add_argument(
        "--path",
        type=Path,
        metavar="DIR_OR_ARCHIVE",
        help="analyse a checkout, a .zip or a .tar.gz offline instead",
    )
    analyze.add_argument(
        "--author",
        action="append",
        metavar="ID",
        help="with --path: whose work it is, a name or an e-mail address (repeatable; "
        ".mailmap honoured); without it the result covers everyone's code",
    )
    analyze.add_argument(
        "--api-url",
        default=DEFAULT_API_URL,
        metavar="URL",
        help=f"the GitHub API (default {DEFAULT_API_URL}; GitHub Enterprise: https://HOST/api/v3)",
    )
    analyze.add_argument(
        "--pypi-url",
        default=None,
        metavar="URL",
        help=f"PyPI's JSON API, for the releases of the candidate's packages (default "
        f"{DEFAULT_PYPI_URL} with GitHub's own API, none otherwise)",
    )
    add_request_pause(analyze)
    analyze.add_argument(
        "--limit",
        type=positive_int,
        default=DEFAULT_REPO_LIMIT,
        metavar="N",
        help=f"analyse the N most relevant repositories (default {DEFAULT_REPO_LIMIT})",
    )
    analyze.add_argument(
        "--workers", type=positive_int, default=None, metavar="N", help="worker processes"
    )
    analyze.add_argument(
        "--refresh",
        action="store_true",
        help="fetch every repository again, ignoring the stored result",
    )
    analyze.add_argument("--json", action="store_true", help="print the result as JSON")
    analyze.set_defaults(handler=cmd_analyze, analyze_parser=analyze)


def register(commands: Commands) -> None:
    commands.add_command(
        "analyze", configure, help="analyse a GitHub user's code, or a local folder or archive"
    )
