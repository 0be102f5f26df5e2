"""A list of skills picked from the known ones: typing completes, one skill per line,
each skill once (compared by its key, so "fastapi" is "FastAPI")."""

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.skills import skill_key


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
