"""A GitHub user's repositories, analysed: PyGithub for the API, one tarball each.

The rules of docs/architecture.md ("The analysis"): one request per listing page; per
repository one page of commits (a second, filtered by author, for a history longer than
a page) and one archive link, then one tarball; never one call per file. A first
analysis so costs two API requests per repository plus the listing.

PyGithub runs with ``retry=None``, so a rate limit or a server error raises at once and
becomes a :class:`~recruitdesk.analysis.errors.NetworkError` carrying when to retry,
instead of a silent sleep. Re-analysis sends the listing's stored ETag (a ``304`` costs nothing
against the limit) and reuses the stored result of every repository whose
``pushed_at`` has not moved; a tarball is downloaded with its stored ETag too.

Every API request is counted (``api_requests``); tarball downloads go to GitHub's
archive host, not the API, and are not. One :class:`~github.Github` object per call:
its requester is not thread-safe. The token is never logged or put in a message.
"""

import math
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from github import Auth, Github, GithubException

from recruitdesk import __version__
from recruitdesk.analysis.archive import DEFAULT_LIMITS, CollectedFiles, Limits, read_tar_stream
from recruitdesk.analysis.engine import assemble
from recruitdesk.analysis.errors import (
    AnalysisError,
    ArchiveError,
    NetworkError,
    RateLimitedError,
    SourceNotFoundError,
    UnsafeArchiveError,
    local_time,
    retry_after,
)
from recruitdesk.analysis.history import commit_stats, subject_of
from recruitdesk.analysis.repository import RepoInfo, build_repo_result
from recruitdesk.analysis.result import AnalysisResult, RepoResult

DEFAULT_API_URL = "https://api.github.com"
#: How many repositories are analysed by default: the most relevant ones.
DEFAULT_REPO_LIMIT = 10
#: Pause between API requests: GitHub asks for serial requests, not bursts.
SECONDS_BETWEEN_REQUESTS = 0.25
#: Seconds to wait for GitHub to answer.
DEFAULT_TIMEOUT = 15
#: When to try again after a server error, a timeout or a dropped connection.
RETRY_AFTER_FAILURE_SECONDS = 60
#: Commits read per page (GitHub's maximum).
COMMITS_PER_PAGE = 100
#: Listing pages read at most (100 repositories each).
MAX_LISTING_PAGES = 5
#: Ranking: a Python repository is worth this much more than one whose language GitHub
#: does not know.
PYTHON_BONUS = 10.0
#: Repositories in these languages (GitHub's guess from the bytes of code) are analysed;
#: ``None`` is a repository GitHub has not classified.
ANALYSED_LANGUAGES = frozenset({"Python", None})
#: At most this many repositories per one analysed are tried (forks without the user's
#: commits and empty repositories are skipped, each for one request).
TRIES_PER_REPO = 3
#: Ranking: a push this many days ago counts half as recent as one today.
RECENCY_HALF_LIFE_DAYS = 180.0

_USER_AGENT = f"recruitdesk/{__version__}"
_LINK = re.compile(r'<([^>]+)>;\s*rel="(\w+)"')
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PreviousAnalysis:
    """What the last stored analysis of this login knew, for conditional requests."""

    listing_etag: str | None = None
    repos: dict[str, RepoResult] = field(default_factory=dict)

    @classmethod
    def from_records(
        cls, listing_etag: str | None, records: Mapping[str, dict[str, Any]]
    ) -> "PreviousAnalysis":
        """From what storage keeps (``latest_github_repositories``): repository records
        by name."""
        return cls(listing_etag, {name: RepoResult.from_record(r) for name, r in records.items()})


@dataclass(frozen=True, slots=True)
class Progress:
    """One step of an account's analysis: ``stage`` is "listed", "downloading",
    "analysed", "reused" or "skipped"; ``done`` of ``total`` repositories are
    analysed so far (``total`` is known once the listing is read)."""

    stage: str
    done: int
    total: int
    message: str


