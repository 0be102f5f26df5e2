"""Charts for the reports, drawn with QPainter into images at print resolution."""

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from recruitdesk.domain.score_bands import ScoreBand, score_band
from recruitdesk.reports.pdf import BODY_FONT

#: Print resolution of the chart images; the report shows them at 1/SCALE of this size.
SCALE = 3
INK = QColor("#1d2433")
MUTED = QColor("#5b6478")
GRID = QColor("#e4e8f0")
TRACK = QColor("#eef1f6")
GOOD = QColor("#2e9d63")
FAIR = QColor("#d99a20")
POOR = QColor("#d2483f")
ACCENT = QColor("#2f6fde")


#: The printed colour of each score band.
BAND_COLOURS = {ScoreBand.STRONG: GOOD, ScoreBand.FAIR: FAIR, ScoreBand.WEAK: POOR}


def score_colour(value: float) -> QColor:
    """The colour of a 0..100 score's band, as the app's badges and bars band it."""
    return BAND_COLOURS[score_band(value)]


def canvas(width: int, height: int) -> tuple[QImage, QPainter]:
    """A white print-resolution image of ``width`` x ``height`` points, and a painter
    on it that draws in points."""
    image = QImage(width * SCALE, height * SCALE, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(int(96 * SCALE / 0.0254))
    image.setDotsPerMeterY(int(96 * SCALE / 0.0254))
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(SCALE, SCALE)
    return image, painter


def chart_font(size: float, bold: bool = False) -> QFont:
    """The report's body font at ``size`` pixels."""
    font = QFont(BODY_FONT)
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    return font


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float


def score_bars(bars: Sequence[Bar], width: int = 520) -> QImage:
    """Horizontal bars on a 0-100 scale, one per score, the value at the bar's end."""
    row = 24
    label_width = 150
    top = 6
    height = top + row * len(bars) + 22
    image, painter = canvas(width, height)
    scale_left = label_width
    scale_width = width - label_width - 40
    painter.setFont(chart_font(10))
    for tick in (0, 25, 50, 75, 100):
        x = scale_left + scale_width * tick / 100
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(int(x), top, int(x), top + row * len(bars))
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(x - 15, top + row * len(bars) + 4, 30, 14),
            Qt.AlignmentFlag.AlignCenter,
            str(tick),
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        painter.setPen(INK)
        painter.setFont(chart_font(11, bold=bar.label.lower() == "overall"))
        painter.drawText(
            QRectF(0, y, label_width - 10, row),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            bar.label,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(QRectF(scale_left, y + 6, scale_width, row - 12), 3, 3)
        value = max(0.0, min(100.0, bar.value))
        painter.setBrush(score_colour(value))
        painter.drawRoundedRect(
            QRectF(scale_left, y + 6, scale_width * value / 100, row - 12), 3, 3
        )
        painter.setPen(INK)
        painter.setFont(chart_font(11, bold=True))
        painter.drawText(
            QRectF(scale_left + scale_width + 6, y, 34, row),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            f"{value:.0f}",
        )
    painter.end()
    return image


@dataclass(frozen=True, slots=True)
class BandChart:
    """An ask against a market band, both in the same currency and period."""

    band_min: float
    band_max: float
    ask: float
    unit: str


def _money(value: float, unit: str) -> str:
    if value >= 10_000:
        return f"{value / 1000:,.0f}k {unit}"
    return f"{value:,.0f} {unit}"


def band_chart(chart: BandChart, width: int = 520) -> QImage:
    """The band as a bar on a scale that also holds the ask, the ask as a marker."""
    height = 74
    image, painter = canvas(width, height)
    low = min(chart.band_min, chart.ask) * 0.85
    high = max(chart.band_max, chart.ask) * 1.1
    left, right = 20, width - 20

    def x_of(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    bar_top = 30
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TRACK)
    painter.drawRoundedRect(QRectF(left, bar_top, right - left, 14), 4, 4)
    band = QRectF(x_of(chart.band_min), bar_top, x_of(chart.band_max) - x_of(chart.band_min), 14)
    painter.setBrush(QColor(ACCENT.red(), ACCENT.green(), ACCENT.blue(), 90))
    painter.drawRoundedRect(band, 4, 4)
    painter.setFont(chart_font(10))
    painter.setPen(MUTED)
    for value in (chart.band_min, chart.band_max):
        painter.drawText(
            QRectF(x_of(value) - 60, bar_top + 17, 120, 14),
            Qt.AlignmentFlag.AlignCenter,
            _money(value, chart.unit),
        )
    ask_x = x_of(chart.ask)
    within = chart.band_min <= chart.ask <= chart.band_max
    colour = GOOD if within else (FAIR if chart.ask < chart.band_min else POOR)
    painter.setPen(QPen(colour, 3))
    painter.drawLine(int(ask_x), bar_top - 6, int(ask_x), bar_top + 20)
    painter.setFont(chart_font(11, bold=True))
    painter.setPen(INK)
    painter.drawText(
        QRectF(ask_x - 90, 6, 180, 16),
        Qt.AlignmentFlag.AlignCenter,
        f"ask {_money(chart.ask, chart.unit)}",
    )
    painter.end()
    return image
