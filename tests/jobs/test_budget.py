"""The token budget: lent least-busy first, rested until the reset, thread-safe."""

import threading
from datetime import UTC, datetime, timedelta

from recruitdesk.jobs.budget import ANONYMOUS, Resting, TokenBudget
from recruitdesk.tokens import Token

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def test_tokens_are_lent_least_busy_first() -> None:
    budget = TokenBudget([Token("a", "1"), Token("b", "2")])
    first = budget.acquire()
    second = budget.acquire()
    assert isinstance(first, Token)
    assert isinstance(second, Token)
    assert {first.name, second.name} == {"a", "b"}
    budget.release(first)
    again = budget.acquire()
    assert isinstance(again, Token)
    assert again.name == first.name


def test_a_rested_token_sleeps_until_its_reset_then_wakes() -> None:
    clock = Clock()
    a, b = Token("a", "1"), Token("b", "2")
    budget = TokenBudget([a, b], clock=clock)
    budget.rest(a, NOW + timedelta(minutes=5))
    assert budget.acquire() == b
    assert budget.all_resting_until() is None
    budget.rest(b, NOW + timedelta(minutes=9))
    assert budget.acquire() == Resting(NOW + timedelta(minutes=5))
    assert budget.all_resting_until() == NOW + timedelta(minutes=5)
    clock.now = NOW + timedelta(minutes=6)
    assert budget.acquire() == a
    assert budget.resting() == {"b": NOW + timedelta(minutes=9)}


def test_no_token_means_one_anonymous_entry() -> None:
    budget = TokenBudget([])
    assert budget.size == 1
    assert budget.acquire() == ANONYMOUS
    assert ANONYMOUS.value == ""


def test_replacing_tokens_keeps_the_rests_of_kept_names() -> None:
    clock = Clock()
    budget = TokenBudget([Token("a", "1"), Token("b", "2")], clock=clock)
    budget.rest(Token("a", "1"), NOW + timedelta(hours=1))
    budget.replace([Token("a", "1"), Token("c", "3")])
    assert set(budget.resting()) == {"a"}
    assert budget.names == ["a", "c"]


def test_concurrent_lending_keeps_the_counts_right() -> None:
    budget = TokenBudget([Token("a", "1"), Token("b", "2")])

    def work() -> None:
        for _ in range(500):
            token = budget.acquire()
            assert isinstance(token, Token)
            budget.release(token)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert budget._lent == {}


def test_the_plain_parts_of_jobs_import_no_qt() -> None:
    """The budget, the runner and the token check stay plain Python (the CLI uses them)."""
    import subprocess
    import sys

    code = (
        "import sys, recruitdesk.jobs.runner, recruitdesk.jobs.budget, "
        "recruitdesk.jobs.token_status; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6.Qt', 'recruitdesk.gui'))))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
