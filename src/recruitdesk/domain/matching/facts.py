"""What matching reads: a position's requirements and a candidate's facts, as plain
values the storage layer loads in bulk, and how a claimed skill is found in the claimed
skills' stored JSON text without decoding it."""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from recruitdesk.domain.skills import skill_key, spellings


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
    #: The claimed skills as the database stores them (a JSON list), read instead of
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
