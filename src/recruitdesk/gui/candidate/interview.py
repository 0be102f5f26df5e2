"""The Interview tab of the candidate pane: a scorecard per application from the
interview kit, with the red-flag checklist and a recommendation.

A scorecard filled in and not saved is an unsaved edit of the pane, asked about like the
details (:meth:`InterviewSection.has_unsaved_scorecard`); a reload of the tab keeps it,
and choosing another position asks first whether to save it, discard it or stay.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.interview import Recommendation, ScorecardAnswers, interview_kit
from recruitdesk.domain.pipeline import Stage
from recruitdesk.errors import KnownError
from recruitdesk.gui.candidate.edit_questions import unsaved_edit_box
from recruitdesk.gui.candidate.widgets import PaneContext, format_moment, muted, section_label
from recruitdesk.storage.candidate_applications import ApplicationView
from recruitdesk.storage.scorecards import ScorecardView, save_scorecard


class FlagLabel(QLabel):
    """A red flag's wrapped text; clicking it toggles its check box."""

    def __init__(self, text: str, check: QCheckBox) -> None:
        super().__init__(text)
        self.check = check
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.check.toggle()
        event.accept()


class InterviewSection(QWidget):
    """A scorecard per application: the eight questions and the review exercise rated
    1-4 with a comment, the red-flag checklist, and a recommendation."""

    def __init__(self, pane: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self.kit = interview_kit()
        self.scorecard_id: int | None = None
        self.scorecard_version: int | None = None
        #: The application whose scorecard the form shows (the combo may have moved on).
        self.shown_application: int | None = None
        self._scorecards: dict[int, list[ScorecardView]] = {}
        #: Asks what to do with the scorecard's edit when another position is chosen
        #: (tests may answer it another way).
        self.ask_unsaved: Callable[[str], QMessageBox.StandardButton] = self._ask_unsaved
        #: What the scorecard showed when it was loaded: an edit is a difference from it.
        self._shown: tuple[ScorecardAnswers, str] = (ScorecardAnswers(), "")
        self.ratings: dict[str, QButtonGroup] = {}
        self.comments: dict[str, QLineEdit] = {}
        self.flags: dict[str, QCheckBox] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 8, 8, 8)
        top = QHBoxLayout()
        self.application = QComboBox()
        self.application.setObjectName("scorecardApplication")
        self.application.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.application.setMinimumContentsLength(16)
        self.application.currentIndexChanged.connect(self._position_chosen)
        top.addWidget(QLabel("Position"))
        top.addWidget(self.application, 1)
        outer.addLayout(top)
        self.empty = muted(
            "Scorecards belong to a position: put the candidate on a position's board first."
        )
        outer.addWidget(self.empty)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        scale = " · ".join(f"{r.value} {r.label}" for r in self.kit.rating_scale)
        body.addWidget(muted(f"Rate each from 1 to 4: {scale}."))
        for number, item in enumerate(self.kit.rated_items, start=1):
            title = "Code review exercise" if item.id == self.kit.code_review.id else f"Q{number}"
            box = QFrame()
            box.setObjectName("kitItem")
            grid = QGridLayout(box)
            grid.setContentsMargins(10, 8, 10, 8)
            prompt = QLabel(f"<b>{title}.</b> {item.prompt}")
            prompt.setWordWrap(True)
            tests = muted(f"Tests: {item.tests} Listen for: {item.listen_for}")
            tests.setObjectName("kitHint")
            group = QButtonGroup(self)
            group.setExclusive(False)
            buttons = QHBoxLayout()
            buttons.setSpacing(4)
            for level in self.kit.rating_scale:
                button = QToolButton()
                button.setObjectName(f"rate:{item.id}:{level.value}")
                button.setText(str(level.value))
                button.setToolTip(f"{level.label}: {level.meaning}")
                button.setCheckable(True)
                group.addButton(button, level.value)
                buttons.addWidget(button)
            group.idClicked.connect(lambda value, g=group: self._exclusive(g, value))
            buttons.addStretch(1)
            comment = QLineEdit()
            comment.setObjectName(f"comment:{item.id}")
            comment.setPlaceholderText("Comment")
            grid.addWidget(prompt, 0, 0, 1, 2)
            grid.addWidget(tests, 1, 0, 1, 2)
            grid.addLayout(buttons, 2, 0)
            grid.addWidget(comment, 2, 1)
            grid.setColumnStretch(1, 1)
            body.addWidget(box)
            self.ratings[item.id] = group
            self.comments[item.id] = comment
            if item.id == self.kit.code_review.id:
                planted = "; ".join(self.kit.planted_issues)
                tests.setText(tests.text() + f" Planted problems: {planted}.")
        body.addWidget(section_label("Red flags seen"))
        for flag in self.kit.red_flags:
            row = QHBoxLayout()
            check = QCheckBox()
            check.setObjectName(f"flag:{flag.id}")
            check.setAccessibleName(flag.text)
            text = FlagLabel(flag.text, check)
            row.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(text, 1)
            body.addLayout(row)
            self.flags[flag.id] = check
        form = QFormLayout()
        self.recommendation = QComboBox()
        self.recommendation.setObjectName("recommendation")
        self.recommendation.addItem("— not decided —", None)
        for verdict in Recommendation:
            self.recommendation.addItem(verdict.label, verdict.value)
        self.interviewer = QLineEdit()
        self.interviewer.setObjectName("interviewer")
        form.addRow("Recommendation", self.recommendation)
        form.addRow("Interviewer", self.interviewer)
        body.addLayout(form)
        self.status = muted("")
        save = QPushButton("Save scorecard")
        save.setObjectName("saveScorecard")
        save.setProperty("primary", True)
        save.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(save)
        body.addLayout(row)
        outer.addWidget(self.body)
        outer.addStretch(1)

    @staticmethod
    def _exclusive(group: QButtonGroup, value: int) -> None:
        """One rating at most; clicking the chosen one again clears it."""
        for button in group.buttons():
            if group.id(button) != value:
                button.setChecked(False)

    def load(
        self,
        applications: list[ApplicationView],
        prefer: int | None,
        scorecards: Mapping[int, list[ScorecardView]],
    ) -> None:
        """List ``applications`` with ``prefer``'s scorecard open (each application's
        ``scorecards`` read with them); an unsaved edit of a scorecard still listed
        stays open as it is."""
        self._scorecards = dict(scorecards)
        self.body.setEnabled(True)
        editing = self.shown_application if self.has_unsaved_scorecard() else None
        if editing is not None and any(app.id == editing for app in applications):
            prefer = editing
        else:
            editing = None
        self.application.blockSignals(True)
        self.application.clear()
        for app in applications:
            where = f"{app.position_title} — {app.company}" if app.company else app.position_title
            self.application.addItem(f"{where} ({Stage(app.stage).label})", app.id)
        if prefer is not None and self.application.findData(prefer) >= 0:
            self.application.setCurrentIndex(self.application.findData(prefer))
        self.application.blockSignals(False)
        self.empty.setVisible(not applications)
        self.body.setVisible(bool(applications))
        if editing is None:
            self._application_changed()

    def application_id(self) -> int | None:
        data = self.application.currentData()
        return int(data) if data is not None else None

    def _position_chosen(self) -> None:
        """Another position in the combo: its scorecard, once the one shown is saved,
        discarded, or kept by staying on its position."""
        shown = self.shown_application
        if shown is not None and self.has_unsaved_scorecard():
            where = self.application.itemText(self.application.findData(shown))
            answer = self.ask_unsaved(where)
            stay = answer not in (
                QMessageBox.StandardButton.Save,
                QMessageBox.StandardButton.Discard,
            )
            if stay or (answer == QMessageBox.StandardButton.Save and not self.save()):
                self.application.blockSignals(True)
                self.application.setCurrentIndex(self.application.findData(shown))
                self.application.blockSignals(False)
                return
        self._application_changed()

    def _ask_unsaved(self, where: str) -> QMessageBox.StandardButton:
        box = unsaved_edit_box(self, None)
        box.setText(f"Save the scorecard for {where}?")
        box.setInformativeText("Its ratings and comments are not saved yet.")
        try:
            return QMessageBox.StandardButton(box.exec())
        finally:
            box.deleteLater()

    def _application_changed(self) -> None:
        application_id = self.application_id()
        self.shown_application = application_id
        cards = self._scorecards.get(application_id, []) if application_id else []
        latest = cards[0] if cards else None
        self.scorecard_id = latest.id if latest else None
        self.scorecard_version = latest.version if latest else None
        answers = latest.answers if latest else ScorecardAnswers()
        for item_id, group in self.ratings.items():
            chosen = answers.ratings.get(item_id)
            for button in group.buttons():
                button.setChecked(group.id(button) == chosen)
            self.comments[item_id].setText(answers.comments.get(item_id, ""))
        for flag_id, check in self.flags.items():
            check.setChecked(flag_id in answers.flags)
        index = self.recommendation.findData(
            answers.recommendation.value if answers.recommendation else None
        )
        self.recommendation.setCurrentIndex(max(0, index))
        self.interviewer.setText(latest.interviewer or "" if latest else "")
        self.status.setText(f"Last saved {format_moment(latest.updated_at)}" if latest else "")
        self._shown = self._current()

    def _current(self) -> tuple[ScorecardAnswers, str]:
        return self.answers(), self.interviewer.text().strip()

    def has_unsaved_scorecard(self) -> bool:
        """Ratings, comments, flags, a verdict or an interviewer changed and not saved."""
        return self.shown_application is not None and self._current() != self._shown

    def cancel_edit(self) -> None:
        """Drop the unsaved edit: the stored scorecard again."""
        self._application_changed()

    def answers(self) -> ScorecardAnswers:
        ratings: dict[str, int] = {}
        for item_id, group in self.ratings.items():
            checked = group.checkedId()
            if checked > 0:
                ratings[item_id] = checked
        comments = {k: e.text().strip() for k, e in self.comments.items() if e.text().strip()}
        flags = frozenset(k for k, check in self.flags.items() if check.isChecked())
        verdict = self.recommendation.currentData()
        return ScorecardAnswers(
            ratings=ratings,
            comments=comments,
            flags=flags,
            recommendation=Recommendation(verdict) if verdict else None,
        )

    def save(self) -> bool:
        """Save the scorecard; False when it was refused (the pane says why)."""
        application_id = self.shown_application
        if application_id is None:
            return False
        try:
            saved, changes = save_scorecard(
                self.pane.database,
                application_id,
                self.answers(),
                scorecard_id=self.scorecard_id,
                version=self.scorecard_version,
                interviewer=self.interviewer.text(),
                interviewed_on=datetime.now(UTC).date(),
            )
        except KnownError as error:
            self.pane.show_message(str(error), error=True)
            return False
        self.scorecard_id = saved
        self.pane.publish(changes)
        self._shown = self._current()
        # Until the pane's read brings the card back with its new version, a second
        # save would be refused as made over an older one.
        self.body.setEnabled(False)
        self.pane.refresh()
        self.pane.show_message("Scorecard saved.")
        return True
