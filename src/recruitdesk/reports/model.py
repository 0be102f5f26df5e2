"""What a report shows, as plain values: gathered from storage, then laid out.

Only what the user chose to share is here: no private notes, no tokens, and in the blind
variant no name, contact details, links or location below the region.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from recruitdesk.domain.contribution_view import ContributionsView


@dataclass(frozen=True, slots=True)
class Evidence:
    repo: str
    path: str
    why: str


@dataclass(frozen=True, slots=True)
class SkillLine:
    name: str
    confidence: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreLine:
    key: str
    label: str
    #: ``None``: the score could not be judged (its reasons say why).
    value: float | None
    reasons: tuple[str, ...] = ()
    #: What the score rests on ("212 functions"), when the analysis says.
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class RepoLine:
    name: str
    stars: int
    files: int
    sloc: int
    cc_mean: float | None
    mi_mean: float | None
    typed_ratio: float | None
    has_tests: bool
    has_ci: bool


@dataclass(frozen=True, slots=True)
class AnalysisSection:
    analysed_at: datetime
    source: str
    scores: tuple[ScoreLine, ...]
    skills: tuple[SkillLine, ...]
    repos: tuple[RepoLine, ...]
    red_flags: tuple[tuple[str, str], ...]
    track: str | None
    #: How much of the analysed code the candidate wrote (or that it is everyone's).
    authored_share: str | None = None
    #: Work in other people's projects (``None``: not looked for).
    contributions: ContributionsView | None = None


@dataclass(frozen=True, slots=True)
class AskSection:
    """The candidate's ask against the market band for their region and level."""

    amount: float
    currency: str
    period: str
    band_min: float
    band_max: float
    verdict: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryLine:
    when: datetime
    position: str
    from_stage: str | None
    to_stage: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class RatingLine:
    question: str
    rating: int | None
    comment: str


@dataclass(frozen=True, slots=True)
class ScorecardSection:
    position: str
    kind: str
    interviewer: str | None
    held_on: date | None
    recommendation: str | None
    ratings: tuple[RatingLine, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """Who the report is about. In a blind report the identifying fields are ``None``
    and ``display_name`` is a reference such as "Candidate C-0042"."""

    display_name: str
    track: str | None
    level: str | None
    region: str | None
    location: str | None
    email: str | None
    phone: str | None
    links: tuple[str, ...]
    years_experience: int | None
    employment: str | None
    notice_weeks: int | None
    claimed_skills: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CandidateReport:
    person: Person
    analysis: AnalysisSection | None
    ask: AskSection | None
    history: tuple[HistoryLine, ...] = ()
    scorecards: tuple[ScorecardSection, ...] = ()
    blind: bool = False
    generated_on: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class PositionSection:
    title: str
    company: str | None
    track: str | None
    level: str | None
    regions: tuple[str, ...]
    must_have: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    min_scores: tuple[tuple[str, float], ...]
    budget: str | None


@dataclass(frozen=True, slots=True)
class ShortlistEntry:
    """One row of the shortlist's summary table."""

    rank: int
    name: str
    level: str | None
    region: str | None
    stage: str | None
    fit: float
    overall: float | None
    ask: str | None
    why: str


@dataclass(frozen=True, slots=True)
class ShortlistReport:
    position: PositionSection
    entries: tuple[ShortlistEntry, ...]
    candidates: tuple[CandidateReport, ...]
    #: Where the candidates come from, said above the table.
    selection: str
    blind: bool = False
    generated_on: date = field(default_factory=date.today)