@dataclass(slots=True)
class _Counter:
    api_requests: int = 0
    downloads: int = 0


def links(headers: dict[str, Any]) -> dict[str, str]:
    """The ``Link`` header's URLs by relation (``next``, ``last``...)."""
    return {rel: url for url, rel in _LINK.findall(str(headers.get("link", "")))}


def _reset_time(headers: dict[str, Any]) -> datetime:
    retry = headers.get("retry-after")
    if retry is not None and str(retry).isdigit():
        return retry_after(int(retry))
    reset = headers.get("x-ratelimit-reset")
    if reset is not None and str(reset).isdigit():
        return datetime.fromtimestamp(int(reset), UTC)
    return retry_after(RETRY_AFTER_FAILURE_SECONDS)


def _is_rate_limit(error: GithubException) -> bool:
    headers = error.headers or {}
    if error.status not in (403, 429):
        return False
    return (
        str(headers.get("x-ratelimit-remaining")) == "0"
        or "retry-after" in headers
        or error.status == 429
        or "rate limit" in str(error.data).lower()
    )


class _Client:
    """The requests of one analysis, each counted and each failure typed."""

    def __init__(self, github: Github, api_url: str, counter: _Counter, has_token: bool) -> None:
        self.github = github
        self.api_url = api_url
        self.counter = counter
        self.has_token = has_token

    @contextmanager
    def _translate(self, what: str) -> Iterator[None]:
        try:
            yield
        except GithubException as error:
            raise self._known(error, what) from None
        except OSError as error:  # requests' errors are OSErrors: refused, timeout, reset
            when = retry_after(RETRY_AFTER_FAILURE_SECONDS)
            kind = type(error).__name__
            failed = (
                f"did not answer in time for {what}"
                if "Timeout" in kind or isinstance(error, TimeoutError)
                else f"could not be reached for {what} ({kind})"
            )
            raise NetworkError(
                f"GitHub at {self.api_url} {failed}; try again after {local_time(when)}.",
                retry_at=when,
            ) from None

    def _known(self, error: GithubException, what: str) -> AnalysisError:
        headers = error.headers or {}
        if _is_rate_limit(error):
            when = _reset_time(headers)
            other = "use another token" if self.has_token else "add a token"
            return RateLimitedError(
                f"GitHub's rate limit is spent until {local_time(when)}: try again then, or "
                f"{other} (refused: {what}).",
                retry_at=when,
            )
        if error.status >= 500:
            when = retry_after(RETRY_AFTER_FAILURE_SECONDS)
            return NetworkError(
                f"GitHub answered {error.status} for {what}; try again after {local_time(when)}.",
                retry_at=when,
            )
        if error.status == 401:
            return AnalysisError(
                f"GitHub refused the token for {what}: check GITHUB_TOKEN or the stored token."
            )
        return AnalysisError(f"GitHub answered {error.status} for {what}.")

    def get(
        self,
        url: str,
        what: str,
        *,
        params: dict[str, Any] | None = None,
        etag: str | None = None,
        missing: int | None = None,
    ) -> tuple[dict[str, Any], Any]:
        """One GET. A ``304`` gives ``None`` as data; so does the status ``missing``
        (404 for a login that does not exist, 409 for an empty repository)."""
        headers = {"If-None-Match": etag} if etag else None
        with self._translate(what):
            self.counter.api_requests += 1
            try:
                return self.github.requester.requestJsonAndCheck(
                    "GET", url, parameters=params, headers=headers
                )
            except GithubException as error:
                if missing is not None and error.status == missing:
                    return {"status": missing}, None
                raise

    def archive_link(self, full_name: str) -> str | None:
        """Where the repository's tarball is (``None`` for an empty repository)."""
        with self._translate(f"the archive of {full_name}"):
            repo = self.github.get_repo(full_name)  # lazy: no request of its own
            self.counter.api_requests += 1
            try:
                return repo.get_archive_link("tarball")
            except GithubException as error:
                if error.status == 404:
                    return None
                raise


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def relevance(entry: dict[str, Any], now: datetime) -> float:
    """Stars, recency and Python, for choosing which repositories to analyse."""
    pushed = _parse_time(entry.get("pushed_at"))
    days = (now - pushed).total_seconds() / 86400 if pushed else 10_000.0
    recency = 0.5 ** (max(0.0, days) / RECENCY_HALF_LIFE_DAYS)
    python = PYTHON_BONUS if entry.get("language") == "Python" else 0.0
    return float(python + math.log1p(int(entry.get("stargazers_count") or 0)) + 2 * recency)


