"""The questions the candidate pane asks about an edit of the details: whether to save
an edit about to be left (:func:`unsaved_edit_box`), and which values to keep when the
candidate was saved elsewhere meanwhile (:func:`ask_choice`).

A save over someone else's newer edit shows both values of each field the two edits set
differently, side by side, and per field the user keeps theirs or takes the other.

The storage layer refused the save with an
:class:`~recruitdesk.storage.versions.EditConflictError` and wrote nothing; the values the
user chooses are saved over the version it reported (docs/architecture.md, "Writes and
transactions")."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.candidate_fields import FIELDS
from recruitdesk.errors import KnownError
from recruitdesk.storage.candidates import update_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.versions import EditConflictError

_LABELS = {spec.name: spec.label for spec in FIELDS}
_MINE, _THEIRS = 0, 1


def shown(value: Any) -> str:
    """A stored value as the user reads it; an empty one as a dash."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ConflictDialog(QDialog):
    """One row per differing field: its label, the user's value, the stored value, and
    "Keep mine" / "Take theirs" (mine by default: it is what the user just typed)."""

    def __init__(
        self, conflict: EditConflictError, names: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editConflict")
        self.setWindowTitle("Changed elsewhere")
        self.conflict = conflict
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{conflict.what} was saved by someone else since you opened it. For each "
            "field you both changed, keep your value or take theirs."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        for column, title in enumerate(("Field", "Yours", "Theirs (saved)")):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 0, column)
        self.groups: dict[str, QButtonGroup] = {}
        for row, name in enumerate(names, start=1):
            grid.addWidget(QLabel(_LABELS.get(name, name)), row, 0)
            mine = QRadioButton(shown(conflict.mine[name]))
            mine.setObjectName(f"keepMine_{name}")
            mine.setToolTip("Keep mine")
            mine.setChecked(True)
            theirs = QRadioButton(shown(conflict.theirs.get(name)))
            theirs.setObjectName(f"takeTheirs_{name}")
            theirs.setToolTip("Take theirs")
            group = QButtonGroup(self)
            group.addButton(mine, _MINE)
            group.addButton(theirs, _THEIRS)
            self.groups[name] = group
            grid.addWidget(mine, row, 1)
            grid.addWidget(theirs, row, 2)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def take_theirs(self, name: str, theirs: bool = True) -> None:
        self.groups[name].button(_THEIRS if theirs else _MINE).setChecked(True)

    def chosen(self) -> dict[str, Any]:
        """What to save over the stored version: the user's values, but where they took
        the other one (a field taken is left as it is stored)."""
        return {
            name: value
            for name, value in self.conflict.mine.items()
            if name not in self.groups or self.groups[name].checkedId() == _MINE
        }


def contested(conflict: EditConflictError, base: Mapping[str, Any]) -> list[str]:
    """The fields both edits changed, to different values. A field only the user changed
    (still stored as they first saw it) keeps their value without asking."""
    return [name for name in conflict.differing if conflict.theirs.get(name) != base.get(name)]


def ask_choice(
    parent: QWidget, conflict: EditConflictError, base: Mapping[str, Any]
) -> Mapping[str, Any] | None:
    """The values to save over the stored version after the user chose (``base``: the
    values the user's edit started from), or ``None`` when they cancelled."""
    dialog = ConflictDialog(conflict, contested(conflict, base), parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


#: Asks which values to keep: (the refused save, the values the edit started from).
AskConflict = Callable[[EditConflictError, Mapping[str, Any]], Mapping[str, Any] | None]


def save_edit(
    database: Database,
    candidate_id: int,
    values: Mapping[str, Any],
    base: Mapping[str, Any],
    version: int,
    ask: AskConflict,
) -> Changes:
    """Save the fields of ``values`` that differ from ``base`` (what the form was shown)
    over ``version``; when someone saved the candidate meanwhile, the user chooses per
    field (``ask``) and the choice is saved over that newer version."""
    edited = {name: value for name, value in values.items() if base.get(name) != value}
    try:
        return update_candidate(database, candidate_id, edited, version=version)
    except EditConflictError as conflict:
        chosen = ask(conflict, base) if contested(conflict, base) else conflict.mine
        if chosen is None:
            raise KnownError("Not saved: your edit is still in the form.") from None
        return update_candidate(database, candidate_id, chosen, version=conflict.version)


@dataclass(frozen=True, slots=True)
class UnsavedParts:
    """Which parts of the pane hold an edit not saved yet."""

    details: bool
    note: bool
    scorecard: bool

    def sentence(self) -> str:
        """The parts named: "The note you are writing is not saved yet."; only what
        was edited is named."""
        parts = [
            part
            for part, edited in (
                ("your edits of the details", self.details),
                ("the note you are writing", self.note),
                ("the scorecard you are filling in", self.scorecard),
            )
            if edited
        ]
        if not parts:
            return ""
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        verb = "is" if parts != ["your edits of the details"] and len(parts) == 1 else "are"
        return f"{listed[0].upper()}{listed[1:]} {verb} not saved yet."


def ask_unsaved(
    parent: QWidget, name: str | None, parts: UnsavedParts
) -> QMessageBox.StandardButton:
    """Ask Save, Discard or Cancel about the unsaved ``parts`` of ``name``'s pane."""
    box = unsaved_edit_box(parent, name)
    box.setInformativeText(parts.sentence())
    try:
        return QMessageBox.StandardButton(box.exec())
    finally:
        box.deleteLater()


def unsaved_edit_box(parent: QWidget, name: str | None) -> QMessageBox:
    """Save, Discard or Cancel an edit of the details (Esc cancels, Enter saves)."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedEdit")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save your changes to {name}?" if name else "Save the new candidate?")
    box.setInformativeText("Your edits of the details are not saved yet.")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return box
