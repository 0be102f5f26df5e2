"""Storing analysis results, and reading back what a re-analysis can reuse.

An analysis is stored whole in one transaction, on the candidate with its GitHub login
(created if there is none); nothing older is replaced, so a candidate keeps their
history and the newest is the one shown. A local folder or archive analysed without a
login is stored without a candidate.

The value stored is the analysis's *record*: the JSON of docs/architecture.md ("The
analysis") plus, per repository, what a later re-analysis needs (``etag`` in its column;
tooling, evidence, skipped files in ``metrics``). Storage knows nothing of the analysis
package: it takes and gives plain dictionaries.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import (
    Analysis,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
)
from recruitdesk.storage.models.pipeline import Candidate

#: Repository entry keys that have columns of their own.
_REPO_COLUMNS = ("name", "url", "fork", "stars", "pushed_at", "etag", "files", "sloc")


def _parse_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _candidate_for(session: Session, login: str, now: datetime) -> Candidate:
    candidate = session.scalars(
        select(Candidate).where(func.lower(Candidate.github_login) == login.lower())
    ).first()
    if candidate is not None:
        return candidate
    candidate = Candidate(full_name=login, github_login=login, source="GitHub analysis")
    candidate.stamp(("full_name", "github_login", "source"), now)
    candidate.created_at = candidate.updated_at = now
    session.add(candidate)
    session.flush()
    return candidate


def store_analysis(database: Database, record: Mapping[str, Any]) -> tuple[int, Changes]:
    """Store one analysis record (the JSON of docs/architecture.md, "The analysis",
    optionally with the extra repository keys); returns the new analysis's id and what
    changed."""
    with database.write() as session:
        analysis_id, changes = add_analysis(session, record)
        return analysis_id, announce(session, changes)


def add_analysis(session: Session, record: Mapping[str, Any]) -> tuple[int, Changes]:
    """:func:`store_analysis` inside a write transaction the caller holds (the job
    queue stores a result and ends its job in one)."""
    analyzed_at = _parse_time(record["analyzed_at"]) or datetime.now(UTC)
    login = record.get("login")
    listing_etag = record.get("listing_etag")
    candidate: Candidate | None = None
    if login:
        candidate = _candidate_for(session, str(login), analyzed_at)
    scores = {str(k): float(v) for k, v in dict(record.get("scores") or {}).items()}
    analysis = Analysis(
        candidate=candidate,
        schema_version=int(record.get("schema", 1)),
        source=str(record["source"]),
        login=login,
        path=record.get("path"),
        analyzed_at=analyzed_at,
        api_requests=int(record.get("api_requests", 0)),
        listing_etag=listing_etag,
        scores=scores,
        overall_score=scores.get("overall"),
        track=record.get("track"),
        explanations={str(k): list(v) for k, v in dict(record.get("explanations") or {}).items()},
        score_evidence={
            str(k): dict(v) for k, v in dict(record.get("score_evidence") or {}).items()
        },
        contributions=dict(record["contributions"]) if record.get("contributions") else None,
    )
    for repo in record.get("repos", ()):
        metrics = {key: value for key, value in repo.items() if key not in _REPO_COLUMNS}
        analysis.repositories.append(
            AnalysisRepository(
                name=str(repo["name"]),
                url=repo.get("url"),
                fork=bool(repo.get("fork", False)),
                stars=int(repo.get("stars", 0)),
                pushed_at=_parse_time(repo.get("pushed_at")),
                etag=repo.get("etag"),
                files=int(repo.get("files", 0)),
                sloc=int(repo.get("sloc", 0)),
                metrics=metrics,
            )
        )
    for skill in record.get("skills", ()):
        analysis.skills.append(
            AnalysisSkill(
                name=str(skill["name"]),
                confidence=float(skill["confidence"]),
                evidence=[dict(item) for item in skill.get("evidence", ())],
            )
        )
    for flag in record.get("red_flags", ()):
        analysis.red_flags.append(
            AnalysisRedFlag(code=str(flag["code"]), message=str(flag["message"]))
        )
    session.add(analysis)
    session.flush()
    analysis_id = analysis.id
    candidate_ids = frozenset({candidate.id}) if candidate is not None else frozenset()
    changes = Changes(analyses=frozenset({analysis_id}), candidates=candidate_ids)
    return analysis_id, changes


@dataclass(frozen=True, slots=True)
class StoredRepositories:
    """The newest stored analysis of a login, as a re-analysis reuses it."""

    analysis_id: int
    listing_etag: str | None
    #: The analysis JSON's schema it was made with: an older one is not reused.
    schema_version: int = 1
    #: Repository name -> its record (the JSON entry plus ``etag`` and the extras).
    repos: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The contributions' record (with the searches' ETags), or ``None``.
    contributions: dict[str, Any] | None = None


def _repo_record(row: AnalysisRepository) -> dict[str, Any]:
    metrics = dict(row.metrics or {})
    return {
        "name": row.name,
        "url": row.url,
        "fork": row.fork,
        "stars": row.stars,
        "pushed_at": _iso(row.pushed_at),
        "etag": row.etag,
        "files": row.files,
        "sloc": row.sloc,
        **metrics,
    }


def latest_github_repositories(database: Database, login: str) -> StoredRepositories | None:
    """The repositories of the newest GitHub analysis of ``login``, or ``None``."""
    with database.read() as session:
        analysis = session.scalars(
            select(Analysis)
            .where(Analysis.source == "github", func.lower(Analysis.login) == login.lower())
            .order_by(Analysis.analyzed_at.desc(), Analysis.id.desc())
            .limit(1)
        ).first()
        if analysis is None:
            return None
        rows = sorted(analysis.repositories, key=lambda row: row.id)
        return StoredRepositories(
            analysis_id=analysis.id,
            listing_etag=analysis.listing_etag,
            schema_version=analysis.schema_version,
            repos={row.name: _repo_record(row) for row in rows},
            contributions=dict(analysis.contributions) if analysis.contributions else None,
        )


def analysis_history(database: Database, login: str) -> list[tuple[int, datetime, float | None]]:
    """Every stored analysis of ``login``, newest first: ``(id, analyzed_at, overall)``."""
    with database.read() as session:
        rows = session.execute(
            select(Analysis.id, Analysis.analyzed_at, Analysis.overall_score)
            .where(func.lower(Analysis.login) == login.lower())
            .order_by(Analysis.analyzed_at.desc(), Analysis.id.desc())
        ).all()
        return [(row[0], row[1], row[2]) for row in rows]


def outdated_analyses(database: Database, schema_version: int) -> list[int]:
    """Candidates with a GitHub login whose newest analysis was made with an older
    schema than ``schema_version``: their figures mean something else now."""
    newest = (
        select(Analysis.candidate_id, func.max(Analysis.analyzed_at).label("at"))
        .where(Analysis.candidate_id.is_not(None))
        .group_by(Analysis.candidate_id)
        .subquery()
    )
    with database.read() as session:
        return list(
            session.scalars(
                select(Analysis.candidate_id)
                .join(
                    newest,
                    (newest.c.candidate_id == Analysis.candidate_id)
                    & (newest.c.at == Analysis.analyzed_at),
                )
                .join(Candidate, Candidate.id == Analysis.candidate_id)
                .where(
                    Analysis.schema_version < schema_version,
                    Candidate.github_login.is_not(None),
                )
                .distinct()
                .order_by(Analysis.candidate_id)
            )
        )
