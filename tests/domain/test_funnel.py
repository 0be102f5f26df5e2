"""The funnel's maths on hand-made counts: reached counts include later stages,
pass-through, centiles of whole-day histograms, folded reasons and offer outcomes."""

import pytest

from recruitdesk.domain.funnel import (
    NO_REASON,
    OTHER_REASON,
    duration_figures,
    fold_reason,
    funnel,
    offer_outcome,
    source_shares,
)
from recruitdesk.domain.pipeline import REJECTION_REASONS, Stage


def test_reached_counts_everyone_who_got_that_far_or_further() -> None:
    steps = funnel({Stage.SOURCED: 5, Stage.SCREENING: 3, Stage.OFFER: 1, Stage.HIRED: 1})
    assert [s.reached for s in steps] == [10, 5, 5, 2, 2, 2, 1]
    assert [s.pass_rate for s in steps] == [0.5, 1.0, 0.4, 1.0, 1.0, 0.5, None]
    assert all(step.pass_rate is None for step in funnel({}))


def test_centiles_of_a_histogram() -> None:
    figures = duration_figures({3: 1, 5: 2, 9: 1, 30: 1, -2: 1}, (4, 7))
    assert (figures.count, figures.median_days, figures.p90_days) == (6, 5.0, 9.0)
    assert figures.mean_days == pytest.approx((0 + 3 + 5 + 5 + 9 + 30) / 6)
    assert figures.within_typical
    assert not duration_figures({8: 3}, (4, 7)).within_typical
    assert duration_figures({}, None).median_days is None


def test_reasons_fold_onto_the_offered_ones() -> None:
    preset = REJECTION_REASONS[2]
    assert fold_reason(f"{preset.upper()}: asked 40% more", REJECTION_REASONS) == preset
    assert fold_reason("   ", REJECTION_REASONS) == NO_REASON
    assert fold_reason("Went quiet", REJECTION_REASONS) == OTHER_REASON


def test_sources_merge_by_spelling_and_rank_by_hires() -> None:
    shares = source_shares([("Referral", 4, 1), (" referral", 2, 1), (None, 9, 0), ("Ads", 1, 1)])
    assert [(s.label, s.count, s.hired) for s in shares] == [
        ("Referral", 6, 2),
        ("Ads", 1, 1),
        ("Not recorded", 9, 0),
    ]


def test_offer_acceptance_counts_decided_offers_only() -> None:
    outcome = offer_outcome({Stage.HIRED: 3, Stage.WITHDRAWN: 1, Stage.OFFER: 4})
    assert (outcome.made, outcome.accepted, outcome.declined, outcome.pending) == (8, 3, 1, 4)
    assert outcome.acceptance_rate == 0.75
