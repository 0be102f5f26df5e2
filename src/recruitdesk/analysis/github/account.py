"""A GitHub account analysed: the listing, the most relevant repositories fetched and
measured, and one result for the whole account.

A first analysis costs two API requests per repository plus the listing. Re-analysis
sends the listing's stored ETag and reuses the stored result of every repository whose
``pushed_at`` has not moved (docs/architecture.md, "The analysis").
"""

import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from recruitdesk.analysis.archive import DEFAULT_LIMITS, Limits
from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.analysis.engine import assemble
from recruitdesk.analysis.errors import AnalysisError, SourceNotFoundError
from recruitdesk.analysis.github.client import (
    DEFAULT_TIMEOUT,
    GitHubClient,
    open_client,
)
from recruitdesk.analysis.github.contributions import read_contributions
from recruitdesk.analysis.github.defaults import (
    DEFAULT_API_URL,
    DEFAULT_REPO_LIMIT,
    SECONDS_BETWEEN_REQUESTS,
)
from recruitdesk.analysis.github.listing import list_repositories, most_relevant
from recruitdesk.analysis.github.repo import analyze_repo
from recruitdesk.analysis.pypi import published_packages
from recruitdesk.analysis.result import AnalysisResult, RepoResult

#: At most this many repositories per one analysed are tried (forks without the user's
#: commits and empty repositories are skipped, each for one request).
TRIES_PER_REPO = 3


@dataclass(frozen=True, slots=True)
class PreviousAnalysis:
    """What the last stored analysis of this login knew, for conditional requests."""

    listing_etag: str | None = None
    repos: dict[str, RepoResult] = field(default_factory=dict)
    contributions: Contributions | None = None

    @classmethod
    def from_records(
        cls,
        listing_etag: str | None,
        records: Mapping[str, dict[str, Any]],
        contributions: dict[str, Any] | None = None,
    ) -> "PreviousAnalysis":
        """From what storage keeps (``latest_github_repositories``): repository records
        by name, and the contributions' record."""
        return cls(
            listing_etag,
            {name: RepoResult.from_record(r) for name, r in records.items()},
            Contributions.from_record(contributions),
        )


@dataclass(frozen=True, slots=True)
class Progress:
    """One step of an account's analysis: ``stage`` is "listed", "contributions",
    "downloading", "analysed", "reused" or "skipped"; ``done`` of ``total`` repositories are
    analysed so far (``total`` is known once the listing is read)."""

    stage: str
    done: int
    total: int
    message: str


def analyze_login(
    login: str,
    *,
    api_url: str = DEFAULT_API_URL,
    token: str | None = None,
    limit: int = DEFAULT_REPO_LIMIT,
    previous: PreviousAnalysis | None = None,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    timeout: int = DEFAULT_TIMEOUT,
    seconds_between_requests: float = SECONDS_BETWEEN_REQUESTS,
    progress: Callable[[Progress], None] | None = None,
    pypi_url: str | None = None,
) -> AnalysisResult:
    """Analyse the ``limit`` most relevant repositories of a GitHub user, and their work
    in others' projects; with ``pypi_url``, their packages' releases on PyPI too."""
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", login):
        raise SourceNotFoundError(f"{login!r} is not a GitHub login.")
    api_url = api_url.rstrip("/")
    parts = urllib.parse.urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AnalysisError(f"{api_url!r} is not a GitHub API address (http:// or https://).")
    with open_client(
        api_url, token, timeout=timeout, seconds_between_requests=seconds_between_requests
    ) as client:
        return _analyze(
            client,
            login,
            limit=limit,
            previous=previous or PreviousAnalysis(),
            workers=workers,
            limits=limits,
            timeout=timeout,
            progress=progress or (lambda _step: None),
            pypi_url=pypi_url,
        )


def _analyze(
    client: GitHubClient,
    login: str,
    *,
    limit: int,
    previous: PreviousAnalysis,
    workers: int | None,
    limits: Limits,
    timeout: int,
    progress: Callable[[Progress], None],
    pypi_url: str | None,
) -> AnalysisResult:
    entries, listing_etag = list_repositories(client, login, previous.listing_etag)

    def others(total: int) -> Contributions:
        # Before any download: a spent search limit stops the job while nothing is lost.
        return read_contributions(
            client,
            login,
            previous.contributions,
            lambda message: progress(Progress("contributions", 0, total, message)),
        )

    if entries is None:
        progress(
            Progress(
                "listed",
                0,
                0,
                f"The repositories of {login} have not changed since the last analysis.",
            )
        )
        contributions = _with_packages(
            others(0), login, list(previous.repos.values()), pypi_url, previous.contributions
        )
        return assemble(
            source="github",
            login=login,
            repos=list(previous.repos.values()),
            api_requests=client.api_requests,
            listing_etag=listing_etag,
            contributions=contributions,
        )
    ranked = most_relevant(entries, datetime.now(UTC))
    total = min(limit, len(ranked))
    progress(
        Progress(
            "listed",
            0,
            total,
            f"Listed {len(entries)} repositor{'y' if len(entries) == 1 else 'ies'} "
            f"of {login}; analysing {total}.",
        )
    )
    contributions = others(total)
    repos: list[RepoResult] = []
    for entry in ranked[: limit * TRIES_PER_REPO]:
        if len(repos) >= limit:
            break

        def step(stage: str, message: str) -> None:
            progress(Progress(stage, len(repos), total, message))

        repo = analyze_repo(
            client,
            login,
            entry,
            previous.repos.get(str(entry["name"])),
            workers=workers,
            limits=limits,
            timeout=timeout,
            step=step,
        )
        if repo is not None:
            repos.append(repo)
            progress(Progress("analysed", len(repos), total, f"{repo.name}: analysed."))
    contributions = _with_packages(contributions, login, repos, pypi_url, previous.contributions)
    forks_only = bool(entries) and all(entry.get("fork") for entry in entries) and not repos
    return assemble(
        source="github",
        login=login,
        repos=repos,
        api_requests=client.api_requests,
        forks_only=forks_only,
        listing_etag=listing_etag,
        contributions=contributions,
    )


def _with_packages(
    contributions: Contributions,
    login: str,
    repos: list[RepoResult],
    pypi_url: str | None,
    previous: Contributions | None,
) -> Contributions:
    packages, notes = published_packages(
        login, repos, pypi_url, previous.packages if previous else ()
    )
    return replace(contributions, packages=packages, notes=(*contributions.notes, *notes))
