"""Commit history: the figures of the commit-quality review (seeds/000: clear,
descriptive subjects; conventional-commit patterns; "fix bug" as the example of a
vague one), from ``git log`` for a checkout or from GitHub's commits API.

Besides the subjects, a history is judged by its bodies (does a change of some size
say why?) and by its spread over time (a history written in one sitting is a dump,
not a history). Merge commits are left out: their messages are written by tools.
"""

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from recruitdesk.analysis.repo_parts import CommitStats
from recruitdesk.analysis.subjects import CONVENTIONAL, is_vague, normalised, subject_of

#: A change of at least this many added and removed lines deserves a body saying why.
NONTRIVIAL_LINES = 20
#: A body counts when it has at least this many words besides trailers.
MIN_BODY_WORDS = 4
#: ``Signed-off-by:``, ``Co-authored-by:``, ``Change-Id:``: written by tools.
_TRAILER = re.compile(r"^[A-Za-z][A-Za-z-]*: ")
_SHORTSTAT = re.compile(r"(\d+) insertions?\(\+\)|(\d+) deletions?\(-\)")

GIT_TIMEOUT = 60


@dataclass(frozen=True, slots=True)
class CommitFacts:
    """What hygiene judges of one commit. ``changed_lines`` is ``None`` when unknown
    (GitHub's commit listing does not give it): the commit then counts as one that
    deserves a body."""

    message: str
    at: datetime | None = None
    changed_lines: int | None = None
    root: bool = False

    @property
    def subject(self) -> str:
        return subject_of(self.message)

    @property
    def has_body(self) -> bool:
        lines = self.message.strip().split("\n")[1:]
        words = sum(len(line.split()) for line in lines if line and not _TRAILER.match(line))
        return words >= MIN_BODY_WORDS

    @property
    def nontrivial(self) -> bool:
        return self.changed_lines is None or self.changed_lines >= NONTRIVIAL_LINES


@dataclass(frozen=True, slots=True)
class LocalCommit:
    """One commit of ``git log``: its author after ``.mailmap`` and as recorded."""

    sha: str
    name: str
    email: str
    merge: bool
    facts: CommitFacts
    recorded_name: str = ""
    recorded_email: str = ""


def _vague_flags(commits: Sequence[CommitFacts]) -> list[bool]:
    """Per commit (newest first), whether its subject is vague or repeats an older
    one. A root commit ("Initial commit") imports a project and is not judged."""
    seen: set[str] = set()
    flags: list[bool] = []
    for commit in reversed(commits):
        key = normalised(commit.subject)
        flags.append(not commit.root and (is_vague(commit.subject) or key in seen))
        seen.add(key)
    return flags[::-1]


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def commit_stats(
    count: int, user_commits: Sequence[CommitFacts], *, by_user: int | None = None
) -> CommitStats:
    """Figures for ``count`` commits of which ``user_commits`` (newest first, merges
    left out) are the user's, or a sample of them when ``by_user`` says how many there
    are."""
    by_user = len(user_commits) if by_user is None else by_user
    judged = [commit for commit in user_commits if commit.subject]
    if not judged:
        return CommitStats(count=count, by_user=by_user)
    total = len(judged)
    subjects = [commit.subject for commit in judged]
    nontrivial = [commit for commit in judged if commit.nontrivial]
    times = sorted(commit.at for commit in judged if commit.at is not None)
    return CommitStats(
        count=max(count, by_user),
        by_user=by_user,
        conventional_ratio=_ratio(sum(bool(CONVENTIONAL.match(s)) for s in subjects), total),
        mean_subject_len=round(sum(len(s) for s in subjects) / total, 1),
        vague_ratio=_ratio(sum(_vague_flags(judged)), total),
        body_ratio=_ratio(sum(commit.has_body for commit in nontrivial), len(nontrivial)),
        nontrivial=len(nontrivial),
        active_days=len({moment.astimezone(UTC).date() for moment in times}),
        span_days=round((times[-1] - times[0]).total_seconds() / 86400, 1) if times else 0.0,
    )


def _changed_lines(stat: str) -> int:
    return sum(int(a or b) for a, b in _SHORTSTAT.findall(stat))


def git_log(root: Path) -> list[LocalCommit] | None:
    """The commits of the checkout at ``root``, newest first, authors as ``.mailmap``
    maps them; ``None`` when it is not a git repository, has no commits, or git is not
    installed."""
    if not (root / ".git").exists():
        return None
    try:
        completed = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "log",
                "--shortstat",
                "--format=%x1e%H%x1f%aN%x1f%aE%x1f%an%x1f%ae%x1f%at%x1f%P%x1f%B%x1f",
            ],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    commits = []
    for record in completed.stdout.decode("utf-8", "replace").split("\x1e"):
        fields = record.split("\x1f")
        if len(fields) != 9:
            continue
        sha, name, email, recorded_name, recorded_email, at, parents, message, stat = fields
        facts = CommitFacts(
            message=message.strip(),
            at=datetime.fromtimestamp(int(at), UTC),
            changed_lines=_changed_lines(stat),
            root=not parents.split(),
        )
        merge = len(parents.split()) > 1
        commits.append(LocalCommit(sha, name, email, merge, facts, recorded_name, recorded_email))
    return commits or None
