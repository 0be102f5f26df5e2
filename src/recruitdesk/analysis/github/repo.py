"""One GitHub repository fetched and measured: one page of commits (a second, filtered
by author, for a history longer than a page), one archive link, then one tarball,
never one call per file.

A fork counts only when the user committed to it; the user's share of the commits is
the repository's authorship, so a repository mostly written by others says so and
weighs only that share in the scores.

A repository whose ``pushed_at`` has not moved since the stored result is not fetched
at all; a tarball is downloaded with its stored ETag, so an unchanged one is not sent
again. Tarballs come from GitHub's archive host, not the API, and are not counted as
API requests.
"""

import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from recruitdesk.analysis.archive import CollectedFiles, Limits, read_tar_stream
from recruitdesk.analysis.authorship import MAIN_AUTHORS, is_bot
from recruitdesk.analysis.errors import (
    ArchiveError,
    NetworkError,
    UnsafeArchiveError,
    retry_after,
)
from recruitdesk.analysis.github.client import (
    RETRY_AFTER_FAILURE_SECONDS,
    USER_AGENT,
    GitHubClient,
)
from recruitdesk.analysis.github.listing import links, parse_time
from recruitdesk.analysis.history import CommitFacts, commit_stats
from recruitdesk.analysis.repo_parts import AuthorShare, Authorship
from recruitdesk.analysis.repository import RepoInfo, build_repo_result
from recruitdesk.analysis.result import RepoResult
from recruitdesk.domain.wording import clock_time

#: Commits read per page (GitHub's maximum).
COMMITS_PER_PAGE = 100


def _facts(commits: list[dict[str, Any]]) -> list[CommitFacts]:
    """Hygiene's view of the listed commits, merges left out."""
    facts = []
    for item in commits:
        parents = item.get("parents") or []
        if len(parents) > 1:
            continue
        commit = item.get("commit") or {}
        date = (commit.get("author") or {}).get("date")
        facts.append(
            CommitFacts(
                message=str(commit.get("message") or ""),
                at=parse_time(date),
                root=not parents,
            )
        )
    return facts


def _author_name(commit: dict[str, Any]) -> str:
    login = (commit.get("author") or {}).get("login")
    return str(login or ((commit.get("commit") or {}).get("author") or {}).get("name") or "?")


def _main_authors(latest: list[dict[str, Any]]) -> tuple[AuthorShare, ...]:
    """The main authors among the latest commits (one page: GitHub gives no cheaper
    view of who wrote a repository)."""
    counts = Counter(name for name in map(_author_name, latest) if not is_bot(name))
    return tuple(
        AuthorShare(name, count, round(count / len(latest), 3))
        for name, count in counts.most_common(MAIN_AUTHORS)
    )


def _last_page(headers: dict[str, Any]) -> int | None:
    last = links(headers).get("last")
    match = re.search(r"[?&]page=(\d+)", last or "")
    return int(match.group(1)) if match else None


def _by(commit: dict[str, Any], login: str) -> bool:
    return str((commit.get("author") or {}).get("login") or "").lower() == login.lower()


@dataclass(frozen=True, slots=True)
class _Commits:
    count: int
    by_user: int
    mine: list[CommitFacts]
    main_authors: tuple[AuthorShare, ...]


def _commits(client: GitHubClient, full_name: str, login: str) -> _Commits | None:
    """The repository's commits as far as one or two pages tell, or ``None`` for an
    empty repository.

    One page of the latest commits tells everything for a history of up to
    ``COMMITS_PER_PAGE`` commits; a longer one takes a second page, filtered by author on
    GitHub's side, and its counts are lower bounds from the number of pages.
    """
    what = f"the commits of {full_name}"
    url = f"/repos/{full_name}/commits"
    headers, page = client.get(url, what, params={"per_page": COMMITS_PER_PAGE}, missing=409)
    if headers.get("status") == 409:
        return None
    latest = list(page or [])
    last = _last_page(headers)
    if last is None:
        mine = [commit for commit in latest if _by(commit, login)]
        return _Commits(len(latest), len(mine), _facts(mine), _main_authors(latest))
    headers, page = client.get(url, what, params={"author": login, "per_page": COMMITS_PER_PAGE})
    mine = list(page or [])
    mine_last = _last_page(headers)
    by_user = len(mine) if mine_last is None else (mine_last - 1) * COMMITS_PER_PAGE + 1
    count = (last - 1) * COMMITS_PER_PAGE + 1
    return _Commits(count, by_user, _facts(mine), _main_authors(latest))


