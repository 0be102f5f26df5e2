"""Gathering what a candidate report shows from storage, as plain report values.

Nothing private leaves here: notes are never read, and a blind report drops the name,
contact details, links and the location below the region.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from recruitdesk import collector
from recruitdesk.analysis.authorship import share_summary
from recruitdesk.domain.calibration import describe_evidence
from recruitdesk.domain.contribution_view import ContributionsView, contributions_view
from recruitdesk.domain.interview import interview_kit
from recruitdesk.domain.money import Basis, format_money, format_range
from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.redaction import without_credentials
from recruitdesk.domain.taxonomy import Employment, Level, Region, Track
from recruitdesk.domain.wording import count
from recruitdesk.reports.model import (
    AnalysisSection,
    AskSection,
    CandidateReport,
    Evidence,
    HistoryLine,
    Person,
    PositionSection,
    RatingLine,
    RepoLine,
    ScorecardSection,
    ScoreLine,
    ShortlistEntry,
    ShortlistReport,
    SkillLine,
)
from recruitdesk.storage.analysis_views import AnalysisView, latest_analysis
from recruitdesk.storage.candidate_applications import list_applications, stage_timeline
from recruitdesk.storage.candidates import CandidateDetails, get_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.matching import rank_candidates
from recruitdesk.storage.positions import PositionDetails, get_position
from recruitdesk.storage.queries import board_stages
from recruitdesk.storage.scorecards import list_scorecards

#: The scores in the order the report lists them, with their labels.
SCORE_LABELS = {
    "overall": "Overall",
    "complexity": "Complexity",
    "testing": "Testing",
    "documentation": "Documentation",
    "typing": "Type hints",
    "modern_python": "Modern Python",
    "commit_hygiene": "Commit hygiene",
    "organization": "Organization",
    "open_source": "Open source",
}

#: Works out the ask section for a candidate (the salary calculator's view of them).
AskFinder = Callable[[CandidateDetails], AskSection | None]


def blind_reference(candidate_id: int) -> str:
    """The name a blind report uses: stable per candidate, meaningless outside."""
    return f"Candidate C-{candidate_id:05d}"


def _label(kind: type[Region] | type[Track] | type[Level], value: str | None) -> str | None:
    if not value:
        return None
    try:
        return kind(value).label
    except ValueError:
        return value


def _person(details: CandidateDetails, blind: bool) -> Person:
    employment = None
    if details.employment:
        employment = {
            Employment.FULL_TIME.value: "Full-time",
            Employment.CONTRACT.value: "Contract",
            Employment.EITHER.value: "Full-time or contract",
        }.get(details.employment, details.employment)
    return Person(
        display_name=blind_reference(details.id) if blind else details.full_name,
        track=_label(Track, details.track),
        level=_label(Level, details.level),
        region=_label(Region, details.region),
        location=None if blind else details.location,
        email=None if blind else details.email,
        phone=None if blind else details.phone,
        links=() if blind else tuple(without_credentials(link) for link in details.links),
        years_experience=details.years_experience,
        employment=employment,
        notice_weeks=details.notice_weeks,
        claimed_skills=details.skills,
    )


def _contributions(view: AnalysisView, blind: bool) -> ContributionsView | None:
    """The view of the analysis's contributions; a blind report keeps the counts and
    projects but no pull request, quote or package, which would name the person."""
    found = contributions_view(view.contributions) if view.source == "github" else None
    if found is None or not blind:
        return found
    return replace(found, evidence=(), best=None, weakest=None, packages=())


def _skill_evidence(evidence: tuple[str, str, str], blind: bool) -> Evidence:
    repo, path, why = evidence
    # A merged pull request's number finds its author: the blind report says only why.
    return Evidence(repo, "" if blind and path.startswith("pull/") else path, why)


def _analysis(view: AnalysisView | None, blind: bool = False) -> AnalysisSection | None:
    if view is None:
        return None
    named = set(view.scores) | set(view.explanations)
    ordered = [key for key in SCORE_LABELS if key in named]
    ordered += sorted(key for key in named if key not in SCORE_LABELS)
    scores = tuple(
        ScoreLine(
            key,
            SCORE_LABELS.get(key, key.replace("_", " ").capitalize()),
            view.scores.get(key),
            view.explanations.get(key, ()),
            describe_evidence(view.score_evidence.get(key)),
        )
        for key in ordered
    )
    repos = tuple(
        RepoLine(
            name=repo.name,
            stars=repo.stars,
            files=repo.files,
            sloc=repo.sloc,
            cc_mean=_number(repo.metrics.get("cc_mean")),
            mi_mean=_number(repo.metrics.get("mi_mean")),
            typed_ratio=_number(repo.metrics.get("typed_functions_ratio")),
            has_tests=bool(repo.metrics.get("has_tests")),
            has_ci=bool(repo.metrics.get("has_ci")),
        )
        for repo in view.repositories
    )
    source = f"GitHub ({view.login})" if view.source == "github" and view.login else view.source
    if view.source == "path":
        source = "a local folder or archive"
    return AnalysisSection(
        analysed_at=view.analyzed_at,
        source=source,
        scores=scores,
        skills=tuple(
            SkillLine(s.name, s.confidence, tuple(_skill_evidence(e, blind) for e in s.evidence))
            for s in view.skills
        ),
        repos=repos,
        red_flags=view.red_flags,
        track=_label(Track, view.track),
        authored_share=share_summary(
            (repo.name, repo.metrics.get("authorship")) for repo in view.repositories
        ),
        contributions=_contributions(view, blind),
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _scorecards(database: Database, candidate_id: int) -> tuple[ScorecardSection, ...]:
    kit = interview_kit()
    prompts = {item.id: item.prompt for item in kit.rated_items}
    sections: list[ScorecardSection] = []
    for application in list_applications(database, candidate_id):
        for card in list_scorecards(database, application.id):
            answers = card.answers
            ratings = tuple(
                RatingLine(
                    prompts[item_id],
                    answers.ratings.get(item_id),
                    answers.comments.get(item_id, ""),
                )
                for item_id in prompts
                if item_id in answers.ratings or answers.comments.get(item_id)
            )
            recommendation = answers.recommendation.label if answers.recommendation else None
            sections.append(
                ScorecardSection(
                    position=application.position_title,
                    kind="Interview",
                    interviewer=card.interviewer,
                    held_on=card.interviewed_on,
                    recommendation=recommendation,
                    ratings=ratings,
                )
            )
    return tuple(sections)


def gather_candidate_report(
    database: Database,
    candidate_id: int,
    *,
    blind: bool = False,
    find_ask: AskFinder | None = None,
    today: date | None = None,
) -> CandidateReport:
    """Everything the candidate report shows, read in short transactions."""
    details = get_candidate(database, candidate_id)
    history = tuple(
        HistoryLine(
            when=entry.changed_at,
            position=entry.position_title,
            from_stage=Stage(entry.from_stage).label if entry.from_stage else None,
            to_stage=Stage(entry.to_stage).label,
            reason=entry.reason,
        )
        for entry in stage_timeline(database, candidate_id)
    )
    return CandidateReport(
        person=_person(details, blind),
        analysis=_analysis(latest_analysis(database, candidate_id), blind),
        ask=find_ask(details) if find_ask else None,
        history=history,
        scorecards=_scorecards(database, candidate_id),
        blind=blind,
        generated_on=today or date.today(),
    )


#: A shortlist holds at most this many candidates unless asked for more.
DEFAULT_SHORTLIST = 20
#: Stages whose candidates a shortlist leaves out.
_LEFT_OUT = frozenset({Stage.REJECTED.value, Stage.WITHDRAWN.value})


def _position(details: PositionDetails) -> PositionSection:
    budget = None
    if details.budget_min is not None and details.budget_max is not None:
        basis = Basis.HOURLY if details.budget_period == "hour" else Basis.ANNUAL
        budget = format_range(
            details.budget_min, details.budget_max, details.budget_currency or "USD", basis
        )
    return PositionSection(
        title=details.title,
        company=details.company,
        track=_label(Track, details.track),
        level=_label(Level, details.level),
        regions=tuple(_label(Region, r) or r for r in details.regions),
        must_have=details.must_have,
        nice_to_have=details.nice_to_have,
        min_scores=tuple(
            (SCORE_LABELS.get(k, k), float(v)) for k, v in sorted(details.min_scores.items())
        ),
        budget=budget,
    )


def gather_shortlist(
    database: Database,
    position_id: int,
    *,
    top: int = DEFAULT_SHORTLIST,
    blind: bool = False,
    find_ask: AskFinder | None = None,
    today: date | None = None,
) -> ShortlistReport:
    """The position's candidates on its board (rejected and withdrawn left out) ranked
    by fit, at most ``top``; the best matches overall when nobody is on the board yet."""
    position = get_position(database, position_id)
    stages = board_stages(database, position_id)
    ranked = rank_candidates(database, position_id)
    on_board = [m for m in ranked if stages.get(m.candidate_id) not in (None, *_LEFT_OUT)]
    if on_board:
        chosen = on_board[:top]
        selection = (
            f"The {len(chosen)} best-fitting of the {count(len(on_board), 'candidate')} in this "
            "position's pipeline, ranked by fit."
        )
    else:
        chosen = ranked[:top]
        selection = (
            f"Nobody is in this position's pipeline yet: the {len(chosen)} best matches "
            "among all candidates, ranked by fit."
        )
    # Nothing else holds the other matches: dropped at the return, 100,000 of them would
    # hold the GIL long enough to freeze the window.
    collector.free_gradually(ranked, on_board)
    reports: list[CandidateReport] = []
    entries: list[ShortlistEntry] = []
    for rank, match in enumerate(chosen, start=1):
        report = gather_candidate_report(
            database, match.candidate_id, blind=blind, find_ask=find_ask, today=today
        )
        reports.append(report)
        facts = match.facts
        ask = None
        if facts.ask_amount is not None and facts.ask_currency:
            basis = Basis.HOURLY if facts.ask_period == "hour" else Basis.ANNUAL
            ask = format_money(facts.ask_amount, facts.ask_currency, basis)
        overall = facts.scores.get("overall") if facts.scores is not None else None
        stage = stages.get(match.candidate_id)
        entries.append(
            ShortlistEntry(
                rank=rank,
                name=report.person.display_name,
                level=report.person.level,
                region=report.person.region,
                stage=Stage(stage).label if stage else None,
                fit=match.score,
                overall=overall,
                ask=ask,
                why=match.summary(limit=3),
            )
        )
    return ShortlistReport(
        position=_position(position),
        entries=tuple(entries),
        candidates=tuple(reports),
        selection=selection,
        blind=blind,
        generated_on=today or date.today(),
    )
