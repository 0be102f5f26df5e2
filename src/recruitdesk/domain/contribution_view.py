"""What the pane and the report show of a candidate's work in other people's projects,
read from the analysis JSON's ``contributions`` (a plain mapping, as storage keeps it):
the projects by standing, pull requests as evidence, reviews, the best and the weakest
written description, packages.

Pure: nothing of ours imported but :mod:`.contributions`, :mod:`.open_source` and
:mod:`.wording`. Titles and quotes are the authors' plain text: whoever shows them
escapes them.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from recruitdesk.domain.contributions import Project, PullRequest
from recruitdesk.domain.open_source import NO_CONTRIBUTIONS, best_and_weakest, by_standing
from recruitdesk.domain.wording import count

#: Pull requests shown as evidence at most, and per project.
EVIDENCE_SHOWN = 8
PER_PROJECT_SHOWN = 3
#: Projects shown at most.
PROJECTS_SHOWN = 10


@dataclass(frozen=True, slots=True)
class ContributionsView:
    merged_total: int
    projects: tuple[Project, ...]
    evidence: tuple[PullRequest, ...]
    reviews_total: int
    reviewed: tuple[tuple[str, int], ...]
    best: PullRequest | None
    weakest: PullRequest | None
    packages: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.merged_total or self.reviews_total or self.packages)

    def summary(self) -> str:
        """One sentence: what was found, or "No public contributions found."."""
        if self.empty:
            return NO_CONTRIBUTIONS
        parts = []
        if self.merged_total:
            parts.append(
                f"{count(self.merged_total, 'pull request')} merged in "
                f"{count(len(self.projects), 'project')} run by others"
            )
        if self.reviews_total:
            parts.append(
                f"{count(self.reviews_total, 'pull request')} reviewed in "
                f"{count(len(self.reviewed), 'project')}"
            )
        if self.packages:
            parts.append(f"{count(len(self.packages), 'published package')}")
        return "; ".join(parts).capitalize() + "."


def _evidence(pulls: Sequence[PullRequest], projects: Sequence[Project]) -> tuple[PullRequest, ...]:
    """A few pull requests of each project, best-known projects first."""
    shown: list[PullRequest] = []
    for project in projects:
        shown += [pull for pull in pulls if pull.repo == project.repo][:PER_PROJECT_SHOWN]
    return tuple(shown[:EVIDENCE_SHOWN])


def contributions_view(record: Mapping[str, Any] | None) -> ContributionsView | None:
    """The view of a stored ``contributions``; ``None`` for an analysis that did not
    look (made before it was looked for, or of a local folder)."""
    if record is None:
        return None
    pulls = [
        PullRequest.from_record(item)
        for item in record.get("pulls") or ()
        if isinstance(item, Mapping)
    ]
    projects = tuple(
        by_standing(
            [Project.from_record(p) for p in record.get("projects") or () if isinstance(p, Mapping)]
        )
    )
    picked = best_and_weakest([pull.writing for pull in pulls])
    best = weakest = None
    if picked is not None:
        best, weakest = pulls[picked[0]], pulls[picked[1]]
        if best == weakest:
            weakest = None
    packages = tuple(
        f"{p.get('name')} ({count(int(p.get('releases') or 0), 'release')}"
        + (f", latest {p.get('latest')})" if p.get("latest") else ")")
        for p in record.get("packages") or ()
        if isinstance(p, Mapping) and p.get("releases")
    )
    return ContributionsView(
        merged_total=int(record.get("merged_total") or 0),
        projects=projects[:PROJECTS_SHOWN],
        evidence=_evidence(pulls, projects),
        reviews_total=int(record.get("reviews_total") or 0),
        reviewed=tuple(
            (str(item.get("repo") or ""), int(item.get("pulls") or 0))
            for item in record.get("reviewed") or ()
            if isinstance(item, Mapping)
        ),
        best=best,
        weakest=weakest,
        packages=packages,
        notes=tuple(note for note in record.get("notes") or () if isinstance(note, str)),
    )
