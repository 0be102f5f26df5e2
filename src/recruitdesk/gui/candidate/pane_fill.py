"""Filling the candidate pane's tabs on the GUI thread from what one background read
found (:mod:`recruitdesk.gui.candidate.shown_candidate`), or emptying them for a new
candidate or one still being read."""

from typing import TYPE_CHECKING

from recruitdesk.gui.candidate.shown_candidate import ShownCandidate

if TYPE_CHECKING:
    from recruitdesk.gui.candidate.pane import CandidatePane


def fill_tabs(pane: "CandidatePane", shown: ShownCandidate, card: int | None) -> None:
    """Every tab but the details form from ``shown``, with ``card``'s scorecard open."""
    candidate_id = shown.details.id
    for index in range(pane.tabs.count()):
        pane.tabs.setTabEnabled(index, True)
    pane.tab_strip.refresh()
    pane.header.show_details(shown.details)
    pane.pipeline.show_cards(shown.applications, shown.positions, shown.stages)
    pane.interview.load(shown.applications, card, shown.scorecards)
    pane.notes.show_notes(candidate_id, shown.notes)
    pane.analysis.show_analysis(shown.analysis)
    pane.outreach.show_outreach(shown)
    pane.exercise.show_exercises(shown)
    pane.audit.show_audit(candidate_id, shown.audit)
    pane.kept_files.show_files(candidate_id, shown.files)


def empty_tabs(pane: "CandidatePane") -> None:
    """Every tab but the details form empty: a new candidate, or one not read yet."""
    pane.pipeline.clear()
    pane.interview.load([], None, {})
    pane.notes.show_notes(None, [])
    pane.analysis.show_analysis(None)
    pane.outreach.show_outreach(None)
    pane.exercise.show_exercises(None)
    pane.audit.load(None)
    pane.kept_files.show_files(None, [])
