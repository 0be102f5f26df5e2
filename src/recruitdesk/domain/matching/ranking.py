"""Ranking every candidate for a position: the fit of :mod:`.fit` computed for many
candidates in one pass, with the requirements prepared once and no sentences built
(:meth:`Match.reasons` builds them only for the rows someone looks at), so ranking
100,000 candidates stays well under a second."""

import json
from collections.abc import Callable, Iterable
from typing import NamedTuple

from recruitdesk import collector
from recruitdesk.domain.matching.facts import CandidateFacts, Requirements, claimed_mask, needles
from recruitdesk.domain.matching.fit import (
    BUDGET_POINTS,
    CLAIMED_WEIGHT,
    LEVEL_ORDER,
    MUST_POINTS,
    NICE_POINTS,
    RED_FLAG_CAP,
    RED_FLAG_POINTS,
    REGION_POINTS,
    SCORE_POINTS,
    Reason,
    ask_against_budget,
    budget_points,
    explain,
    level_reason,
    summarise,
)
from recruitdesk.domain.money import DEFAULT_EUR_USD, DEFAULT_HOURS_PER_YEAR
from recruitdesk.domain.skills import skill_key
from recruitdesk.domain.taxonomy import PayPeriod


class Match(NamedTuple):
    """One candidate's fit for a position; the reasons are built on demand."""

    facts: CandidateFacts
    score: float
    requirements: Requirements
    hours_per_year: int
    eur_usd: float

    @property
    def candidate_id(self) -> int:
        return self.facts.candidate_id

    def reasons(self) -> list[Reason]:
        return explain(self.requirements, self.facts, self.hours_per_year, self.eur_usd)

    def summary(self, limit: int = 4) -> str:
        """The reasons that matter most, in one line (:func:`summarise`)."""
        return summarise(self.reasons(), limit)


class _Scorer:
    """:func:`.fit.score` for many candidates: the requirements prepared once, no sentences,
    no JSON decoding (claimed skills are found in the stored JSON text)."""

    def __init__(self, requirements: Requirements, hours: int, rate: float) -> None:
        self.requirements = requirements
        self.hours = hours
        self.rate = rate
        checks: list[tuple[str, tuple[str, ...], float]] = []
        for names, total in (
            (requirements.must_have, MUST_POINTS),
            (requirements.nice_to_have, NICE_POINTS),
        ):
            for name in names:
                checks.append((skill_key(name), needles(name), total / len(names)))
        self.checks = checks
        #: claimed mask -> the points its claimed skills give (candidates with nothing
        #: verified; filled as masks turn up).
        self.mask_points: dict[int, float] = {}
        self.wanted = [wanted for _key, wanted, _share in checks]
        #: one claimed skill's text as stored -> the bits of the skills it matches
        self.part_bits: dict[str, int] = {}
        self.minimums = sorted(requirements.min_scores.items())
        self.score_share = SCORE_POINTS / len(self.minimums) if self.minimums else 0.0
        self.regions = requirements.regions
        budget = requirements.budget_max or requirements.budget_min
        self.budget = float(budget) if budget and requirements.budget_currency else None
        self.currency = requirements.budget_currency
        self.period = requirements.budget_period or PayPeriod.YEAR.value
        self.level_points: dict[str | None, float] = {
            level: level_reason(requirements.level, level).points for level in (None, *LEVEL_ORDER)
        }

    def _points_for(self, mask: int) -> float:
        points = sum(
            share * CLAIMED_WEIGHT
            for bit, (_key, _wanted, share) in enumerate(self.checks)
            if mask >> bit & 1
        )
        self.mask_points[mask] = points
        return points

    def function(self) -> Callable[[CandidateFacts], float]:
        """The scorer as one closure over local names (ranking calls it 100,000 times;
        a local is cheaper to read than an attribute)."""
        checks = self.checks
        has_checks = bool(checks)
        mask_points = self.mask_points
        points_for = self._points_for
        part_bits = self.part_bits
        remember = part_bits.get
        wanted = self.wanted
        minimums = self.minimums
        score_share = self.score_share
        regions = self.regions
        any_region = not regions
        budget = self.budget
        currency = self.currency
        period = self.period
        level_points = self.level_points.get
        requirements, hours, rate = self.requirements, self.hours, self.rate
        half_budget = BUDGET_POINTS / 2

        def score_of(facts: CandidateFacts) -> float:
            (_cid, _name, region, level, _track, claimed, verified, scores, red_flags,
             amount, ask_currency, ask_period, _on_board, stored, mask) = facts  # fmt: skip
            total = 0.0
            if has_checks:
                if mask is None:
                    text = (
                        stored
                        if stored is not None
                        else json.dumps(list(claimed), ensure_ascii=False)
                    )
                    mask = 0
                    for part in text[2:-2].split('", "'):
                        bits = remember(part)
                        if bits is None:
                            bits = claimed_mask(f'"{part.lower()}"', wanted)
                            if len(part_bits) < 100_000:
                                part_bits[part] = bits
                        mask |= bits
                if not verified:
                    points = mask_points.get(mask)
                    total += points_for(mask) if points is None else points
                else:
                    for bit, (key, _wanted, share) in enumerate(checks):
                        if key in verified:
                            total += share
                        elif mask >> bit & 1:
                            total += share * CLAIMED_WEIGHT
            if scores is not None:
                if minimums:
                    for name, minimum in minimums:
                        value = scores.get(name)
                        if value is not None and value >= minimum:
                            total += score_share
                        elif value is not None and minimum:
                            total += score_share * float(value) / minimum
                else:
                    total += SCORE_POINTS
            if amount is None or budget is None:
                total += half_budget
            elif ask_currency == currency and ask_period == period:
                total += budget_points((amount - budget) / budget)
            else:
                compared = ask_against_budget(requirements, facts, hours, rate)
                if compared is None:
                    total += half_budget
                else:
                    ask, limit = compared
                    total += budget_points((ask - limit) / limit if limit else 0.0)
            if any_region or region in regions:
                total += REGION_POINTS
            total += level_points(level, 0.0)
            if red_flags:
                total -= min(RED_FLAG_CAP, RED_FLAG_POINTS * len(red_flags))
            return 0.0 if total < 0 else 100.0 if total > 100 else total

        return score_of


