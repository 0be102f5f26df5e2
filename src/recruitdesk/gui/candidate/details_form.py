"""The candidate's editable fields, built from the field table: one editor a field, the
reason it was refused shown beneath it. The rules are the table's
(:mod:`recruitdesk.domain.candidate_fields`), the ones the storage layer and the
importer apply, so what the form takes is what can be saved."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.candidate_fields import FIELDS, FieldKind, problem
from recruitdesk.gui.style import set_flag
from recruitdesk.storage.candidates import CandidateDetails

#: Fields checked at each key stroke: their syntax is what people get wrong. The others
#: are checked when the editor is left, so a date or a number half typed is not refused.
_CHECKED_AS_TYPED = frozenset({"email", "github_login", "links"})


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
        for spec in FIELDS:
            editor = self._editor(spec.name, spec.kind, spec.choices, spec.placeholder)
            editor.setObjectName(f"field:{spec.name}")
            error = QLabel()
            error.setObjectName(f"fieldError:{spec.name}")
            error.setWordWrap(True)
            error.hide()
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            form.addRow(spec.label, box)
            self.editors[spec.name] = editor
            self.errors[spec.name] = error

    def _editor(
        self,
        name: str,
        kind: FieldKind,
        choices: tuple[tuple[str, str], ...],
        placeholder: str,
    ) -> QLineEdit | QComboBox | QPlainTextEdit:
        if kind is FieldKind.CHOICE:
            combo = QComboBox()
            combo.addItem("—", None)
            for value, text in choices:
                combo.addItem(text, value)
            return combo
        if kind is FieldKind.LINKS:
            lines = QPlainTextEdit()
            lines.setPlaceholderText(placeholder)
            lines.setFixedHeight(64)
            lines.textChanged.connect(lambda: self.check(name))
            return lines
        line = QLineEdit()
        line.setPlaceholderText(placeholder)
        if name in _CHECKED_AS_TYPED:
            line.textChanged.connect(lambda _text: self.check(name))
        else:
            line.editingFinished.connect(lambda: self.check(name))
        return line

    def check(self, name: str) -> None:
        """Show why the field's text is refused, or clear the reason."""
        self.set_problem(name, problem(name, self.value(name)))

    def set_problem(self, name: str, reason: str | None) -> None:
        label = self.errors[name]
        editor = self.editors[name]
        label.setText(reason or "")
        label.setVisible(bool(reason))
        set_flag(editor, "invalid", bool(reason))

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Show these reasons beside their fields, and clear every other."""
        for name in self.errors:
            self.set_problem(name, problems.get(name))

    def clear_problems(self) -> None:
        self.show_problems({})

    def problems(self) -> dict[str, str]:
        return {name: label.text() for name, label in self.errors.items() if label.text()}

    def value(self, name: str) -> Any:
        """What the editor holds: the text, a choice's value, or the lines of a list."""
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            return [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]
        return editor.text()

    def values(self) -> dict[str, Any]:
        return {name: self.value(name) for name in self.editors}

    def show_details(self, details: CandidateDetails | None) -> None:
        for spec in FIELDS:
            editor = self.editors[spec.name]
            value = getattr(details, spec.name) if details is not None else None
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText("\n".join(value or ()))
            elif spec.kind is FieldKind.WORDS:
                editor.setText(", ".join(value or ()))
            elif value is None:
                editor.setText("")
            else:
                editor.setText(value.isoformat() if isinstance(value, date) else str(value))
            if isinstance(editor, QLineEdit):
                editor.setCursorPosition(0)
        self.clear_problems()
