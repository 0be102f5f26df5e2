"""The pane's Exercise tab: send a review exercise (through the outreach dialog, so it
is logged on the timeline like any message), keep the candidate's written review, grade
it per planted problem from the app's suggestions, and attach a take-home submission's
offline analysis (docs/architecture.md, "The review exercise").

Writes and the analysis run through ``ops.write`` with the section as the initiator;
when they land the pane reads the candidate again in the background, and the send
dialog's write reaches the pane as any other change does."""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk import APP_NAME
from recruitdesk.domain.exercise import Exercise, exercise_by_id, shipped_exercises
from recruitdesk.domain.outreach import MessageKind
from recruitdesk.gui.candidate.exercise_grading import GradingPanel
from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.candidate.outreach_recipient import Recipient, recipient_of
from recruitdesk.gui.candidate.shown_candidate import ShownCandidate
from recruitdesk.gui.file_dialogs import ask_open_path
from recruitdesk.gui.operations import Operations
from recruitdesk.jobs.take_home import analyse_submission
from recruitdesk.outreach.attachments import exercise_attachment, exercise_text
from recruitdesk.outreach.send import Sent
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.exercises import (
    AssignmentView,
    add_assignment,
    record_review,
    save_grades,
)

#: How long typing must pause before the suggestions are read again.
SUGGEST_DELAY_MS = 300


def assignment_label(assigned: AssignmentView) -> str:
    title = exercise_by_id(assigned.exercise).title
    state = "graded" if assigned.graded_at else "reviewed" if assigned.review else "awaiting review"
    return f"{title} · sent {assigned.sent_at:%d %b %Y} · {state}"


def submission_text(assigned: AssignmentView | None) -> str:
    if assigned is None or assigned.submission is None:
        return "No take-home submission analysed."
    found = assigned.submission
    where = Path(found.path).name if found.path else "the submission"
    overall = f"overall {found.overall:.0f}" if found.overall is not None else "no overall score"
    return f"Take-home: {where} analysed, {overall} (analysis {found.analysis_id})."


