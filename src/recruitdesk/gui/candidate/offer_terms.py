"""The terms of an offer as rows of the offer dialog's form: pay (amount, currency,
period), the start date and how long the offer stays open, and notes. A new offer
starts from what the candidate asked for; a saved one shows its terms."""

from datetime import date

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from recruitdesk.domain.money import CURRENCIES, MAX_ANNUAL
from recruitdesk.domain.offer import OfferTerms
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.storage.candidates import CandidateDetails

#: Days an offer stays open by default, and how long before its start date.
DEFAULT_OPEN_DAYS = 10
DEFAULT_START_DAYS = 45


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class OfferTermsFields(QObject):
    """The terms' editors, added as rows to a form (so their labels line up with the
    form's other rows); ``pay_changed`` fires when the amount, currency or period does."""

    pay_changed = Signal()

    def __init__(self, form: QFormLayout, parent: QObject | None = None) -> None:
        super().__init__(parent)
        pay = QHBoxLayout()
        self.amount = QSpinBox()
        self.amount.setObjectName("offerAmount")
        self.amount.setRange(0, MAX_ANNUAL)
        self.amount.setSingleStep(1000)
        self.amount.setGroupSeparatorShown(True)
        self.currency = QComboBox()
        self.currency.setObjectName("offerCurrency")
        self.currency.addItems(list(CURRENCIES))
        self.period = QComboBox()
        self.period.setObjectName("offerPeriod")
        self.period.addItem("a year", PayPeriod.YEAR.value)
        self.period.addItem("an hour", PayPeriod.HOUR.value)
        pay.addWidget(self.amount, 1)
        pay.addWidget(self.currency)
        pay.addWidget(self.period)
        form.addRow("Pay", pay)
        today = QDate.currentDate()
        self.start = QDateEdit(today.addDays(DEFAULT_START_DAYS))
        self.start.setObjectName("offerStart")
        self.expires = QDateEdit(today.addDays(DEFAULT_OPEN_DAYS))
        self.expires.setObjectName("offerExpires")
        for edit in (self.start, self.expires):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        dates = QHBoxLayout()
        dates.addWidget(self.start, 1)
        dates.addWidget(QLabel("open until"))
        dates.addWidget(self.expires, 1)
        form.addRow("Starts", dates)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("offerNotes")
        self.notes.setPlaceholderText("Anything else agreed: bonus, remote days, equipment")
        self.notes.setMaximumHeight(70)
        form.addRow("Notes", self.notes)
        self.amount.valueChanged.connect(self.pay_changed)
        self.currency.currentIndexChanged.connect(self.pay_changed)
        self.period.currentIndexChanged.connect(self.pay_changed)

    def editors(self) -> tuple[QWidget, ...]:
        return (self.amount, self.currency, self.period, self.start, self.expires, self.notes)

    def start_from_ask(self, details: CandidateDetails) -> None:
        """A new offer starts from what the candidate asked for."""
        if details.ask_currency in CURRENCIES:
            self.currency.setCurrentText(details.ask_currency or "")
        if details.ask_period:
            self.period.setCurrentIndex(max(0, self.period.findData(details.ask_period)))
        if details.ask_amount:
            self.amount.setValue(details.ask_amount)

    def show_terms(self, terms: OfferTerms) -> None:
        self.amount.setValue(terms.amount)
        self.currency.setCurrentText(terms.currency)
        self.period.setCurrentIndex(max(0, self.period.findData(terms.period.value)))
        self.start.setDate(_qdate(terms.start_date))
        self.expires.setDate(_qdate(terms.expires_on))
        self.notes.setPlainText(terms.notes)

    def terms(self) -> OfferTerms:
        return OfferTerms(
            self.amount.value(),
            self.currency.currentText(),
            PayPeriod(str(self.period.currentData())),
            _date(self.start.date()),
            _date(self.expires.date()),
            self.notes.toPlainText(),
        )
