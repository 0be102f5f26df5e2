"""The fit of one candidate for a position: a score with its reasons (pure Python).

The fit is a score out of 100 made of parts whose weights are stated here:

=====================  ======  ===============================================
part                   points  how
=====================  ======  ===============================================
must-have skills       40      each skill an equal share: verified by an
                               analysis counts in full, only claimed counts
                               :data:`CLAIMED_WEIGHT` of it, missing nothing
nice-to-have skills    10      the same, over the nice-to-have skills
scores vs minimums     20      each minimum an equal share, in full when met,
                               in proportion when short; nothing when the
                               candidate is not analysed yet (unknown)
ask vs budget          15      in full up to the budget's max, then less by
                               the overshoot, nothing at 30% over; half when
                               either side has no figure
region                 10      in full when the candidate's region is one the
                               position takes (or it takes any)
level                   5      in full when equal, half one step apart
red flags              -5      each, at most -15
=====================  ======  ===============================================

:func:`explain` gives every part as a sentence with its points; the ranking
(:mod:`recruitdesk.domain.matching.ranking`) computes the same sum without the sentences.
"""

from dataclasses import dataclass
from enum import StrEnum

from recruitdesk.domain.matching.facts import CandidateFacts, Requirements, claims, needles
from recruitdesk.domain.money import (
    DEFAULT_EUR_USD,
    DEFAULT_HOURS_PER_YEAR,
    annual_from_hourly,
    convert_currency,
    format_money,
    hourly_from_annual,
)
from recruitdesk.domain.skills import skill_key
from recruitdesk.domain.taxonomy import Level, PayPeriod, Region
from recruitdesk.errors import KnownError

MUST_POINTS = 40.0
NICE_POINTS = 10.0
SCORE_POINTS = 20.0
BUDGET_POINTS = 15.0
REGION_POINTS = 10.0
LEVEL_POINTS = 5.0
RED_FLAG_POINTS = 5.0
RED_FLAG_CAP = 15.0
#: How much a claimed-only skill counts against a verified one.
CLAIMED_WEIGHT = 0.4
#: An ask this far over the budget's max earns no budget points.
BUDGET_TOLERANCE = 0.30
LEVEL_ORDER = {level.value: index for index, level in enumerate(Level)}


class ReasonKind(StrEnum):
    VERIFIED = "verified"
    CLAIMED = "claimed"
    MISSING = "missing"
    SCORE_MET = "score_met"
    SCORE_SHORT = "score_short"
    NOT_ANALYSED = "not_analysed"
    ASK_FITS = "ask_fits"
    ASK_OVER = "ask_over"
    ASK_UNKNOWN = "ask_unknown"
    REGION_FITS = "region_fits"
    REGION_OUTSIDE = "region_outside"
    LEVEL = "level"
    RED_FLAG = "red_flag"


_SUMMARY_ORDER = {
    ReasonKind.VERIFIED: 0,
    ReasonKind.CLAIMED: 1,
    ReasonKind.MISSING: 2,
    ReasonKind.RED_FLAG: 3,
    ReasonKind.NOT_ANALYSED: 4,
    ReasonKind.SCORE_SHORT: 5,
    ReasonKind.ASK_OVER: 6,
    ReasonKind.REGION_OUTSIDE: 7,
    ReasonKind.SCORE_MET: 8,
    ReasonKind.ASK_FITS: 9,
    ReasonKind.ASK_UNKNOWN: 10,
    ReasonKind.REGION_FITS: 11,
    ReasonKind.LEVEL: 12,
}


def _region_label(key: str | None) -> str:
    try:
        return Region(key).label if key else "unknown"
    except ValueError:
        return key or "unknown"


@dataclass(frozen=True, slots=True)
class Reason:
    kind: ReasonKind
    text: str
    points: float
    #: True for a point in favour, False against, None neutral.
    good: bool | None


def summarise(reasons: list[Reason], limit: int = 4) -> str:
    """The reasons that matter most, in one line: skills first (verified, then claimed,
    then missing), then red flags, budget, the rest."""
    ranked = sorted(reasons, key=lambda r: _SUMMARY_ORDER.get(r.kind, 99))
    return "; ".join(r.text for r in ranked[:limit])


def ask_against_budget(
    requirements: Requirements, facts: CandidateFacts, hours: int, rate: float
) -> tuple[float, float] | None:
    """The ask and the budget's max in the budget's currency and period, or None."""
    budget = requirements.budget_max or requirements.budget_min
    if (
        budget is None
        or facts.ask_amount is None
        or not facts.ask_currency
        or not requirements.budget_currency
    ):
        return None
    try:
        ask = convert_currency(
            facts.ask_amount, facts.ask_currency, requirements.budget_currency, rate
        )
    except KnownError:  # a currency the calculator does not know: no comparison
        return None
    ask_period = facts.ask_period or PayPeriod.YEAR.value
    budget_period = requirements.budget_period or PayPeriod.YEAR.value
    if ask_period != budget_period:
        ask = (
            annual_from_hourly(ask, hours)
            if budget_period == PayPeriod.YEAR.value
            else hourly_from_annual(ask, hours)
        )
    return ask, float(budget)


def budget_points(over: float) -> float:
    if over <= 0:
        return BUDGET_POINTS
    return max(0.0, BUDGET_POINTS * (1 - over / BUDGET_TOLERANCE))


