"""Gathering what a candidate report shows from storage, as plain report values.

Nothing private leaves here: notes are never read, and a blind report drops the name,
contact details, links and the location below the region.
"""

from collections.abc import Callable
from datetime import date

from recruitdesk.domain.interview import interview_kit
from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.redaction import without_credentials
from recruitdesk.domain.taxonomy import Employment, Level, Region, Track
from recruitdesk.reports.model import (
    AnalysisSection,
    AskSection,
    CandidateReport,
    Evidence,
    HistoryLine,
    Person,
    RatingLine,
    RepoLine,
    ScorecardSection,
    ScoreLine,
    SkillLine,
)
from recruitdesk.storage.candidates import (
    AnalysisView,
    CandidateDetails,
    get_candidate,
    latest_analysis,
    list_applications,
    list_scorecards,
    stage_timeline,
)
from recruitdesk.storage.database import Database

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


def _analysis(view: AnalysisView | None) -> AnalysisSection | None:
    if view is None:
        return None
    ordered = [key for key in SCORE_LABELS if key in view.scores]
    ordered += sorted(key for key in view.scores if key not in SCORE_LABELS)
    scores = tuple(
        ScoreLine(
            key,
            SCORE_LABELS.get(key, key.replace("_", " ").capitalize()),
            view.scores[key],
            view.explanations.get(key, ()),
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
            SkillLine(s.name, s.confidence, tuple(Evidence(*e) for e in s.evidence))
            for s in view.skills
        ),
        repos=repos,
        red_flags=view.red_flags,
        track=_label(Track, view.track),
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
        analysis=_analysis(latest_analysis(database, candidate_id)),
        ask=find_ask(details) if find_ask else None,
        history=history,
        scorecards=_scorecards(database, candidate_id),
        blind=blind,
        generated_on=today or date.today(),
    )
