"""The Clients page: the agency's client companies on the left; for the chosen one its
pipeline analytics (per position or all of them), positions, contacts, the submission
log with each fee claim's window, and placements with fee and guarantee.

Everything is read and written through ``Operations`` (docs/architecture.md,
"Background operations") and reloaded from the change signal.
"""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.funnel import PipelineAnalytics
from recruitdesk.domain.wording import count
from recruitdesk.gui.candidate.widgets import scroll
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.client_record_dialogs import ClientChoices
from recruitdesk.gui.client_submissions import SubmissionsTab
from recruitdesk.gui.client_tabs import (
    ID_ROLE,
    ContactsTab,
    PlacementsTab,
    fit_columns,
    tree_row,
)
from recruitdesk.gui.file_dialogs import ask_save_path
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.pipeline_chart import AnalyticsPanel
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.tables import make_tree
from recruitdesk.reports.pipeline import write_pipeline_report
from recruitdesk.storage.analytics import Scope, pipeline_analytics
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import (
    ClientSummary,
    ContactView,
    create_client,
    get_client,
    list_clients,
    list_contacts,
)
from recruitdesk.storage.database import Database
from recruitdesk.storage.placements import PlacementView, list_placements
from recruitdesk.storage.positions import PositionDetails, list_positions
from recruitdesk.storage.submissions import SubmissionView, list_submissions


@dataclass(frozen=True, slots=True)
class ClientData:
    client_id: int
    name: str
    positions: list[PositionDetails]
    contacts: list[ContactView]
    submissions: list[SubmissionView]
    placements: list[PlacementView]


def read_client(database: Database, client_id: int) -> ClientData:
    return ClientData(
        client_id,
        get_client(database, client_id).name,
        list_positions(database, client_id=client_id),
        list_contacts(database, client_id),
        list_submissions(database, client_id=client_id),
        list_placements(database, client_id),
    )


class ClientsPage(QWidget):
    candidate_opened = Signal(int)
    message = Signal(str)

    def __init__(
        self,
        database: Database,
        hub: ChangesHub,
        operations: Operations,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("clientsPage")
        self.database = database
        self.operations = operations
        #: The window's undo stack: corrections, removals and placement edits go on it.
        self.undo_stack = undo_stack
        self.client_id: int | None = None
        self.data: ClientData | None = None
        #: Where the pipeline report is saved (tests hand in a path instead).
        self.choose_save_path = ask_save_path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 12)
        splitter = QSplitter()
        splitter.addWidget(self._client_list())
        splitter.addWidget(self._details())
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([180, 820])
        layout.addWidget(splitter, 1)
        #: The clients' and the chosen one's reads: when first shown, and when shown
        #: after changes.
        self.reads = ShownReads(self, operations, self.reload)
        hub.changed.connect(self._on_changes)

    def _client_list(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.clients = QListWidget()
        self.clients.setObjectName("clientList")
        self.clients.setMinimumWidth(150)
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
        self.positions = make_tree("clientPositions", ("Position", "Status", "Candidates"))
        self.positions.itemDoubleClicked.connect(self._position_analytics)
        self.tabs.addTab(self.positions, "Positions")
        self.contacts_tab = ContactsTab(self.database, self.operations, lambda: self.client_id)
        self.tabs.addTab(self.contacts_tab, "Contacts")
        self.submissions_tab = SubmissionsTab(self.database, self.operations, self.undo_stack)
        self.submissions_tab.candidate_opened.connect(self.candidate_opened)
        self.tabs.addTab(self.submissions_tab, "Submissions")
        self.placements_tab = PlacementsTab(
            self.database, self.operations, lambda: self.client_id, self.undo_stack
        )
        self.tabs.addTab(self.placements_tab, "Placements")
        column.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)
        self.report_button.setEnabled(False)
        return holder

    def _analytics_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.scope = QComboBox()
        self.scope.setObjectName("analyticsScope")
        # Long position names must not widen the page past a small window.
        self.scope.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scope.setMinimumContentsLength(24)
        self.scope.activated.connect(lambda _index: self.load_analytics())
        column.addWidget(self.scope)
        self.analytics = AnalyticsPanel()
        # A short window scrolls the charts rather than squeezing them onto the text.
        column.addWidget(scroll(self.analytics), 1)
        return tab

    def _on_changes(self, changes: Changes) -> None:
        if changes.everything or changes.clients or changes.positions or changes.applications:
            self.reads.changed()

    def reload(self) -> None:
        database = self.database
        self.reads.query(lambda _p: list_clients(database), self.show_clients)

    def show_clients(self, clients: list[ClientSummary]) -> None:
        chosen = self.client_id
        self.clients.blockSignals(True)
        self.clients.clear()
        for client in clients:
            item = QListWidgetItem(client.name)
            item.setToolTip(
                f"{count(client.positions, 'position')}, {client.open_positions:,} open"
            )
            item.setData(ID_ROLE, client.id)
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
        self.client_id = int(item.data(ID_ROLE))
        self.heading.setText(item.text())
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
                tree_row(
                    [position.title, position.status.replace("_", " "), f"{position.candidates:,}"],
                    position.id,
                )
            )
        self.contacts_tab.show_contacts(data.contacts)
        self.heading.setText(data.name)
        choices = ClientChoices(
            tuple((p.id, p.label) for p in data.positions),
            tuple((c.id, c.label) for c in data.contacts),
        )
        self.submissions_tab.show_submissions(data.name, data.submissions, choices)
        self.placements_tab.show_placements(data.placements, data.submissions)
        fit_columns(self.positions)
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
        self.scope.setCurrentIndex(max(0, self.scope.findData(item.data(0, ID_ROLE))))
        self.tabs.setCurrentIndex(0)
        self.load_analytics()

    def add_client(self) -> None:
        name, database = self.new_name.text(), self.database

        def added(changes: Changes) -> None:
            self.new_name.clear()
            self.client_id = min(changes.clients)

        self.operations.write(self, lambda _p: create_client(database, name)[1], added)

    def write_report(self) -> None:
        if self.client_id is None or self.data is None or self.data.client_id != self.client_id:
            return
        name = self.data.name
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
