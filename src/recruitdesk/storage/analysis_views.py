"""The latest analysis of a candidate as plain values, for the pane and the reports
(:mod:`.analyses` stores analyses)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis


@dataclass(frozen=True, slots=True)
class SkillEvidence:
    name: str
    confidence: float
    evidence: tuple[tuple[str, str, str], ...]  # (repo, path, why)


@dataclass(frozen=True, slots=True)
class RepositoryView:
    """One analysed repository: its stored columns plus the analysis JSON's other
    figures in ``metrics`` (``cc_mean``, ``mi_mean``, ``has_tests``, ...)."""

    name: str
    url: str | None
    fork: bool
    stars: int
    files: int
    sloc: int
    metrics: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AnalysisView:
    id: int
    analyzed_at: datetime
    source: str
    login: str | None
    scores: dict[str, float]
    explanations: dict[str, tuple[str, ...]]
    skills: tuple[SkillEvidence, ...]
    red_flags: tuple[tuple[str, str], ...]  # (code, message)
    track: str | None = None
    path: str | None = None
    repositories: tuple[RepositoryView, ...] = ()
    #: Score name -> ``{"amount", "unit"}`` (empty for analyses before schema 2).
    score_evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The analysis JSON's ``contributions`` (``None``: not looked for).
    contributions: dict[str, Any] | None = None


def latest_analysis(database: Database, candidate_id: int) -> AnalysisView | None:
    """The newest analysis of the candidate, or ``None`` if they were never analysed."""
    with database.read() as session:
        analysis = session.scalars(
            select(Analysis)
            .where(Analysis.candidate_id == candidate_id)
            .order_by(Analysis.analyzed_at.desc(), Analysis.id.desc())
            .limit(1)
        ).first()
        if analysis is None:
            return None
        return AnalysisView(
            id=analysis.id,
            analyzed_at=analysis.analyzed_at,
            source=analysis.source,
            login=analysis.login,
            scores={str(k): float(v) for k, v in (analysis.scores or {}).items()},
            explanations={
                str(k): tuple(str(line) for line in v)
                for k, v in (analysis.explanations or {}).items()
            },
            skills=tuple(
                SkillEvidence(
                    s.name,
                    s.confidence,
                    tuple(
                        (str(e.get("repo", "")), str(e.get("path", "")), str(e.get("why", "")))
                        for e in s.evidence or ()
                    ),
                )
                for s in sorted(analysis.skills, key=lambda s: -s.confidence)
            ),
            red_flags=tuple((f.code, f.message) for f in analysis.red_flags),
            track=analysis.track,
            path=analysis.path,
            repositories=tuple(
                RepositoryView(
                    r.name, r.url, r.fork, r.stars, r.files, r.sloc, dict(r.metrics or {})
                )
                for r in sorted(analysis.repositories, key=lambda r: (-r.sloc, r.name))
            ),
            score_evidence={str(k): dict(v) for k, v in (analysis.score_evidence or {}).items()},
            contributions=dict(analysis.contributions) if analysis.contributions else None,
        )
