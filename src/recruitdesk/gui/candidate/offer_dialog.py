"""Offers to one candidate: draft the terms (checked against the position's budget and
placed against the market band and their ask as they are typed), send, record the
answer, and save the offer letter as a PDF (docs/architecture.md, "Offers").

Every write, the letter, and the reads after a write or an edit of the terms (the offers,
the placement; the newest read wins) run in the background; a refusal is one sentence
in the dialog. The board follows the offer's state."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.offer import OfferState
from recruitdesk.errors import KnownError
from recruitdesk.gui.candidate.interview_dialog import one_sentence
from recruitdesk.gui.candidate.offer_terms import OfferTermsFields
from recruitdesk.gui.candidate.widgets import applications_combo
from recruitdesk.gui.file_dialogs import ask_save_path
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.smtp_settings import saved_sender
from recruitdesk.gui.style import show_message
from recruitdesk.progress import Progress
from recruitdesk.reports.offer_letter import WrittenLetter, write_offer_letter
from recruitdesk.storage.candidate_applications import ApplicationView
from recruitdesk.storage.candidates import CandidateDetails
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.offers import (
    OfferView,
    change_state,
    draft_offer,
    offers_of,
    placement,
    update_draft,
)


@dataclass(frozen=True, slots=True)
class Saved:
    offer_id: int
    changes: Changes


def offer_line(offer: OfferView) -> str:
    return (
        f"{offer.state.label} · {offer.terms.pay()} · {offer.position_title} · "
        f"starts {offer.terms.start_date:%d %b %Y}" + (f" · {offer.reason}" if offer.reason else "")
    )


class OfferDialog(QDialog):
    """The candidate's offers above, the chosen one's terms and actions below."""

    def __init__(
        self,
        database: Database,
        operations: Operations,
        candidate: CandidateDetails,
        applications: list[ApplicationView],
        *,
        application_id: int | None,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        """``candidate`` and their ``applications`` as the pane read them."""
        super().__init__(parent)
        self.setObjectName("offerDialog")
        self.setWindowTitle("Offer")
        self.setMinimumWidth(600)
        self.database = database
        self.operations = operations
        self.candidate_id = candidate.id
        self.settings = settings
        self.offers: list[OfferView] = []
        self.reads = ShownReads(self, operations, self.reload, stale=False)
        self.placing = ShownReads(self, operations, self.update_placement, stale=False)
        #: Asks why an offer was declined, and where the letter goes (tests answer
        #: them another way).
        self.ask_reason: Callable[[], str | None] = self._ask_reason
        self.ask_letter_path: Callable[[str], str] = lambda suggested: ask_save_path(
            self, "Save the offer letter", suggested, "PDF (*.pdf)"
        )
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("offerList")
        self.list.setMaximumHeight(90)
        layout.addWidget(self.list)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.application_combo = applications_combo(
            applications, application_id, "offerApplication"
        )
        self.application_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        form.addRow("Application", self.application_combo)
        self.terms_fields = OfferTermsFields(form, self)
        layout.addLayout(form)
        self.placement = QLabel()
        self.placement.setObjectName("offerPlacement")
        self.placement.setWordWrap(True)
        self.placement.setProperty("class", "muted")
        layout.addWidget(self.placement)
        self.message = QLabel()
        self.message.setObjectName("offerMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("New")
        self.save_button = QPushButton("Save draft")
        self.save_button.setObjectName("offerSave")
        self.send_button = QPushButton("Mark sent")
        self.send_button.setObjectName("offerSend")
        self.accept_button = QPushButton("Accepted")
        self.accept_button.setObjectName("offerAccepted")
        self.decline_button = QPushButton("Declined…")
        self.decline_button.setObjectName("offerDeclined")
        self.letter_button = QPushButton("Offer letter…")
        self.letter_button.setObjectName("offerLetter")
        close = QPushButton("Close")
        for button in (self.new_button, self.save_button, self.send_button):
            buttons.addWidget(button)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.decline_button)
        buttons.addStretch(1)
        buttons.addWidget(self.letter_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.list.currentRowChanged.connect(self._show_offer)
        self.new_button.clicked.connect(lambda: self.list.setCurrentRow(-1))
        self.save_button.clicked.connect(self.save)
        self.send_button.clicked.connect(lambda: self.change(OfferState.SENT))
        self.accept_button.clicked.connect(lambda: self.change(OfferState.ACCEPTED))
        self.decline_button.clicked.connect(self.decline)
        self.letter_button.clicked.connect(self.save_letter)
        close.clicked.connect(self.accept)
        self.terms_fields.pay_changed.connect(self.update_placement)
        self.application_combo.currentIndexChanged.connect(self.update_placement)
        self.terms_fields.start_from_ask(candidate)
        if self.application_combo.count() == 0:
            self.save_button.setEnabled(False)
            self.show_message("Put the candidate on a position's board first.", error=True)
        self.reload()

    # -- showing ---------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """List the offers, ``select``'s chosen, once they are read."""
        database, candidate_id = self.database, self.candidate_id
        self.reads.query(lambda _p: offers_of(database, candidate_id), partial(self._list, select))

    def _list(self, select: int | None, offers: list[OfferView]) -> None:
        self.offers = offers
        self.list.blockSignals(True)
        self.list.clear()
        for offer in self.offers:
            self.list.addItem(offer_line(offer))
        if not self.offers:
            hint = QListWidgetItem("No offer yet: fill in the terms below, then Save draft.")
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(hint)
        self.list.blockSignals(False)
        row = next((i for i, o in enumerate(self.offers) if o.id == select), 0 if select else -1)
        self.list.setCurrentRow(row)
        self._show_offer(row)

    def current(self) -> OfferView | None:
        row = self.list.currentRow()
        return self.offers[row] if 0 <= row < len(self.offers) else None

    def _show_offer(self, _row: int) -> None:
        offer = self.current()
        if offer is not None:
            self.application_combo.setCurrentIndex(
                max(0, self.application_combo.findData(offer.application_id))
            )
            self.terms_fields.show_terms(offer.terms)
        state = offer.state if offer is not None else None
        editable = state in (None, OfferState.DRAFT) and self.application_combo.count() > 0
        fields = (self.application_combo, *self.terms_fields.editors(), self.save_button)
        for widget in fields:
            widget.setEnabled(editable)
        self.send_button.setEnabled(state is OfferState.DRAFT)
        self.accept_button.setEnabled(state is OfferState.SENT)
        self.decline_button.setEnabled(state is OfferState.SENT)
        self.letter_button.setEnabled(
            state in (OfferState.DRAFT, OfferState.SENT, OfferState.ACCEPTED)
        )
        self.update_placement()

    def application_id(self) -> int | None:
        data = self.application_combo.currentData()
        return int(data) if data is not None else None

    def update_placement(self) -> None:
        application_id = self.application_id()
        if application_id is None or self.terms_fields.amount.value() <= 0:
            self.placing.drop()
            self.placement.setText("")
            return
        database, terms = self.database, self.terms_fields.terms()

        def work(_progress: Progress) -> list[str]:
            try:
                return placement(database, application_id, terms)
            except KnownError as error:
                return [str(error)]

        self.placing.query(work, lambda said: self.placement.setText("\n".join(said)))

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_message(self.message, text, error=error)

    # -- writing ---------------------------------------------------------------------

    def _failed(self, title: str) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            if isinstance(error, KnownError):
                self.show_message(one_sentence(error), error=True)
            else:
                self.operations.report_failure(title, error)

        return failed

    def _run(self, work: Callable[[Progress], Saved], done: str) -> None:
        def landed(result: Saved) -> None:
            self.reload(select=result.offer_id)
            self.show_message(done)

        self.operations.write(self, work, landed, on_failure=self._failed("Saving an offer"))

    def save(self) -> None:
        application_id = self.application_id()
        if application_id is None:
            return
        terms = self.terms_fields.terms()
        offer = self.current()
        database = self.database

        def work(_progress: Progress) -> Saved:
            if offer is not None:
                return Saved(offer.id, update_draft(database, offer.id, terms))
            offer_id, changes = draft_offer(database, application_id, terms)
            return Saved(offer_id, changes)

        self._run(work, "Draft saved. Save the offer letter, then mark it sent.")

    def change(self, target: OfferState, reason: str | None = None) -> None:
        offer = self.current()
        if offer is None:
            return
        database = self.database
        offer_id = offer.id
        self._run(
            lambda _p: Saved(offer_id, change_state(database, offer_id, target, reason=reason)),
            {
                OfferState.SENT: "Offer marked sent: the card is in the offer column.",
                OfferState.ACCEPTED: "Offer accepted: the card is marked hired.",
                OfferState.DECLINED: "Offer declined: the card is withdrawn with the reason.",
            }.get(target, "Saved."),
        )

    def _ask_reason(self) -> str | None:
        text, ok = QInputDialog.getText(self, "Offer declined", "Why did they decline?")
        return text if ok else None

    def decline(self) -> None:
        reason = self.ask_reason()
        if reason is not None:
            self.change(OfferState.DECLINED, reason)

    def save_letter(self) -> None:
        offer = self.current()
        if offer is None:
            self.show_message("Save the draft first: the letter states saved terms.", error=True)
            return
        sender = saved_sender(self.settings).name
        if not sender:
            self.show_message(
                "Enter your name in Settings (Outgoing mail) to sign the letter.", error=True
            )
            return
        suggested = f"Offer - {offer.candidate_name}.pdf"
        chosen = self.ask_letter_path(suggested)
        if not chosen:
            return
        database = self.database
        offer_id = offer.id

        def work(progress: Progress) -> WrittenLetter:
            return write_offer_letter(
                database, offer_id, Path(chosen), sender=sender, progress=progress
            )

        self.operations.query(
            self,
            work,
            lambda written: self.show_message(f"Offer letter saved as {written.path.name}."),
            title="Writing the offer letter",
            on_failure=self._failed("Writing the offer letter"),
        )
