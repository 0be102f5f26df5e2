"""Whose work a checkout is: people (one person's several addresses joined, after
``.mailmap``), the commits of the candidate named with ``--author``, and the share of
today's Python lines each person wrote, from ``git blame``.

Blame costs time on a long history, so it is bounded: the largest files are blamed
first (they hold most of the lines), at most :data:`MAX_BLAMED_FILES` of them and
for at most :data:`BLAME_BUDGET_SECONDS` in all; the result says when it sampled.
"""

import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recruitdesk.analysis.errors import AnalysisError
from recruitdesk.analysis.history import GIT_TIMEOUT, LocalCommit, commit_stats
from recruitdesk.analysis.repo_parts import AuthorShare, Authorship, CommitStats
from recruitdesk.domain.wording import count

#: Files blamed at most, and seconds spent blaming at most, per repository.
MAX_BLAMED_FILES = 400
BLAME_BUDGET_SECONDS = 30.0
#: Main authors named in a result.
MAIN_AUTHORS = 5
_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ \d+(?: \d+)?$")


@dataclass(frozen=True, slots=True)
class Person:
    """One person: every name and address they committed under."""

    name: str
    names: frozenset[str]
    emails: frozenset[str]


def _names(commit: LocalCommit) -> list[str]:
    return [name for name in (commit.name, commit.recorded_name) if name]


def _emails(commit: LocalCommit) -> list[str]:
    return [email for email in (commit.email, commit.recorded_email) if email]


def people(commits: Sequence[LocalCommit]) -> dict[str, Person]:
    """Each commit's sha to its person. Identities sharing a name or an address
    (compared case-insensitively, as recorded or as ``.mailmap`` maps them) are one
    person; the name is the one ``.mailmap`` gives most."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for commit in commits:
        keys = [f"n:{name.casefold()}" for name in _names(commit)]
        keys += [f"e:{email.casefold()}" for email in _emails(commit)]
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
    groups: dict[str, list[LocalCommit]] = {}
    for commit in commits:
        groups.setdefault(find(f"e:{commit.email.casefold()}"), []).append(commit)
    by_sha: dict[str, Person] = {}
    for members in groups.values():
        name = Counter(commit.name for commit in members).most_common(1)[0][0]
        person = Person(
            name,
            frozenset(n.casefold() for commit in members for n in _names(commit)),
            frozenset(e.casefold() for commit in members for e in _emails(commit)),
        )
        by_sha.update((commit.sha, person) for commit in members)
    return by_sha


def is_bot(name: str, email: str = "") -> bool:
    """Whether an identity is a bot: GitHub's ``name[bot]`` accounts, or GitHub's own
    service addresses (``github-actions@github.com``; people commit from
    ``users.noreply.github.com``)."""
    return (
        "[bot]" in name.casefold()
        or "[bot]" in email.casefold()
        or (email.casefold().endswith("@github.com"))
    )


def matches(person: Person, ids: Iterable[str]) -> bool:
    """Whether ``person`` is one of ``ids`` (names or addresses, any case; a GitHub
    login matches its ``users.noreply.github.com`` address)."""
    for wanted in (item.strip().casefold() for item in ids):
        if wanted in person.names or wanted in person.emails:
            return True
        if any(
            email.endswith("@users.noreply.github.com")
            and email.split("@")[0].split("+")[-1] == wanted
            for email in person.emails
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Blame:
    """Non-blank lines of today's Python files by commit."""

    lines_by_sha: Counter[str]
    files_blamed: int
    files_total: int


def _python_files_by_size(root: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-tree", "-r", "-z", "-l", "HEAD"],
        capture_output=True,
        timeout=GIT_TIMEOUT,
        check=False,
    )
    sized = []
    for entry in listed.stdout.decode("utf-8", "replace").split("\0"):
        meta, _tab, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 4 and parts[1] == "blob" and path.endswith(".py") and parts[3].isdigit():
            sized.append((int(parts[3]), path))
    return [path for _size, path in sorted(sized, key=lambda item: (-item[0], item[1]))]


