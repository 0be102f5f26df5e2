"""The pipeline's charts, painted with QPainter on any device: the Clients page's
widget paints them on screen in the palette's colours, the pipeline report into images
at print resolution (:func:`pipeline_images`).

- The funnel: a bar per stage as wide as the share of applications that reached it,
  with the count and the pass-through to the next stage.
- Time in stage: per stage the guides' typical range as a pale band, the median as a
  dot (green within the range, amber above it) and a whisker to the 90th centile; the
  last row is time to hire against the guides' 5-9 weeks.
"""

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from recruitdesk.domain.funnel import DurationFigures, FunnelStep, PipelineAnalytics
from recruitdesk.reports.charts import (
    ACCENT,
    FAIR,
    GOOD,
    GRID,
    INK,
    MUTED,
    TRACK,
    canvas,
    chart_font,
)

ROW = 22
LABEL_WIDTH = 104


@dataclass(frozen=True, slots=True)
class ChartColours:
    ink: QColor
    muted: QColor
    grid: QColor
    track: QColor
    bar: QColor
    good: QColor
    late: QColor


PRINT_COLOURS = ChartColours(INK, MUTED, GRID, TRACK, ACCENT, GOOD, FAIR)


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"→ {rate:.0%}"


def funnel_height(steps: int) -> int:
    return ROW * steps + 4


def paint_funnel(
    painter: QPainter, area: QRectF, steps: tuple[FunnelStep, ...], colours: ChartColours
) -> None:
    first = max((step.reached for step in steps), default=0)
    right_text = 96
    bar_left = area.left() + LABEL_WIDTH
    bar_width = max(10.0, area.width() - LABEL_WIDTH - right_text)
    align_right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    align_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for index, step in enumerate(steps):
        y = area.top() + index * ROW
        painter.setPen(colours.ink)
        painter.setFont(chart_font(11))
        painter.drawText(
            QRectF(area.left(), y, LABEL_WIDTH - 8, ROW), align_right, step.stage.label
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.track)
        painter.drawRoundedRect(QRectF(bar_left, y + 4, bar_width, ROW - 8), 3, 3)
        share = step.reached / first if first else 0.0
        painter.setBrush(colours.bar)
        # Centred bars narrowing stage by stage read as a funnel at a glance.
        width = bar_width * share
        painter.drawRoundedRect(
            QRectF(bar_left + (bar_width - width) / 2, y + 4, width, ROW - 8), 3, 3
        )
        painter.setPen(colours.ink)
        painter.setFont(chart_font(11, bold=True))
        text = QRectF(bar_left + bar_width + 6, y, right_text - 6, ROW)
        painter.drawText(text, align_left, f"{step.reached:,}")
        painter.setPen(colours.muted)
        painter.setFont(chart_font(10))
        painter.drawText(text, align_right, _percent(step.pass_rate))


def _rows(analytics: PipelineAnalytics) -> list[tuple[str, DurationFigures]]:
    rows = [(item.stage.label, item.figures) for item in analytics.stage_times]
    rows.append(("Time to hire", analytics.time_to_hire))
    return rows


def times_height(analytics: PipelineAnalytics) -> int:
    return ROW * len(_rows(analytics)) + 22


def paint_times(
    painter: QPainter, area: QRectF, analytics: PipelineAnalytics, colours: ChartColours
) -> None:
    rows = _rows(analytics)
    longest = max(
        [f.p90_days or 0 for _label, f in rows] + [f.typical_max or 0 for _label, f in rows]
    )
    scale_days = max(7, int((longest + 6) // 7 * 7))
    left = area.left() + LABEL_WIDTH
    width = max(10.0, area.width() - LABEL_WIDTH - 70)

    def x_of(days: float) -> float:
        return left + width * min(days, scale_days) / scale_days

    bottom = area.top() + ROW * len(rows)
    painter.setFont(chart_font(10))
    for week in range(0, scale_days + 1, 7 if scale_days <= 70 else 14):
        painter.setPen(QPen(colours.grid, 1))
        painter.drawLine(QPointF(x_of(week), area.top()), QPointF(x_of(week), bottom))
        painter.setPen(colours.muted)
        painter.drawText(
            QRectF(x_of(week) - 20, bottom + 3, 40, 14),
            Qt.AlignmentFlag.AlignCenter,
            f"{week // 7}w",
        )
    align_right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    align_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for index, (label, figures) in enumerate(rows):
        y = area.top() + index * ROW
        middle = y + ROW / 2
        painter.setPen(colours.ink)
        painter.setFont(chart_font(11, bold=label == "Time to hire"))
        painter.drawText(QRectF(area.left(), y, LABEL_WIDTH - 8, ROW), align_right, label)
        if figures.typical_min is not None and figures.typical_max is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.track)
            low, high = x_of(figures.typical_min), x_of(figures.typical_max)
            painter.drawRoundedRect(QRectF(low, y + 5, max(3.0, high - low), ROW - 10), 3, 3)
        painter.setFont(chart_font(10))
        text = QRectF(left + width + 6, y, 64, ROW)
        if figures.median_days is None:
            painter.setPen(colours.muted)
            painter.drawText(text, align_left, "no moves")
            continue
        colour = colours.good if figures.within_typical else colours.late
        if figures.p90_days is not None:
            painter.setPen(QPen(colour, 2))
            painter.drawLine(
                QPointF(x_of(figures.median_days), middle), QPointF(x_of(figures.p90_days), middle)
            )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(x_of(figures.median_days), middle), 5, 5)
        painter.setPen(colours.ink)
        painter.drawText(text, align_left, f"{figures.median_days:.0f} d (n={figures.count:,})")


def pipeline_images(analytics: PipelineAnalytics, width: int = 560) -> dict[str, QImage]:
    """The funnel and the times as print images, named as the report's HTML uses them."""
    funnel_image, painter = canvas(width, funnel_height(len(analytics.funnel)))
    paint_funnel(
        painter,
        QRectF(0, 2, width, funnel_height(len(analytics.funnel))),
        analytics.funnel,
        PRINT_COLOURS,
    )
    painter.end()
    times_image, painter = canvas(width, times_height(analytics))
    paint_times(painter, QRectF(0, 2, width, times_height(analytics)), analytics, PRINT_COLOURS)
    painter.end()
    return {"funnel.png": funnel_image, "times.png": times_image}
