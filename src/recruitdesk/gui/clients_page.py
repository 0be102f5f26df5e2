"""The Clients page: the agency's client companies on the left; for the chosen one its
pipeline analytics (per position or all of them), positions, contacts, the submission
log with each fee claim's window, and placements with fee and guarantee.

Everything is read and written through ``Operations`` (docs/architecture.md,
"Background operations") and reloaded from the change signal.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.funnel import PipelineAnalytics
from recruitdesk.domain.money import CURRENCIES
from recruitdesk.domain.placements import CLAIM_WINDOW_DAYS
from recruitdesk.domain.wording import count
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.file_dialogs import ask_save_path
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.pipeline_chart import AnalyticsPanel
from recruitdesk.progress import Progress
from recruitdesk.reports.pipeline import write_pipeline_report
from recruitdesk.storage.analytics import Scope, pipeline_analytics
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import (
    ClientSummary,
    ContactView,
    add_contact,
    client_position_ids,
    create_client,
    list_clients,
    list_contacts,
    remove_contact,
)
from recruitdesk.storage.database import Database
from recruitdesk.storage.placements import PlacementView, list_placements, record_placement
from recruitdesk.storage.positions import PositionDetails, list_positions
from recruitdesk.storage.submissions import SubmissionView, list_submissions

_IdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class ClientData:
    client_id: int
    positions: list[PositionDetails]
    contacts: list[ContactView]
    submissions: list[SubmissionView]
    placements: list[PlacementView]


def read_client(database: Database, client_id: int) -> ClientData:
    ids = set(client_position_ids(database, client_id))
    return ClientData(
        client_id,
        [p for p in list_positions(database) if p.id in ids],
        list_contacts(database, client_id),
        list_submissions(database, client_id=client_id),
        list_placements(database, client_id),
    )


def _tree(name: str, columns: tuple[str, ...]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setHeaderLabels(list(columns))
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return tree


def _row(texts: list[str], row_id: int) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    item.setData(0, _IdRole, row_id)
    return item


def claim_text(entry: SubmissionView, today: date) -> str:
    left = entry.days_left(today)
    if left < 0:
        return f"closed {entry.claim_until:%d %b %Y}"
    return f"{entry.claim_until:%d %b %Y} ({count(left, 'day')} left)"


class ClientsPage(QWidget):
    candidate_opened = Signal(int)
    message = Signal(str)

    def __init__(self, database: Database, hub: ChangesHub, operations: Operations) -> None:
        super().__init__()
        self.setObjectName("clientsPage")
        self.database = database
        self.operations = operations
        self.client_id: int | None = None
        self.data: ClientData | None = None
        #: Where the pipeline report is saved (tests hand in a path instead).
        self.choose_save_path = ask_save_path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        title = QLabel("Clients")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        splitter = QSplitter()
        splitter.addWidget(self._client_list())
        splitter.addWidget(self._details())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 780])
        layout.addWidget(splitter, 1)
        hub.changed.connect(self._on_changes)
        self.reload()

    def _client_list(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.clients = QListWidget()
        self.clients.setObjectName("clientList")
        self.clients.currentItemChanged.connect(lambda *_: self._client_chosen())
        column.addWidget(self.clients, 1)
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newClientName")
        self.new_name.setPlaceholderText("New client's name")
        self.new_name.returnPressed.connect(self.add_client)
        add = QPushButton("Add client")
        add.setObjectName("addClient")
        add.clicked.connect(self.add_client)
        column.addWidget(self.new_name)
        column.addWidget(add)
        return holder

    def _details(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(8, 0, 0, 0)
        head = QHBoxLayout()
        self.heading = QLabel("Choose a client, or add one.")
        self.heading.setObjectName("paneTitle")
        self.report_button = QPushButton("Pipeline report…")
        self.report_button.setObjectName("pipelineReport")
        self.report_button.clicked.connect(self.write_report)
        head.addWidget(self.heading, 1)
        head.addWidget(self.report_button)
        column.addLayout(head)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("clientTabs")
        self.tabs.addTab(self._analytics_tab(), "Analytics")
        self.positions = _tree("clientPositions", ("Position", "Status", "Candidates"))
        self.positions.itemDoubleClicked.connect(self._position_analytics)
        self.tabs.addTab(self.positions, "Positions")
        self.tabs.addTab(self._contacts_tab(), "Contacts")
        self.submissions = _tree(
            "clientSubmissions",
            (
                "Submitted",
                "Candidate",
                "Position",
                "By",
                "Sent",
                f"Fee claim ({CLAIM_WINDOW_DAYS} days)",
            ),
        )
        self.submissions.itemDoubleClicked.connect(self._open_submitted)
        self.tabs.addTab(self.submissions, "Submissions")
        self.tabs.addTab(self._placements_tab(), "Placements")
        column.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)
        self.report_button.setEnabled(False)
        return holder

    def _analytics_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.scope = QComboBox()
        self.scope.setObjectName("analyticsScope")
        self.scope.activated.connect(lambda _index: self.load_analytics())
        column.addWidget(self.scope)
        self.analytics = AnalyticsPanel()
        column.addWidget(self.analytics, 1)
        return tab

    def _contacts_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.contacts = _tree("clientContacts", ("Name", "Role", "E-mail", "Phone"))
        column.addWidget(self.contacts, 1)
        form = QHBoxLayout()
        self.contact_fields = []
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
            self.contact_fields.append(field)
        add = QPushButton("Add")
        add.setObjectName("addContact")
        add.clicked.connect(self.add_contact)
        remove = QPushButton("Remove")
        remove.setObjectName("removeContact")
        remove.clicked.connect(self.remove_contact)
        form.addWidget(add)
        form.addWidget(remove)
        column.addLayout(form)
        return tab

    def _placements_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.placements = _tree(
            "clientPlacements",
            ("Start", "Candidate", "Position", "Fee", "Guarantee until", "Submitted"),
        )
        column.addWidget(self.placements, 1)
        form = QHBoxLayout()
        self.placed_candidate = QComboBox()
        self.placed_candidate.setObjectName("placedCandidate")
        self.start_date = QDateEdit(QDate.currentDate())
        self.start_date.setCalendarPopup(True)
        self.fee = QLineEdit()
        self.fee.setObjectName("placementFee")
        self.fee.setPlaceholderText("Fee")
        self.currency = QComboBox()
        self.currency.addItems(list(CURRENCIES))
        self.guarantee = QSpinBox()
        self.guarantee.setObjectName("guaranteeDays")
        self.guarantee.setRange(-10_000, 10_000)
        self.guarantee.setValue(90)
        self.guarantee.setSuffix(" days")
        record = QPushButton("Record placement")
        record.setObjectName("recordPlacement")
        record.clicked.connect(self.record_placement)
        for widget in (
            QLabel("Submitted:"),
            self.placed_candidate,
            QLabel("starts"),
            self.start_date,
            self.fee,
            self.currency,
            QLabel("guarantee"),
            self.guarantee,
            record,
        ):
            form.addWidget(widget)
        column.addLayout(form)
        return tab

    def _on_changes(self, changes: Changes) -> None:
        if changes.everything or changes.clients or changes.positions or changes.applications:
            self.reload()

    def reload(self) -> None:
        self.operations.query(self, lambda _p: list_clients(self.database), self.show_clients)

    def show_clients(self, clients: list[ClientSummary]) -> None:
        chosen = self.client_id
        self.clients.blockSignals(True)
        self.clients.clear()
        for client in clients:
            item = QListWidgetItem(f"{client.name}\n{count(client.positions, 'position')}")
            item.setData(_IdRole, client.id)
            self.clients.addItem(item)
            if client.id == chosen:
                self.clients.setCurrentItem(item)
        self.clients.blockSignals(False)
        if self.clients.currentRow() < 0 and self.clients.count():
            self.clients.setCurrentRow(0)
        else:
            self._client_chosen()

    def _client_chosen(self) -> None:
        row = self.clients.currentRow()
        self.tabs.setEnabled(row >= 0)
        self.report_button.setEnabled(row >= 0)
        if row < 0:
            self.client_id = None
            self.heading.setText("Choose a client, or add one.")
            return
        item = self.clients.item(row)
        self.client_id = int(item.data(_IdRole))
        self.heading.setText(item.text().split("\n")[0])
        client_id, database = self.client_id, self.database
        self.operations.query(self, lambda _p: read_client(database, client_id), self.show_client)

    def show_client(self, data: ClientData) -> None:
        if data.client_id != self.client_id:
            return
        self.data = data
        current = self.scope.currentData()
        self.scope.clear()
        self.scope.addItem("All positions", None)
        for position in data.positions:
            self.scope.addItem(position.label, position.id)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        self.positions.clear()
        for position in data.positions:
            self.positions.addTopLevelItem(
                _row(
                    [position.title, position.status.replace("_", " "), f"{position.candidates:,}"],
                    position.id,
                )
            )
        self.contacts.clear()
        for contact in data.contacts:
            self.contacts.addTopLevelItem(
                _row(
                    [contact.name, contact.role or "", contact.email or "", contact.phone or ""],
                    contact.id,
                )
            )
        today = datetime.now(UTC).date()
        self.submissions.clear()
        self.placed_candidate.clear()
        for entry in data.submissions:
            sent = (entry.file_name or "PDF") if entry.kind == "pdf" else "profile"
            self.submissions.addTopLevelItem(
                _row(
                    [
                        f"{entry.submitted_at:%d %b %Y}",
                        entry.candidate,
                        entry.position or "—",
                        entry.submitted_by,
                        sent,
                        claim_text(entry, today),
                    ],
                    entry.candidate_id,
                )
            )
            if self.placed_candidate.findData(entry.candidate_id) < 0:
                self.placed_candidate.addItem(entry.candidate, entry.candidate_id)
        self.placements.clear()
        for placed in data.placements:
            self.placements.addTopLevelItem(
                _row(
                    [
                        f"{placed.start_date:%d %b %Y}",
                        placed.candidate,
                        placed.position or "—",
                        f"{placed.fee_amount:,} {placed.fee_currency}",
                        f"{placed.guarantee_until:%d %b %Y}",
                        "within a year"
                        if placed.within_claim_window
                        else "no submission within a year",
                    ],
                    placed.id,
                )
            )
        for tree in (self.positions, self.contacts, self.submissions, self.placements):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)
        self.load_analytics()

    def load_analytics(self) -> None:
        if self.client_id is None:
            return
        position_id = self.scope.currentData()
        scope = (
            Scope(client_id=self.client_id)
            if position_id is None
            else Scope(position_id=position_id)
        )
        database = self.database
        self.operations.query(
            self, lambda _p: pipeline_analytics(database, scope), self._show_analytics
        )

    def _show_analytics(self, analytics: PipelineAnalytics) -> None:
        self.analytics.show_analytics(analytics)

    def _position_analytics(self, item: QTreeWidgetItem) -> None:
        self.scope.setCurrentIndex(max(0, self.scope.findData(item.data(0, _IdRole))))
        self.tabs.setCurrentIndex(0)
        self.load_analytics()

    def _open_submitted(self, item: QTreeWidgetItem) -> None:
        self.candidate_opened.emit(int(item.data(0, _IdRole)))

    def add_client(self) -> None:
        name, database = self.new_name.text(), self.database

        def added(changes: Changes) -> None:
            self.new_name.clear()
            self.client_id = min(changes.clients)

        self.operations.write(self, lambda _p: create_client(database, name)[1], added)

    def add_contact(self) -> None:
        if self.client_id is None:
            return
        name, role, email, phone = (field.text() for field in self.contact_fields)
        client_id, database = self.client_id, self.database

        def added(_changes: Changes) -> None:
            for field in self.contact_fields:
                field.clear()

        self.operations.write(
            self, lambda _p: add_contact(database, client_id, name, role, email, phone)[1], added
        )

    def remove_contact(self) -> None:
        item = self.contacts.currentItem()
        if item is None:
            return
        contact_id, database = int(item.data(0, _IdRole)), self.database
        self.operations.write(self, lambda _p: remove_contact(database, contact_id), _nothing)

    def record_placement(self) -> None:
        candidate_id = self.placed_candidate.currentData()
        if self.client_id is None or candidate_id is None:
            self.message.emit(
                "Submit the candidate to this client first; then record the placement."
            )
            return
        text = self.fee.text().replace(",", "").strip()
        fee: object = int(text) if text.lstrip("-").isdigit() else text
        client_id, database = self.client_id, self.database
        chosen = self.start_date.date()
        start = date(chosen.year(), chosen.month(), chosen.day())
        currency, guarantee = self.currency.currentText(), self.guarantee.value()

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

    def write_report(self) -> None:
        if self.client_id is None:
            return
        name = self.heading.text()
        chosen = self.choose_save_path(
            self, f"Save the pipeline report of {name}", f"Pipeline - {name}.pdf", "PDF (*.pdf)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        client_id, database = self.client_id, self.database
        self.operations.query(
            self,
            lambda progress: write_pipeline_report(database, client_id, path, progress=progress),
            lambda written: self.message.emit(
                f"Wrote {written[0].name} ({count(written[1], 'page')})."
            ),
            title="Writing the pipeline report",
            cancellable=True,
        )


def _nothing(_changes: Changes) -> None:
    """Nothing more to do: the change signal reloads the page."""
