"""A GitHub API on 127.0.0.1 for tests: real HTTP, GitHub's JSON shapes, real tarballs.

Start one with :class:`GitHubServer` (a context manager) or the ``github_server`` fixture
of ``tests/analysis/conftest.py``, fill it with :meth:`GitHubServer.add_user` and
:meth:`GitHubServer.add_repo` (a :class:`FakeRepo` made from a git repository the test
built, see :func:`make_git_repo` and :func:`fake_repo_from_git`), and point the client at
:attr:`GitHubServer.url`.

What it does as GitHub does:

- ``GET /users/{login}``, ``/users/{login}/repos`` (``per_page``/``page``, ``Link``
  pagination, ``type``), ``/repos/{o}/{r}``, ``/repos/{o}/{r}/commits`` (``author``,
  ``per_page``/``page``, ``Link``; ``409`` for an empty repository) and
  ``/repos/{o}/{r}/tarball[/{ref}]`` (a ``302`` to ``/_codeload/...``, where the
  ``.tar.gz`` is served, top folder ``owner-repo-sha7/``);
- ``GET /repos/{o}/{r}/contributors`` (by commits, most first, ``Link`` pagination;
  ``204`` for an empty repository) and ``GET /search/users`` (``q``; ``total_count``,
  ``incomplete_results``, ``items``; ``422`` for an empty or malformed query and past
  the first 1,000 results; a ``search`` rate-limit bucket of its own, 30 a minute);
- ``GET /search/issues`` and ``/search/repositories`` over the pull requests added with
  :meth:`GitHubServer.add_pull` (``tests/analysis/github_search.py`` says which
  qualifiers), in the same ``search`` bucket;
- ``ETag`` on every ``200``; ``If-None-Match`` answered with ``304``, which does not
  count against the rate limit;
- ``X-RateLimit-Limit/Remaining/Reset/Used/Resource`` headers; when none remain, ``403``
  with GitHub's message; ``/rate_limit`` is free.

Counters for assertions: :attr:`GitHubServer.api_requests` (every API request),
:attr:`GitHubServer.counted_requests` (those that cost against the limit),
:attr:`GitHubServer.downloads`. :meth:`GitHubServer.fail_next` injects failures
(``502``, ``429`` with ``Retry-After``...); :meth:`GitHubServer.secondary_limit_next`
the search API's secondary limit (``403`` with ``Retry-After`` and GitHub's message).
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.analysis.github_search import (
    ISSUE_QUALIFIERS,
    REPO_QUALIFIERS,
    FakePull,
    parse_query,
    pull_item,
    pull_matches,
)

RATE_LIMIT_MESSAGE = (
    "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated "
    "requests get a higher rate limit. Check out the documentation for more details.)"
)
DOCS = "https://docs.github.com/rest"
SECONDARY_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
    "again. If you reach out to GitHub Support for help, please include the request ID."
)
#: GitHub's search API: 30 requests a minute with a token, its own bucket.
SEARCH_RATE_LIMIT = 30
#: GitHub's search gives at most this many results, whatever the total.
SEARCH_RESULT_CAP = 1000
_NUMERIC_QUALIFIERS = frozenset({"followers", "repos"})
_RANGE = re.compile(r"(?:[<>]=?)?\d+|\d+\.\.\d+|\*\.\.\d+|\d+\.\.\*")
#: The fixed clock of the test repositories.
BASE_EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z


# --- git repositories for tests ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str
    login: str | None = None


DEFAULT_AUTHOR = Author("Ada Lovelace", "ada@example.com", "ada")


def git_env(author: Author, when: int) -> dict[str, str]:
    stamp = f"{when} +0000"
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": author.name,
        "GIT_AUTHOR_EMAIL": author.email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": author.name,
        "GIT_COMMITTER_EMAIL": author.email,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def git(repo: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    completed = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        check=True,
        env=dict(env) if env is not None else git_env(DEFAULT_AUTHOR, BASE_EPOCH),
    )
    return completed.stdout.decode()


@dataclass(frozen=True, slots=True)
class Commit:
    message: str
    files: Mapping[str, str | bytes]
    author: Author = DEFAULT_AUTHOR


def make_git_repo(path: Path, commits: Sequence[Commit]) -> Path:
    """A git repository at ``path`` with ``commits`` (oldest first), one hour apart."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for index, commit in enumerate(commits):
        for name, content in commit.files.items():
            target = path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        env = git_env(commit.author, BASE_EPOCH + 3600 * index)
        git(path, "add", "-A", env=env)
        git(path, "commit", "-q", "--allow-empty", "-m", commit.message, env=env)
    return path


