"""The score bands: where a 0..100 score reads as strong, fair or weak.

One definition for every place that colours a score: the board's badges, the fit bars
of the ranked matches, the candidate pane's score bars and the PDF reports. The
colours of each band live with the looks (``gui/style.py``, the reports' palette); the
thresholds live here.
"""

from enum import StrEnum


class ScoreBand(StrEnum):
    STRONG = "strong"
    FAIR = "fair"
    WEAK = "weak"


#: A score at or above this is strong.
STRONG_FROM = 70.0
#: A score at or above this (and below :data:`STRONG_FROM`) is fair; below, weak.
FAIR_FROM = 45.0


def score_band(value: float) -> ScoreBand:
    """The band of a 0..100 score (a code-quality score or a match's fit)."""
    if value >= STRONG_FROM:
        return ScoreBand.STRONG
    if value >= FAIR_FROM:
        return ScoreBand.FAIR
    return ScoreBand.WEAK
