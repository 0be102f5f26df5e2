"""The one score band: where a score turns from weak to fair to strong."""

import pytest

from recruitdesk.domain.score_bands import FAIR_FROM, STRONG_FROM, ScoreBand, score_band


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (100, ScoreBand.STRONG),
        (STRONG_FROM, ScoreBand.STRONG),
        (STRONG_FROM - 0.1, ScoreBand.FAIR),
        (FAIR_FROM, ScoreBand.FAIR),
        (FAIR_FROM - 0.1, ScoreBand.WEAK),
        (0, ScoreBand.WEAK),
    ],
)
def test_a_score_falls_in_one_band(value: float, band: ScoreBand) -> None:
    assert score_band(value) is band
