"""Ranking candidates against a position's requirements, with the reasons (pure Python).

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

Ranking touches only plain values: the storage layer loads them in bulk, the score is
computed in one pass, and the sentences (:meth:`Match.reasons`) are built only for
the rows someone looks at, so ranking 100,000 candidates stays well under a second.
"""

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

from recruitdesk.domain.salary import (
    DEFAULT_EUR_USD,
    DEFAULT_HOURS_PER_YEAR,
    annual_from_hourly,
    convert_currency,
    format_money,
    hourly_from_annual,
)
from recruitdesk.domain.skills import skill_key, spellings
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
_LEVEL_ORDER = {level.value: index for index, level in enumerate(Level)}


@dataclass(frozen=True, slots=True)
class Requirements:
    """What a position asks for (plain values from the position's row)."""

    must_have: tuple[str, ...] = ()
    nice_to_have: tuple[str, ...] = ()
    #: Score name -> minimum, 0..100.
    min_scores: Mapping[str, float] = field(default_factory=dict)
    regions: frozenset[str] = frozenset()
    level: str | None = None
    track: str | None = None
    budget_min: float | None = None
    budget_max: float | None = None
    budget_currency: str | None = None
    budget_period: str | None = None

    @property
    def skill_keys(self) -> frozenset[str]:
        return frozenset(skill_key(s) for s in (*self.must_have, *self.nice_to_have))


@dataclass(frozen=True, slots=True)
class VerifiedSkill:
    name: str
    confidence: float
    #: The first pieces of evidence, as ``{"repo", "path", "why"}``.
    evidence: tuple[Mapping[str, Any], ...] = ()

    def evidence_text(self) -> str:
        if not self.evidence:
            return "no evidence recorded"
        first = self.evidence[0]
        where = "/".join(str(first.get(k)) for k in ("repo", "path") if first.get(k))
        why = first.get("why")
        more = f" and {len(self.evidence) - 1} more" if len(self.evidence) > 1 else ""
        return f"{where}: {why}{more}" if why else f"{where}{more}"


_NOTHING_VERIFIED: Mapping[str, VerifiedSkill] = MappingProxyType({})


class CandidateFacts(NamedTuple):
    """What matching needs to know of one candidate (a named tuple: ranking makes one
    per candidate, and tuples are the cheapest objects to make)."""

    candidate_id: int
    full_name: str
    region: str | None = None
    level: str | None = None
    track: str | None = None
    claimed: Sequence[str] = ()
    #: skill_key -> the verified skill; empty when not analysed (or nothing verified).
    verified: Mapping[str, VerifiedSkill] = _NOTHING_VERIFIED
    #: Score name -> value from the newest analysis; ``None`` when not analysed yet.
    scores: Mapping[str, float] | None = None
    red_flags: tuple[str, ...] = ()
    ask_amount: float | None = None
    ask_currency: str | None = None
    ask_period: str | None = None
    on_board: bool = False
    #: The claimed skills as the database stores them (a JSON list in UTF-8), read instead of
    #: ``claimed`` when set: ranking then needs no JSON decoding per candidate.
    claimed_json: str | None = None
    #: Which of the position's skills (:func:`requirement_needles`, in order: bit 0 the
    #: first) the claimed skills hold, when the storage layer worked it out already.
    claimed_mask: int | None = None

    @property
    def analysed(self) -> bool:
        return self.scores is not None

    def claimed_skills(self) -> list[str]:
        if self.claimed_json is not None:
            decoded = json.loads(self.claimed_json)
            return [str(s) for s in decoded] if isinstance(decoded, list) else []
        return list(self.claimed)

    def claimed_text(self) -> str:
        """The claimed skills as lower-case JSON text, for :func:`claims`."""
        if self.claimed_json is not None:
            return self.claimed_json.lower()
        return json.dumps(list(self.claimed), ensure_ascii=False).lower()


def needles(name: str) -> tuple[str, ...]:
    """What to look for in :meth:`CandidateFacts.claimed_text` to find ``name`` claimed:
    each spelling as a whole JSON string, or followed by a note in brackets."""
    found: list[str] = []
    for spelling in sorted(spellings(name)):
        encoded = json.dumps(spelling, ensure_ascii=False)
        found += [encoded, encoded[:-1] + " ("]
    return tuple(found)


