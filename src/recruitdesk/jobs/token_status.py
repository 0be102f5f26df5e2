"""Whose a token is and how much of its rate limit is left: two cheap GitHub calls.

``GET /user`` names the login (one request against the limit) and ``GET /rate_limit``
the budget (free). Plain Python, no Qt: the command line calls it directly, the
Settings dialog through the background API. Offline, it says so instead of failing.
The token's value goes into the ``Authorization`` header and nowhere else.
"""

from dataclasses import dataclass
from datetime import datetime

from recruitdesk.analysis.github.defaults import DEFAULT_API_URL
from recruitdesk.domain.wording import clock_time
from recruitdesk.tokens import Token

#: Seconds to wait for GitHub: a list of tokens should not hang.
TIMEOUT = 5


@dataclass(frozen=True, slots=True)
class TokenStatus:
    """What GitHub says of one token; ``problem`` set when it could not tell."""

    name: str
    login: str | None = None
    remaining: int | None = None
    limit: int | None = None
    reset: datetime | None = None
    problem: str | None = None

    def describe(self) -> str:
        """One line for people: the login and the budget, or why they are unknown."""
        if self.problem is not None:
            return self.problem
        parts = [f"GitHub user {self.login}" if self.login else "GitHub user unknown"]
        if self.remaining is not None and self.limit is not None:
            budget = f"{self.remaining:,} of {self.limit:,} requests left"
            if self.remaining == 0 and self.reset is not None:
                budget += f" until {clock_time(self.reset)}"
            parts.append(budget)
        return ", ".join(parts)


def check_token(token: Token, api_url: str = DEFAULT_API_URL) -> TokenStatus:
    """Ask GitHub at ``api_url`` about ``token``; never raises for network trouble."""
    # Here, not at the top: the Settings dialog's module is part of the window's start,
    # and PyGithub a third of a second of it.
    from github import Auth, Github, GithubException

    github = Github(
        base_url=api_url.rstrip("/"),
        auth=Auth.Token(token.value) if token.value else None,
        retry=None,
        timeout=TIMEOUT,
    )
    try:
        login: str | None = None
        if token.value:
            _headers, data = github.requester.requestJsonAndCheck("GET", "/user")
            login = str(data.get("login")) if isinstance(data, dict) else None
        core = github.get_rate_limit().resources.core
        return TokenStatus(token.name, login, core.remaining, core.limit, core.reset)
    except GithubException as error:
        if error.status == 401:
            problem = "GitHub refused this token (wrong, expired or revoked)"
        elif error.status in (403, 429):
            problem = "rate-limited now; the login is unknown until the reset"
        else:
            problem = f"GitHub answered {error.status}; login and rate limit unknown"
        return TokenStatus(token.name, problem=problem)
    except (OSError, ValueError) as error:
        return TokenStatus(
            token.name,
            problem=f"offline: GitHub at {api_url} not reachable ({type(error).__name__}); "
            "login and rate limit unknown",
        )
    finally:
        github.close()
