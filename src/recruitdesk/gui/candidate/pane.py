"""The candidate pane: the header (`header.py`: name, summary, tags, actions) over the tabs:
details, notes, pipeline, interview scorecard, analysis, outreach, history.

Everything shown is read in the background as plain values; a write's :class:`Changes`
goes out on the app-wide signal with the pane (or its section) as its initiator, the
writer asks for one read back, and the pane skips the change when it comes back
(docs/architecture.md, "The change signal").

An edit of the details is never dropped silently: leaving it (Esc, another candidate, a
new one, quitting) asks whether to save it, discard it or stay (:meth:`confirm_leave`).
A banner speaks of the candidate it was shown for and goes when another one is shown.
"""

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.candidate_fields import clean_values
from recruitdesk.domain.wording import count
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.gui.ask_bar import AskBar
from recruitdesk.gui.candidate.analysis import AnalysisSection
from recruitdesk.gui.candidate.audit import AuditSection
from recruitdesk.gui.candidate.details_form import DetailsForm
from recruitdesk.gui.candidate.edit_questions import (
    AskConflict,
    UnsavedParts,
    ask_choice,
    ask_unsaved,
    save_edit,
)
from recruitdesk.gui.candidate.exercise import ExerciseSection
from recruitdesk.gui.candidate.header import PaneHeader
from recruitdesk.gui.candidate.interview import InterviewSection
from recruitdesk.gui.candidate.kept_files import KeptFilesSection
from recruitdesk.gui.candidate.notes import NotesSection
from recruitdesk.gui.candidate.pane_fill import empty_tabs, fill_tabs
from recruitdesk.gui.candidate.pipeline import PipelineSection
from recruitdesk.gui.candidate.shown_candidate import CandidateGone, ShownCandidate, read_candidate
from recruitdesk.gui.candidate.submit_dialog import SubmitDialog
from recruitdesk.gui.candidate.tab_strip import TabStrip
from recruitdesk.gui.candidate.timeline import OutreachSection
from recruitdesk.gui.candidate.widgets import scroll_area, scrolled_tab
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.style import show_message
from recruitdesk.storage.candidates import CandidateDetails, create_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database


