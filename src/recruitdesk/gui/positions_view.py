"""Positions: the list, and a form to create or edit one with its requirements (must-have
and nice-to-have skills from the skill lists, minimum scores, regions, level, budget).

Every save goes through :mod:`recruitdesk.storage.positions`, which checks every field;
a refused field is named beside the form and nothing is written. Each save's
:class:`Changes` goes out on :attr:`PositionsView.changes_made`.
"""

from collections.abc import Sized
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.money import CURRENCIES, Basis, format_range
from recruitdesk.domain.skills import catalogue_names, sample_skill_names, skill_choices, skill_key
from recruitdesk.domain.taxonomy import Level, PayPeriod, PositionStatus, Region, Track
from recruitdesk.errors import ValidationError
from recruitdesk.gui.style import colors
from recruitdesk.gui.tables import RowTableModel
from recruitdesk.resources import load_json, resource_path
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import (
    SCORE_NAMES,
    PositionDetails,
    create_position,
    list_positions,
    update_position,
)

COLUMNS = ("Title", "Level", "Budget", "Status", "On board")
PositionIdRole = Qt.ItemDataRole.UserRole + 1
_REGION_LABELS = {region.value: region.label for region in Region}
_STATUS_LABELS = {
    PositionStatus.OPEN.value: "Open",
    PositionStatus.ON_HOLD.value: "On hold",
    PositionStatus.FILLED.value: "Filled",
    PositionStatus.CLOSED.value: "Closed",
}


def known_skills() -> list[str]:
    """The skills a position editor offers: the demo sample's and the analysis engine's
    catalogue (when the file is there), each once."""
    sample = load_json("demo_sample.json")
    catalogue: Any = None
    if resource_path("skill_catalogue.json").is_file():
        try:
            catalogue = load_json("skill_catalogue.json")
        except ValueError:
            catalogue = None
    return skill_choices(sample_skill_names(sample), catalogue_names(catalogue))


def budget_text(position: PositionDetails) -> str:
    if position.budget_min is None and position.budget_max is None:
        return ""
    basis = Basis.HOURLY if position.budget_period == PayPeriod.HOUR.value else Basis.ANNUAL
    low = position.budget_min if position.budget_min is not None else position.budget_max
    high = position.budget_max if position.budget_max is not None else position.budget_min
    assert low is not None
    assert high is not None
    return format_range(low, high, position.budget_currency or "USD", basis)