def score(
    requirements: Requirements,
    facts: CandidateFacts,
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR,
    eur_usd: float = DEFAULT_EUR_USD,
) -> float:
    """The fit out of 100 (the sum of :func:`explain`'s points, clipped)."""
    return _clip(sum(r.points for r in explain(requirements, facts, hours_per_year, eur_usd)))


def _clip(value: float) -> float:
    return max(0.0, min(100.0, value))


def explain(
    requirements: Requirements,
    facts: CandidateFacts,
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR,
    eur_usd: float = DEFAULT_EUR_USD,
) -> list[Reason]:
    """Every reason for the candidate's fit, each with the points it gives."""
    reasons: list[Reason] = []
    claimed = facts.claimed_text()
    for names, total, label in (
        (requirements.must_have, MUST_POINTS, "must-have"),
        (requirements.nice_to_have, NICE_POINTS, "nice-to-have"),
    ):
        share = total / len(names) if names else 0.0
        for name in names:
            key = skill_key(name)
            verified = facts.verified.get(key)
            if verified is not None:
                reasons.append(
                    Reason(
                        ReasonKind.VERIFIED,
                        f"{name} verified ({verified.evidence_text()})",
                        share,
                        True,
                    )
                )
            elif claims(claimed, needles(name)):
                reasons.append(
                    Reason(
                        ReasonKind.CLAIMED,
                        f"{name} claimed, not verified",
                        share * CLAIMED_WEIGHT,
                        True,
                    )
                )
            else:
                reasons.append(Reason(ReasonKind.MISSING, f"{label} {name} missing", 0.0, False))
    if requirements.min_scores:
        share = SCORE_POINTS / len(requirements.min_scores)
        if facts.scores is None:
            reasons.append(
                Reason(
                    ReasonKind.NOT_ANALYSED,
                    "Not analysed yet: skills as claimed, scores unknown",
                    0.0,
                    None,
                )
            )
        else:
            for name, minimum in sorted(requirements.min_scores.items()):
                value = facts.scores.get(name)
                if value is not None and value >= minimum:
                    reasons.append(
                        Reason(
                            ReasonKind.SCORE_MET,
                            f"{name} {value:.0f} ≥ {minimum:.0f}",
                            share,
                            True,
                        )
                    )
                else:
                    got = 0.0 if value is None else float(value)
                    part = share * got / minimum if minimum else 0.0
                    shown = "no score" if value is None else f"{got:.0f}"
                    reasons.append(
                        Reason(
                            ReasonKind.SCORE_SHORT,
                            f"{name} {shown} < {minimum:.0f}",
                            part,
                            False,
                        )
                    )
    elif facts.scores is None:
        reasons.append(
            Reason(ReasonKind.NOT_ANALYSED, "Not analysed yet: skills as claimed", 0.0, None)
        )
    else:
        reasons.append(Reason(ReasonKind.SCORE_MET, "no minimum scores set", SCORE_POINTS, None))

    compared = ask_against_budget(requirements, facts, hours_per_year, eur_usd)
    if compared is None:
        reasons.append(
            Reason(ReasonKind.ASK_UNKNOWN, "ask or budget unknown", BUDGET_POINTS / 2, None)
        )
    else:
        ask, budget = compared
        currency = requirements.budget_currency or "USD"
        period = requirements.budget_period or PayPeriod.YEAR.value
        per = "/h" if period == PayPeriod.HOUR.value else "/yr"
        money = format_money(ask, currency).removesuffix(".0") + per
        over = (ask - budget) / budget if budget else 0.0
        if over <= 0:
            reasons.append(
                Reason(
                    ReasonKind.ASK_FITS,
                    f"ask {money} within budget",
                    BUDGET_POINTS,
                    True,
                )
            )
        else:
            reasons.append(
                Reason(
                    ReasonKind.ASK_OVER,
                    f"ask {money} is {over:.0%} over budget",
                    budget_points(over),
                    False,
                )
            )
    if not requirements.regions or facts.region in requirements.regions:
        where = _region_label(facts.region) if facts.region else "any region"
        reasons.append(Reason(ReasonKind.REGION_FITS, f"region {where} fits", REGION_POINTS, True))
    else:
        reasons.append(
            Reason(
                ReasonKind.REGION_OUTSIDE,
                f"region {_region_label(facts.region)} not among the position's",
                0.0,
                False,
            )
        )
    reasons.append(level_reason(requirements.level, facts.level))
    flags = facts.red_flags
    for index, flag in enumerate(flags):
        penalty = RED_FLAG_POINTS if (index + 1) * RED_FLAG_POINTS <= RED_FLAG_CAP else 0.0
        reasons.append(Reason(ReasonKind.RED_FLAG, f"red flag: {flag}", -penalty, False))
    return reasons


def level_reason(wanted: str | None, level: str | None) -> Reason:
    if wanted is None:
        return Reason(ReasonKind.LEVEL, "any level", LEVEL_POINTS, None)
    if level is None:
        return Reason(ReasonKind.LEVEL, "level unknown", LEVEL_POINTS / 2, None)
    gap = abs(LEVEL_ORDER.get(wanted, 0) - LEVEL_ORDER.get(level, 0))
    if gap == 0:
        return Reason(ReasonKind.LEVEL, f"level {level} as wanted", LEVEL_POINTS, True)
    points = LEVEL_POINTS / 2 if gap == 1 else 0.0
    return Reason(ReasonKind.LEVEL, f"level {level}, wanted {wanted}", points, False)
