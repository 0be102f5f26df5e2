"""Pipeline analytics as pure maths over counts: the funnel, time in stage and to hire
against the guides' timeline (:data:`recruitdesk.domain.pipeline.TYPICAL_DURATIONS`,
:data:`~recruitdesk.domain.pipeline.TOTAL_WEEKS`), sources of hire, rejection reasons
and offer acceptance.

Storage hands over small aggregates (counts per furthest stage reached, histograms of
whole days), so the figures of 100,000 candidates are a few hundred numbers here.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from recruitdesk.domain.pipeline import (
    FORWARD_STAGES,
    REJECTION_REASONS,
    TOTAL_WEEKS,
    TYPICAL_DURATIONS,
    WITHDRAWAL_REASONS,
    Stage,
)

OTHER_REASON = "Other reason"
NO_REASON = "No reason given"
UNKNOWN_SOURCE = "Not recorded"


@dataclass(frozen=True, slots=True)
class FunnelStep:
    stage: Stage
    #: Applications that reached this stage or a later one (skipping is allowed).
    reached: int
    #: Share of those that went on to the next forward stage; ``None`` for the last or
    #: when nobody reached this one.
    pass_rate: float | None


@dataclass(frozen=True, slots=True)
class DurationFigures:
    """Whole days spent, from a histogram: how many, the median and the 90th centile."""

    count: int
    median_days: float | None
    p90_days: float | None
    mean_days: float | None
    #: The guides' range, in days (``None`` where they give none).
    typical_min: int | None
    typical_max: int | None

    @property
    def within_typical(self) -> bool | None:
        if self.median_days is None or self.typical_max is None:
            return None
        return self.median_days <= self.typical_max


@dataclass(frozen=True, slots=True)
class StageTime:
    stage: Stage
    figures: DurationFigures


@dataclass(frozen=True, slots=True)
class Share:
    label: str
    count: int
    #: Of ``count``, how many were hired (sources) or ``count`` again (reasons).
    hired: int = 0


@dataclass(frozen=True, slots=True)
class OfferOutcome:
    made: int
    accepted: int
    declined: int
    pending: int

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted of the offers decided (pending ones are not counted yet)."""
        decided = self.accepted + self.declined
        return self.accepted / decided if decided else None


@dataclass(frozen=True, slots=True)
class PipelineAnalytics:
    scope: str
    applications: int
    funnel: tuple[FunnelStep, ...]
    stage_times: tuple[StageTime, ...]
    time_to_hire: DurationFigures
    sources: tuple[Share, ...]
    rejections: tuple[Share, ...]
    withdrawals: tuple[Share, ...]
    offers: OfferOutcome


def funnel(reached_counts: Mapping[Stage, int]) -> tuple[FunnelStep, ...]:
    """The funnel from how many applications got *at most* to each forward stage."""
    reached: list[int] = []
    running = 0
    for stage in reversed(FORWARD_STAGES):
        running += reached_counts.get(stage, 0)
        reached.append(running)
    reached.reverse()
    steps = []
    for index, stage in enumerate(FORWARD_STAGES):
        rate: float | None = None
        if index + 1 < len(FORWARD_STAGES) and reached[index]:
            rate = reached[index + 1] / reached[index]
        steps.append(FunnelStep(stage, reached[index], rate))
    return tuple(steps)


def _centile(histogram: list[tuple[int, int]], total: int, share: float) -> float:
    """The value at ``share`` of the sorted values (the lower one on a tie)."""
    rank = share * (total - 1)
    seen = 0
    for days, count in histogram:
        seen += count
        if seen > rank:
            return float(days)
    return float(histogram[-1][0])


def duration_figures(
    histogram: Mapping[int, int], typical: tuple[int, int] | None
) -> DurationFigures:
    """Figures of a histogram of whole days (negative days, a clock set back, count 0)."""
    merged: dict[int, int] = {}
    for days, count in histogram.items():
        if count > 0:
            merged[max(0, days)] = merged.get(max(0, days), 0) + count
    items = sorted(merged.items())
    total = sum(count for _days, count in items)
    low, high = typical if typical else (None, None)
    if not total:
        return DurationFigures(0, None, None, None, low, high)
    mean = sum(days * count for days, count in items) / total
    return DurationFigures(
        total, _centile(items, total, 0.5), _centile(items, total, 0.9), mean, low, high
    )


def stage_times(histograms: Mapping[Stage, Mapping[int, int]]) -> tuple[StageTime, ...]:
    """Time in each timed stage (sourced to offer), left when the card moved on."""
    times = []
    for stage, typical in TYPICAL_DURATIONS.items():
        figures = duration_figures(histograms.get(stage, {}), (typical.min_days, typical.max_days))
        times.append(StageTime(stage, figures))
    return tuple(times)


def hire_time(histogram: Mapping[int, int]) -> DurationFigures:
    """From the first stage to hired, against the guides' 5-9 weeks."""
    low, high = TOTAL_WEEKS
    return duration_figures(histogram, (low * 7, high * 7))


def fold_reason(reason: str | None, presets: Iterable[str]) -> str:
    """A reason as one of the offered ones (the recruiter may add text after it)."""
    text = " ".join((reason or "").split())
    if not text:
        return NO_REASON
    for preset in presets:
        if text.casefold().startswith(preset.casefold()):
            return preset
    return OTHER_REASON


def reason_shares(
    rows: Iterable[tuple[str | None, int]], presets: Iterable[str]
) -> tuple[Share, ...]:
    """Counts per folded reason, most frequent first."""
    choices = tuple(presets)
    counts: dict[str, int] = {}
    for reason, count in rows:
        key = fold_reason(reason, choices)
        counts[key] = counts.get(key, 0) + count
    return tuple(
        Share(label, count) for label, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    )


def rejection_shares(rows: Iterable[tuple[str | None, int]]) -> tuple[Share, ...]:
    return reason_shares(rows, REJECTION_REASONS)


def withdrawal_shares(rows: Iterable[tuple[str | None, int]]) -> tuple[Share, ...]:
    return reason_shares(rows, WITHDRAWAL_REASONS)


def source_shares(rows: Iterable[tuple[str | None, int, int]]) -> tuple[Share, ...]:
    """Applications and hires per source (names compared without case or blanks), the
    sources of most hires first."""
    counts: dict[str, tuple[str, int, int]] = {}
    for source, total, hired in rows:
        label = " ".join((source or "").split()) or UNKNOWN_SOURCE
        key = label.casefold()
        first, seen, hires = counts.get(key, (label, 0, 0))
        counts[key] = (first, seen + total, hires + hired)
    ordered = sorted(counts.values(), key=lambda v: (-v[2], -v[1], v[0].casefold()))
    return tuple(Share(label, total, hired) for label, total, hired in ordered)


def offer_outcome(current_after_offer: Mapping[Stage, int]) -> OfferOutcome:
    """Offers from where the applications that reached the offer stage are now: hired
    accepted; withdrawn or rejected declined (or fell through); still at offer pending.
    A card moved back from offer to an earlier stage counts as pending."""
    made = sum(current_after_offer.values())
    accepted = current_after_offer.get(Stage.HIRED, 0)
    declined = current_after_offer.get(Stage.WITHDRAWN, 0) + current_after_offer.get(
        Stage.REJECTED, 0
    )
    return OfferOutcome(made, accepted, declined, made - accepted - declined)
