"""What the job tests share: a GitHub server with a rate limit per token, candidates
with logins, a MemoryKeyring holding tokens, a manager wired for fast tests."""

import json
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.analysis.corpus import make_well_kept
from tests.analysis.github_server import (
    DOCS,
    RATE_LIMIT_MESSAGE,
    GitHubServer,
    QuietHTTPServer,
    _Handler,
    fake_repo_from_git,
    serve_in_thread,
)

from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database

#: The value of the known token the leak tests hunt for.
SECRET = "ghp_leakHunterToken0123456789abcdefABCDEF"


def _token_of(header: str | None) -> str | None:
    if not header:
        return None
    return header.split(" ", 1)[1].strip() if " " in header else header.strip()


class _TokenHandler(_Handler):
    github: "TokenServer"

    def _rate_headers(self) -> dict[str, str]:
        headers = super()._rate_headers()
        token = _token_of(self.headers.get("Authorization"))
        budgets = self.github.budgets
        if token in budgets:
            headers["X-RateLimit-Remaining"] = str(max(0, budgets[token]))
        return headers

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        gh = self.github
        if gh.delay:
            gh.stopping.wait(gh.delay)
        token = _token_of(self.headers.get("Authorization"))
        with gh.lock:
            gh.tokens_seen.append(token)
        path = urlsplit(self.path).path.rstrip("/")
        if path == "/user":
            login = gh.token_logins.get(token or "")
            if login is None:
                self._json(401, {"message": "Bad credentials", "documentation_url": DOCS})
            else:
                self._json(200, {"login": login, "id": 1, "type": "User"})
            return
        if path == "/rate_limit" and token in gh.budgets:
            core = {
                "limit": gh.rate_limit,
                "remaining": max(0, gh.budgets[token]),
                "reset": gh.reset_epoch,
                "used": 0,
                "resource": "core",
            }
            self._json(200, {"resources": {"core": core}, "rate": core})
            return
        if token in gh.budgets and not path.startswith("/_codeload/"):
            conditional = self.headers.get("If-None-Match") is not None
            with gh.lock:
                exhausted = gh.budgets[token] <= 0
                if not exhausted and not conditional:
                    gh.budgets[token] -= 1
            if exhausted:
                self._json(403, {"message": RATE_LIMIT_MESSAGE, "documentation_url": DOCS})
                return
        super().do_GET()


class TokenServer(GitHubServer):
    """:class:`GitHubServer` with a rate limit per token (``budgets``: value ->
    requests left), ``GET /user`` for tokens in ``token_logins``, an optional
    ``delay`` per request, and a fixed port so it can stop and start again."""

    def __init__(self, *, rate_limit: int = 5000, port: int = 0) -> None:
        super().__init__(rate_limit=rate_limit)
        self.budgets: dict[str, int] = {}
        self.token_logins: dict[str, str] = {}
        self.tokens_seen: list[str | None] = []
        self.delay = 0.0
        self.port = port

    def start(self) -> "TokenServer":
        self.stopping = threading.Event()
        handler = type("Handler", (_TokenHandler,), {"github": self})
        server = QuietHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        self.port = int(server.server_address[1])
        self._server = server
        self._thread = serve_in_thread(server)
        return self

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def add_person(server: GitHubServer, repo: Path, login: str) -> None:
    """A GitHub user ``login`` owning one well-kept repository."""
    server.add_user(login)
    server.add_repo(fake_repo_from_git(repo, login, "shop", base=server.url, stars=3))


def make_repo(root: Path) -> Path:
    return make_well_kept(root / "well")


def add_candidates(database: Database, logins: Iterable[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for login in logins:
        candidate_id, _changes = create_candidate(
            database,
            {"full_name": f"{login.capitalize()} Example", "github_login": login},
        )
        ids[login] = candidate_id
    return ids


def as_json(value: Any) -> str:
    return json.dumps(value, default=str)


@pytest.fixture
def token_server() -> Iterator[TokenServer]:
    """A running :class:`TokenServer`, stopped after the test."""
    server = TokenServer().start()
    yield server
    server.stop()