def git_tarball(repo: Path, prefix: str) -> bytes:
    """``git archive`` of HEAD as a ``.tar.gz`` under ``prefix/``, as GitHub makes it."""
    completed = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar.gz", f"--prefix={prefix}/", "HEAD"],
        capture_output=True,
        check=True,
    )
    return completed.stdout


def _iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _user_json(base: str, login: str, user_id: int) -> dict[str, Any]:
    return {
        "login": login,
        "id": user_id,
        "node_id": f"U_{user_id}",
        "avatar_url": f"https://avatars.example.com/u/{user_id}",
        "gravatar_id": "",
        "url": f"{base}/users/{login}",
        "html_url": f"https://github.example.com/{login}",
        "repos_url": f"{base}/users/{login}/repos",
        "type": "User",
        "site_admin": False,
    }


def github_commits(
    repo: Path, owner: str, name: str, base: str = "http://127.0.0.1"
) -> list[dict[str, Any]]:
    """The repository's commits as ``GET /repos/{o}/{r}/commits`` lists them."""
    out = git(repo, "log", "--format=%H%x1f%an%x1f%ae%x1f%at%x1f%T%x1f%P%x1f%B%x1e")
    commits = []
    for record in out.split("\x1e"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) != 7:
            continue
        sha, author_name, email, at, tree, parents, message = fields
        person = {"name": author_name, "email": email, "date": _iso(int(at))}
        login = email.split("@", 1)[0]
        commits.append(
            {
                "sha": sha,
                "node_id": f"C_{sha[:12]}",
                "commit": {
                    "author": person,
                    "committer": person,
                    "message": message.strip(),
                    "tree": {"sha": tree, "url": f"{base}/repos/{owner}/{name}/git/trees/{tree}"},
                    "url": f"{base}/repos/{owner}/{name}/git/commits/{sha}",
                    "comment_count": 0,
                    "verification": {"verified": False, "reason": "unsigned"},
                },
                "url": f"{base}/repos/{owner}/{name}/commits/{sha}",
                "html_url": f"https://github.example.com/{owner}/{name}/commit/{sha}",
                "comments_url": f"{base}/repos/{owner}/{name}/commits/{sha}/comments",
                "author": _user_json(base, login, 1000 + len(login)),
                "committer": _user_json(base, login, 1000 + len(login)),
                "parents": [{"sha": parent} for parent in parents.split()],
            }
        )
    return commits


# --- the fake repositories ---------------------------------------------------------------


