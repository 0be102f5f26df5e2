"""The requirements form of one position: title, company, track, level, status,
regions, must-have and nice-to-have skills, minimum scores and budget, with the fields
storage refused named under it.

The form holds no rules of its own: it shows a :class:`PositionDetails` and gives its
fields back as :func:`~recruitdesk.storage.positions.update_position` takes them, and
storage checks every field.
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.money import CURRENCIES
from recruitdesk.domain.position_fields import SCORE_NAMES
from recruitdesk.domain.skills import catalogue_names, sample_skill_names, skill_choices
from recruitdesk.domain.taxonomy import Level, PayPeriod, Region, Track
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.gui.positions_model import STATUS_LABELS
from recruitdesk.gui.skill_picker import SkillPicker
from recruitdesk.gui.style import colors
from recruitdesk.resources import load_json, resource_path
from recruitdesk.storage.positions import PositionDetails


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


class PositionEditor(QFrame):
    """The form, its heading, the refused fields, and the New, Revert and Save buttons
    (whoever holds the form connects them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("positionEditor")
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
        for value, label in STATUS_LABELS.items():
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
        for amount in (self.budget_min, self.budget_max):
            # A whole salary stays readable when the row is squeezed.
            amount.setMinimumWidth(amount.fontMetrics().horizontalAdvance("0000000") + 16)
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

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Narrow (the pane open beside it), a field too wide for its row goes under its label.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        #: The form as last filled: what :meth:`edited` compares with.
        self.filled: dict[str, Any] = self.values()

    def fill(self, position: PositionDetails) -> None:
        """Show ``position``, its title as the heading, and no refused field."""
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
        self.show_error(None)
        self.filled = self.values()

    def edited(self) -> bool:
        """Whether the form holds an edit not saved yet."""
        return self.values() != self.filled

    def values(self) -> dict[str, Any]:
        """The form as :func:`~recruitdesk.storage.positions.update_position` takes it."""
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

    def show_error(self, error: KnownError | None) -> None:
        """Name each refused field under the form, or say the one sentence of another
        refusal; ``None`` hides the message."""
        if error is None:
            self.error.setVisible(False)
            self.error.clear()
            return
        if isinstance(error, ValidationError):
            problems = error.problems.items()
            lines = [f"{name.replace('_', ' ')}: {text}" for name, text in problems]
        else:
            lines = [str(error)]
        self.error.setText("\n".join(lines))
        self.error.setStyleSheet(f"color: {colors()['danger']};")
        self.error.setVisible(True)
