"""The sourcing notices owed (GDPR Art. 14; ``storage/notices.py``): a list of the
sourced people not yet told, the overdue flagged, each sent the shipped "sourcing
notice" template through the outreach dialog (which logs it, and the notice is then no
longer owed); and the status bar's count of them."""

from datetime import UTC, date, datetime

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recruitdesk import APP_NAME
from recruitdesk.domain.outreach import MessageKind
from recruitdesk.domain.wording import count
from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.owed_notice import OwedNotice
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.style import colors
from recruitdesk.gui.tables import make_tree
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.notices import NoticeCount, NoticeDue, count_notices_due, notices_due

COLUMNS = ("Inform by", "Due", "Name", "E-mail", "Found as")
_IdRole = Qt.ItemDataRole.UserRole + 1


def _today() -> date:
    return datetime.now(UTC).date()


def due_text(notice: NoticeDue, today: date) -> str:
    days = notice.days_left(today)
    if notice.do_not_contact:
        return "do not contact: erase them instead"
    if days < 0:
        return f"overdue by {count(-days, 'day')}"
    return "today" if days == 0 else f"in {count(days, 'day')}"


def _concerns_us(changes: Changes) -> bool:
    return changes.everything or bool(changes.candidates)


class NoticesList(QWidget):
    """Sourced people owed a notice, soonest first; "Send notice…" writes to one."""

    candidate_opened = Signal(int)
    message = Signal(str)
    #: How many are owed now (for the tab's title).
    counted = Signal(int)

    def __init__(self, database: Database, hub: ChangesHub, operations: Operations) -> None:
        super().__init__()
        self.setObjectName("noticesList")
        self.database = database
        self.operations = operations
        self.notices: list[NoticeDue] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        why = QLabel(
            "People found by sourcing gave you none of their data, so the law (GDPR "
            "Art. 14) wants them told within a month: send each the sourcing notice."
        )
        why.setWordWrap(True)
        why.setProperty("class", "muted")
        layout.addWidget(why)
        self.empty = QLabel("Nobody is owed a notice: everyone sourced has been told.")
        self.empty.setObjectName("noNoticesDue")
        layout.addWidget(self.empty)
        self.tree = make_tree("noticesDue", COLUMNS)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.send_button = QPushButton("Send notice…")
        self.send_button.setObjectName("sendNotice")
        self.open_button = QPushButton("Open candidate")
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.send_button.clicked.connect(self.send_selected)
        self.open_button.clicked.connect(self._open_selected)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self._open_selected())
        #: The list is read when first shown, and when shown after changes.
        #: The last notice's message dialog (tests reach it).
        self.dialog: OutreachDialog | None = None
        self.reads = ShownReads(self, operations, self.reload)
        hub.changed.connect(self._on_changes)
        self._update_buttons()

    def _on_changes(self, changes: Changes) -> None:
        if _concerns_us(changes):
            self.reads.changed()

    def reload(self) -> None:
        database = self.database
        self.reads.query(lambda _p: notices_due(database), self.show_notices)

    def show_notices(self, notices: list[NoticeDue]) -> None:
        self.notices = notices
        today = _today()
        self.tree.clear()
        danger = QBrush(QColor(colors()["danger"]))
        for notice in notices:
            item = QTreeWidgetItem(
                [
                    notice.inform_by.isoformat(),
                    due_text(notice, today),
                    notice.name,
                    notice.email or "no e-mail published",
                    notice.source or "",
                ]
            )
            item.setData(0, _IdRole, notice.candidate_id)
            if notice.overdue(today) or notice.do_not_contact:
                item.setForeground(1, danger)
            self.tree.addTopLevelItem(item)
        for column in range(len(COLUMNS) - 1):
            self.tree.resizeColumnToContents(column)
        self.empty.setVisible(not notices)
        self._update_buttons()
        self.counted.emit(len(notices))

    def selected_id(self) -> int | None:
        items = self.tree.selectedItems()
        return int(items[0].data(0, _IdRole)) if items else None

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.send_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)

    def send_selected(self) -> None:
        candidate_id = self.selected_id()
        if candidate_id is None:
            return
        dialog = OutreachDialog(
            self.database,
            self.operations,
            candidate_id,
            settings=QSettings(APP_NAME, APP_NAME, self),
            kind=MessageKind.SOURCING_NOTICE,
            parent=self,
        )
        dialog.delivered.connect(self.message)
        self.dialog = dialog
        dialog.open()

    def _open_selected(self) -> None:
        candidate_id = self.selected_id()
        if candidate_id is not None:
            self.candidate_opened.emit(candidate_id)


class NoticesNotice(OwedNotice[NoticeCount]):
    """The status bar's "3 sourcing notices due · 1 overdue"; a click shows them."""

    def __init__(self, database: Database, hub: ChangesHub, operations: Operations) -> None:
        super().__init__(
            "noticesNotice",
            "Sourced people not yet told (GDPR Art. 14): show them",
            hub,
            operations,
            _concerns_us,
            lambda: count_notices_due(database, _today()),
        )

    def show_owed(self, owed: NoticeCount) -> None:
        self.setText(owed.describe())
        self.setVisible(bool(owed.due))
