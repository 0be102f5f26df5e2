"""Commit history: the figures of the commit-quality review (seeds/000: clear,
descriptive subjects; conventional-commit patterns; "fix bug" as the example of a
vague one), from ``git log`` for a checkout or from GitHub's commits API."""

import re
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from recruitdesk.analysis.result import CommitStats

#: A Conventional Commits subject: ``type(scope)!: description``.
CONVENTIONAL = re.compile(
    r"^(feat|fix|docs|style|refactor|perf|test|tests|build|ci|chore|revert)"
    r"(\([^)]*\))?!?: \S",
    re.IGNORECASE,
)

#: Subjects that say nothing about what changed (compared lower-cased, without
#: trailing punctuation).
VAGUE_SUBJECTS = frozenset(
    {
        "fix",
        "fixes",
        "fixed",
        "fix bug",
        "fix bugs",
        "bug fix",
        "bugfix",
        "update",
        "updates",
        "updated",
        "wip",
        "stuff",
        "changes",
        "change",
        "minor",
        "minor changes",
        "minor fix",
        "misc",
        "tmp",
        "temp",
        "test",
        "commit",
        "more",
        "cleanup",
        "small fix",
        "typo",
        "asdf",
        "save",
        "work",
    }
)
#: Subjects shorter than this are vague whatever they say.
MIN_INFORMATIVE_LENGTH = 4

_GIT_TIMEOUT = 60


def subject_of(message: str) -> str:
    return message.strip().split("\n", 1)[0].strip()


def is_vague(subject: str) -> bool:
    cleaned = subject.strip().rstrip(".!").strip().lower()
    return len(cleaned) < MIN_INFORMATIVE_LENGTH or cleaned in VAGUE_SUBJECTS


def commit_stats(
    count: int, user_subjects: Sequence[str], *, by_user: int | None = None
) -> CommitStats:
    """Figures for ``count`` commits of which ``user_subjects`` are the user's (or a
    sample of them, when ``by_user`` says how many there are)."""
    by_user = len(user_subjects) if by_user is None else by_user
    subjects = [subject for subject in user_subjects if subject]
    if not subjects:
        return CommitStats(count=count, by_user=by_user)
    total = len(subjects)
    return CommitStats(
        count=max(count, by_user),
        by_user=by_user,
        conventional_ratio=round(sum(bool(CONVENTIONAL.match(s)) for s in subjects) / total, 3),
        mean_subject_len=round(sum(len(s) for s in subjects) / total, 1),
        vague_ratio=round(sum(is_vague(s) for s in subjects) / total, 3),
    )


@dataclass(frozen=True, slots=True)
class LocalCommit:
    email: str
    name: str
    subject: str


def git_log(root: Path) -> list[LocalCommit] | None:
    """The commits of the checkout at ``root``, newest first; ``None`` when it is not a
    git repository, has no commits, or git is not installed."""
    if not (root / ".git").exists():
        return None
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%ae%x1f%an%x1f%s%x1e"],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    commits = []
    for record in completed.stdout.decode("utf-8", "replace").split("\x1e"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) == 3:
            commits.append(LocalCommit(*fields))
    return commits


def local_commit_stats(root: Path) -> CommitStats | None:
    """Commit figures of a checkout; the "user" is the author with the most commits
    (a take-home submission has no GitHub login to match)."""
    commits = git_log(root)
    if not commits:
        return None
    author, _count = Counter(commit.email.lower() for commit in commits).most_common(1)[0]
    mine = [commit.subject for commit in commits if commit.email.lower() == author]
    return commit_stats(len(commits), mine)