@dataclass(slots=True)
class FakeRepo:
    """One repository the server knows. ``commits`` are GitHub commit JSON, newest first;
    ``tarball`` is the ``.tar.gz`` served (``None``: an empty repository)."""

    owner: str
    name: str
    tarball: bytes | None
    commits: list[dict[str, Any]] = field(default_factory=list)
    fork: bool = False
    stars: int = 0
    language: str | None = "Python"
    pushed_at: str = "2026-01-01T00:00:00Z"
    default_branch: str = "main"
    repo_id: int = 0
    #: Logins and commit counts for ``/contributors``; empty: counted from ``commits``.
    contributors: list[tuple[str, int]] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def to_json(self, base: str) -> dict[str, Any]:
        full = self.full_name
        return {
            "id": self.repo_id,
            "node_id": f"R_{self.repo_id}",
            "name": self.name,
            "full_name": full,
            "private": False,
            "owner": _user_json(base, self.owner, 1000 + len(self.owner)),
            "html_url": f"https://github.example.com/{full}",
            "description": f"{self.name} by {self.owner}",
            "fork": self.fork,
            "url": f"{base}/repos/{full}",
            "commits_url": f"{base}/repos/{full}/commits{{/sha}}",
            "archive_url": f"{base}/repos/{full}/{{archive_format}}{{/ref}}",
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": self.pushed_at,
            "pushed_at": self.pushed_at,
            "git_url": f"git://github.example.com/{full}.git",
            "clone_url": f"https://github.example.com/{full}.git",
            "homepage": None,
            "size": 0 if self.tarball is None else max(1, len(self.tarball) // 1024),
            "stargazers_count": self.stars,
            "watchers_count": self.stars,
            "language": self.language,
            "has_issues": True,
            "forks_count": 0,
            "archived": False,
            "disabled": False,
            "open_issues_count": 0,
            "license": None,
            "topics": [],
            "visibility": "public",
            "forks": 0,
            "open_issues": 0,
            "watchers": self.stars,
            "default_branch": self.default_branch,
        }


def fake_repo_from_git(
    repo: Path, owner: str, name: str, *, base: str = "http://127.0.0.1", **options: Any
) -> FakeRepo:
    """A :class:`FakeRepo` serving ``repo``'s HEAD as GitHub would."""
    sha = git(repo, "rev-parse", "HEAD").strip()
    return FakeRepo(
        owner=owner,
        name=name,
        tarball=git_tarball(repo, f"{owner}-{name}-{sha[:7]}"),
        commits=github_commits(repo, owner, name, base),
        **options,
    )


@dataclass(slots=True)
class Failure:
    path_prefix: str
    status: int
    headers: dict[str, str]
    body: dict[str, Any] | None
    times: int
    #: Seconds to wait before answering (or until the server stops): a stalled server.
    stall: float = 0.0


@dataclass(frozen=True, slots=True)
class Seen:
    method: str
    path: str
    status: int
    counted: bool
    #: Whether the request carried an ``Authorization`` header.
    authorized: bool = False
    #: When it arrived (``time.monotonic``).
    at: float = field(default_factory=time.monotonic)


def _etag(body: bytes, weak: bool = True) -> str:
    digest = hashlib.sha256(body).hexdigest()[:40]
    return f'W/"{digest}"' if weak else f'"{digest}"'


class QuietHTTPServer(ThreadingHTTPServer):
    """A threaded server that says nothing when a client hangs up mid-answer (the
    timeout tests do it on purpose); any other error is still printed."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


#: How often a serving loop looks for a stop. ``socketserver``'s default, half a second,
#: made each test that stops a server wait a quarter of a second on average.
STOP_POLL_SECONDS = 0.02


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Serve ``server`` from a daemon thread that ``server.shutdown()`` stops at once."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": STOP_POLL_SECONDS}, daemon=True
    )
    thread.start()
    return thread


class GitHubServer:
    """A threaded HTTP server on 127.0.0.1 that answers like GitHub's REST API."""

    def __init__(self, *, rate_limit: int = 60) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.repos: dict[str, FakeRepo] = {}
        self.pulls: list[FakePull] = []
        self.rate_limit = rate_limit
        self.remaining = rate_limit
        self.reset_epoch = int(time.time()) + 3600
        self.search_remaining = SEARCH_RATE_LIMIT
        self.search_reset_epoch = int(time.time()) + 60
        self.failures: list[Failure] = []
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life --------------------------------------------------------------------------

    def start(self) -> "GitHubServer":
        handler = type("Handler", (_Handler,), {"github": self})
        self._server = QuietHTTPServer(("127.0.0.1", 0), handler)
        self._thread = serve_in_thread(self._server)
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> "GitHubServer":
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def cli_options(self) -> tuple[str, str, str, str]:
        """The command line's options that point it here, without the pause between
        requests that GitHub itself asks for."""
        return ("--api-url", self.url, "--request-pause", "0")

    @property
    def url(self) -> str:
        assert self._server is not None, "the server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- content -------------------------------------------------------------------------

    def add_user(self, login: str, name: str | None = None, **profile: Any) -> None:
        """A user; ``profile`` sets GitHub's profile fields (``location``, ``company``,
        ``blog``, ``bio``, ``email``, ``hireable``, ``followers``, ``public_repos``,
        ``created_at``, ``type``), which are ``null`` or zero otherwise, as on GitHub."""
        user = _user_json(self.url, login, 1000 + len(self.users))
        user.update(name=name or login, public_repos=0, followers=0, following=0)
        user.update(company=None, blog="", location=None, email=None, hireable=None, bio=None)
        user.update(created_at="2020-01-01T00:00:00Z", updated_at="2026-01-01T00:00:00Z")
        user.update(profile)
        self.users[login.lower()] = user

    def secondary_limit_next(self, path_prefix: str, retry_after: int = 60) -> None:
        """The next request under ``path_prefix`` meets GitHub's secondary rate limit."""
        self.fail_next(
            path_prefix,
            403,
            headers={"Retry-After": str(retry_after)},
            body={"message": SECONDARY_LIMIT_MESSAGE, "documentation_url": DOCS},
        )

    def add_pull(self, pull: FakePull) -> FakePull:
        """A pull request; its repository is found only if added too (else deleted)."""
        self.pulls.append(pull)
        return pull

    def add_repo(self, repo: FakeRepo) -> FakeRepo:
        repo.repo_id = repo.repo_id or 5000 + len(self.repos)
        self.repos[repo.full_name.lower()] = repo
        return repo

    def fail_next(
        self,
        path_prefix: str,
        status: int,
        *,
        headers: Mapping[str, str] | None = None,
        body: dict[str, Any] | None = None,
        times: int = 1,
        stall: float = 0.0,
    ) -> None:
        """Answer the next ``times`` requests under ``path_prefix`` with ``status``,
        after ``stall`` seconds (a server too slow to answer)."""
        failure = Failure(path_prefix, status, dict(headers or {}), body, times, stall)
        self.failures.append(failure)

    # -- counters ------------------------------------------------------------------------

    @property
    def api_requests(self) -> int:
        return sum(1 for seen in self.seen if not seen.path.startswith("/_codeload/"))

    @property
    def counted_requests(self) -> int:
        return sum(1 for seen in self.seen if seen.counted)

    @property
    def downloads(self) -> int:
        return sum(1 for seen in self.seen if seen.path.startswith("/_codeload/"))

    def reset_counters(self) -> None:
        with self.lock:
            self.seen.clear()


class _Handler(BaseHTTPRequestHandler):
    github: GitHubServer
    protocol_version = "HTTP/1.1"
    # The headers and the body go out in two writes: with Nagle's algorithm on, the
    # body waits for the client's delayed ACK (40 ms a request on Linux's loopback).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- answers -------------------------------------------------------------------------

    def _rate_headers(self) -> dict[str, str]:
        gh = self.github
        if urlsplit(self.path).path.startswith("/search/"):
            return {
                "X-RateLimit-Limit": str(SEARCH_RATE_LIMIT),
                "X-RateLimit-Remaining": str(max(0, gh.search_remaining)),
                "X-RateLimit-Reset": str(gh.search_reset_epoch),
                "X-RateLimit-Used": str(SEARCH_RATE_LIMIT - max(0, gh.search_remaining)),
                "X-RateLimit-Resource": "search",
            }
        return {
            "X-RateLimit-Limit": str(gh.rate_limit),
            "X-RateLimit-Remaining": str(max(0, gh.remaining)),
            "X-RateLimit-Reset": str(gh.reset_epoch),
            "X-RateLimit-Used": str(gh.rate_limit - max(0, gh.remaining)),
            "X-RateLimit-Resource": "core",
        }

    def _send(
        self,
        status: int,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        *,
        counted: bool = True,
        api: bool = True,
    ) -> None:
        path = urlsplit(self.path).path
        with self.github.lock:
            authorized = self.headers.get("Authorization") is not None
            self.github.seen.append(Seen(self.command, path, status, counted and api, authorized))
        self.send_response(status)
        all_headers = dict(self._rate_headers()) if api else {}
        all_headers.update(headers or {})
        if body and "Content-Type" not in all_headers:
            all_headers["Content-Type"] = "application/json; charset=utf-8"
        all_headers["Content-Length"] = str(len(body))
        for name, value in all_headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, data: Any, headers: Mapping[str, str] | None = None) -> None:
        body = json.dumps(data).encode()
        extra = dict(headers or {})
        if status == 200:
            etag = _etag(body)
            extra["ETag"] = etag
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", extra, counted=False)
                return
        self._send(status, body, extra)

    def _not_found(self) -> None:
        self._json(404, {"message": "Not Found", "documentation_url": DOCS, "status": "404"})

    def _paginate(self, items: list[Any], route: str, query: dict[str, list[str]]) -> None:
        per_page = min(100, int(query.get("per_page", ["30"])[0]))
        page = max(1, int(query.get("page", ["1"])[0]))
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        base_query = {key: values[0] for key, values in query.items() if key != "page"}
        base_query["per_page"] = str(per_page)

        def link(number: int, rel: str) -> str:
            target = f"{self.github.url}{route}?{urlencode({**base_query, 'page': number})}"
            return f'<{target}>; rel="{rel}"'

        relations = []
        if page < last:
            relations += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            relations += [link(page - 1, "prev"), link(1, "first")]
        self._json(200, chunk, {"Link": ", ".join(relations)} if relations else None)

    # -- routing -------------------------------------------------------------------------

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/")
        query = parse_qs(parts.query)
        gh = self.github
        if path.startswith("/_codeload/"):
            self._codeload(path)
            return
        if path == "/rate_limit":
            core = {"limit": gh.rate_limit, "remaining": gh.remaining, "reset": gh.reset_epoch}
            self._json(200, {"resources": {"core": core}, "rate": core})
            return
        with gh.lock:
            failure = next((f for f in gh.failures if path.startswith(f.path_prefix)), None)
            if failure is not None:
                failure.times -= 1
                if failure.times <= 0:
                    gh.failures.remove(failure)
        if failure is not None:
            if failure.stall:
                gh.stopping.wait(failure.stall)
            body = failure.body or {"message": "Server Error", "documentation_url": DOCS}
            self._send(failure.status, json.dumps(body).encode(), failure.headers)
            return
        conditional = self.headers.get("If-None-Match") is not None
        with gh.lock:
            if path.startswith("/search/"):
                exhausted = gh.search_remaining <= 0
                gh.search_remaining -= 0 if exhausted else 1
            else:
                exhausted = gh.remaining <= 0
                if not exhausted and not conditional:
                    gh.remaining -= 1
        if exhausted:
            self._json(403, {"message": RATE_LIMIT_MESSAGE, "documentation_url": DOCS})
            return
        self._route(path, query)

    def _route(self, path: str, query: dict[str, list[str]]) -> None:
        gh = self.github
        segments = path.strip("/").split("/")
        if segments[0] == "users" and len(segments) in (2, 3):
            user = gh.users.get(segments[1].lower())
            if user is None:
                self._not_found()
            elif len(segments) == 2:
                self._json(200, user)
            elif segments[2] == "repos":
                owned = [r for r in gh.repos.values() if r.owner.lower() == segments[1].lower()]
                owned.sort(key=lambda r: r.pushed_at, reverse=True)
                self._paginate([r.to_json(gh.url) for r in owned], path, query)
            else:
                self._not_found()
            return
        if segments == ["search", "users"]:
            self._search_users(query)
            return
        if segments == ["search", "issues"]:
            self._search_issues(query)
            return
        if segments == ["search", "repositories"]:
            self._search_repositories(query)
            return
        if segments[0] == "repos" and len(segments) >= 3:
            repo = gh.repos.get(f"{segments[1]}/{segments[2]}".lower())
            if repo is None:
                self._not_found()
            elif len(segments) == 3:
                self._json(200, repo.to_json(gh.url))
            elif segments[3] == "commits" and len(segments) == 4:
                self._commits(repo, path, query)
            elif segments[3] == "contributors" and len(segments) == 4:
                self._contributors(repo, path, query)
            elif segments[3] == "tarball":
                self._tarball(repo, segments[4:])
            else:
                self._not_found()
            return
        self._not_found()

    def _commits(self, repo: FakeRepo, path: str, query: dict[str, list[str]]) -> None:
        if repo.tarball is None:
            self._json(409, {"message": "Git Repository is empty.", "documentation_url": DOCS})
            return
        commits = repo.commits
        author = query.get("author", [None])[0]
        if author:
            commits = [
                c
                for c in commits
                if (c.get("author") or {}).get("login", "").lower() == author.lower()
            ]
        self._paginate(commits, path, query)

    def _contributors(self, repo: FakeRepo, path: str, query: dict[str, list[str]]) -> None:
        gh = self.github
        counts = list(repo.contributors)
        if not counts:
            tally: dict[str, int] = {}
            for commit in repo.commits:
                login = (commit.get("author") or {}).get("login")
                if login:
                    tally[login] = tally.get(login, 0) + 1
            counts = list(tally.items())
        if repo.tarball is None or not counts:
            self._send(204, b"")
            return
        counts.sort(key=lambda pair: -pair[1])
        people = []
        for login, contributions in counts:
            known = gh.users.get(login.lower())
            person = _user_json(gh.url, login, 1000 + len(login))
            if known is not None:
                person = {key: known[key] for key in person}
            person["type"] = "Bot" if login.endswith("[bot]") else person.get("type", "User")
            person["contributions"] = contributions
            people.append(person)
        self._paginate(people, path, query)

    def _validation_failed(self, message: str) -> None:
        errors = [{"resource": "Search", "field": "q", "code": "invalid", "message": message}]
        body = {"message": "Validation Failed", "errors": errors, "documentation_url": DOCS}
        self._json(422, body)

    def _search_users(self, query: dict[str, list[str]]) -> None:
        """A small subset of GitHub's user search: free words match a login, name or
        bio; ``location:``, ``language:`` (the user's repositories), ``followers:`` and
        ``repos:`` qualifiers; everything else is refused as GitHub refuses it."""
        gh = self.github
        text = query.get("q", [""])[0].strip()
        if not text:
            self._json(
                422,
                {
                    "message": "Validation Failed",
                    "errors": [{"resource": "Search", "field": "q", "code": "missing"}],
                    "documentation_url": DOCS,
                },
            )
            return
        per_page = min(100, int(query.get("per_page", ["30"])[0]))
        page = max(1, int(query.get("page", ["1"])[0]))
        if page * per_page > SEARCH_RESULT_CAP:
            self._validation_failed("Only the first 1000 search results are available")
            return
        terms: list[tuple[str, str]] = []
        for term in text.split():
            qualifier, colon, value = term.partition(":")
            if not colon:
                terms.append(("", term.lower()))
            elif qualifier in _NUMERIC_QUALIFIERS and not _RANGE.fullmatch(value):
                self._validation_failed(f"{term!r} is not a valid {qualifier} qualifier")
                return
            elif qualifier not in (*_NUMERIC_QUALIFIERS, "location", "language", "type"):
                self._validation_failed(f"the qualifier {qualifier!r} is not supported")
                return
            else:
                terms.append((qualifier, value.lower()))
        found = [u for u in gh.users.values() if all(self._matches(u, *t) for t in terms)]
        found.sort(key=lambda u: (-int(u.get("followers") or 0), u["login"]))
        chunk = found[(page - 1) * per_page : page * per_page]
        keys = list(_user_json(gh.url, "x", 0))
        items = [{**{key: u[key] for key in keys}, "score": 1.0} for u in chunk]
        body = {"total_count": len(found), "incomplete_results": False, "items": items}
        last = max(1, -(-min(len(found), SEARCH_RESULT_CAP) // per_page))
        relations = []
        if page < last:
            base = {"q": text, "per_page": str(per_page)}
            target = f"{gh.url}/search/users?{urlencode({**base, 'page': page + 1})}"
            relations.append(f'<{target}>; rel="next"')
            target = f"{gh.url}/search/users?{urlencode({**base, 'page': last})}"
            relations.append(f'<{target}>; rel="last"')
        self._json(200, body, {"Link": ", ".join(relations)} if relations else None)

    def _search_issues(self, query: dict[str, list[str]]) -> None:
        gh = self.github
        text = query.get("q", [""])[0].strip()
        terms = parse_query(text, ISSUE_QUALIFIERS)
        if isinstance(terms, str):
            self._validation_failed(terms)
            return
        for qualifier, value in terms:
            if qualifier in ("author", "reviewed-by") and value not in gh.users:
                self._validation_failed(
                    "The listed users cannot be searched either because the users do not "
                    "exist or you do not have permission to view the users."
                )
                return
        found = [p for p in gh.pulls if p.repo.lower() in gh.repos and pull_matches(p, terms)]
        found.sort(key=lambda p: (p.created_at, p.number), reverse=True)

        def item(pull: FakePull) -> dict[str, Any]:
            return pull_item(pull, gh.url, _user_json(gh.url, pull.author, 1000))

        self._search_page("/search/issues", text, found, item, query)

    def _search_repositories(self, query: dict[str, list[str]]) -> None:
        gh = self.github
        text = query.get("q", [""])[0].strip()
        terms = parse_query(text, REPO_QUALIFIERS)
        if isinstance(terms, str):
            self._validation_failed(terms)
            return
        wanted = {value for _qualifier, value in terms}
        found = [repo for name, repo in gh.repos.items() if name in wanted]
        found.sort(key=lambda repo: -repo.stars)

        def item(repo: FakeRepo) -> dict[str, Any]:
            return {**repo.to_json(gh.url), "score": 1.0}

        self._search_page("/search/repositories", text, found, item, query)

    def _search_page(
        self,
        route: str,
        text: str,
        found: Sequence[Any],
        item: Any,
        query: dict[str, list[str]],
    ) -> None:
        per_page = min(100, int(query.get("per_page", ["30"])[0]))
        page = max(1, int(query.get("page", ["1"])[0]))
        if page * per_page > SEARCH_RESULT_CAP:
            self._validation_failed("Only the first 1000 search results are available")
            return
        chunk = found[(page - 1) * per_page : page * per_page]
        body = {
            "total_count": len(found),
            "incomplete_results": False,
            "items": [item(entry) for entry in chunk],
        }
        last = max(1, -(-min(len(found), SEARCH_RESULT_CAP) // per_page))
        relations = []
        if page < last:
            base = {"q": text, "per_page": str(per_page)}
            for number, rel in ((page + 1, "next"), (last, "last")):
                target = f"{self.github.url}{route}?{urlencode({**base, 'page': number})}"
                relations.append(f'<{target}>; rel="{rel}"')
        self._json(200, body, {"Link": ", ".join(relations)} if relations else None)

    def _matches(self, user: Mapping[str, Any], qualifier: str, value: str) -> bool:
        if not qualifier:
            return value in _searchable(user)
        if qualifier in _NUMERIC_QUALIFIERS:
            return _in_range(_count_of(user, qualifier), value)
        if qualifier == "location":
            return value in str(user.get("location") or "").lower()
        if qualifier == "language":
            return any(
                repo.owner.lower() == str(user["login"]).lower()
                and (repo.language or "").lower() == value
                for repo in self.github.repos.values()
            )
        return True  # type:user

    def _tarball(self, repo: FakeRepo, ref: list[str]) -> None:
        if repo.tarball is None:
            self._not_found()
            return
        target = "/".join(ref) or f"refs/heads/{repo.default_branch}"
        location = f"{self.github.url}/_codeload/{repo.full_name}/legacy.tar.gz/{target}"
        self._send(302, b"", {"Location": location})

    def _codeload(self, path: str) -> None:
        segments = path.split("/")
        repo = self.github.repos.get(f"{segments[2]}/{segments[3]}".lower())
        if repo is None or repo.tarball is None:
            self._send(404, b"Not Found", {"Content-Type": "text/plain"}, api=False)
            return
        etag = _etag(repo.tarball, weak=False)
        headers = {"ETag": etag, "Content-Type": "application/x-gzip"}
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", headers, api=False)
            return
        self._send(200, repo.tarball, headers, api=False)


def _searchable(user: Mapping[str, Any]) -> str:
    return " ".join(str(user.get(key) or "") for key in ("login", "name", "bio")).lower()


def _count_of(user: Mapping[str, Any], qualifier: str) -> int:
    return int(user.get("public_repos" if qualifier == "repos" else qualifier) or 0)


def _in_range(number: int, value: str) -> bool:
    if ".." in value:
        low, high = value.split("..")
        return (low == "*" or number >= int(low)) and (high == "*" or number <= int(high))
    for operator, test in (
        (">=", int.__ge__),
        ("<=", int.__le__),
        (">", int.__gt__),
        ("<", int.__lt__),
    ):
        if value.startswith(operator):
            return bool(test(number, int(value[len(operator) :])))
    return number == int(value)
