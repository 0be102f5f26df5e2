"""The salary calculator view: the inputs, the bands of every region for the chosen level
drawn side by side (QPainter), and the selected candidate's ask marked on the chart.

Everything it shows comes from :func:`recruitdesk.domain.salary.calculate`; the rates are
:func:`recruitdesk.storage.rate_files.current_rates`, and when that file cannot be
used the view says so and uses the built-in table.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.money import (
    CURRENCIES,
    Basis,
    check_amount,
    convert_currency,
    format_money,
    format_range,
)
from recruitdesk.domain.rate_table import Figure
from recruitdesk.domain.salary import AskPlacement, Band, SalaryResult, calculate, place_ask
from recruitdesk.domain.taxonomy import Level, PayPeriod, Region, Track
from recruitdesk.errors import KnownError
from recruitdesk.gui.ask_bar import VERDICT_COLORS, AskBar
from recruitdesk.gui.style import colors
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import Candidate
from recruitdesk.storage.rate_files import current_rates


def short_money(amount: float, currency: str) -> str:
    """ "$150k", "$95": compact labels for the chart."""
    symbol = {"USD": "$", "EUR": "\u20ac"}.get(currency, "")
    if amount >= 10_000:
        return f"{symbol}{amount / 1000:,.0f}k"
    if amount >= 1_000:
        return f"{symbol}{amount / 1000:,.1f}k"
    return f"{symbol}{amount:,.0f}"


@dataclass(frozen=True, slots=True)
class ChartAsk:
    """The ask drawn on the chart: in the chart's currency and basis, for one region."""

    region: Region
    placement: AskPlacement
    name: str