def _user_subjects(commits: list[dict[str, Any]]) -> list[str]:
    return [subject_of(str((item.get("commit") or {}).get("message") or "")) for item in commits]


def _last_page(headers: dict[str, Any]) -> int | None:
    last = links(headers).get("last")
    match = re.search(r"[?&]page=(\d+)", last or "")
    return int(match.group(1)) if match else None


def _by(commit: dict[str, Any], login: str) -> bool:
    return str((commit.get("author") or {}).get("login") or "").lower() == login.lower()


def _commits(client: _Client, full_name: str, login: str) -> tuple[int, int, list[str]] | None:
    """``(count, by_user, the user's subjects)``, or ``None`` for an empty repository.

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
        return len(latest), len(mine), _user_subjects(mine)
    headers, page = client.get(url, what, params={"author": login, "per_page": COMMITS_PER_PAGE})
    mine = list(page or [])
    mine_last = _last_page(headers)
    by_user = len(mine) if mine_last is None else (mine_last - 1) * COMMITS_PER_PAGE + 1
    return (last - 1) * COMMITS_PER_PAGE + 1, by_user, _user_subjects(mine)


def _download(
    url: str, full_name: str, etag: str | None, limits: Limits, timeout: float, counter: _Counter
) -> tuple[CollectedFiles | None, str | None]:
    """The repository's files from its tarball, streamed; ``(None, etag)`` when the
    stored ETag still matches."""
    label = f"The tarball of {full_name}"
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ArchiveError(f"{label} is not at an http(s) address, so it was not fetched.")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})  # noqa: S310
    if etag:
        request.add_header("If-None-Match", etag)
    counter.downloads += 1
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
            f"{local_time(when)}.",
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
            f"{local_time(when)}.",
            retry_at=when,
        ) from None
    return files.strip_common_folder(), new_etag


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
) -> AnalysisResult:
    """Analyse the ``limit`` most relevant repositories of a GitHub user."""
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", login):
        raise SourceNotFoundError(f"{login!r} is not a GitHub login.")
    api_url = api_url.rstrip("/")
    parts = urllib.parse.urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AnalysisError(f"{api_url!r} is not a GitHub API address (http:// or https://).")
    counter = _Counter()
    github = Github(
        base_url=api_url,
        auth=Auth.Token(token) if token else None,
        retry=None,
        per_page=100,
        timeout=timeout,
        user_agent=_USER_AGENT,
        seconds_between_requests=seconds_between_requests,
        lazy=True,
    )
    try:
        client = _Client(github, api_url, counter, has_token=bool(token))
        return _analyze(
            client,
            login,
            limit=limit,
            previous=previous or PreviousAnalysis(),
            workers=workers,
            limits=limits,
            timeout=timeout,
            progress=progress or (lambda _step: None),
        )
    finally:
        github.close()


def _listing(
    client: _Client, login: str, etag: str | None
) -> tuple[list[dict[str, Any]] | None, str | None]:
    """The user's own repositories, or ``None`` when the stored ETag still matches."""
    what = f"the repositories of {login}"
    headers, page = client.get(
        f"/users/{login}/repos",
        what,
        params={"per_page": 100, "type": "owner", "sort": "pushed"},
        etag=etag,
        missing=404,
    )
    if headers.get("status") == 404:
        raise SourceNotFoundError(f"There is no GitHub user {login!r} at {client.api_url}.")
    if page is None:
        return None, etag
    entries: list[dict[str, Any]] = list(page)
    new_etag = headers.get("etag")
    next_url = links(headers).get("next")
    pages = 1
    while next_url and pages < MAX_LISTING_PAGES:
        headers, page = client.get(next_url, what)
        entries.extend(page or [])
        next_url = links(headers).get("next")
        pages += 1
    return entries, new_etag