def _download(
    url: str, full_name: str, etag: str | None, limits: Limits, timeout: float
) -> tuple[CollectedFiles | None, str | None]:
    """The repository's files from its tarball, streamed; ``(None, etag)`` when the
    stored ETag still matches."""
    label = f"The tarball of {full_name}"
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ArchiveError(f"{label} is not at an http(s) address, so it was not fetched.")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    if etag:
        request.add_header("If-None-Match", etag)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            new_etag = response.headers.get("ETag")
            files = read_tar_stream(response, label, limits)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304:
            return None, etag
        when = retry_after(RETRY_AFTER_FAILURE_SECONDS)
        raise NetworkError(
            f"{label} could not be downloaded (HTTP {error.code}); try again after "
            f"{clock_time(when)}.",
            retry_at=when,
        ) from None
    except UnsafeArchiveError:
        raise
    except ArchiveError as error:
        raise ArchiveError(str(error), retry_at=retry_after(RETRY_AFTER_FAILURE_SECONDS)) from None
    except OSError as error:
        when = retry_after(RETRY_AFTER_FAILURE_SECONDS)
        raise NetworkError(
            f"{label} could not be downloaded ({type(error).__name__}); try again after "
            f"{clock_time(when)}.",
            retry_at=when,
        ) from None
    return files.strip_common_folder(), new_etag


def analyze_repo(
    client: GitHubClient,
    login: str,
    entry: dict[str, Any],
    stored: RepoResult | None,
    *,
    workers: int | None,
    limits: Limits,
    timeout: int,
    step: Callable[[str, str], None],
) -> RepoResult | None:
    """The result of the listing's ``entry``, or ``None`` for a repository skipped (empty,
    or a fork without commits of ``login``). ``stored`` is the last stored result of the
    repository; ``step(stage, message)`` tells what happens."""
    name = str(entry["name"])
    full_name = str(entry.get("full_name") or f"{login}/{name}")
    pushed_at = entry.get("pushed_at")
    stars = int(entry.get("stargazers_count") or 0)
    if stored is not None and parse_time(stored.pushed_at) == parse_time(pushed_at):
        step("reused", f"{full_name}: unchanged, the stored result is reused.")
        return replace(stored, stars=stars)
    found = _commits(client, full_name, login)
    if found is None:
        step("skipped", f"{full_name}: empty, skipped.")
        return None
    fork = bool(entry.get("fork"))
    if fork and not found.by_user:
        step("skipped", f"{full_name}: a fork without commits of {login}, skipped.")
        return None
    location = client.archive_link(full_name)
    if location is None:
        return None
    location = urllib.parse.urljoin(client.api_url + "/", location)
    step("downloading", f"{full_name}: downloading and measuring.")
    etag = stored.etag if stored is not None else None
    files, new_etag = _download(location, full_name, etag, limits, timeout)
    info = RepoInfo(
        name=name,
        url=entry.get("html_url"),
        fork=fork,
        stars=stars,
        pushed_at=pushed_at,
        etag=new_etag,
    )
    commits = commit_stats(found.count, found.mine, by_user=found.by_user)
    authorship = Authorship(
        candidate=(login,),
        share=round(min(1.0, found.by_user / max(1, found.count)), 3),
        basis="commits",
        main_authors=found.main_authors,
    )
    if files is None:
        assert stored is not None
        repo = replace(stored, stars=stars, pushed_at=pushed_at)
    else:
        repo = build_repo_result(info, files, workers=workers)
    return replace(repo, commits=commits, authorship=authorship, has_history=True)
