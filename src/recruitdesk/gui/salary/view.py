"""The salary calculator view: the inputs, the chart of every region's band for the
chosen level, the details of one region, and the selected candidate's ask marked.

Everything it shows comes from :func:`recruitdesk.domain.salary.calculate`; the rates are
:func:`recruitdesk.storage.rate_files.current_rates`, and when that file cannot be
used the view says so and uses the built-in table.
"""

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.money import CURRENCIES, Basis, check_amount
from recruitdesk.domain.salary import SalaryResult, calculate, place_ask
from recruitdesk.domain.taxonomy import Level, PayPeriod, Region, Track
from recruitdesk.errors import KnownError
from recruitdesk.gui.ask_bar import AskBar
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.salary.chart import BandChart
from recruitdesk.gui.salary.chart_marks import ChartAsk
from recruitdesk.gui.salary.details import DetailsScroll, MinimumHeightLayout, details_html
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.style import colors
from recruitdesk.gui.wrapping_row import WrappingRow, labelled
from recruitdesk.storage.candidate_list import CandidateRow, read_candidate_rows
from recruitdesk.storage.database import Database
from recruitdesk.storage.rate_files import current_rates


class SalaryView(QWidget):
    """The calculator: inputs, the chart of every region, the details of one region and
    the candidate's ask. :meth:`set_candidate` marks a candidate's ask."""

    def __init__(
        self, database: Database, operations: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("salaryView")
        self.database = database
        self.rates = current_rates()
        #: The candidate whose ask is marked (read when the view is in sight).
        self.candidate_id: int | None = None
        self.reads = ShownReads(self, operations, self._read_candidate, stale=False)
        self.candidate_name: str | None = None
        #: The candidate's own ask as the inputs showed it: the name goes with the ask
        #: only while the inputs still say that (a typed "what if" is nobody's ask).
        self._candidate_ask: tuple[str, str, str] | None = None
        self.results: list[SalaryResult] = []

        self.region = QComboBox()
        self.region.setObjectName("salaryRegion")
        for region in Region:
            self.region.addItem(region.label, region.value)
        self.region.setCurrentIndex(self.region.findData(Region.EASTERN_EUROPE.value))
        self.level = QComboBox()
        self.level.setObjectName("salaryLevel")
        for level in Level:
            self.level.addItem(level.label, level.value)
        self.level.setCurrentIndex(self.level.findData(Level.SENIOR.value))
        self.track = QComboBox()
        self.track.addItem("Any track", None)
        for track in Track:
            self.track.addItem(track.label, track.value)
        self.contract = QCheckBox("Contract (hourly)")
        self.contract.setObjectName("salaryContract")
        self.ml = QCheckBox("AI/ML role (+15\u201330%)")
        self.ml.setObjectName("salaryMl")
        self.currency = QComboBox()
        for code in CURRENCIES:
            self.currency.addItem(code, code)
        self.hours = QSpinBox()
        self.hours.setRange(500, 3000)
        self.hours.setSingleStep(40)
        self.hours.setValue(self.rates.table.hours_per_year)
        self.hours.setSuffix(" h/yr")
        self.hours.setToolTip("Working hours a year, to turn hourly rates into annual ones.")
        self.eur_usd = QDoubleSpinBox()
        self.eur_usd.setRange(0.2, 5.0)
        self.eur_usd.setDecimals(3)
        self.eur_usd.setSingleStep(0.01)
        self.eur_usd.setValue(self.rates.table.eur_usd)
        self.eur_usd.setPrefix("\u20ac1 = $")
        self.ask_amount = QLineEdit()
        self.ask_amount.setObjectName("salaryAsk")
        self.ask_amount.setPlaceholderText("e.g. 95 or 85000")
        self.ask_currency = QComboBox()
        for code in CURRENCIES:
            self.ask_currency.addItem(code, code)
        self.ask_period = QComboBox()
        self.ask_period.addItem("per hour", PayPeriod.HOUR.value)
        self.ask_period.addItem("per year", PayPeriod.YEAR.value)
        self.ask_period.setCurrentIndex(1)

        inputs = WrappingRow(
            [
                labelled("Region", self.region),
                labelled("Level", self.level),
                labelled("Track", self.track),
                labelled("Currency", self.currency),
                labelled("Hours", self.hours),
                labelled("EUR/USD", self.eur_usd),
            ]
        )
        ask = QWidget()
        ask_layout = QHBoxLayout(ask)
        ask_layout.setContentsMargins(0, 0, 0, 0)
        ask_layout.addWidget(QLabel("Ask"))
        ask_layout.addWidget(self.ask_amount, 1)
        ask_layout.addWidget(self.ask_currency)
        ask_layout.addWidget(self.ask_period)
        options = QWidget()
        options_layout = QHBoxLayout(options)
        options_layout.setContentsMargins(0, 0, 0, 0)
        options_layout.addWidget(self.contract)
        options_layout.addWidget(self.ml)
        ask_row = WrappingRow([options, ask], stretch=[ask])

        self.rates_label = QLabel()
        self.rates_label.setObjectName("ratesStatus")
        self.rates_label.setWordWrap(True)
        self.chart = BandChart()
        self.chart.region_clicked.connect(self._choose_region)
        self.ask_bar = AskBar()
        self.details = QLabel()
        self.details.setObjectName("salaryDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.error = QLabel()
        self.error.setObjectName("salaryError")
        self.error.setVisible(False)

        panel = QFrame()
        panel.setObjectName("statTile")
        panel_layout = QVBoxLayout(panel)
        panel_layout.addWidget(self.ask_bar)
        self.details_scroll = DetailsScroll(self.details)
        panel_layout.addWidget(self.details_scroll)

        # On a short window the page scrolls rather than lay the chart over the details.
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = MinimumHeightLayout(content)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.rates_label)
        layout.addWidget(inputs)
        layout.addWidget(ask_row)
        layout.addWidget(self.error)
        layout.addWidget(self.chart, 1)
        layout.addWidget(panel)
        # Sideways it never scrolls: the page asks for the width its content needs.
        scroll.setMinimumWidth(
            content.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )

        for combo in (self.region, self.level, self.track, self.currency):
            combo.currentIndexChanged.connect(self.recalculate)
        for box in (self.contract, self.ml):
            box.toggled.connect(self.recalculate)
        self.ask_currency.currentIndexChanged.connect(self.recalculate)
        self.ask_period.currentIndexChanged.connect(self.recalculate)
        self.hours.valueChanged.connect(self.recalculate)
        self.eur_usd.valueChanged.connect(self.recalculate)
        self.ask_amount.textChanged.connect(self.recalculate)
        self.track.currentIndexChanged.connect(self._track_changed)
        self._show_rates_status()
        self.recalculate()

    # -- inputs ---------------------------------------------------------------------------

    def _show_rates_status(self) -> None:
        scheme = colors()
        if self.rates.problem:
            self.rates_label.setText(escape(self.rates.describe()))
            self.rates_label.setStyleSheet(f"color: {scheme['danger']};")
        else:
            table = self.rates.table
            self.rates_label.setText(
                f"Rates version {table.version} of {table.date} ({self.rates.origin_label()})"
            )
            self.rates_label.setToolTip(table.origin if self.rates.from_own_file else "")
            self.rates_label.setStyleSheet(f"color: {scheme['muted']};")

    def _track_changed(self) -> None:
        if self.track.currentData() == Track.DATA_ML.value and not self.ml.isChecked():
            self.ml.setChecked(True)

    def _choose_region(self, region: str) -> None:
        self.region.setCurrentIndex(self.region.findData(region))

    def set_candidate(self, candidate_id: int | None) -> None:
        """Mark a candidate's ask: their region, level and ask fill the inputs (read
        now if the view is in sight, else when it is shown)."""
        self.candidate_id = candidate_id
        if candidate_id is None:
            self.reads.drop()
            self.candidate_name = None
            self._candidate_ask = None
            self.ask_amount.clear()
            return
        self.reads.changed()

    def _read_candidate(self) -> None:
        database, candidate_id = self.database, self.candidate_id
        if candidate_id is not None:
            self.reads.query(lambda _p: read_candidate_rows(database, [candidate_id]), self._fill)

    def _fill(self, found: list[CandidateRow]) -> None:
        if not found:
            return
        person = found[0]
        name, region, level, track = person.full_name, person.region, person.level, person.track
        amount, currency, period = person.ask_amount, person.ask_currency, person.ask_period
        self.candidate_name = name
        widgets = (self.region, self.level, self.track, self.ask_currency, self.ask_period)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if region:
                self.region.setCurrentIndex(max(0, self.region.findData(region)))
            if level:
                self.level.setCurrentIndex(max(0, self.level.findData(level)))
            self.track.setCurrentIndex(max(0, self.track.findData(track)))
            if currency in CURRENCIES:
                self.ask_currency.setCurrentIndex(self.ask_currency.findData(currency))
            if period:
                self.ask_period.setCurrentIndex(max(0, self.ask_period.findData(period)))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.contract.blockSignals(True)
        self.contract.setChecked(period == PayPeriod.HOUR.value)
        self.contract.blockSignals(False)
        self.ask_amount.blockSignals(True)
        self.ask_amount.setText("" if amount is None else str(amount))
        self.ask_amount.blockSignals(False)
        self._candidate_ask = self._ask_inputs()
        self.recalculate()

    def _ask_inputs(self) -> tuple[str, str, str]:
        return (
            self.ask_amount.text().strip(),
            str(self.ask_currency.currentData()),
            str(self.ask_period.currentData()),
        )

    def ask_owner(self) -> str:
        """Whose ask the inputs show: the candidate's name while they show the
        candidate's own ask, else "What if"."""
        if self.candidate_name is not None and self._ask_inputs() == self._candidate_ask:
            return self.candidate_name
        return "What if"

    def ask_value(self) -> float | None:
        text = self.ask_amount.text().replace(",", "").replace("_", "").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise KnownError(f"The ask {self.ask_amount.text()!r} is not a number.") from None
        check_amount(value, self.ask_period.currentData(), "The ask")
        return value

    # -- calculating ----------------------------------------------------------------------

    def recalculate(self) -> None:
        level = Level(self.level.currentData())
        track_value = self.track.currentData()
        track = Track(track_value) if track_value else None
        self.results = [
            calculate(
                self.rates.table,
                region,
                level,
                track=track,
                contract=self.contract.isChecked(),
                ml=self.ml.isChecked(),
                currency=str(self.currency.currentData()),
                hours_per_year=self.hours.value(),
                eur_usd=self.eur_usd.value(),
            )
            for region in Region
        ]
        chosen = Region(self.region.currentData())
        result = next(r for r in self.results if r.region is chosen)
        basis = Basis.HOURLY if self.contract.isChecked() else Basis.ANNUAL
        problem = None
        try:
            amount = self.ask_value()
        except KnownError as error:
            amount, problem = None, str(error)
        self.error.setVisible(problem is not None)
        self.error.setText(problem or "")
        self.error.setStyleSheet(f"color: {colors()['danger']};")
        chart_ask = None
        placement = None
        if amount is not None:
            ask_currency = self.ask_currency.currentData()
            ask_period = self.ask_period.currentData()
            band = result.hourly if basis is Basis.HOURLY else result.annual
            if band is not None:
                placement = place_ask(
                    band,
                    amount,
                    ask_currency,
                    ask_period,
                    hours_per_year=result.hours_per_year,
                    eur_usd=result.eur_usd,
                )
                chart_ask = ChartAsk(chosen, placement, self.ask_owner())
        self.chart.set_data(self.results, basis, chosen, chart_ask)
        if placement is not None:
            self.ask_bar.set_band(placement.band, placement)
        else:
            self.ask_bar.set_band(result.primary)
        self.details.setText(details_html(result, placement, self.ask_owner()))
        self.details_scroll.updateGeometry()
