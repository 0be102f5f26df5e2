"""A small bar that shows a candidate's ask against the market band, for the candidate
pane and the salary view: the band as a rounded segment, its ends labelled, the ask as
a marker coloured by where it sits (within, below, above)."""

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from recruitdesk.domain.money import format_money
from recruitdesk.domain.salary import AskPlacement, Band, SalaryResult, calculate
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.domain.taxonomy_text import parse_level, parse_region
from recruitdesk.domain.wording import ordinal
from recruitdesk.errors import KnownError
from recruitdesk.gui.style import VERDICT_COLORS, colors
from recruitdesk.storage.rate_files import current_rates


class AskBar(QWidget):
    """The ask against the band. Call :meth:`set_ask` (or :meth:`set_band`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("askBar")
        self.band: Band | None = None
        self.placement: AskPlacement | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(180)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(180, self._height())

    def _height(self) -> int:
        line = QFontMetrics(self.font()).height()
        return line * 3 + 16

    def set_band(self, band: Band | None, placement: AskPlacement | None = None) -> None:
        self.band = band
        self.placement = placement
        self.setToolTip(self.describe())
        self.updateGeometry()
        self.update()

    def set_ask(
        self,
        result: SalaryResult | None,
        amount: float | None,
        currency: str | None,
        period: str | None,
    ) -> None:
        """The band of the ask's own period (hourly or annual) with the ask placed on it;
        without an ask, the result's primary band alone."""
        if result is None:
            self.set_band(None)
            return
        if amount is None:
            self.set_band(result.primary)
            return
        chosen_period = period or PayPeriod.YEAR.value
        placement = result.place(amount, currency or result.currency, chosen_period)
        band = placement.band if placement else result.band_for(chosen_period)
        self.set_band(band, placement)

    def show_candidate(
        self,
        region: str | None,
        level: str | None,
        amount: float | None,
        currency: str | None,
        period: str | None,
    ) -> None:
        """The candidate pane's one call: a candidate's region, level and ask as stored
        (contract when the ask is hourly), against the configured rates."""
        if not region or not level:
            self.set_band(None)
            return
        try:
            result = calculate(
                current_rates().table,
                parse_region(region),
                parse_level(level),
                contract=period == PayPeriod.HOUR.value,
            )
        except KnownError:
            self.set_band(None)
            return
        self.set_ask(result, amount, currency, period)

    def describe(self) -> str:
        if self.band is None:
            return "No market figure for this region and level."
        text = f"Market band {self.band.label()}"
        if self.band.derived:
            text += " (derived)"
        if self.placement is not None:
            text += f"; ask {self.placement.describe()}"
        return text

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        scheme = colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        muted, text_color = QColor(scheme["muted"]), QColor(scheme["text"])
        if self.band is None:
            painter.setPen(muted)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignVCenter, "No market figure for this region"
            )
            painter.end()
            return
        band = self.band
        ask = self.placement.amount if self.placement else None
        low = min(band.min, ask if ask is not None else band.min)
        high = max(band.max, ask if ask is not None else band.max)
        span = (high - low) or 1.0
        low, high = low - span * 0.12, high + span * 0.12
        margin = 8.0
        width = max(1.0, self.width() - 2 * margin)

        def x_of(value: float) -> float:
            return margin + (value - low) / (high - low) * width

        track_y = line + 10.0
        track = QRectF(margin, track_y, width, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(scheme["border"]))
        painter.drawRoundedRect(track, 3, 3)
        segment = QRectF(x_of(band.min), track_y - 3, x_of(band.max) - x_of(band.min), 12)
        fill = QColor(scheme["accent"])
        fill.setAlpha(110 if band.derived else 200)
        painter.setBrush(fill)
        painter.drawRoundedRect(segment, 5, 5)
        if band.open_ended:
            arrow = QPainterPath(QPointF(segment.right() + 1, segment.top()))
            arrow.lineTo(segment.right() + 9, segment.center().y())
            arrow.lineTo(segment.right() + 1, segment.bottom())
            arrow.closeSubpath()
            painter.drawPath(arrow)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        painter.setPen(muted)
        below = track_y + 14
        low_text = format_money(band.min, band.currency, band.basis)
        high_text = format_money(band.max, band.currency, band.basis)
        if band.open_ended:  # "$130/h" -> "$130+/h"
            high_text = high_text.replace("/", "+/", 1)
        low_width = small_metrics.horizontalAdvance(low_text)
        high_width = small_metrics.horizontalAdvance(high_text)
        low_x = min(max(0.0, x_of(band.min) - low_width / 2), self.width() - low_width)
        high_x = min(max(0.0, x_of(band.max) - high_width / 2), self.width() - high_width)
        if high_x < low_x + low_width + 6:  # the labels would touch: push them apart
            high_x = min(self.width() - high_width, low_x + low_width + 6)
        painter.drawText(QPointF(low_x, below + small_metrics.ascent()), low_text)
        painter.drawText(QPointF(high_x, below + small_metrics.ascent()), high_text)
        painter.setFont(self.font())
        if self.placement is None or ask is None:
            painter.setPen(muted)
            painter.drawText(QPointF(margin, metrics.ascent() + 2), "No ask on file")
            painter.end()
            return
        marker = QColor(scheme[VERDICT_COLORS[self.placement.verdict]])
        x = x_of(ask)
        painter.setPen(QPen(marker, 2.5))
        painter.drawLine(QPointF(x, track_y - 7), QPointF(x, track_y + 13))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(marker)
        painter.drawEllipse(QPointF(x, track_y + 3), 4.5, 4.5)
        label = self._label()
        label_width = metrics.horizontalAdvance(label)
        label_x = min(max(0.0, x - label_width / 2), self.width() - label_width)
        painter.setPen(text_color)
        painter.drawText(QPointF(label_x, metrics.ascent() + 2), label)
        painter.end()

    def _label(self) -> str:
        assert self.placement is not None
        placement = self.placement
        money = format_money(placement.amount, placement.band.currency, placement.band.basis)
        if placement.verdict == "within":
            assert placement.percentile is not None
            return f"Ask {money} \u00b7 {ordinal(round(placement.percentile))} pct"
        return f"Ask {money} \u00b7 {placement.verdict} band"
