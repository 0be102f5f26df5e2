"""The track guess (web/backend, data/ML, DevOps/automation) and skill confidence, from
the repositories' standing and the strength of their evidence.

Pure functions over plain values. The tracks are the three profiles of the hiring
guides; a repository counts by its standing (its code volume, tests, stars and
recency), not by how many frameworks it names.
"""

import math
from collections.abc import Mapping

#: Evidence weight a track needs before it is guessed at all.
MIN_TRACK_WEIGHT = 2.0
#: How far the leading track must be ahead of the next one (a ratio).
TRACK_LEAD = 1.25
#: A repository's track points below this make its share of a track count in part.
FULL_TRACK_POINTS = 3.0
#: What a tested repository's standing is multiplied by.
TESTED_FACTOR = 1.5
#: Yearly loss of standing of a repository not pushed to since, and the floor.
STANDING_LOSS_PER_YEAR = 0.2
MIN_RECENCY = 0.4


def repo_standing(sloc: int, has_tests: bool, stars: int, age_days: float | None) -> float:
    """How much one repository says about a developer's track: its code volume (grows
    with the logarithm of its lines, so a large project is not everything), more when
    tested, starred and recently pushed (``age_days`` is ``None`` when not known)."""
    volume = math.log2(1 + max(sloc, 0))
    tested = TESTED_FACTOR if has_tests else 1.0
    standing = 1 + math.log10(1 + max(stars, 0)) / 2
    years = max(age_days, 0.0) / 365.25 if age_days is not None else 0.0
    recency = max(MIN_RECENCY, 1 - STANDING_LOSS_PER_YEAR * years)
    return volume * tested * standing * recency


def track_share(points: Mapping[str, float]) -> dict[str, float]:
    """One repository's share of each track from its track points (a library's catalogue
    weight times the strength of its evidence): proportional, and in part only when
    the repository has little to go on."""
    total = sum(points.values())
    return {track: value / max(total, FULL_TRACK_POINTS) for track, value in points.items()}


def guess_track(weights: Mapping[str, float]) -> str | None:
    """The track with the most weight (each repository's standing times its share), if
    it has enough and leads the next one clearly."""
    ranked = sorted(weights.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < MIN_TRACK_WEIGHT:
        return None
    if len(ranked) > 1 and ranked[0][1] < TRACK_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


def skill_confidence(evidence_count: int, repositories: int) -> float:
    """0..1: one file is some evidence; several files in several repositories, strong."""
    return round(min(1.0, 0.4 + 0.1 * min(evidence_count, 4) + 0.1 * min(repositories - 1, 2)), 2)