def rank(
    requirements: Requirements,
    candidates: Iterable[CandidateFacts],
    *,
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR,
    eur_usd: float = DEFAULT_EUR_USD,
) -> list[Match]:
    """Every candidate, best fit first (ties: analysed first, then in the order given)."""
    scorer = _Scorer(requirements, hours_per_year, eur_usd).function()
    with collector.paused():
        # Tuples made directly and a float key per row in a list sorted by index: no
        # Python call per candidate beyond the scorer's own.
        make = tuple.__new__
        matches: list[Match] = []
        keys: list[float] = []
        add_match, add_key = matches.append, keys.append
        for facts in candidates:
            value = scorer(facts)
            add_match(make(Match, (facts, value, requirements, hours_per_year, eur_usd)))
            # Best score first; on a tie the analysed candidate first, then (the sort is
            # stable) the order given.
            add_key(round(value, 6) + (1e-7 if facts.scores is not None else 0.0))
        return [matches[index] for index in _best_first(keys)]


#: Buckets per point of fit in :func:`_best_first`.
_BUCKETS_PER_POINT = 10


def _best_first(keys: list[float]) -> list[int]:
    """The indexes of ``keys``, largest key first, equal keys in their given order.

    One sort of 100,000 keys is one C call that holds the GIL for tens of milliseconds
    (a ranking runs beside the GUI thread), so the keys are dealt into buckets of a
    tenth of a point in Python and each bucket is sorted on its own.
    """
    buckets: dict[int, list[int]] = {}
    for index, key in enumerate(keys):
        buckets.setdefault(int(key * _BUCKETS_PER_POINT), []).append(index)
    order: list[int] = []
    for bucket_of in sorted(buckets, reverse=True):
        # ``reverse`` keeps equal keys in their given order (the sort is stable).
        order += sorted(buckets[bucket_of], key=keys.__getitem__, reverse=True)
    return order
