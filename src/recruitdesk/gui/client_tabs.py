"""The Clients page's contacts and placements tabs: a client's contacts, and its
placements (fee, currency, start and guarantee) of candidates submitted to it. Both write
through ``Operations``; a refused fee or guarantee is one sentence in the status bar, and
the change signal reloads the page. A placement is edited in a dialog or removed; both
go on the window's undo stack (Ctrl+Z)."""

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.money import CURRENCIES
from recruitdesk.gui.client_record_dialogs import PlacementDialog, chosen_day, typed_fee
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.record_actions import RecordActions, RecordStore, RecordWords
from recruitdesk.gui.tables import make_tree
from recruitdesk.gui.wrapping_row import WrappingRow, labelled
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import ContactView, add_contact, remove_contact
from recruitdesk.storage.database import Database
from recruitdesk.storage.placements import (
    PlacementRecord,
    PlacementView,
    edit_placement,
    get_placement,
    record_placement,
    remove_placement,
    restore_placement,
)
from recruitdesk.storage.submissions import SubmissionView

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The client the page shows now, or ``None``.
ClientOf = Callable[[], int | None]


def tree_row(texts: list[str], row_id: int) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    item.setData(0, ID_ROLE, row_id)
    return item


def fit_columns(tree: QTreeWidget, *, stretch: tuple[int, ...] = ()) -> None:
    """Columns at their contents' width, but the ``stretch`` ones share what is left and
    cut their text short (its tooltip has it whole): long position titles pushed the
    log's last columns out of a 1024-pixel window."""
    header = tree.header()
    header.setStretchLastSection(not stretch)
    for column in range(tree.columnCount()):
        if column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            tree.resizeColumnToContents(column)


def _nothing(_changes: Changes) -> None:
    """Nothing more to do: the change signal reloads the page."""


class ContactsTab(QWidget):
    def __init__(self, database: Database, operations: Operations, client_of: ClientOf) -> None:
        super().__init__()
        self.database = database
        self.operations = operations
        self.client_of = client_of
        column = QVBoxLayout(self)
        self.contacts = make_tree("clientContacts", ("Name", "Role", "E-mail", "Phone"))
        column.addWidget(self.contacts, 1)
        form = QHBoxLayout()
        self.fields: list[QLineEdit] = []
        for name, hint in (
            ("Name", "Name"),
            ("Role", "Role"),
            ("Email", "E-mail"),
            ("Phone", "Phone"),
        ):
            field = QLineEdit()
            field.setObjectName(f"contact{name}")
            field.setPlaceholderText(hint)
            form.addWidget(field)
            self.fields.append(field)
        add = QPushButton("Add")
        add.setObjectName("addContact")
        add.clicked.connect(self.add_contact)
        remove = QPushButton("Remove")
        remove.setObjectName("removeContact")
        remove.clicked.connect(self.remove_contact)
        form.addWidget(add)
        form.addWidget(remove)
        column.addLayout(form)

    def show_contacts(self, contacts: list[ContactView]) -> None:
        self.contacts.clear()
        for contact in contacts:
            self.contacts.addTopLevelItem(
                tree_row(
                    [contact.name, contact.role or "", contact.email or "", contact.phone or ""],
                    contact.id,
                )
            )
        fit_columns(self.contacts)

    def add_contact(self) -> None:
        client_id = self.client_of()
        if client_id is None:
            return
        name, role, email, phone = (field.text() for field in self.fields)
        database = self.database

        def added(_changes: Changes) -> None:
            for field in self.fields:
                field.clear()

        self.operations.write(
            self, lambda _p: add_contact(database, client_id, name, role, email, phone)[1], added
        )

    def remove_contact(self) -> None:
        item = self.contacts.currentItem()
        if item is None:
            return
        contact_id, database = int(item.data(0, ID_ROLE)), self.database
        self.operations.write(self, lambda _p: remove_contact(database, contact_id), _nothing)


def _edit(database: Database, seen: PlacementRecord, wanted: PlacementRecord) -> Changes:
    return edit_placement(
        database,
        seen,
        start_date=wanted.start_date,
        fee_amount=wanted.fee_amount,
        fee_currency=wanted.fee_currency,
        guarantee_days=wanted.guarantee_days,
    )[1]


PLACEMENT_STORE = RecordStore(
    get_placement,
    _edit,
    lambda database, seen: remove_placement(database, seen),
    lambda database, seen: restore_placement(database, seen),
)
WORDS = RecordWords(
    "Edit a placement",
    "Remove a placement",
    "The placement was changed.",
    "The placement was removed; Ctrl+Z puts it back.",
)