class PositionTableModel(RowTableModel):
    """Every position (open first), with its budget and the cards on its board."""

    columns = COLUMNS

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.rows: list[PositionDetails] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = list_positions(self.database)
        self.endResetModel()

    def row_of(self, position_id: int) -> int | None:
        return next((i for i, p in enumerate(self.rows) if p.id == position_id), None)

    def table_rows(self) -> Sized:
        return self.rows

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        position = self.rows[index.row()]
        column = index.column()
        if role == PositionIdRole:
            return position.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                position.title,
                Level(position.level).label if position.level else "",
                budget_text(position),
                _STATUS_LABELS.get(position.status, position.status),
                str(position.candidates),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            must = ", ".join(position.must_have) or "none"
            regions = ", ".join(_REGION_LABELS.get(r, r) for r in position.regions) or "any"
            company = f" at {position.company}" if position.company else ""
            return f"{position.title}{company}\nRegions: {regions}\nMust have: {must}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SkillPicker(QWidget):
    """Skills chosen from a list (typing completes), shown one per line; Delete removes."""

    changed = Signal()

    def __init__(self, skills: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("Type a skill, Enter adds it")
        completer = QCompleter(QStringListModel(skills, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(completer)
        self.list = QListWidget()
        self.list.setMaximumHeight(84)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add = QPushButton("Add")
        remove = QPushButton("Remove")
        add.clicked.connect(self._add_entry)
        remove.clicked.connect(self.remove_selected)
        self.entry.returnPressed.connect(self._add_entry)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self.remove_selected)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.entry, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.list)

    def skills(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_skills(self, skills: list[str] | tuple[str, ...]) -> None:
        self.list.clear()
        for skill in skills:
            self.list.addItem(skill)

    def add(self, skill: str) -> bool:
        text = " ".join(skill.split())
        if not text or skill_key(text) in {skill_key(s) for s in self.skills()}:
            return False
        self.list.addItem(text)
        self.changed.emit()
        return True

    def _add_entry(self) -> None:
        if self.add(self.entry.text()):
            self.entry.clear()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()


class PositionsView(QWidget):
    """The positions and the requirements of the selected one."""

    changes_made = Signal(object)
    #: The position the form shows (0 while a new one is being written).
    position_selected = Signal(int)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("positionsView")
        self.database = database
        self.current_id: int | None = None
        self.model = PositionTableModel(database, self)
        self.table = QTableView()
        self.table.setObjectName("positionsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        skills = known_skills()
        self.title = QLineEdit()
        self.title.setObjectName("positionTitle")
        self.company = QLineEdit()
        self.track = QComboBox()
        self.track.addItem("Any", None)
        for track in Track:
            self.track.addItem(track.label, track.value)
        self.level = QComboBox()
        self.level.addItem("Any", None)
        for level in Level:
            self.level.addItem(level.label, level.value)
        self.status = QComboBox()
        for value, label in _STATUS_LABELS.items():
            self.status.addItem(label, value)
        self.regions = QListWidget()
        self.regions.setObjectName("positionRegions")
        for region in Region:
            item = QListWidgetItem(region.label)
            item.setData(Qt.ItemDataRole.UserRole, region.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.regions.addItem(item)
        self.regions.setMaximumHeight(self.regions.sizeHintForRow(0) * 7 + 8)
        self.must_have = SkillPicker(skills)
        self.must_have.setObjectName("mustHave")
        self.nice_to_have = SkillPicker(skills)
        self.nice_to_have.setObjectName("niceToHave")
        self.min_scores: dict[str, QSpinBox] = {}
        scores = QGridLayout()
        scores.setHorizontalSpacing(10)
        for index, name in enumerate(SCORE_NAMES):
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSpecialValueText("\u2014")
            spin.setToolTip(f"The lowest {name.replace('_', ' ')} score accepted (\u2014: none)")
            self.min_scores[name] = spin
            score_label = QLabel(name.replace("_", " ").capitalize())
            scores.addWidget(score_label, index // 2, (index % 2) * 2)
            scores.addWidget(spin, index // 2, (index % 2) * 2 + 1)
        self.budget_min = QLineEdit()
        self.budget_min.setObjectName("budgetMin")
        self.budget_min.setPlaceholderText("min")
        self.budget_max = QLineEdit()
        self.budget_max.setObjectName("budgetMax")
        self.budget_max.setPlaceholderText("max")
        self.budget_currency = QComboBox()
        for code in CURRENCIES:
            self.budget_currency.addItem(code, code)
        self.budget_period = QComboBox()
        self.budget_period.addItem("a year", PayPeriod.YEAR.value)
        self.budget_period.addItem("an hour", PayPeriod.HOUR.value)
        budget = QHBoxLayout()
        budget.addWidget(self.budget_min, 1)
        budget.addWidget(QLabel("\u2013"))
        budget.addWidget(self.budget_max, 1)
        budget.addWidget(self.budget_currency)
        budget.addWidget(self.budget_period)

        self.error = QLabel()
        self.error.setObjectName("positionError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.new_button = QPushButton("New position")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primaryButton")
        self.revert_button = QPushButton("Revert")
        self.new_button.clicked.connect(self.new_position)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Title", self.title)
        form.addRow("Company", self.company)
        form.addRow("Track", self.track)
        form.addRow("Level", self.level)
        form.addRow("Status", self.status)
        form.addRow("Regions", self.regions)
        form.addRow("Must have", self.must_have)
        form.addRow("Nice to have", self.nice_to_have)
        form.addRow("Minimum scores", scores)
        form.addRow("Budget", budget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.heading = QLabel("New position")
        self.heading.setObjectName("appTitle")
        self.heading.setWordWrap(True)
        editor = QFrame()
        editor.setObjectName("positionEditor")
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.heading)
        editor_layout.addLayout(form)
        editor_layout.addWidget(self.error)
        editor_layout.addLayout(buttons)
        editor_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(editor)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)
        if self.model.rows:
            self.select(self.model.rows[0].id)
        else:
            self.new_position()

    # -- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.current_id
        self.table.selectionModel().blockSignals(True)
        self.model.reload()
        self.table.selectionModel().blockSignals(False)
        if keep is not None and self.model.row_of(keep) is not None:
            self.select(keep)

    def apply_changes(self, changes: Changes) -> None:
        """Reload when positions or boards changed (for the app-wide change signal)."""
        if changes.everything or changes.positions or changes.applications:
            self.refresh()

    def select(self, position_id: int) -> None:
        row = self.model.row_of(position_id)
        if row is None:
            return
        self.table.selectRow(row)
        self._show(self.model.rows[row])

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show(self.model.rows[current.row()])

    # -- the form -------------------------------------------------------------------------

    def _show(self, position: PositionDetails) -> None:
        self.current_id = position.id
        self.heading.setText(position.title)
        self.title.setText(position.title)
        self.company.setText(position.company or "")
        self.track.setCurrentIndex(max(0, self.track.findData(position.track)))
        self.level.setCurrentIndex(max(0, self.level.findData(position.level)))
        self.status.setCurrentIndex(max(0, self.status.findData(position.status)))
        for index in range(self.regions.count()):
            item = self.regions.item(index)
            wanted = item.data(Qt.ItemDataRole.UserRole) in position.regions
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self.must_have.set_skills(position.must_have)
        self.nice_to_have.set_skills(position.nice_to_have)
        for name, spin in self.min_scores.items():
            spin.setValue(int(position.min_scores.get(name, 0)))
        self.budget_min.setText("" if position.budget_min is None else str(position.budget_min))
        self.budget_max.setText("" if position.budget_max is None else str(position.budget_max))
        self.budget_currency.setCurrentIndex(
            max(0, self.budget_currency.findData(position.budget_currency or "USD"))
        )
        self.budget_period.setCurrentIndex(
            max(0, self.budget_period.findData(position.budget_period or "year"))
        )
        self._show_error(None)
        self.position_selected.emit(position.id)

    def new_position(self) -> None:
        self.current_id = None
        self.table.clearSelection()
        self.heading.setText("New position")
        self._show(PositionDetails(id=0, title=""))
        self.current_id = None
        self.heading.setText("New position")
        self.title.setFocus()

    def _revert(self) -> None:
        if self.current_id is None:
            self.new_position()
        else:
            self.select(self.current_id)

    def values(self) -> dict[str, Any]:
        """The form as :func:`update_position` takes it."""
        regions = [
            self.regions.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.regions.count())
            if self.regions.item(i).checkState() == Qt.CheckState.Checked
        ]
        return {
            "title": self.title.text(),
            "company": self.company.text(),
            "track": self.track.currentData(),
            "level": self.level.currentData(),
            "status": self.status.currentData(),
            "regions": regions,
            "must_have": self.must_have.skills(),
            "nice_to_have": self.nice_to_have.skills(),
            "min_scores": {name: spin.value() for name, spin in self.min_scores.items()},
            "budget_min": self.budget_min.text(),
            "budget_max": self.budget_max.text(),
            "budget_currency": self.budget_currency.currentData(),
            "budget_period": self.budget_period.currentData(),
        }

    def save(self) -> bool:
        """Create or update the position from the form; False (and the reason shown)
        when a field is refused."""
        try:
            if self.current_id is None:
                position_id, changes = create_position(self.database, self.values())
            else:
                position_id = self.current_id
                changes = update_position(self.database, position_id, self.values())
        except ValidationError as error:
            self._show_error(error)
            return False
        self.current_id = position_id
        self.refresh()
        self.select(position_id)
        if changes:
            self.changes_made.emit(changes)
        return True

    def _show_error(self, error: ValidationError | None) -> None:
        if error is None:
            self.error.setVisible(False)
            self.error.clear()
            return
        lines = [f"{name.replace('_', ' ')}: {text}" for name, text in error.problems.items()]
        self.error.setText("\n".join(lines))
        self.error.setStyleSheet(f"color: {colors()['danger']};")
        self.error.setVisible(True)
