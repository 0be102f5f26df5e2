"""Everything the candidate pane shows of one candidate, read in one background
operation (docs/architecture.md, "The change signal"): plain values only, so the
result crosses from the pool thread to the GUI thread, where every tab fills from it.
Opening a candidate read ten times on the GUI thread before.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from recruitdesk.errors import KnownError
from recruitdesk.progress import Progress
from recruitdesk.storage.analysis_views import AnalysisView, latest_analysis
from recruitdesk.storage.audit import AuditView, list_audit
from recruitdesk.storage.candidate_applications import (
    ApplicationView,
    TimelineEntry,
    list_applications,
    stage_timeline,
)
from recruitdesk.storage.candidates import CandidateDetails, get_candidate
from recruitdesk.storage.cv_files import KeptFile, list_files
from recruitdesk.storage.database import Database
from recruitdesk.storage.exercises import AssignmentView, assignments
from recruitdesk.storage.notes import NoteView, list_notes
from recruitdesk.storage.outreach import Contact, MessageView, contact_of, timeline
from recruitdesk.storage.positions import PositionDetails, list_positions
from recruitdesk.storage.scorecards import ScorecardView, list_scorecards


@dataclass(frozen=True, slots=True)
class ShownCandidate:
    """One candidate as every tab of the pane shows them."""

    details: CandidateDetails
    applications: list[ApplicationView]
    #: Every position, for "put on the board" (those the candidate is on are left out).
    positions: list[PositionDetails]
    stages: list[TimelineEntry]
    #: Each application's scorecards, newest first.
    scorecards: Mapping[int, list[ScorecardView]]
    notes: list[NoteView]
    analysis: AnalysisView | None
    contact: Contact
    messages: list[MessageView]
    exercises: list[AssignmentView]
    audit: list[AuditView]
    files: list[KeptFile]


@dataclass(frozen=True, slots=True)
class CandidateGone:
    """The candidate was erased (or never was) by the time it was read."""

    message: str


def read_candidate(
    database: Database, candidate_id: int, _progress: Progress
) -> ShownCandidate | CandidateGone:
    """All the pane shows of ``candidate_id`` (run on a pool thread)."""
    try:
        details = get_candidate(database, candidate_id)
    except KnownError as error:
        return CandidateGone(str(error))
    applications = list_applications(database, candidate_id)
    return ShownCandidate(
        details=details,
        applications=applications,
        positions=list_positions(database),
        stages=stage_timeline(database, candidate_id),
        scorecards={app.id: list_scorecards(database, app.id) for app in applications},
        notes=list_notes(database, candidate_id),
        analysis=latest_analysis(database, candidate_id),
        contact=contact_of(database, candidate_id),
        messages=timeline(database, candidate_id),
        exercises=assignments(database, candidate_id),
        audit=list_audit(database, candidate_id),
        files=list_files(database, candidate_id),
    )