class PlacementsTab(QWidget):
    def __init__(
        self,
        database: Database,
        operations: Operations,
        client_of: ClientOf,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.operations = operations
        self.client_of = client_of
        self.records = RecordActions(
            self, database, operations, undo_stack, PLACEMENT_STORE, PlacementDialog, WORDS
        )
        column = QVBoxLayout(self)
        self.placements = make_tree(
            "clientPlacements",
            ("Start", "Candidate", "Position", "Fee", "Guarantee until", "Submitted"),
        )
        self.placements.currentItemChanged.connect(lambda *_: self._enable())
        column.addWidget(self.placements, 1)
        chosen = QHBoxLayout()
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editPlacement")
        self.edit_button.setToolTip("Change the start, fee or guarantee")
        self.edit_button.clicked.connect(self.edit)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removePlacement")
        self.remove_button.setToolTip("Delete the placement; Ctrl+Z puts it back")
        self.remove_button.clicked.connect(self.remove)
        chosen.addWidget(self.edit_button)
        chosen.addWidget(self.remove_button)
        chosen.addStretch(1)
        column.addLayout(chosen)
        self.candidate = QComboBox()
        self.candidate.setObjectName("placedCandidate")
        self.candidate.setToolTip("Only candidates submitted to this client can be placed here")
        self.start_date = QDateEdit(QDate.currentDate())
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("dd MMM yyyy")
        self.fee = QLineEdit()
        self.fee.setObjectName("placementFee")
        self.fee.setPlaceholderText("Fee")
        self.currency = QComboBox()
        self.currency.addItems(list(CURRENCIES))
        self.guarantee = QSpinBox()
        self.guarantee.setObjectName("guaranteeDays")
        # Wide on purpose: storage, not the spin box, says what a guarantee may be.
        self.guarantee.setRange(-10_000, 10_000)
        self.guarantee.setValue(90)
        self.guarantee.setSuffix(" days")
        record = QPushButton("Record placement")
        record.setObjectName("recordPlacement")
        record.clicked.connect(self.record_placement)
        who = labelled("Submitted candidate", self.candidate)
        self.form = WrappingRow(
            [
                who,
                labelled("Starts", self.start_date),
                labelled("Fee", self.fee),
                labelled("Currency", self.currency),
                labelled("Guarantee", self.guarantee),
                labelled(" ", record),
            ],
            spacing=8,
            stretch=[who],
        )
        column.addWidget(self.form)

    def show_placements(
        self, placements: list[PlacementView], submissions: list[SubmissionView]
    ) -> None:
        chosen = self.candidate.currentData()
        self.candidate.clear()
        for entry in submissions:
            if self.candidate.findData(entry.candidate_id) < 0:
                self.candidate.addItem(entry.candidate, entry.candidate_id)
        self.candidate.setCurrentIndex(max(0, self.candidate.findData(chosen)))
        kept = self._chosen_id()
        self.placements.clear()
        for placed in placements:
            if placed.submitted_on is None:
                submitted = "no submission before the start"
            else:
                window = "within" if placed.within_claim_window else "more than"
                submitted = f"{placed.submitted_on:%d %b %Y} ({window} a year before)"
            item = tree_row(
                [
                    f"{placed.start_date:%d %b %Y}",
                    placed.candidate,
                    placed.position or "—",
                    f"{placed.fee_amount:,} {placed.fee_currency}",
                    f"{placed.guarantee_until:%d %b %Y}",
                    submitted,
                ],
                placed.id,
            )
            for column in (2, 5):
                item.setToolTip(column, item.text(column))
            self.placements.addTopLevelItem(item)
            if placed.id == kept:
                self.placements.setCurrentItem(item)
        fit_columns(self.placements, stretch=(2, 5))
        self._enable()

    def record_placement(self) -> None:
        client_id = self.client_of()
        candidate_id = self.candidate.currentData()
        if client_id is None or candidate_id is None:
            self.operations.message.emit(
                "Submit the candidate to this client first; then record the placement."
            )
            return
        fee = typed_fee(self.fee.text())
        start = chosen_day(self.start_date)
        currency, guarantee, database = (
            self.currency.currentText(),
            self.guarantee.value(),
            self.database,
        )

        def work(_progress: Progress) -> Changes:
            return record_placement(
                database,
                client_id,
                int(candidate_id),
                start_date=start,
                fee_amount=fee,  # type: ignore[arg-type]  # refused in one sentence unless an int
                fee_currency=currency,
                guarantee_days=guarantee,
            )[1]

        self.operations.write(self, work, lambda _c: self.fee.clear())

    def _enable(self) -> None:
        chosen = self.placements.currentItem() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _chosen_id(self) -> int | None:
        item = self.placements.currentItem()
        return None if item is None else int(item.data(0, ID_ROLE))

    def edit(self) -> None:
        item = self.placements.currentItem()
        if item is not None:
            heading = f"{item.text(1)}, placed for {item.text(2)}."
            self.records.edit(int(item.data(0, ID_ROLE)), heading)

    def remove(self) -> None:
        placement_id = self._chosen_id()
        if placement_id is not None:
            self.records.delete(placement_id)
