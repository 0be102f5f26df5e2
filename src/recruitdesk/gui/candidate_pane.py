"""The candidate pane: details with validation, tags, notes, the stage timeline,
interview scorecards with the red-flag checklist, and the analysis section.

Everything shown comes from the storage layer as plain values; every write goes through
a storage function and its :class:`Changes` goes out on the app-wide signal.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
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
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.interview import (
    Recommendation,
    ScorecardAnswers,
    interview_kit,
)
from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.taxonomy import Employment, Level, PayPeriod, Region, Track
from recruitdesk.domain.validation import email_problem, github_login_problem, url_problem
from recruitdesk.errors import KnownError
from recruitdesk.gui.ask_bar import AskBar
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.style import score_bar_palette
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import (
    ApplicationView,
    CandidateDetails,
    ValidationError,
    add_note,
    create_candidate,
    delete_note,
    edit_note,
    get_candidate,
    latest_analysis,
    list_applications,
    list_notes,
    list_scorecards,
    save_scorecard,
    stage_timeline,
    update_candidate,
)
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.queries import list_positions

NoteIdRole = Qt.ItemDataRole.UserRole + 1

#: (field, label, kind): "text", "choice", "lines" (one item a line), "list" (commas).
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("full_name", "Name", "text"),
    ("email", "E-mail", "text"),
    ("phone", "Phone", "text"),
    ("location", "Location", "text"),
    ("region", "Region", "choice"),
    ("github_login", "GitHub login", "text"),
    ("links", "Links", "lines"),
    ("track", "Track", "choice"),
    ("level", "Level", "choice"),
    ("years_experience", "Years", "text"),
    ("employment", "Employment", "choice"),
    ("ask_amount", "Ask", "text"),
    ("ask_currency", "Currency", "text"),
    ("ask_period", "Per", "choice"),
    ("notice_weeks", "Notice (weeks)", "text"),
    ("source", "Source", "text"),
    ("skills", "Skills", "list"),
    ("tags", "Tags", "list"),
    ("consent_until", "Consent until", "text"),
)
_CHOICES: dict[str, list[tuple[str, str]]] = {
    "region": [(r.value, r.label) for r in Region],
    "track": [(t.value, t.label) for t in Track],
    "level": [(v.value, v.label) for v in Level],
    "employment": [
        (Employment.FULL_TIME.value, "Full-time"),
        (Employment.CONTRACT.value, "Contract"),
        (Employment.EITHER.value, "Either"),
    ],
    "ask_period": [(PayPeriod.YEAR.value, "Year"), (PayPeriod.HOUR.value, "Hour")],
}
#: Checks run as the user types (the storage layer runs them again on save).
_LIVE_CHECKS: dict[str, Callable[[str], str | None]] = {
    "email": email_problem,
    "github_login": github_login_problem,
}


def _fmt_date(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.astimezone().strftime("%d %b %Y, %H:%M")
    return moment.strftime("%d %b %Y")


def _section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("class", "muted")
    return label


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName("paneScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


class DetailsForm(QWidget):
    """The editable fields, each with the reason it was refused shown beneath it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, QLineEdit | QComboBox | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(4, 8, 8, 8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        for name, label, kind in FIELDS:
            editor: QLineEdit | QComboBox | QPlainTextEdit
            if kind == "choice":
                combo = QComboBox()
                combo.addItem("—", None)
                for value, text in _CHOICES[name]:
                    combo.addItem(text, value)
                editor = combo
            elif kind == "lines":
                lines = QPlainTextEdit()
                lines.setPlaceholderText("One address a line")
                lines.setFixedHeight(64)
                lines.textChanged.connect(lambda n=name: self._live_check(n))
                editor = lines
            else:
                line = QLineEdit()
                if kind == "list":
                    line.setPlaceholderText("Separated by commas")
                if name == "consent_until":
                    line.setPlaceholderText("YYYY-MM-DD")
                if name in _LIVE_CHECKS:
                    line.textChanged.connect(lambda _t, n=name: self._live_check(n))
                editor = line
            editor.setObjectName(f"field:{name}")
            error = QLabel()
            error.setObjectName(f"fieldError:{name}")
            error.setWordWrap(True)
            error.hide()
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            form.addRow(label, box)
            self.editors[name] = editor
            self.errors[name] = error

    def _live_check(self, name: str) -> None:
        value = self.value(name)
        problem: str | None = None
        if name == "links":
            for link in value or []:
                problem = url_problem(link)
                if problem:
                    problem = f"{link}: {problem}"
                    break
        elif name in _LIVE_CHECKS:
            problem = _LIVE_CHECKS[name](str(value or "").strip())
        self.set_problem(name, problem)

    def set_problem(self, name: str, problem: str | None) -> None:
        label = self.errors[name]
        editor = self.editors[name]
        label.setText(problem or "")
        label.setVisible(bool(problem))
        editor.setProperty("invalid", bool(problem))
        editor.style().unpolish(editor)
        editor.style().polish(editor)

    def clear_problems(self) -> None:
        for name in self.errors:
            self.set_problem(name, None)

    def problems(self) -> dict[str, str]:
        return {name: label.text() for name, label in self.errors.items() if label.text()}

    def value(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            return [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]
        return editor.text()

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, _label, _kind in FIELDS:
            found[name] = self.value(name)
        return found

    def show_details(self, details: CandidateDetails | None) -> None:
        for name, _label, kind in FIELDS:
            editor = self.editors[name]
            value = getattr(details, name) if details is not None else None
            if isinstance(editor, QComboBox):
                index = editor.findData(value)
                editor.setCurrentIndex(max(0, index))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText("\n".join(value or ()))
            elif kind == "list":
                editor.setText(", ".join(value or ()))
            elif value is None:
                editor.setText("")
            else:
                editor.setText(value.isoformat() if isinstance(value, date) else str(value))
            if isinstance(editor, QLineEdit):
                editor.setCursorPosition(0)
        self.clear_problems()


class NotesSection(QWidget):
    """Notes: add, edit, delete, and a private flag on each."""

    def __init__(self, pane: "CandidatePane") -> None:
        super().__init__()
        self.pane = pane
        self.editing: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        self.list = QListWidget()
        self.list.setObjectName("notesList")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText("Write a note…")
        self.editor.setFixedHeight(80)
        self.private = QCheckBox("Private (never leaves this database)")
        self.private.setObjectName("notePrivate")
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Add note")
        self.save_button.setObjectName("saveNote")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.edit_button = QPushButton("Edit")
        self.edit_button.setObjectName("editNote")
        self.edit_button.clicked.connect(self.start_edit)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteNote")
        self.delete_button.clicked.connect(self.delete)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.cancel_button.hide()
        for button in (self.save_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor)
        layout.addWidget(self.private)
        layout.addLayout(buttons)
        self._selection_changed()

    def load(self, candidate_id: int | None) -> None:
        self.list.clear()
        self.cancel_edit()
        if candidate_id is None:
            return
        for note in list_notes(self.pane.database, candidate_id):
            lock = "Private · " if note.private else ""
            meta = f"{lock}{note.author or 'unknown'} · {_fmt_date(note.created_at)}"
            item = QListWidgetItem(f"{note.body}\n{meta}")
            item.setData(NoteIdRole, note.id)
            item.setData(Qt.ItemDataRole.UserRole + 2, (note.body, note.private))
            self.list.addItem(item)

    def _selected(self) -> QListWidgetItem | None:
        items = self.list.selectedItems()
        return items[0] if items else None

    def _selection_changed(self) -> None:
        has = self._selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def start_edit(self) -> None:
        item = self._selected()
        if item is None:
            return
        body, private = item.data(Qt.ItemDataRole.UserRole + 2)
        self.editing = int(item.data(NoteIdRole))
        self.editor.setPlainText(body)
        self.private.setChecked(bool(private))
        self.save_button.setText("Save note")
        self.cancel_button.show()

    def cancel_edit(self) -> None:
        self.editing = None
        self.editor.clear()
        self.private.setChecked(False)
        self.save_button.setText("Add note")
        self.cancel_button.hide()

    def save(self) -> None:
        candidate_id = self.pane.candidate_id
        if candidate_id is None:
            return
        body = self.editor.toPlainText()
        try:
            if self.editing is None:
                _note, changes = add_note(
                    self.pane.database,
                    candidate_id,
                    body,
                    private=self.private.isChecked(),
                    author=self.pane.author,
                )
            else:
                changes = edit_note(
                    self.pane.database, self.editing, body=body, private=self.private.isChecked()
                )
        except KnownError as error:
            self.pane.show_message(str(error), error=True)
            return
        self.pane.publish(changes)

    def delete(self) -> None:
        item = self._selected()
        if item is None:
            return
        try:
            changes = delete_note(self.pane.database, int(item.data(NoteIdRole)))
        except KnownError as error:
            self.pane.show_message(str(error), error=True)
            return
        self.pane.publish(changes)


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

    def __init__(self, pane: "CandidatePane") -> None:
        super().__init__()
        self.pane = pane
        self.kit = interview_kit()
        self.scorecard_id: int | None = None
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
        self.application.currentIndexChanged.connect(self._application_changed)
        top.addWidget(QLabel("Position"))
        top.addWidget(self.application, 1)
        outer.addLayout(top)
        self.empty = _muted(
            "Scorecards belong to a position: put the candidate on a position's board first."
        )
        outer.addWidget(self.empty)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        scale = " · ".join(f"{r.value} {r.label}" for r in self.kit.rating_scale)
        body.addWidget(_muted(f"Rate each from 1 to 4: {scale}."))
        for number, item in enumerate(self.kit.rated_items, start=1):
            title = "Code review exercise" if item.id == self.kit.code_review.id else f"Q{number}"
            box = QFrame()
            box.setObjectName("kitItem")
            grid = QGridLayout(box)
            grid.setContentsMargins(10, 8, 10, 8)
            prompt = QLabel(f"<b>{title}.</b> {item.prompt}")
            prompt.setWordWrap(True)
            tests = _muted(f"Tests: {item.tests} Listen for: {item.listen_for}")
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
        body.addWidget(_section_label("Red flags seen"))
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
        self.status = _muted("")
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

    def load(self, applications: list[ApplicationView], prefer: int | None) -> None:
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
        self._application_changed()

    def application_id(self) -> int | None:
        data = self.application.currentData()
        return int(data) if data is not None else None

    def _application_changed(self) -> None:
        application_id = self.application_id()
        cards = list_scorecards(self.pane.database, application_id) if application_id else []
        latest = cards[0] if cards else None
        self.scorecard_id = latest.id if latest else None
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
        self.status.setText(f"Last saved {_fmt_date(latest.updated_at)}" if latest else "")

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

    def save(self) -> None:
        application_id = self.application_id()
        if application_id is None:
            return
        try:
            saved, changes = save_scorecard(
                self.pane.database,
                application_id,
                self.answers(),
                scorecard_id=self.scorecard_id,
                interviewer=self.interviewer.text(),
                interviewed_on=datetime.now(UTC).date(),
            )
        except KnownError as error:
            self.pane.show_message(str(error), error=True)
            return
        self.scorecard_id = saved
        self.pane.publish(changes)
        self.pane.show_message("Scorecard saved.")


class AnalysisSection(QWidget):
    """Scores with their reasons, verified skills with evidence, red flags; or an
    honest empty state before the first analysis."""

    def __init__(self, pane: "CandidatePane") -> None:
        super().__init__()
        self.pane = pane
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 8, 8, 8)

    def _clear(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def load(self, candidate_id: int | None) -> None:
        self._clear()
        analysis = latest_analysis(self.pane.database, candidate_id) if candidate_id else None
        if analysis is None:
            empty = QFrame()
            empty.setObjectName("analysisEmpty")
            box = QVBoxLayout(empty)
            box.setContentsMargins(16, 14, 16, 14)
            box.addWidget(_section_label("Not analysed yet"))
            box.addWidget(
                _muted(
                    "No analysis of this candidate's code is stored yet. Analyse GitHub "
                    "(above) runs one in the background; 'recruitdesk analyze --path' "
                    "reads a take-home archive. It shows code-quality scores with the "
                    "reasons behind each, the skills their repositories prove with the "
                    "files as evidence, and red flags such as missing tests."
                )
            )
            self.layout_.addWidget(empty)
            self.layout_.addStretch(1)
            return
        source = analysis.login or analysis.source
        self.layout_.addWidget(_muted(f"Analysed {_fmt_date(analysis.analyzed_at)} from {source}."))
        self.layout_.addWidget(_section_label("Scores"))
        order = ["overall", *sorted(k for k in analysis.scores if k != "overall")]
        for name in order:
            if name not in analysis.scores:
                continue
            row = QWidget()
            grid = QGridLayout(row)
            grid.setContentsMargins(0, 0, 0, 0)
            title = QLabel(name.replace("_", " ").capitalize())
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(round(analysis.scores[name]))
            bar.setPalette(score_bar_palette(analysis.scores[name]))
            bar.setFormat("%v")
            grid.addWidget(title, 0, 0)
            grid.addWidget(bar, 0, 1)
            grid.setColumnMinimumWidth(0, 130)
            reasons = analysis.explanations.get(name, ())
            if reasons:
                grid.addWidget(_muted("\n".join(f"• {r}" for r in reasons)), 1, 0, 1, 2)
            self.layout_.addWidget(row)
        self.layout_.addWidget(_section_label("Verified skills"))
        if not analysis.skills:
            self.layout_.addWidget(_muted("No skill could be verified from the code."))
        for skill in analysis.skills:
            evidence = "; ".join(f"{repo}/{path}: {why}" for repo, path, why in skill.evidence[:3])
            label = QLabel(f"<b>{skill.name}</b> ({skill.confidence:.0%})")
            self.layout_.addWidget(label)
            if evidence:
                self.layout_.addWidget(_muted(evidence))
        self.layout_.addWidget(_section_label("Red flags"))
        if not analysis.red_flags:
            self.layout_.addWidget(_muted("None found."))
        for code, message in analysis.red_flags:
            flag = QLabel(f"⚑ {message} ({code})")
            flag.setWordWrap(True)
            flag.setObjectName("redFlag")
            self.layout_.addWidget(flag)
        self.layout_.addStretch(1)


class CandidatePane(QFrame):
    """Everything about one candidate, beside the board or the candidates table."""

    closed = Signal()
    #: "Analyse GitHub": the candidate ids to queue (the main window's job manager).
    analyse_requested = Signal(list)
    #: "PDF": the candidate's report (the main window asks where to save it).
    report_requested = Signal()

    def __init__(self, database: Database, hub: ChangesHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidatePane")
        self.database = database
        self.hub = hub
        self.candidate_id: int | None = None
        self.application_id: int | None = None
        self.author = "Recruiter"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 12, 12)
        layout.setSpacing(8)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        self.name = QLabel()
        self.name.setObjectName("paneTitle")
        self.name.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("paneSubtitle")
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.name)
        titles.addWidget(self.subtitle)
        close = QToolButton()
        close.setObjectName("closePane")
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.setShortcut("Esc")
        close.clicked.connect(self.close_pane)
        self.analyse_button = QPushButton("Analyse GitHub")
        self.analyse_button.setObjectName("analyseGithub")
        self.analyse_button.clicked.connect(self.analyse_github)
        self.report_button = QPushButton("PDF")
        self.report_button.setObjectName("candidateReport")
        self.report_button.setToolTip("Save this candidate's report as a PDF (Ctrl+P)")
        self.report_button.clicked.connect(self.report_requested)
        head.addLayout(titles, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        # The actions sit under the name, which keeps the pane's whole width.
        actions = QHBoxLayout()
        self.tags = QLabel()
        self.tags.setObjectName("tagChips")
        self.tags.setTextFormat(Qt.TextFormat.RichText)
        actions.addWidget(self.tags, 1)
        actions.addWidget(self.analyse_button)
        actions.addWidget(self.report_button)
        layout.addLayout(actions)
        self.message = QLabel()
        self.message.setObjectName("paneMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("paneTabs")
        self.tabs.setDocumentMode(True)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        self.form = DetailsForm()
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.form)
        # The ask against the market band of the candidate's region and level.
        self.ask_bar = AskBar()
        self.ask_bar.setObjectName("askBar")
        holder_layout.addWidget(self.ask_bar)
        holder_layout.addStretch(1)
        details_layout.addWidget(_scroll(holder), 1)
        buttons = QHBoxLayout()
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self.reload)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveCandidate")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        details_layout.addLayout(buttons)
        self.tabs.addTab(details, "Details")
        self.notes = NotesSection(self)
        self.tabs.addTab(self.notes, "Notes")
        timeline = QWidget()
        timeline_layout = QVBoxLayout(timeline)
        timeline_layout.setContentsMargins(4, 8, 8, 8)
        timeline_layout.addWidget(_section_label("Positions"))
        self.applications = QListWidget()
        self.applications.setObjectName("applicationsList")
        self.applications.setMaximumHeight(110)
        self.applications.setWordWrap(True)
        timeline_layout.addWidget(self.applications)
        add_row = QHBoxLayout()
        self.board_choice = QComboBox()
        self.board_choice.setObjectName("addToBoardPosition")
        self.board_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.board_choice.setMinimumContentsLength(16)
        self.add_button = QPushButton("Put on board")
        self.add_button.setObjectName("addToBoard")
        self.add_button.clicked.connect(self.put_on_board)
        add_row.addWidget(self.board_choice, 1)
        add_row.addWidget(self.add_button)
        timeline_layout.addLayout(add_row)
        timeline_layout.addWidget(_section_label("Stage history"))
        self.timeline = QListWidget()
        self.timeline.setObjectName("timelineList")
        self.timeline.setWordWrap(True)
        for listing in (self.applications, self.timeline):
            listing.setResizeMode(QListView.ResizeMode.Adjust)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        timeline_layout.addWidget(self.timeline, 1)
        self.tabs.addTab(timeline, "Pipeline")
        self.interview = InterviewSection(self)
        self.tabs.addTab(_scroll(self.interview), "Interview")
        self.analysis = AnalysisSection(self)
        self.tabs.addTab(_scroll(self.analysis), "Analysis")
        layout.addWidget(self.tabs, 1)
        hub.changed.connect(self.on_changes)
        self.setMinimumWidth(380)

    # -- showing ---------------------------------------------------------------------

    def show_candidate(self, candidate_id: int, application_id: int | None = None) -> None:
        self.candidate_id = candidate_id
        self.application_id = application_id
        self.reload()
        self.show()

    def new_candidate(self) -> None:
        """An empty form; Save creates the candidate."""
        self.candidate_id = None
        self.application_id = None
        self.name.setText("New candidate")
        self.subtitle.setText("Fill in at least the name, then Save.")
        self.tags.setText("")
        self.form.show_details(None)
        self.ask_bar.show_candidate(None, None, None, None, None)
        self.notes.load(None)
        self.applications.clear()
        self.timeline.clear()
        self.interview.load([], None)
        self.analysis.load(None)
        self.analyse_button.setEnabled(False)
        self.report_button.setEnabled(False)
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, False)
        self.tabs.setCurrentIndex(0)
        self.message.hide()
        self.show()
        self.form.editors["full_name"].setFocus()

    def reload(self) -> None:
        if self.candidate_id is None:
            self.new_candidate()
            return
        try:
            details = get_candidate(self.database, self.candidate_id)
        except KnownError as error:
            self.show_message(str(error), error=True)
            self.candidate_id = None
            self.hide()
            return
        for index in range(self.tabs.count()):
            self.tabs.setTabEnabled(index, True)
        self._show_header(details)
        self.form.show_details(details)
        self.ask_bar.show_candidate(
            details.region,
            details.level,
            details.ask_amount,
            details.ask_currency,
            details.ask_period,
        )
        self.notes.load(details.id)
        applications = list_applications(self.database, details.id)
        self._show_pipeline(details.id, applications)
        self.interview.load(applications, self.application_id)
        self.analysis.load(details.id)

    def analyse_github(self) -> None:
        if self.candidate_id is not None:
            self.analyse_requested.emit([self.candidate_id])
            self.show_message("GitHub analysis requested: follow it under Jobs.")

    def _show_header(self, details: CandidateDetails) -> None:
        self.report_button.setEnabled(True)
        self.analyse_button.setEnabled(bool(details.github_login))
        self.analyse_button.setToolTip(
            f"Analyse the code of {details.github_login} on GitHub, in the background"
            if details.github_login
            else "Add a GitHub login under Details first"
        )
        self.name.setText(details.full_name)
        parts = []
        if details.level in {v.value for v in Level}:
            parts.append(Level(details.level).label)
        if details.track in {t.value for t in Track}:
            parts.append(Track(details.track).label)
        if details.region in {r.value for r in Region}:
            parts.append(Region(details.region).label)
        if details.location:
            parts.append(details.location)
        self.subtitle.setText(" · ".join(parts))
        chips = "".join(
            f'<span style="background:#4f86c6;color:white;">&nbsp;{tag}&nbsp;</span>&nbsp; '
            for tag in details.tags
        )
        self.tags.setText(chips)
        self.tags.setVisible(bool(details.tags))

    def _show_pipeline(self, candidate_id: int, applications: list[ApplicationView]) -> None:
        on_board = {app.position_id for app in applications}
        self.board_choice.clear()
        for position in list_positions(self.database):
            if position.id not in on_board:
                self.board_choice.addItem(position.label, position.id)
        self.board_choice.setEnabled(self.board_choice.count() > 0)
        self.add_button.setEnabled(self.board_choice.count() > 0)
        self.applications.clear()
        for app in applications:
            days = (datetime.now(UTC) - app.entered_stage_at).days
            where = f"{app.position_title} — {app.company}" if app.company else app.position_title
            text = f"{where}: {Stage(app.stage).label}, {days} d"
            if app.rejection_reason:
                text += f" ({app.rejection_reason})"
            self.applications.addItem(text)
        self.timeline.clear()
        for entry in reversed(stage_timeline(self.database, candidate_id)):
            move = (
                f"{Stage(entry.from_stage).label} → {Stage(entry.to_stage).label}"
                if entry.from_stage
                else f"Added at {Stage(entry.to_stage).label}"
            )
            text = f"{_fmt_date(entry.changed_at)} · {entry.position_title}\n{move}"
            if entry.reason:
                text += f": {entry.reason}"
            self.timeline.addItem(text)

    # -- writing ---------------------------------------------------------------------

    def save(self) -> bool:
        values = self.form.values()
        consent = str(values.get("consent_until") or "").strip()
        problems: dict[str, str] = {}
        if consent:
            try:
                values["consent_until"] = date.fromisoformat(consent)
            except ValueError:
                problems["consent_until"] = "A date is written YYYY-MM-DD."
        else:
            values["consent_until"] = None
        try:
            if problems:
                raise ValidationError(problems)
            if self.candidate_id is None:
                self.candidate_id, changes = create_candidate(self.database, values)
            else:
                changes = update_candidate(self.database, self.candidate_id, values)
        except ValidationError as error:
            self.form.clear_problems()
            for name, problem in error.problems.items():
                if name in self.form.errors:
                    self.form.set_problem(name, problem)
            count = len(error.problems)
            self.show_message(
                f"Not saved: {count} field{'s' if count > 1 else ''} to fix.", error=True
            )
            return False
        except KnownError as error:
            self.show_message(str(error), error=True)
            return False
        self.form.clear_problems()
        self.publish(changes)
        self.reload()
        self.show_message("Saved.")
        return True

    def put_on_board(self) -> None:
        """Add the candidate to the chosen position's board, in the first column."""
        position_id = self.board_choice.currentData()
        if self.candidate_id is None or position_id is None:
            return
        try:
            application_id, changes = add_to_board(self.database, self.candidate_id, position_id)
        except KnownError as error:
            self.show_message(str(error), error=True)
            return
        self.application_id = application_id
        self.publish(changes)
        self.show_message("Put on the board, in Sourced.")

    def publish(self, changes: Changes) -> None:
        self.hub.publish(changes)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def on_changes(self, changes: Changes) -> None:
        if self.candidate_id is None or not self.isVisible():
            return
        if changes.everything or self.candidate_id in changes.candidates:
            if self.candidate_id in changes.candidates and not changes.everything:
                # Keep edits in progress in the form: refresh the other sections only.
                self._refresh_sections()
                return
            self.reload()
            return
        if changes.applications:
            self._refresh_sections()

    def _refresh_sections(self) -> None:
        assert self.candidate_id is not None
        try:
            details = get_candidate(self.database, self.candidate_id)
        except KnownError:
            self.candidate_id = None
            self.close_pane()
            return
        self._show_header(details)
        self.notes.load(details.id)
        applications = list_applications(self.database, details.id)
        self._show_pipeline(details.id, applications)
        selected = self.interview.application_id() or self.application_id
        self.interview.load(applications, selected)
        self.analysis.load(details.id)  # a finished GitHub analysis lands here

    def close_pane(self) -> None:
        self.hide()
        self.closed.emit()