def requirement_needles(requirements: Requirements) -> list[tuple[str, ...]]:
    """The :func:`needles` of each skill a position names, must-haves first; bit ``i`` of
    :attr:`CandidateFacts.claimed_mask` says whether entry ``i`` is claimed."""
    return [needles(name) for name in (*requirements.must_have, *requirements.nice_to_have)]


def claimed_mask(claimed_text: str, wanted: list[tuple[str, ...]]) -> int:
    """:attr:`CandidateFacts.claimed_mask` worked out from the claimed text."""
    mask = 0
    for bit, entry in enumerate(wanted):
        if claims(claimed_text, entry):
            mask |= 1 << bit
    return mask


def claims(claimed_text: str, wanted: tuple[str, ...]) -> bool:
    """Whether the claimed skills (as :meth:`CandidateFacts.claimed_text`) hold a skill
    whose :func:`needles` are ``wanted``."""
    return any(needle in claimed_text for needle in wanted)


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
        """The reasons that matter most, in one line: skills first (verified, then
        claimed, then missing), then red flags, budget, the rest."""
        ranked = sorted(self.reasons(), key=lambda r: _SUMMARY_ORDER.get(r.kind, 99))
        return "; ".join(r.text for r in ranked[:limit])


def _ask_ratio(
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


def _budget_points(over: float) -> float:
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

    compared = _ask_ratio(requirements, facts, hours_per_year, eur_usd)
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
                    _budget_points(over),
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
    reasons.append(_level_reason(requirements.level, facts.level))
    flags = facts.red_flags
    for index, flag in enumerate(flags):
        penalty = RED_FLAG_POINTS if (index + 1) * RED_FLAG_POINTS <= RED_FLAG_CAP else 0.0
        reasons.append(Reason(ReasonKind.RED_FLAG, f"red flag: {flag}", -penalty, False))
    return reasons


def _level_reason(wanted: str | None, level: str | None) -> Reason:
    if wanted is None:
        return Reason(ReasonKind.LEVEL, "any level", LEVEL_POINTS, None)
    if level is None:
        return Reason(ReasonKind.LEVEL, "level unknown", LEVEL_POINTS / 2, None)
    gap = abs(_LEVEL_ORDER.get(wanted, 0) - _LEVEL_ORDER.get(level, 0))
    if gap == 0:
        return Reason(ReasonKind.LEVEL, f"level {level} as wanted", LEVEL_POINTS, True)
    points = LEVEL_POINTS / 2 if gap == 1 else 0.0
    return Reason(ReasonKind.LEVEL, f"level {level}, wanted {wanted}", points, False)


class _Scorer:
    """:func:`score` for many candidates: the requirements prepared once, no sentences,
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
            level: _level_reason(requirements.level, level).points
            for level in (None, *_LEVEL_ORDER)
        }

    def _points_for(self, mask: int) -> float:
        points = sum(
            share * CLAIMED_WEIGHT
            for bit, (_key, _wanted, share) in enumerate(self.checks)
            if mask >> bit & 1
        )
        self.mask_points[mask] = points
        return points

    def __call__(self, facts: CandidateFacts) -> float:
        return self.function()(facts)

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
                total += _budget_points((amount - budget) / budget)
            else:
                compared = _ask_ratio(requirements, facts, hours, rate)
                if compared is None:
                    total += half_budget
                else:
                    ask, limit = compared
                    total += _budget_points((ask - limit) / limit if limit else 0.0)
            if any_region or region in regions:
                total += REGION_POINTS
            total += level_points(level, 0.0)
            if red_flags:
                total -= min(RED_FLAG_CAP, RED_FLAG_POINTS * len(red_flags))
            return 0.0 if total < 0 else 100.0 if total > 100 else total

        return score_of


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block. Ranking makes a few hundred
    thousand small objects at once, none of them in a cycle; the collector would walk
    every live object again and again for nothing (measured: a third of the time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def rank(
    requirements: Requirements,
    candidates: Iterable[CandidateFacts],
    *,
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR,
    eur_usd: float = DEFAULT_EUR_USD,
) -> list[Match]:
    """Every candidate, best fit first (ties: analysed first, then in the order given)."""
    scorer = _Scorer(requirements, hours_per_year, eur_usd).function()
    with collector_paused():
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
        order = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)
        return [matches[index] for index in order]
