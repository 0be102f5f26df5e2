"""The GitHub API's requests of one analysis, through PyGithub: each counted, each
failure typed.

PyGithub runs with ``retry=None``, so a rate limit or a server error raises at once and
becomes a :class:`~recruitdesk.analysis.errors.NetworkError` carrying when to retry,
instead of a silent sleep (docs/architecture.md, "Threads"). One :class:`~github.Github`
object per analysis: its requester is not thread-safe. The token is never logged or put
in a message.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from github import Auth, Github, GithubException

from recruitdesk import __version__
from recruitdesk.analysis.errors import (
    AnalysisError,
    NetworkError,
    RateLimitedError,
    retry_after,
)
from recruitdesk.domain.wording import clock_time

#: Seconds to wait for GitHub to answer.
DEFAULT_TIMEOUT = 15
#: When to try again after a server error, a timeout or a dropped connection.
RETRY_AFTER_FAILURE_SECONDS = 60

USER_AGENT = f"recruitdesk/{__version__}"


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


def _refusal(data: Any) -> str:
    """GitHub's message of a ``422`` and the messages of its ``errors``."""
    if not isinstance(data, dict):
        return "unprocessable"
    parts = [str(data.get("message") or "")]
    parts += [
        str(item.get("message") or item.get("code") or "")
        for item in data.get("errors") or ()
        if isinstance(item, dict)
    ]
    return ": ".join(part for part in parts if part) or "unprocessable"


class GitHubClient:
    """The requests of one analysis, each counted in :attr:`api_requests` and each
    failure typed."""

    def __init__(self, github: Github, api_url: str, has_token: bool) -> None:
        self.github = github
        self.api_url = api_url
        self.has_token = has_token
        self.api_requests = 0

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
                f"GitHub at {self.api_url} {failed}; try again after {clock_time(when)}.",
                retry_at=when,
            ) from None

    def _known(self, error: GithubException, what: str) -> AnalysisError:
        headers = error.headers or {}
        if _is_rate_limit(error):
            when = _reset_time(headers)
            other = "use another token" if self.has_token else "add a token"
            return RateLimitedError(
                f"GitHub's rate limit is spent until {clock_time(when)}: try again then, or "
                f"{other} (refused: {what}).",
                retry_at=when,
            )
        if error.status >= 500:
            when = retry_after(RETRY_AFTER_FAILURE_SECONDS)
            return NetworkError(
                f"GitHub answered {error.status} for {what}; try again after {clock_time(when)}.",
                retry_at=when,
            )
        if error.status == 401:
            return AnalysisError(
                f"GitHub refused the token for {what}: check GITHUB_TOKEN or the stored token."
            )
        if error.status == 422:  # a validation failure: GitHub's own words say what
            return AnalysisError(f"GitHub refused {what} ({_refusal(error.data)}).")
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
            self.api_requests += 1
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
            self.api_requests += 1
            try:
                return repo.get_archive_link("tarball")
            except GithubException as error:
                if error.status == 404:
                    return None
                raise


@contextmanager
def open_client(
    api_url: str, token: str | None, *, timeout: int, seconds_between_requests: float
) -> Iterator[GitHubClient]:
    """A client for ``api_url`` (without a trailing slash), closed on leaving."""
    github = Github(
        base_url=api_url,
        auth=Auth.Token(token) if token else None,
        retry=None,
        per_page=100,
        timeout=timeout,
        user_agent=USER_AGENT,
        seconds_between_requests=seconds_between_requests,
        lazy=True,
    )
    try:
        yield GitHubClient(github, api_url, has_token=bool(token))
    finally:
        github.close()
