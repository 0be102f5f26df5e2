"""The bands of every region for one level, drawn side by side (QPainter), with an ask
marked on its region's bar."""

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, Signal
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
from PySide6.QtWidgets import QSizePolicy, QWidget

from recruitdesk.domain.money import Basis, convert_currency, format_money
from recruitdesk.domain.rate_table import Figure
from recruitdesk.domain.salary import Band, SalaryResult
from recruitdesk.domain.taxonomy import Region
from recruitdesk.gui.salary.chart_marks import (
    ChartAsk,
    ask_label_box,
    band_fill,
    draw_legend,
    legend_places,
    short_money,
)
from recruitdesk.gui.style import VERDICT_COLORS, colors

#: How small the regions' names may get under narrow bars, against the chart's font.
SMALLEST_LABEL_SCALE = 0.72


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
        self.region_font = QFont(self.font())
        #: Where the last paint put each band's end labels, and the ask's label: the
        #: ask's label is placed clear of its region's end labels.
        self.end_labels: dict[Region, list[QRectF]] = {}
        self.ask_label: QRectF | None = None
        # Seven regions stay legible down to about 45 pixels each: their names wrap,
        # and shrink a little when a word is wider than that (label_font).
        self.setMinimumSize(380, 240)
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
        legend_lines = 1 + max(
            line
            for _kind, _text, _x, line in legend_places(
                metrics, self.width(), with_ask=self.ask is not None
            )
        )
        top = metrics.height() * (1 + legend_lines) + 12
        bottom = metrics.height() * 2 + 16
        return QRectF(left, top, max(10.0, self.width() - left - 16), self.height() - top - bottom)

    def _scale_top(self, plot_height: float) -> float:
        """The value at the top of the plot: above the tallest bar and the ask, with
        room over the tallest bar for its label (and an open band's fade)."""
        highest = 0.0
        for result in self.results:
            band = self.band_of(result)
            if band is not None:
                highest = max(highest, band.max)
        if self.ask is not None:
            highest = max(highest, self.ask.placement.amount)
        if highest <= 0:
            return 1.0
        room = QFontMetrics(self.font()).height() + 18
        usable = max(plot_height / 2, plot_height - room)
        needed = max(highest * 1.08, highest * plot_height / usable)
        step = _nice_step(needed / 5)
        return math.ceil(needed / step) * step

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
        top = self._scale_top(plot.height())
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
        draw_legend(
            painter,
            scheme,
            metrics,
            metrics.height() + metrics.ascent() + 6,
            self.width(),
            self.ask,
        )

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
        self.region_font = self.label_font(slot - 4)
        self.end_labels = {}
        self.ask_label = None
        for index, result in enumerate(self.results):
            center = plot.left() + slot * (index + 0.5)
            self._region(painter, scheme, metrics, result, center, bar_width, slot, y_of, plot)

        if self.ask is not None:
            self._ask(painter, scheme, metrics, plot, slot, bar_width, y_of)
        painter.end()

    def label_font(self, room: float) -> QFont:
        """The font the regions' names are written in under bars ``room`` pixels apart:
        the chart's, smaller (down to :data:`SMALLEST_LABEL_SCALE` of it) when the
        longest word of a name, in bold, is wider than the room."""
        font = QFont(self.font())
        font.setBold(True)
        words = [word for region in Region for word in region.label.split()]
        widest = max(QFontMetrics(font).horizontalAdvance(word) for word in words)
        scale = max(SMALLEST_LABEL_SCALE, min(1.0, room / widest))
        shrunk = QFont(self.font())
        shrunk.setPointSizeF(self.font().pointSizeF() * scale)
        return shrunk

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
        font = QFont(self.region_font)
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
            band_fill(scheme, derived=band.derived, strong=selected or self.selected is None)
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
        height = small_metrics.height()
        labels = []
        for text, top in ((high_text, top_label_y - height), (low_text, bottom_y + 2)):
            width = small_metrics.horizontalAdvance(text) + 4
            box = QRectF(center - width / 2, top, width, height)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
            labels.append(box)
        self.end_labels[result.region] = labels
        painter.setFont(self.font())

    def _ask(
        self,
        painter: QPainter,
        scheme: dict[str, str],
        metrics: QFontMetrics,
        plot: QRectF,
        slot: float,
        bar_width: float,
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
        box = ask_label_box(
            QSizeF(metrics.horizontalAdvance(label) + 12, metrics.height() + 4),
            QPointF(center, y),
            bar_width,
            plot,
            self.end_labels.get(self.ask.region, []),
            [label for labels in self.end_labels.values() for label in labels],
        )
        self.ask_label = box
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
