"""The pane's History tab: who did what to the candidate and when, newest first (the
audit trail of :mod:`recruitdesk.storage.audit`), read in the background."""

from functools import partial

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from recruitdesk.domain.candidate_fields import FIELDS
from recruitdesk.gui.candidate.widgets import PaneContext, format_moment
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.audit import AuditView, list_audit
from recruitdesk.storage.database import Database

_LABELS = {spec.name: spec.label for spec in FIELDS}


def describe(entry: AuditView) -> str:
    """What was done, in a sentence's words."""
    if entry.action == "create":
        return "Added the candidate"
    if entry.action == "edit":
        names = (entry.detail or "").split(", ")
        return "Edited " + ", ".join(_LABELS.get(name, name) for name in names)
    if entry.action == "move":
        return f"Moved {entry.detail}"
    if entry.action == "undo":
        return f"Undid a move: {entry.detail}"
    return entry.detail or entry.action


def _read(database: Database, candidate_id: int, _progress: Progress) -> list[AuditView]:
    return list_audit(database, candidate_id)


class AuditSection(QWidget):
    def __init__(self, pane: PaneContext, operations: Operations) -> None:
        super().__init__()
        self.pane = pane
        self.operations = operations
        self._shown_for: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setObjectName("auditTrail")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(["When", "Who", "What"])
        self.tree.setColumnWidth(0, 140)
        self.tree.setColumnWidth(1, 90)
        layout.addWidget(self.tree)

    def load(self, candidate_id: int | None) -> None:
        self._shown_for = candidate_id
        if candidate_id is None:
            self.tree.clear()
            return
        self.operations.query(
            self,
            partial(_read, self.pane.database, candidate_id),
            partial(self._landed, candidate_id),
        )

    def _landed(self, candidate_id: int, entries: list[AuditView]) -> None:
        if candidate_id == self._shown_for:  # else another candidate was opened meanwhile
            self.show_audit(candidate_id, entries)

    def show_audit(self, candidate_id: int, entries: list[AuditView]) -> None:
        self._shown_for = candidate_id
        self.tree.clear()
        for entry in entries:
            item = QTreeWidgetItem([format_moment(entry.at), entry.actor, describe(entry)])
            item.setToolTip(2, describe(entry))
            self.tree.addTopLevelItem(item)

    def rows(self) -> list[tuple[str, str, str]]:
        found = []
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None:
                found.append((item.text(0), item.text(1), item.text(2)))
        return found
