"""The tokens a run may use, lent to one job at a time, and rested when exhausted.

GitHub asks for serial requests per token, so a token is lent to one job at a time
where the pool allows; a token whose rate limit is spent is rested until its reset and
another with budget takes over. Without any token the pool holds one anonymous entry
(GitHub's 60 requests an hour). Thread-safe, no Qt: workers call it directly.
"""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from recruitdesk.tokens import Token

#: The entry used when no token is stored: requests without ``Authorization``.
ANONYMOUS = Token("anonymous", "")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Resting:
    """No token has budget now; the first one wakes at ``until``."""

    until: datetime


class TokenBudget:
    """Lends tokens to jobs, least busy first, skipping the rested ones."""

    def __init__(self, tokens: Sequence[Token] = (), clock: Callable[[], datetime] = _now) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._tokens: list[Token] = []
        self._rested: dict[str, datetime] = {}
        self._lent: dict[str, int] = {}
        self.replace(tokens)

    def replace(self, tokens: Sequence[Token]) -> None:
        """Use ``tokens`` from now on (the settings changed); rests of kept names stay."""
        with self._lock:
            self._tokens = list(tokens) or [ANONYMOUS]
            names = {token.name for token in self._tokens}
            self._rested = {n: t for n, t in self._rested.items() if n in names}

    @property
    def size(self) -> int:
        """How many tokens (the anonymous entry counts as one)."""
        with self._lock:
            return len(self._tokens)

    @property
    def names(self) -> list[str]:
        with self._lock:
            return [token.name for token in self._tokens]

    def acquire(self, avoid: frozenset[str] = frozenset()) -> Token | Resting:
        """A token with budget (the least lent first), or when one will have some."""
        now = self._clock()
        with self._lock:
            for name, until in list(self._rested.items()):
                if until <= now:
                    del self._rested[name]
            ready = [t for t in self._tokens if t.name not in self._rested and t.name not in avoid]
            if not ready:
                wake = min(self._rested.values(), default=now)
                return Resting(wake)
            chosen = min(ready, key=lambda t: self._lent.get(t.name, 0))
            self._lent[chosen.name] = self._lent.get(chosen.name, 0) + 1
            return chosen

    def release(self, token: Token) -> None:
        with self._lock:
            count = self._lent.get(token.name, 0) - 1
            if count > 0:
                self._lent[token.name] = count
            else:
                self._lent.pop(token.name, None)

    def rest(self, token: Token, until: datetime) -> None:
        """``token``'s budget is spent until ``until``."""
        with self._lock:
            self._rested[token.name] = max(until, self._rested.get(token.name, until))

    def resting(self) -> dict[str, datetime]:
        """The rested tokens by name, with when each wakes."""
        now = self._clock()
        with self._lock:
            return {n: t for n, t in self._rested.items() if t > now}

    def all_resting_until(self) -> datetime | None:
        """When the first token wakes, if every token is rested now; else ``None``."""
        resting = self.resting()
        with self._lock:
            if all(token.name in resting for token in self._tokens):
                return min(resting.values())
        return None
