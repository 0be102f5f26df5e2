"""How much a score can say: the evidence it rests on, and the pull toward the middle
when there is little (docs/architecture.md, "The analysis").

A score judged on three functions is a guess: three typed functions are not a typed
code base. :func:`calibrated` moves a score from the neutral middle toward what the
figures show as evidence accumulates (``1 - exp(-amount / scale)``: 63% of the way at
``scale`` units, 95% at three times that), so a tiny repository cannot outrank a large
well-kept one on a perfect ratio, while a real code base is judged on its figures. A
score with no evidence at all is not judged: :class:`Judged` holds ``None``, the report
says so, and the overall leaves it out rather than counting a zero.

Pure: nothing of ours imported but :mod:`.wording`.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from recruitdesk.domain.wording import count

#: Where a score with little evidence ends up: neither praise nor blame.
NEUTRAL = 50.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a score rests on: ``amount`` of ``unit`` (a singular noun)."""

    amount: int
    unit: str
    units: str | None = None

    def describe(self) -> str:
        return count(self.amount, self.unit, self.units)

    def to_json(self) -> dict[str, object]:
        return {"amount": self.amount, "unit": self.unit, "units": self.units or self.unit + "s"}


def describe_evidence(stored: Mapping[str, object] | None) -> str | None:
    """``3 functions`` from a stored ``{"amount", "unit", "units"}``; ``None`` for an
    analysis that did not record its evidence."""
    if not stored:
        return None
    amount = stored.get("amount")
    unit = stored.get("unit")
    if not isinstance(amount, int) or not isinstance(unit, str):
        return None
    units = stored.get("units")
    return count(amount, unit, units if isinstance(units, str) else None)


@dataclass(frozen=True, slots=True)
class Judged:
    """One score: 0..100, or ``None`` when it cannot be judged; the sentences that
    explain it; the evidence it rests on."""

    score: float | None
    lines: list[str]
    evidence: Evidence
    #: What the figures alone give, before calibration (``None`` when not judged).
    raw: float | None = None

    @property
    def judged(self) -> bool:
        return self.score is not None


def credibility(amount: float, scale: float) -> float:
    """0..1: how far a score may move from :data:`NEUTRAL` on ``amount`` of evidence."""
    return 1.0 - math.exp(-amount / scale) if amount > 0 else 0.0


def clamp(value: float) -> float:
    return round(min(100.0, max(0.0, value)), 1)


def calibrated(raw: float, amount: float, scale: float) -> float:
    """``raw`` (0..100) moved toward :data:`NEUTRAL` the less evidence there is."""
    return clamp(NEUTRAL + (clamp(raw) - NEUTRAL) * credibility(amount, scale))


def judge(raw: float, lines: list[str], evidence: Evidence, scale: float) -> Judged:
    """A judged score: calibrated, with a sentence on its evidence when it was pulled
    toward the middle noticeably."""
    score = calibrated(raw, evidence.amount, scale)
    if abs(score - clamp(raw)) >= 1:
        lines = [
            *lines,
            f"Resting on {evidence.describe()} only, the score is drawn toward the middle "
            f"({clamp(raw):.0f} on the figures alone).",
        ]
    return Judged(score, lines, evidence, clamp(raw))


def cannot_judge(reason: str, evidence: Evidence) -> Judged:
    return Judged(None, [reason], evidence)