class CandidatePane(QFrame):
    """Everything about one candidate, beside the board or the candidates table."""

    closed = Signal()
    #: "Analyse GitHub": the candidate ids to queue (the main window's job manager).
    analyse_requested = Signal(list)
    #: "PDF": the candidate's report (the main window asks where to save it).
    report_requested = Signal()

    def __init__(
        self,
        database: Database,
        hub: ChangesHub,
        parent: QWidget | None = None,
        *,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("candidatePane")
        self.database = database
        self.hub = hub
        self.candidate_id: int | None = None
        self.application_id: int | None = None
        #: What the form showed when it was loaded: an edit is a difference from it.
        self._shown: CandidateDetails | None = None
        self._shown_values: dict[str, Any] = {}
        #: Asks what to do with an unsaved edit (tests may answer it another way).
        self.ask_unsaved: Callable[[], QMessageBox.StandardButton] = self._ask_unsaved
        #: Asks which values to keep when the candidate was saved elsewhere meanwhile.
        self.ask_conflict: AskConflict = partial(ask_choice, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 12, 12)
        layout.setSpacing(8)
        # Parts are made in their parent, then filled: a finished tree moved to another
        # parent is restyled whole (docs/architecture.md, "Building widgets").
        self.header = PaneHeader(self)
        self.header.close_clicked.connect(self.close_pane)
        self.header.analyse_clicked.connect(self.analyse_github)
        self.header.report_clicked.connect(self.report_requested)
        self.header.submit_clicked.connect(self.submit_to_client)
        layout.addWidget(self.header)
        self.message = QLabel(self)
        self.message.setObjectName("paneMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        #: Background reads and writes of the tabs (outreach, history).
        self.operations = operations or Operations(hub, parent=self)
        #: The one read of everything shown (the newest wins); a failed read is
        #: tried again when the pane is shown again.
        self.reads = ShownReads(self, self.operations, self.refresh, stale=False)
        #: The form waits for a read (another candidate, Revert, a save): it is
        #: disabled and the read's landing fills it whatever it holds.
        self.loading_form = False
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("paneTabs")
        self.tabs.setDocumentMode(True)
        self._details_tab()
        self.notes = NotesSection(self)
        self.tabs.addTab(self.notes, "Notes")
        self.pipeline = PipelineSection(self)
        self.pipeline.card_added.connect(self._card_added)
        self.tabs.addTab(self.pipeline, "Pipeline")
        self.interview = scrolled_tab(self.tabs, "Interview", partial(InterviewSection, self))
        self.analysis = scrolled_tab(self.tabs, "Analysis", partial(AnalysisSection, self))
        self.outreach = OutreachSection(
            database,
            self.operations,
            lambda: self.interview.application_id() or self.application_id,
            self.show_message,
            self.refresh,
        )
        self.tabs.addTab(self.outreach, "Outreach")
        self.exercise = scrolled_tab(
            self.tabs,
            "Exercise",
            partial(ExerciseSection, database, self.operations, self.show_message, self.refresh),
        )
        self.audit = AuditSection(self, self.operations)
        self.tabs.addTab(self.audit, "History")
        self.tab_strip = TabStrip(self.tabs)  # after the last tab
        layout.addWidget(self.tab_strip)
        layout.addWidget(self.tabs, 1)
        self._shown_values = self.form.values()
        hub.changed.connect(self.on_changes)
        self.setMinimumWidth(380)

    def _details_tab(self) -> None:
        """The kept CV, the form and the ask against the market band of the candidate's
        region and level, scrolling above Revert and Save."""
        details = QWidget()
        self.tabs.addTab(details, "Details")
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        area, holder, holder_layout = scroll_area()
        details_layout.addWidget(area, 1)
        self.kept_files = KeptFilesSection(
            self.database, self.operations, self.show_message, holder
        )
        self.form = DetailsForm(holder)
        self.ask_bar = AskBar(holder)
        self.ask_bar.setObjectName("askBar")
        for part in (self.kept_files, self.form, self.ask_bar):
            holder_layout.addWidget(part)
        holder_layout.addStretch(1)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self.reload)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveCandidate")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        details_layout.addLayout(buttons)

    # -- showing ---------------------------------------------------------------------

    def show_candidate(self, candidate_id: int, application_id: int | None = None) -> bool:
        """Show this candidate; False when the user chose to stay with an unsaved edit."""
        if candidate_id == self.candidate_id and self.isVisible() and self.has_unsaved_edit():
            # Another card of the one being edited: keep the edit, open that card.
            if application_id is not None:
                self._card_added(application_id)
            return True
        if not self.confirm_leave():
            return False
        self.candidate_id = candidate_id
        self.application_id = application_id
        self.message.hide()
        # Nothing of the last candidate stays on screen while this one is read.
        self.header.show_loading()
        self._show_form(None)
        empty_tabs(self)
        self.reload()
        self.show()
        return True

    def new_candidate(self) -> None:
        """An empty form; Save creates the candidate."""
        if self.confirm_leave():
            self._show_new()

    def _show_new(self) -> None:
        self.reads.drop()
        self._form_loading(False)
        self.candidate_id = None
        self.application_id = None
        self.header.show_new()
        self._show_form(None)
        self.ask_bar.show_candidate(None, None, None, None, None)
        empty_tabs(self)
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, False)
        self.tabs.setCurrentIndex(0)
        self.tab_strip.refresh()
        self.message.hide()
        self.show()
        self.form.editors["full_name"].setFocus()

    def reload(self) -> None:
        """Read the candidate again, the form too (a new candidate, Revert, a save): the
        form is disabled until the read lands."""
        if self.candidate_id is None:
            self._show_new()
            return
        self._form_loading(True)
        self._read(form=True, card=self.application_id)

    def refresh(self) -> None:
        """Read every tab again (a section's write shows when it lands); the form if unedited."""
        if self.candidate_id is not None:
            self._read(form=False, card=None)

    def _read(self, *, form: bool, card: int | None) -> None:
        """One background read of everything shown; a read still running is dropped (a
        form waiting for it waits for this one)."""
        candidate_id = self.candidate_id
        assert candidate_id is not None
        self.reads.query(
            partial(read_candidate, self.database, candidate_id),
            partial(self._landed, form, card),
        )

    def _landed(self, form: bool, card: int | None, found: ShownCandidate | CandidateGone) -> None:
        if isinstance(found, CandidateGone):
            # Erased meanwhile: there is nothing left to save an edit to.
            self.candidate_id = None
            self._form_loading(False)
            self._hide_pane()
            self.show_message(found.message, error=True)
            return
        details = found.details
        if self.loading_form or (form and self.form.values() == self._shown_values):
            self._form_loading(False)
            self._show_form(details)
            ask = (details.ask_amount, details.ask_currency, details.ask_period)
            self.ask_bar.show_candidate(details.region, details.level, *ask)
        fill_tabs(self, found, card or self.interview.application_id() or self.application_id)

    def _form_loading(self, loading: bool) -> None:
        self.loading_form = loading
        self.tabs.setEnabled(not loading)

    def _show_form(self, details: CandidateDetails | None) -> None:
        self.form.show_details(details)
        self._shown = details
        self._shown_values = self.form.values()

    # -- unsaved edits ---------------------------------------------------------------

    def has_unsaved_edit(self) -> bool:
        """An edit of the details, a note written or a scorecard filled in, not saved."""
        return (
            self.form.values() != self._shown_values
            or self.notes.has_unsaved_note()
            or self.interview.has_unsaved_scorecard()
        )

    def confirm_leave(self) -> bool:
        """Before the candidate is left: True when nothing is lost (no edit, saved, or
        discarded), False when the user stays or a save was refused."""
        if not self.has_unsaved_edit():
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            details_saved = self.form.values() == self._shown_values or self.save()
            return (
                details_saved
                and (not self.notes.has_unsaved_note() or self.notes.save())
                and (not self.interview.has_unsaved_scorecard() or self.interview.save())
            )
        if answer == QMessageBox.StandardButton.Discard:
            self._show_form(self._shown)
            self.notes.cancel_edit()
            self.interview.cancel_edit()
            return True
        return False

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        return ask_unsaved(
            self,
            self._shown.full_name if self._shown else None,
            UnsavedParts(
                self.form.values() != self._shown_values,
                self.notes.has_unsaved_note(),
                self.interview.has_unsaved_scorecard(),
            ),
        )

    def analyse_github(self) -> None:
        if self.candidate_id is not None:
            self.analyse_requested.emit([self.candidate_id])
            self.show_message("GitHub analysis requested: follow it under Jobs.")

    def submit_to_client(self) -> None:
        shown = self.header.details
        if shown is None:
            return
        dialog = SubmitDialog(self.database, self.operations, shown.id, shown.full_name, self)
        dialog.submitted.connect(self.show_message)
        dialog.open()

    # -- writing ---------------------------------------------------------------------

    def save(self) -> bool:
        """Save the details form: its values are checked by the field table first, then
        by the storage layer (which also knows who else has an e-mail or a login)."""
        values, problems = clean_values(self.form.values())
        try:
            if problems:
                raise ValidationError(problems)
            if self.candidate_id is None:
                self.candidate_id, changes = create_candidate(self.database, values)
            else:
                changes = self._update(values)
        except ValidationError as error:
            self.form.show_problems(error.problems)
            self.show_message(
                f"Not saved: {count(len(error.problems), 'field')} to fix.", error=True
            )
            return False
        except KnownError as error:
            self.show_message(str(error), error=True)
            return False
        self.form.clear_problems()
        self._shown_values = self.form.values()  # saved: nothing to ask about meanwhile
        self.publish(changes)
        self.reload()
        self.show_message("Saved.")
        return True

    def _update(self, values: Mapping[str, Any]) -> Changes:
        """Save the fields the user edited over the version they were shown."""
        assert self.candidate_id is not None
        assert self._shown is not None
        base, _ = clean_values(self._shown_values)
        return save_edit(
            self.database, self.candidate_id, values, base, self._shown.version, self.ask_conflict
        )

    def _card_added(self, application_id: int) -> None:
        self.application_id = application_id
        if self.candidate_id is not None:
            self._read(form=False, card=application_id)

    def publish(self, changes: Changes) -> None:
        """Send a change this pane made; :meth:`on_changes` will skip it."""
        self.hub.publish(changes, initiator=self)

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_message(self.message, text, error=error)

    def on_changes(self, changes: Changes) -> None:
        shown = any(changes.initiator is mine for mine in (self, self.outreach, self.exercise))
        if shown and self.reads.loading is not None:
            self.refresh()  # the read running began before this write: it would undo it
        if shown or self.candidate_id is None or not self.isVisible():
            return
        if changes.everything or self.candidate_id in changes.candidates:
            # An edit in progress stays in the form (and a candidate's own change
            # reloads the other tabs only); a finished GitHub analysis lands here too.
            self._read(form=changes.everything, card=None)
            return
        if changes.applications:
            self.refresh()

    def close_pane(self) -> None:
        """Esc or ✕: close, after asking about an unsaved edit."""
        if self.confirm_leave():
            self._hide_pane()

    def _hide_pane(self) -> None:
        self.message.hide()
        self.hide()
        self.closed.emit()