def blame(root: Path, *, budget: float = BLAME_BUDGET_SECONDS) -> Blame:
    """Who wrote today's Python lines (whitespace changes and moved lines go to who
    wrote them first: ``-w -M``), the largest files first, within ``budget`` seconds."""
    files = _python_files_by_size(root)
    counts: Counter[str] = Counter()
    blamed = 0
    deadline = time.monotonic() + budget
    for path in files[:MAX_BLAMED_FILES]:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            completed = subprocess.run(
                ["git", "-C", str(root), "blame", "--porcelain", "-w", "-M", "HEAD", "--", path],
                capture_output=True,
                timeout=left,
                check=False,
            )
        except subprocess.TimeoutExpired:
            break
        if completed.returncode != 0:
            continue
        blamed += 1
        sha = ""
        for line in completed.stdout.decode("utf-8", "replace").split("\n"):
            header = _HEADER.match(line)
            if header:
                sha = header.group(1)
            elif line.startswith("\t") and line.strip():
                counts[sha] += 1
    return Blame(counts, blamed, len(files))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def local_history(
    root: Path,
    commits: Sequence[LocalCommit],
    authors: Sequence[str] = (),
    *,
    budget: float = BLAME_BUDGET_SECONDS,
) -> tuple[CommitStats, Authorship]:
    """The commit figures and the authorship of a checkout. With ``authors`` (names
    or addresses), the figures are those people's commits and their share of today's
    lines; without, everyone's commits but bots', naming the main authors with their
    shares."""
    person_of = people(commits)
    if authors and not any(matches(person, authors) for person in person_of.values()):
        found = sorted({person.name for person in person_of.values()})
        others = " and others" if len(found) > MAIN_AUTHORS else ""
        raise AnalysisError(
            f"No commit in {root} is by {', '.join(authors)}; its authors are "
            f"{', '.join(found[:MAIN_AUTHORS])}{others}."
        )
    blamed = blame(root, budget=budget)
    lines_by_person: Counter[Person] = Counter()
    for sha, lines in blamed.lines_by_sha.items():
        person = person_of.get(sha)
        if person is not None:
            lines_by_person[person] += lines
    all_lines = sum(blamed.lines_by_sha.values())
    commits_by_person = Counter(
        person_of[commit.sha] for commit in commits if not is_bot(commit.name, commit.email)
    )
    ranked = sorted(
        commits_by_person,
        key=lambda p: (-lines_by_person[p], -commits_by_person[p], p.name.casefold()),
    )
    main = tuple(
        AuthorShare(
            name=person.name,
            commits=commits_by_person[person],
            commits_share=_share(commits_by_person[person], len(commits)),
            lines_share=_share(lines_by_person[person], all_lines) if all_lines else None,
        )
        for person in ranked[:MAIN_AUTHORS]
    )
    mine = [
        commit
        for commit in commits
        if matches(person_of[commit.sha], authors)
        or not (authors or is_bot(commit.name, commit.email))
    ]
    share = None
    if authors and all_lines:
        own = sum(lines for person, lines in lines_by_person.items() if matches(person, authors))
        share = _share(own, all_lines)
    authorship = Authorship(
        candidate=tuple(authors),
        share=share,
        basis="lines",
        main_authors=main,
        files_blamed=blamed.files_blamed,
        files_total=blamed.files_total,
        sampled=blamed.files_blamed < blamed.files_total,
    )
    own_facts = [commit.facts for commit in mine if not commit.merge]
    return commit_stats(len(commits), own_facts, by_user=len(mine)), authorship


#: Below this share of a repository, it is "mostly written by others".
MOSTLY_OTHERS_BELOW = 0.5


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _commits(number: int) -> str:
    return count(number, "commit")


def _author(author: AuthorShare) -> str:
    if author.lines_share is not None:
        lines = _percent(author.lines_share)
        return f"{author.name} ({lines} of the lines, {_commits(author.commits)})"
    return f"{author.name} ({_percent(author.commits_share)} of the commits)"


def explain(name: str, authorship: Authorship) -> list[str]:
    """What a recruiter must know of whose code ``name`` is."""
    lines = []
    if not authorship.candidate:
        authors = ", ".join(_author(author) for author in authorship.main_authors)
        lines.append(
            f"No author was named, so the figures of {name} cover everyone's code"
            + (f"; its main authors are {authors}." if authors else ".")
        )
    elif authorship.share is not None:
        what = "today's lines" if authorship.basis == "lines" else "the commits"
        if authorship.share < MOSTLY_OTHERS_BELOW:
            lines.append(
                f"{name} is mostly written by others: the candidate wrote "
                f"{_percent(authorship.share)} of {what}; its figures are mostly others' code, so "
                "it weighs only that share against the candidate's other repositories."
            )
        else:
            lines.append(f"The candidate wrote {_percent(authorship.share)} of {what} in {name}.")
    if authorship.sampled:
        lines.append(
            f"Authorship of {name} was sampled: git blame read the {authorship.files_blamed} "
            f"largest of its {authorship.files_total} Python files."
        )
    return lines


def share_summary(repos: Iterable[tuple[str, dict[str, Any] | None]]) -> str | None:
    """One line for the pane and the report, next to the scores, from stored
    repositories' names and ``authorship`` records: how much of each the candidate
    wrote, or that it is everyone's code; ``None`` when no repository had a history."""
    parts = []
    for name, record in repos:
        authorship = Authorship.from_record(record)
        if authorship is None:
            continue
        if not authorship.candidate:
            authors = ", ".join(
                f"{author.name} {_percent(author.lines_share or author.commits_share)}"
                for author in authorship.main_authors[:3]
            )
            parts.append(f"{name}: everyone's code, no author named ({authors})")
        elif authorship.share is not None:
            what = "of today's lines" if authorship.basis == "lines" else "of the commits"
            sampled = ", sampled" if authorship.sampled else ""
            mostly = "; mostly others' code" if authorship.share < MOSTLY_OTHERS_BELOW else ""
            parts.append(f"{name}: {_percent(authorship.share)} {what}{sampled}{mostly}")
    return "Authored by the candidate: " + "; ".join(parts) + "." if parts else None
