"""Two candidates side by side, field by field, with a choice per field of whose value
the merged candidate keeps (a list field may keep both). Plain widgets: the page reads
and writes (:mod:`recruitdesk.gui.duplicates_view`)."""

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from recruitdesk.domain.candidate_fields import FIELDS, FieldSpec
from recruitdesk.storage.candidate_merge import ABSORBED, BOTH, KEPT, default_choices
from recruitdesk.storage.candidates import CandidateDetails

_CHOICES = (KEPT, ABSORBED, BOTH)


PICK_A_PAIR = "Pick a pair to compare them field by field and choose what to keep."
NO_PAIRS = "No possible duplicates to compare."

#: Characters of a value a row shows; the whole value is its tooltip.
_SHOWN_CHARS = 24


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "\u2026"


def _text(value: Any, spec: FieldSpec) -> str:
    """A value as the pane shows it: a choice by its label ("Western Europe")."""
    if value is None or value == ():
        return ""
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return dict(spec.choices).get(str(value), str(value))


class MergePanel(QWidget):
    """Field rows for a pair; :meth:`choices` says what the user picked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergePanel")
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.groups: dict[str, QButtonGroup] = {}
        self.kept: CandidateDetails | None = None
        self.absorbed: CandidateDetails | None = None
        self.clear()

    def clear(self, hint_text: str = PICK_A_PAIR) -> None:
        """No pair: say what the panel is for."""
        self._empty()
        hint = QLabel(hint_text)
        hint.setProperty("class", "muted")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid.addWidget(hint, 0, 0, 1, 3)

    def _empty(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for group in self.groups.values():
            group.deleteLater()
        self.groups = {}
        self.kept = self.absorbed = None

    def show_pair(self, kept: CandidateDetails, absorbed: CandidateDetails) -> None:
        """One row per field either has; where they differ the user picks, and the kept
        one's value is picked first unless only the other has one."""
        self._empty()
        self.kept, self.absorbed = kept, absorbed
        for column, (title, person) in enumerate(
            (("Keep", kept), ("Merge in, then remove", absorbed)), start=1
        ):
            head = QLabel(f"<b>{title}</b><br>{escape(person.full_name)} ({person.id})")
            head.setTextFormat(Qt.TextFormat.RichText)
            self.grid.addWidget(head, 0, column)
        row = 1
        defaults = default_choices(kept, absorbed)
        for spec in FIELDS:
            values = getattr(kept, spec.name), getattr(absorbed, spec.name)
            mine, theirs = (_text(value, spec) for value in values)
            if not mine and not theirs:
                continue
            self.grid.addWidget(QLabel(spec.label), row, 0)
            if values[0] == values[1] or not theirs:
                same = QLabel(_short(mine))
                same.setToolTip(mine)
                self.grid.addWidget(same, row, 1, 1, 2)
                row += 1
                continue
            group = QButtonGroup(self)
            options = [(KEPT, mine or "(empty)", 1), (ABSORBED, theirs, 2)]
            if spec.is_list:
                options.append((BOTH, "both", 3))
            for choice, text, column in options:
                button = QRadioButton(_short(text))
                button.setToolTip(text)
                button.setObjectName(f"merge_{spec.name}_{choice}")
                button.setProperty("choice", choice)
                group.addButton(button, _CHOICES.index(choice))
                self.grid.addWidget(button, row, column)
            button_for = group.button(_CHOICES.index(defaults.get(spec.name, KEPT)))
            button_for.setChecked(True)
            self.groups[spec.name] = group
            row += 1
        self.grid.setRowStretch(row, 1)

    def choices(self) -> dict[str, str]:
        """Field -> ``kept``, ``absorbed`` or ``both``, for the fields that differ."""
        return {name: _CHOICES[group.checkedId()] for name, group in self.groups.items()}