class ExerciseSection(QWidget):
    """Send…, the exercises sent, the review, its grading and the take-home."""

    def __init__(
        self,
        database: Database,
        operations: Operations,
        say: Callable[[str], None],
        refresh: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        """``refresh`` reads the candidate again for the pane (after this section's
        write)."""
        super().__init__(parent)
        self.setObjectName("exerciseSection")
        self.database = database
        self.operations = operations
        self.say = say
        self.refresh = refresh
        self.settings = QSettings(APP_NAME, APP_NAME, self)
        self.candidate_id: int | None = None
        self.sent: list[AssignmentView] = []
        self.exercises = shipped_exercises()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        send_row = QHBoxLayout()
        self.exercise_combo = QComboBox()
        self.exercise_combo.setObjectName("exerciseChoice")
        for exercise in self.exercises:
            self.exercise_combo.addItem(exercise.title, exercise.id)
        self.inline_box = QCheckBox("Code in the message")
        self.inline_box.setObjectName("exerciseInline")
        self.inline_box.setToolTip("Unticked, the code goes as an attached .py file")
        self.send_button = QPushButton("Send exercise…")
        self.send_button.setObjectName("sendExercise")
        send_row.addWidget(self.exercise_combo, 1)
        send_row.addWidget(self.inline_box)
        send_row.addWidget(self.send_button)
        layout.addLayout(send_row)
        self.sent_combo = QComboBox()
        self.sent_combo.setObjectName("exerciseSent")
        layout.addWidget(self.sent_combo)
        self.review_edit = QPlainTextEdit()
        self.review_edit.setObjectName("exerciseReview")
        self.review_edit.setPlaceholderText("Paste the candidate's written review here.")
        self.review_edit.setMinimumHeight(90)
        self.review_edit.setMaximumHeight(130)
        layout.addWidget(self.review_edit)
        review_row = QHBoxLayout()
        self.review_button = QPushButton("Save review")
        self.review_button.setObjectName("saveReview")
        review_row.addStretch(1)
        review_row.addWidget(self.review_button)
        layout.addLayout(review_row)
        self.grading = GradingPanel()
        layout.addWidget(self.grading)
        grade_row = QHBoxLayout()
        self.take_home = QLabel()
        self.take_home.setObjectName("takeHome")
        self.take_home.setWordWrap(True)
        self.take_home_button = QPushButton("Analyse take-home…")
        self.take_home_button.setObjectName("analyseTakeHome")
        self.grade_button = QPushButton("Save grade")
        self.grade_button.setObjectName("saveGrade")
        self.grade_button.setProperty("primary", True)
        grade_row.addWidget(self.take_home, 1)
        grade_row.addWidget(self.take_home_button)
        grade_row.addWidget(self.grade_button)
        layout.addLayout(grade_row)
        layout.addStretch(1)

        self.send_button.clicked.connect(self.open_send)
        self.sent_combo.currentIndexChanged.connect(self._show_selected)
        self.review_button.clicked.connect(self.save_review)
        self.grade_button.clicked.connect(self.save_grade)
        self.take_home_button.clicked.connect(self.ask_take_home)
        # Suggestions follow the text once typing pauses, not at every key.
        self.suggest_timer = QTimer(self)
        self.suggest_timer.setSingleShot(True)
        self.suggest_timer.setInterval(SUGGEST_DELAY_MS)
        self.suggest_timer.timeout.connect(self._review_typed)
        self.review_edit.textChanged.connect(self._review_changed)
        #: The dialog of the last send (tests and screenshots reach it).
        self.send_dialog: OutreachDialog | None = None
        #: Asks for a take-home archive (tests answer it another way).
        self.ask_archive: Callable[[], str] = self._ask_archive
        self.recipient: Recipient | None = None
        self.show_exercises(None)

    # -- showing ---------------------------------------------------------------------

    def show_exercises(self, shown: ShownCandidate | None) -> None:
        """The exercises of the candidate the pane read (``None``: none, or not read yet)."""
        candidate_id = shown.details.id if shown is not None else None
        sent = shown.exercises if shown is not None else []
        self.recipient = recipient_of(shown) if shown is not None else None
        current = self.selected()
        keep = current.id if current is not None and candidate_id == self.candidate_id else None
        # A review being written stays when a read of the same candidate lands.
        draft: str | None = self.review_edit.toPlainText()
        if current is None or keep is None or draft == (current.review or ""):
            draft = None
        self.candidate_id = candidate_id
        self.sent = sent
        self.sent_combo.blockSignals(True)
        self.sent_combo.clear()
        for assigned in self.sent:
            self.sent_combo.addItem(assignment_label(assigned), assigned.id)
        if not self.sent:
            self.sent_combo.addItem("No exercise sent yet")
        index = self.sent_combo.findData(keep) if keep is not None else 0
        self.sent_combo.setCurrentIndex(max(0, index))
        self.sent_combo.blockSignals(False)
        self.send_button.setEnabled(candidate_id is not None)
        self._show_selected()
        if draft is not None and draft != self.review_edit.toPlainText() and self.selected():
            self.review_edit.setPlainText(draft)

    def selected(self) -> AssignmentView | None:
        index = self.sent_combo.currentIndex()
        return self.sent[index] if 0 <= index < len(self.sent) else None

    def _show_selected(self) -> None:
        self.suggest_timer.stop()
        assigned = self.selected()
        exercise = exercise_by_id(assigned.exercise) if assigned else None
        self.review_edit.blockSignals(True)
        self.review_edit.setPlainText(assigned.review or "" if assigned else "")
        self.review_edit.blockSignals(False)
        for widget in (self.review_edit, self.review_button, self.take_home_button):
            widget.setEnabled(assigned is not None)
        self.grading.show_grading(
            exercise, assigned.review or "" if assigned else "", assigned.grades if assigned else {}
        )
        self.grade_button.setEnabled(bool(assigned and assigned.review))
        self.take_home.setText(submission_text(assigned))

    def _review_changed(self) -> None:
        self.grade_button.setEnabled(False)
        self.suggest_timer.start()

    def _review_typed(self) -> None:
        """Suggestions follow the text as it is pasted or typed (verdicts saved stay)."""
        assigned = self.selected()
        if assigned is not None:
            exercise = exercise_by_id(assigned.exercise)
            self.grading.show_grading(exercise, self.review_edit.toPlainText(), assigned.grades)

    # -- writing ---------------------------------------------------------------------

    def _write(self, work: Callable[[Progress], Changes], done: str, title: str = "") -> None:
        def landed(_changes: Changes) -> None:
            self.refresh()
            self.say(done)

        self.operations.write(self, work, landed, title=title)

    def chosen_exercise(self) -> Exercise:
        return self.exercises[max(0, self.exercise_combo.currentIndex())]

    def open_send(self) -> None:
        candidate_id, recipient = self.candidate_id, self.recipient
        if candidate_id is None or recipient is None:
            return
        exercise = self.chosen_exercise()
        inline = self.inline_box.isChecked()
        database = self.database

        def record(sent: Sent, position_id: int | None) -> Changes:
            _id, changes = add_assignment(
                database,
                candidate_id,
                exercise.id,
                message_id=sent.message_id,
                position_id=position_id,
            )
            return changes

        dialog = OutreachDialog(
            database,
            self.operations,
            candidate_id,
            recipient=recipient,
            settings=self.settings,
            kind=MessageKind.REVIEW_EXERCISE,
            extra_fields={"exercise": exercise_text(exercise, inline=inline)},
            attachments=() if inline else (exercise_attachment(exercise),),
            after_send=record,
            parent=self,
        )
        dialog.delivered.connect(self.say)
        self.send_dialog = dialog
        dialog.open()

    def save_review(self) -> None:
        assigned = self.selected()
        if assigned is None:
            return
        text = self.review_edit.toPlainText()
        database = self.database
        now = datetime.now(UTC)
        self._write(
            lambda _p: record_review(database, assigned.id, text, now),
            "Review saved: check the suggested verdicts, then Save grade.",
        )

    def save_grade(self) -> None:
        assigned = self.selected()
        if assigned is None:
            return
        grades = self.grading.grades()
        database = self.database
        self._write(lambda _p: save_grades(database, assigned.id, grades), "Grade saved.")

    def _ask_archive(self) -> str:
        return ask_open_path(
            self, "The take-home submission", "", "Archives (*.zip *.tar.gz *.tgz);;All files (*)"
        )

    def ask_take_home(self) -> None:
        assigned = self.selected()
        if assigned is None:
            return
        chosen = self.ask_archive()
        if not chosen:
            return
        path = Path(chosen)
        database = self.database
        self._write(
            lambda progress: analyse_submission(database, assigned.id, path, progress=progress),
            f"{path.name} analysed and attached to the exercise.",
            title=f"Analysing {path.name}",
        )