def _analyze(
    client: _Client,
    login: str,
    *,
    limit: int,
    previous: PreviousAnalysis,
    workers: int | None,
    limits: Limits,
    timeout: int,
    progress: Callable[[Progress], None],
) -> AnalysisResult:
    entries, listing_etag = _listing(client, login, previous.listing_etag)
    if entries is None:
        progress(
            Progress(
                "listed",
                0,
                0,
                f"The repositories of {login} have not changed since the last analysis.",
            )
        )
        return assemble(
            source="github",
            login=login,
            repos=list(previous.repos.values()),
            api_requests=client.counter.api_requests,
            listing_etag=listing_etag,
        )
    now = datetime.now(UTC)
    ranked = sorted(
        (
            entry
            for entry in entries
            if entry.get("language") in ANALYSED_LANGUAGES and entry.get("size", 1) != 0
        ),
        key=lambda entry: relevance(entry, now),
        reverse=True,
    )
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
    repos: list[RepoResult] = []
    for entry in ranked[: limit * TRIES_PER_REPO]:
        if len(repos) >= limit:
            break

        def step(stage: str, message: str) -> None:
            progress(Progress(stage, len(repos), total, message))

        repo = _one_repo(client, login, entry, previous, workers, limits, timeout, step)
        if repo is not None:
            repos.append(repo)
            progress(Progress("analysed", len(repos), total, f"{repo.name}: analysed."))
    forks_only = bool(entries) and all(entry.get("fork") for entry in entries) and not repos
    return assemble(
        source="github",
        login=login,
        repos=repos,
        api_requests=client.counter.api_requests,
        forks_only=forks_only,
        listing_etag=listing_etag,
    )


def _one_repo(
    client: _Client,
    login: str,
    entry: dict[str, Any],
    previous: PreviousAnalysis,
    workers: int | None,
    limits: Limits,
    timeout: int,
    step: Callable[[str, str], None],
) -> RepoResult | None:
    name = str(entry["name"])
    full_name = str(entry.get("full_name") or f"{login}/{name}")
    pushed_at = entry.get("pushed_at")
    stars = int(entry.get("stargazers_count") or 0)
    stored = previous.repos.get(name)
    if stored is not None and _parse_time(stored.pushed_at) == _parse_time(pushed_at):
        step("reused", f"{full_name}: unchanged, the stored result is reused.")
        return replace(stored, stars=stars)
    found = _commits(client, full_name, login)
    if found is None:
        step("skipped", f"{full_name}: empty, skipped.")
        return None
    count, by_user, subjects = found
    fork = bool(entry.get("fork"))
    if fork and not by_user:
        step("skipped", f"{full_name}: a fork without commits of {login}, skipped.")
        return None
    location = client.archive_link(full_name)
    if location is None:
        return None
    location = urllib.parse.urljoin(client.api_url + "/", location)
    step("downloading", f"{full_name}: downloading and measuring.")
    etag = stored.etag if stored is not None else None
    files, new_etag = _download(location, full_name, etag, limits, timeout, client.counter)
    info = RepoInfo(
        name=name,
        url=entry.get("html_url"),
        fork=fork,
        stars=stars,
        pushed_at=pushed_at,
        etag=new_etag,
    )
    commits = commit_stats(count, subjects, by_user=by_user)
    if files is None:
        assert stored is not None
        return replace(stored, stars=stars, pushed_at=pushed_at, commits=commits, has_history=True)
    repo = build_repo_result(info, files, commits=commits, workers=workers)
    return replace(repo, has_history=True)
