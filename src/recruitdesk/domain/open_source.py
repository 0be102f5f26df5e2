"""The "open source" score: work accepted by other people's projects, reviews given to
them, how the pull requests are written, and packages maintained.

Work a well-known project merged was reviewed by its maintainers, so it is hard to
fake; a project's standing is read from its stars. Many seniors work in private, so no
public contribution is no evidence at all: the score is then not judged (the overall
leaves it out), raises no red flag, and the explanation says "No public contributions
found." and nothing more. Each part counts only when it has evidence: a candidate who
reviews nothing is judged on their pull requests alone.

Pure: nothing of ours imported but :mod:`.calibration`, :mod:`.contributions`,
:mod:`.pr_writing` and :mod:`.wording`.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from recruitdesk.domain.calibration import Evidence, Judged, cannot_judge, judge
from recruitdesk.domain.contributions import Project
from recruitdesk.domain.pr_writing import Writing
from recruitdesk.domain.wording import count, percent

NO_CONTRIBUTIONS = "No public contributions found."
#: A project with this many stars or more has the highest standing; standing grows
#: with the logarithm of stars below it.
WELL_KNOWN_STARS = 10_000
#: The standing of a project whose stars are unknown (deleted, renamed, not looked up).
UNKNOWN_STANDING = 0.2
#: Merged pull requests into one project at which its depth reaches 63%.
DEPTH_SCALE = 3.0
#: Summed standing times depth at which accepted work scores full marks: about two
#: well-known projects with several pull requests each.
ACCEPTED_FULL = 1.5
#: Reviews at which the reviews part reaches 63%.
REVIEWS_SCALE = 10.0
#: Weights of the parts that have evidence (rescaled over those present).
PART_WEIGHTS = {"accepted": 0.55, "writing": 0.3, "reviews": 0.15, "packages": 0.15}
#: Public contributions at which the score has moved 63% of the way from the middle.
SCALE_CONTRIBUTIONS = 5
#: Projects named in an explanation at most.
NAMED_PROJECTS = 5


@dataclass(frozen=True, slots=True)
class ContributionFigures:
    """What the score reads. ``merged_total`` is GitHub's count of the candidate's
    merged pull requests in others' repositories; ``projects`` and ``writings`` cover
    those read (the most recent, bounded)."""

    merged_total: int = 0
    projects: Sequence[Project] = ()
    writings: Sequence[Writing] = ()
    reviews_total: int = 0
    reviewed_projects: int = 0
    packages: Sequence[tuple[str, int]] = ()  # (name, releases)

    @property
    def empty(self) -> bool:
        return not (self.merged_total or self.reviews_total or self.packages)


def standing(stars: int | None) -> float:
    """0..1: how well-known a project is."""
    if stars is None:
        return UNKNOWN_STANDING
    return min(1.0, math.log10(1 + max(0, stars)) / math.log10(1 + WELL_KNOWN_STARS))


def by_standing(projects: Sequence[Project]) -> list[Project]:
    """The projects, best known first, then by pull requests merged."""
    return sorted(projects, key=lambda p: (-standing(p.stars), -p.merged, p.repo.lower()))


def best_and_weakest(writings: Sequence[Writing]) -> tuple[int, int] | None:
    """The indexes of the best and the weakest written description (the longer of
    equals is the better, the shorter the weaker); ``None`` when there is none."""
    if not writings:
        return None
    order = sorted(range(len(writings)), key=lambda i: (writings[i].points, writings[i].words))
    return order[-1], order[0]


def _accepted(projects: Sequence[Project]) -> float:
    reach = sum(standing(p.stars) * (1 - math.exp(-p.merged / DEPTH_SCALE)) for p in projects)
    return 100.0 * min(1.0, reach / ACCEPTED_FULL)


def _project_list(projects: Sequence[Project]) -> str:
    named = [
        f"{p.repo} ({p.merged} merged"
        + ("" if p.stars is None else f", {count(p.stars, 'star')}")
        + ")"
        for p in by_standing(projects)[:NAMED_PROJECTS]
    ]
    more = len(projects) - len(named)
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def _writing_lines(writings: Sequence[Writing]) -> list[str]:
    def having(present: Callable[[Writing], bool]) -> int:
        return sum(1 for writing in writings if present(writing))

    mean = sum(w.points for w in writings) / len(writings)
    return [
        f"Of {count(len(writings), 'description')} read, {having(lambda w: w.says_why)} say "
        f"why, {having(lambda w: w.links_issue)} link an issue, "
        f"{having(lambda w: w.describes_testing)} say how the change was tested and "
        f"{having(lambda w: w.useful_length)} are of a useful length (writing {mean:.0f} "
        "of 100)."
    ]


def open_source_score(figures: ContributionFigures) -> Judged:
    """The score with its explanation, or not judged when nothing public was found."""
    if figures.empty:
        return cannot_judge(NO_CONTRIBUTIONS, Evidence(0, "public contribution"))
    parts: dict[str, float] = {}
    lines: list[str] = []
    if figures.merged_total:
        projects = figures.projects
        parts["accepted"] = _accepted(projects)
        lines.append(
            f"{count(figures.merged_total, 'pull request')} merged in other people's "
            f"projects" + (f": {_project_list(projects)}." if projects else ".")
        )
        read = sum(p.merged for p in projects)
        if read < figures.merged_total:
            lines.append(
                f"The {read:,} most recent ({percent(read / figures.merged_total)}) were read."
            )
    if figures.writings:
        parts["writing"] = sum(w.points for w in figures.writings) / len(figures.writings)
        lines += _writing_lines(figures.writings)
    if figures.reviews_total:
        parts["reviews"] = 100.0 * (1 - math.exp(-figures.reviews_total / REVIEWS_SCALE))
        lines.append(
            f"Reviewed {count(figures.reviews_total, 'pull request')} in "
            f"{count(figures.reviewed_projects, 'project')} run by others."
        )
    if figures.packages:
        parts["packages"] = 100.0
        releases = sum(n for _name, n in figures.packages)
        # Unnamed here: a package's name finds its author, and a blind report shows this.
        lines.append(
            f"Maintains {count(len(figures.packages), 'published package')} "
            f"({count(releases, 'release')} on PyPI)."
        )
    weights = {name: PART_WEIGHTS[name] for name in parts}
    raw = sum(parts[name] * w for name, w in weights.items()) / sum(weights.values())
    amount = figures.merged_total + figures.reviews_total + len(figures.packages)
    return judge(raw, lines, Evidence(amount, "public contribution"), SCALE_CONTRIBUTIONS)
