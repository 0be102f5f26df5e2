"""The commit-hygiene score: a clear history against a careless one.

A clear history has subjects that say what changed (Conventional Commits are a bonus,
not the test), bodies that say why on changes of some size, and commits spread over
the days the work took. A careless one has "wip", "pygame 15" and "* readme" three
times, no bodies, and everything pushed in one sitting.

Pure functions over plain values, like :mod:`recruitdesk.domain.scoring`, which
calls :func:`commit_hygiene` with its repository figures.
"""

from collections.abc import Callable, Sequence
from typing import Protocol

from recruitdesk.domain.calibration import Evidence, Judged, cannot_judge, judge
from recruitdesk.domain.wording import count, percent

NOT_VAGUE_POINTS = 35.0
BODY_POINTS = 25.0
SPREAD_POINTS = 20.0
CONVENTIONAL_POINTS = 10.0
SUBJECT_LENGTH_POINTS = 10.0
#: Mean subject lengths in this range read as descriptive one-liners.
SUBJECT_LENGTH_RANGE = (20.0, 72.0)
#: Commits by the candidate at which the score has moved 63% of the way from the middle
#: to what their history shows.
SCALE_COMMITS = 5
#: Commits needed before their spread over time is judged at all.
MIN_COMMITS_FOR_SPREAD = 6
#: All of at least that many commits within this many days is a one-sitting dump.
DUMP_SPAN_DAYS = 2.0
#: Days with commits for full marks on spread.
FULL_SPREAD_DAYS = 5
#: The share of points given to a part that cannot be judged (no big change to need a
#: body, too few commits to judge their spread).
NEUTRAL = 0.5


class History(Protocol):
    """What hygiene needs of one repository's figures."""

    @property
    def has_history(self) -> bool: ...
    @property
    def commits_by_user(self) -> int: ...
    @property
    def commits_of_everyone(self) -> bool: ...
    @property
    def conventional_ratio(self) -> float: ...
    @property
    def vague_ratio(self) -> float: ...
    @property
    def mean_subject_len(self) -> float: ...
    @property
    def body_ratio(self) -> float: ...
    @property
    def nontrivial_commits(self) -> int: ...
    @property
    def active_days(self) -> int: ...
    @property
    def span_days(self) -> float: ...


def _length_share(mean_len: float) -> float:
    low, high = SUBJECT_LENGTH_RANGE
    if mean_len < low:
        return mean_len / low
    if mean_len > high:
        return max(0.5, high / mean_len)
    return 1.0


def _is_dump(repo: History) -> bool:
    return repo.commits_by_user >= MIN_COMMITS_FOR_SPREAD and repo.span_days <= DUMP_SPAN_DAYS


def _spread(repo: History) -> float:
    if repo.commits_by_user < MIN_COMMITS_FOR_SPREAD:
        return NEUTRAL
    if _is_dump(repo):
        return 0.0
    return min(1.0, repo.active_days / FULL_SPREAD_DAYS)


def _bodies(known: Sequence[History], commits: int) -> tuple[float, str]:
    nontrivial = sum(repo.nontrivial_commits for repo in known)
    if not nontrivial:
        return NEUTRAL, "No change was large enough to need a message body."
    bodies = sum(repo.body_ratio * repo.nontrivial_commits for repo in known) / nontrivial
    return bodies, (
        f"{percent(bodies)} of {count(nontrivial, 'change')} of some size explain "
        "themselves in a message body."
    )


def _spread_line(known: Sequence[History]) -> str:
    dumps = [repo for repo in known if _is_dump(repo)]
    if dumps:
        commits = sum(repo.commits_by_user for repo in dumps)
        return (
            f"{count(commits, 'commit')} in "
            f"{count(len(dumps), 'repository', 'repositories')} "
            f"{'was' if commits == 1 else 'were'} all made within {DUMP_SPAN_DAYS:.0f} days: "
            "a one-sitting dump, not a history."
        )
    judged = [repo for repo in known if repo.commits_by_user >= MIN_COMMITS_FOR_SPREAD]
    if not judged:
        return f"Too few commits to judge their spread over time (from {MIN_COMMITS_FOR_SPREAD})."
    days = sum(repo.active_days for repo in judged)
    return f"Commits are spread over {count(days, 'day')} of work."


def commit_hygiene(repos: Sequence[History]) -> Judged:
    """The score with the sentences that explain it; not judged without a history."""
    known = [repo for repo in repos if repo.has_history and repo.commits_by_user > 0]
    if not known:
        return cannot_judge(
            "No commit history by the candidate was available, so commit hygiene cannot "
            "be judged; it does not count in the overall.",
            Evidence(0, "commit"),
        )
    commits = sum(repo.commits_by_user for repo in known)

    def mean(value: Callable[[History], float]) -> float:
        return sum(value(repo) * repo.commits_by_user for repo in known) / commits

    conventional = mean(lambda r: r.conventional_ratio)
    vague = mean(lambda r: r.vague_ratio)
    length = mean(lambda r: r.mean_subject_len)
    spread = mean(_spread)
    bodies, bodies_line = _bodies(known, commits)
    score = (
        NOT_VAGUE_POINTS * (1 - vague)
        + BODY_POINTS * bodies
        + SPREAD_POINTS * spread
        + CONVENTIONAL_POINTS * conventional
        + SUBJECT_LENGTH_POINTS * _length_share(length)
    )
    verb = "was" if commits == 1 else "were"
    if all(repo.commits_of_everyone for repo in known):
        read = f"{count(commits, 'commit')} {verb} read, everyone's but bots': "
        read += "no author was named."
    else:
        read = f"{count(commits, 'commit')} by the candidate {verb} read."
    lines = [
        read,
        f"{percent(vague)} of their subjects say nothing of the change (too short, "
        "no verb, a bare number, a generic word, or a repeat).",
        bodies_line,
        _spread_line(known),
        f"{percent(conventional)} of their subjects follow Conventional Commits.",
        f"Subjects are {length:.0f} characters long on average.",
    ]
    return judge(score, lines, Evidence(commits, "commit"), SCALE_COMMITS)