class BandChart(QWidget):
    """The bands of every region for one level and basis, as floating bars side by side."""

    region_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bandChart")
        self.results: list[SalaryResult] = []
        self.basis = Basis.ANNUAL
        self.selected: Region | None = None
        self.ask: ChartAsk | None = None
        self.setMinimumSize(560, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(820, 380)

    def set_data(
        self,
        results: list[SalaryResult],
        basis: Basis,
        selected: Region | None,
        ask: ChartAsk | None,
    ) -> None:
        self.results = results
        self.basis = basis
        self.selected = selected
        self.ask = ask
        self.update()

    def band_of(self, result: SalaryResult) -> Band | None:
        return result.hourly if self.basis is Basis.HOURLY else result.annual

    def _plot_rect(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        left = metrics.horizontalAdvance("$000k") + 18
        top = metrics.height() * 2 + 12
        bottom = metrics.height() * 2 + 16
        return QRectF(left, top, max(10.0, self.width() - left - 16), self.height() - top - bottom)

    def _scale_top(self) -> float:
        highest = 0.0
        for result in self.results:
            band = self.band_of(result)
            if band is not None:
                highest = max(highest, band.max)
        if self.ask is not None:
            highest = max(highest, self.ask.placement.amount)
        if highest <= 0:
            return 1.0
        step = _nice_step(highest / 5)
        return math.ceil(highest * 1.08 / step) * step

    def slot_of(self, x: float) -> int | None:
        plot = self._plot_rect()
        if not self.results or not plot.left() <= x <= plot.right():
            return None
        return min(len(self.results) - 1, int((x - plot.left()) / plot.width() * len(self.results)))

    def mousePressEvent(self, event: object) -> None:  # noqa: N802
        position = getattr(event, "position", None)
        if position is None:
            return
        slot = self.slot_of(position().x())
        if slot is not None:
            self.region_clicked.emit(self.results[slot].region.value)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        scheme = colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(scheme["panel"]))
        metrics = QFontMetrics(self.font())
        plot = self._plot_rect()
        top = self._scale_top()
        currency = self.results[0].currency if self.results else "USD"

        def y_of(value: float) -> float:
            return plot.bottom() - value / top * plot.height()

        # Title and legend.
        painter.setPen(QColor(scheme["text"]))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        what = "Hourly rate" if self.basis is Basis.HOURLY else "Annual salary"
        level = self.results[0].level.label if self.results else ""
        painter.drawText(QPointF(8, metrics.ascent() + 4), f"{what}, {level}, by region")
        painter.setFont(self.font())
        self._legend(painter, scheme, metrics, metrics.height() + metrics.ascent() + 6)

        # Grid and axis labels.
        step = _nice_step(top / 5)
        painter.setPen(QPen(QColor(scheme["border"]), 1))
        value = 0.0
        while value <= top + 1e-9:
            y = y_of(value)
            painter.setPen(QPen(QColor(scheme["border"]), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(scheme["muted"]))
            label = short_money(value, currency)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 8, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            value += step

        count = max(1, len(self.results))
        slot = plot.width() / count
        bar_width = min(64.0, slot * 0.46)
        for index, result in enumerate(self.results):
            center = plot.left() + slot * (index + 0.5)
            self._region(painter, scheme, metrics, result, center, bar_width, slot, y_of, plot)

        if self.ask is not None:
            self._ask(painter, scheme, metrics, plot, slot, y_of)
        painter.end()

    def _legend(
        self, painter: QPainter, scheme: dict[str, str], metrics: QFontMetrics, baseline: float
    ) -> None:
        x = 8.0
        box = metrics.ascent() - 2
        entries = [
            ("source", "sources' figure"),
            ("derived", "derived (\u00f7 or \u00d7 working hours)"),
            ("figures", "each source, where they differ"),
        ]
        for kind, text in entries:
            rect = QRectF(x, baseline - box, box * 1.4, box)
            if kind == "figures":
                painter.setPen(QPen(QColor(scheme["text"]), 2))
                middle = rect.center().x()
                painter.drawLine(QPointF(middle, rect.top()), QPointF(middle, rect.bottom()))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self._fill(scheme, derived=kind == "derived", strong=True))
                painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(QColor(scheme["muted"]))
            painter.drawText(QPointF(rect.right() + 5, baseline), text)
            x = rect.right() + 5 + metrics.horizontalAdvance(text) + 16
        if self.ask is not None:
            color = QColor(scheme[VERDICT_COLORS[self.ask.placement.verdict]])
            painter.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(x, baseline - box / 2), QPointF(x + box * 1.6, baseline - box / 2)
            )
            painter.setPen(QColor(scheme["muted"]))
            painter.drawText(QPointF(x + box * 1.6 + 5, baseline), "ask")

    def _fill(self, scheme: dict[str, str], *, derived: bool, strong: bool) -> QBrush:
        color = QColor(scheme["accent"])
        color.setAlpha(215 if strong else 120)
        if derived:
            return QBrush(color, Qt.BrushStyle.BDiagPattern)
        return QBrush(color)

    def _region(
        self,
        painter: QPainter,
        scheme: dict[str, str],
        metrics: QFontMetrics,
        result: SalaryResult,
        center: float,
        bar_width: float,
        slot: float,
        y_of: Callable[[float], float],
        plot: QRectF,
    ) -> None:
        band = self.band_of(result)
        selected = result.region is self.selected
        if selected:
            highlight = QColor(scheme["accent"])
            highlight.setAlpha(22)
            painter.fillRect(
                QRectF(center - slot / 2 + 2, plot.top(), slot - 4, plot.height()), highlight
            )
        # The region's name under its bar, wrapped onto two lines when it must.
        painter.setPen(QColor(scheme["text"] if selected else scheme["muted"]))
        label_rect = QRectF(
            center - slot / 2 + 2, plot.bottom() + 6, slot - 4, metrics.height() * 2 + 4
        )
        font = QFont(self.font())
        font.setBold(selected)
        painter.setFont(font)
        painter.drawText(
            label_rect,
            int(
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            ),
            result.region.label,
        )
        painter.setFont(self.font())
        if band is None:
            painter.setPen(QColor(scheme["muted"]))
            painter.drawText(
                QRectF(
                    center - slot / 2,
                    plot.bottom() - metrics.height() * 2 - 6,
                    slot,
                    metrics.height() * 2,
                ),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                "no figure",
            )
            return
        top_y, bottom_y = y_of(band.max), y_of(band.min)
        rect = QRectF(center - bar_width / 2, top_y, bar_width, bottom_y - top_y)
        painter.setPen(Qt.PenStyle.NoPen)
        if band.derived:
            base = QColor(scheme["accent"])
            base.setAlpha(45)
            painter.setBrush(base)
            painter.drawRoundedRect(rect, 4, 4)
        painter.setBrush(
            self._fill(scheme, derived=band.derived, strong=selected or self.selected is None)
        )
        painter.drawRoundedRect(rect, 4, 4)
        if band.derived:
            edge = QColor(scheme["accent"])
            painter.setPen(QPen(edge, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, 4, 4)
        if band.open_ended:
            fade = QLinearGradient(0, top_y - 16, 0, top_y)
            tip = QColor(scheme["accent"])
            tip.setAlpha(0)
            solid = QColor(scheme["accent"])
            solid.setAlpha(150)
            fade.setColorAt(0, tip)
            fade.setColorAt(1, solid)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(fade))
            painter.drawRect(QRectF(rect.left(), top_y - 16, rect.width(), 16))
        # Each source's own range beside the bar when the sources differ.
        if len(band.figures) > 1 and not band.derived:
            painter.setPen(QPen(QColor(scheme["text"]), 2))
            for offset, figure in enumerate(band.figures):
                low = _in_band_units(figure, band, result)
                high = _in_band_units(figure, band, result, upper=True)
                x = rect.right() + 5 + offset * 5
                painter.drawLine(QPointF(x, y_of(high)), QPointF(x, y_of(low)))
        # The band's ends.
        painter.setPen(QColor(scheme["text"]))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        high_text = short_money(band.max, band.currency) + ("+" if band.open_ended else "")
        low_text = short_money(band.min, band.currency)
        top_label_y = top_y - (18 if band.open_ended else 4)
        painter.drawText(
            QRectF(
                center - slot / 2,
                top_label_y - small_metrics.height(),
                slot,
                small_metrics.height(),
            ),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            high_text,
        )
        painter.drawText(
            QRectF(center - slot / 2, bottom_y + 2, slot, small_metrics.height()),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            low_text,
        )
        painter.setFont(self.font())

    def _ask(
        self,
        painter: QPainter,
        scheme: dict[str, str],
        metrics: QFontMetrics,
        plot: QRectF,
        slot: float,
        y_of: Callable[[float], float],
    ) -> None:
        assert self.ask is not None
        placement = self.ask.placement
        color = QColor(scheme[VERDICT_COLORS[placement.verdict]])
        y = y_of(placement.amount)
        faint = QColor(color)
        faint.setAlpha(110)
        painter.setPen(QPen(faint, 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        index = next((i for i, r in enumerate(self.results) if r.region is self.ask.region), None)
        if index is None:
            return
        center = plot.left() + slot * (index + 0.5)
        painter.setPen(QPen(color, 3))
        painter.drawLine(QPointF(center - slot * 0.36, y), QPointF(center + slot * 0.36, y))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(QPointF(center, y), 5, 5)
        band = placement.band
        label = f"{self.ask.name}: {format_money(placement.amount, band.currency, band.basis)}"
        width = metrics.horizontalAdvance(label) + 12
        x = min(max(plot.left(), center - width / 2), plot.right() - width)
        box = QRectF(x, y - metrics.height() - 12, width, metrics.height() + 4)
        if box.top() < plot.top():
            box.moveTop(y + 8)
        background = QColor(scheme["panel"])
        background.setAlpha(235)
        painter.setBrush(background)
        painter.setPen(QPen(color, 1))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor(scheme["text"]))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)


def _in_band_units(figure: Figure, band: Band, result: SalaryResult, upper: bool = False) -> float:
    """A source's figure in the band's currency, with the band's AI/ML premium."""
    value = figure.max if upper else figure.min
    value = convert_currency(value, figure.currency, band.currency, result.eur_usd)
    if band.ml_premium:
        value *= 1 + (band.ml_premium[1] if upper else band.ml_premium[0])
    return value


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


class SalaryView(QWidget):
    """The calculator: inputs, the chart of every region, the details of one region and
    the candidate's ask. :meth:`set_candidate` marks a candidate's ask."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("salaryView")
        self.database = database
        self.rates = current_rates()
        self.candidate_name: str | None = None
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

        inputs = QGridLayout()
        inputs.setHorizontalSpacing(14)
        inputs.setVerticalSpacing(8)
        pairs: list[tuple[str, QWidget]] = [
            ("Region", self.region),
            ("Level", self.level),
            ("Track", self.track),
            ("Currency", self.currency),
            ("Hours", self.hours),
            ("EUR/USD", self.eur_usd),
        ]
        for index, (text, widget) in enumerate(pairs):
            label = QLabel(text)
            label.setProperty("class", "muted")
            inputs.addWidget(label, 0, index)
            inputs.addWidget(widget, 1, index)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.contract)
        ask_row.addWidget(self.ml)
        ask_row.addSpacing(18)
        ask_label = QLabel("Ask")
        ask_row.addWidget(ask_label)
        ask_row.addWidget(self.ask_amount, 1)
        ask_row.addWidget(self.ask_currency)
        ask_row.addWidget(self.ask_period)

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
        panel_layout.addWidget(self.details)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.rates_label)
        layout.addLayout(inputs)
        layout.addLayout(ask_row)
        layout.addWidget(self.error)
        layout.addWidget(self.chart, 1)
        layout.addWidget(panel)

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
                f"Rates version {table.version} of {table.date} ({table.origin})"
            )
            self.rates_label.setStyleSheet(f"color: {scheme['muted']};")

    def _track_changed(self) -> None:
        if self.track.currentData() == Track.DATA_ML.value and not self.ml.isChecked():
            self.ml.setChecked(True)

    def _choose_region(self, region: str) -> None:
        self.region.setCurrentIndex(self.region.findData(region))

    def set_candidate(self, candidate_id: int | None) -> None:
        """Mark a candidate's ask: their region, level and ask fill the inputs."""
        if candidate_id is None:
            self.candidate_name = None
            self.ask_amount.clear()
            return
        with self.database.read() as session:
            person = session.get(Candidate, candidate_id)
            if person is None:
                return
            values = (
                person.full_name,
                person.region,
                person.level,
                person.track,
                person.ask_amount,
                person.ask_currency,
                person.ask_period,
            )
        name, region, level, track, amount, currency, period = values
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
        self.ask_amount.setText("" if amount is None else str(amount))
        self.recalculate()

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
                chart_ask = ChartAsk(chosen, placement, self.candidate_name or "Ask")
        self.chart.set_data(self.results, basis, chosen, chart_ask)
        if placement is not None:
            self.ask_bar.set_band(placement.band, placement)
        else:
            self.ask_bar.set_band(result.primary)
        self.details.setText(self._details_html(result, placement))

    def _details_html(self, result: SalaryResult, placement: AskPlacement | None) -> str:
        scheme = colors()
        muted = scheme["muted"]
        rows = []
        for name, band in (("Hourly", result.hourly), ("Annual", result.annual)):
            if band is None:
                rows.append(f"<b>{name}</b>: no figure in the sources")
                continue
            marks = []
            if band.derived:
                marks.append("derived")
            if band.ml_premium:
                marks.append("AI/ML premium")
            suffix = f" <span style='color:{muted}'>({', '.join(marks)})</span>" if marks else ""
            rows.append(f"<b>{name}</b>: {escape(band.label())}{suffix}")
        cited = []
        for band in (result.hourly, result.annual):
            for figure in band.figures if band else ():
                source = result.table.sources.get(figure.source)
                where = source.cite() if source else figure.source
                text = format_range(
                    figure.min, figure.max, figure.currency, figure.basis, figure.open_ended
                )
                entry = f"{escape(text)} \u2014 {escape(where)}"
                if entry not in cited:
                    cited.append(entry)
        html = f"<div><b>{escape(result.region.label)}, {escape(result.level.label)}</b> \u00b7 "
        html += " \u00b7 ".join(rows) + "</div>"
        if placement is not None:
            color = scheme[VERDICT_COLORS[placement.verdict]]
            who = escape(self.candidate_name or "The ask")
            html += f"<div style='color:{color}'><b>{who}</b>: {escape(placement.describe())}</div>"
        if cited:
            html += f"<div style='color:{muted}'>Sources: " + "; ".join(cited) + "</div>"
        for note in result.notes:
            html += f"<div style='color:{muted}'>{escape(note)}</div>"
        html += (
            f"<div style='color:{muted}'>At {result.hours_per_year:,} working hours a year; "
            f"\u20ac1 = ${result.eur_usd:.3f}.</div>"
        )
        return html
