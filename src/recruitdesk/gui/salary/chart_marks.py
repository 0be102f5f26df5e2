"""What the band chart draws beside its bars: the short money labels, the legend, the
bars' fill and where the ask's label goes (apart from the widget, so each reads alone)."""

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen

from recruitdesk.domain.salary import AskPlacement
from recruitdesk.domain.taxonomy import Region
from recruitdesk.gui.style import VERDICT_COLORS


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


def legend_places(
    metrics: QFontMetrics, width: float, *, with_ask: bool
) -> list[tuple[str, str, float, int]]:
    """Each legend entry's kind, text, left edge and line: entries go on the next
    line when the chart is too narrow for them (never cut at its edge)."""
    box = metrics.ascent() - 2
    entries = [
        ("source", "sources' figure", box * 1.4),
        ("derived", "derived (\u00f7 or \u00d7 working hours)", box * 1.4),
        ("figures", "each source, where they differ", box * 1.4),
    ]
    if with_ask:
        entries.append(("ask", "ask", box * 1.6))
    places: list[tuple[str, str, float, int]] = []
    x, line = 8.0, 0
    for kind, text, mark in entries:
        width = mark + 5 + metrics.horizontalAdvance(text)
        if places and x + width > width - 8:
            x, line = 8.0, line + 1
        places.append((kind, text, x, line))
        x += width + 16
    return places


def draw_legend(
    painter: QPainter,
    scheme: dict[str, str],
    metrics: QFontMetrics,
    baseline: float,
    width: float,
    ask: ChartAsk | None,
) -> None:
    """The legend's entries from ``baseline`` down, wrapped to ``width``."""
    box = metrics.ascent() - 2
    for kind, text, x, line in legend_places(metrics, width, with_ask=ask is not None):
        if kind == "ask" and ask is not None:
            color = QColor(scheme[VERDICT_COLORS[ask.placement.verdict]])
            y = baseline + line * metrics.height()
            painter.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, y - box / 2), QPointF(x + box * 1.6, y - box / 2))
            painter.setPen(QColor(scheme["muted"]))
            painter.drawText(QPointF(x + box * 1.6 + 5, y), text)
            continue
        rect = QRectF(x, baseline + line * metrics.height() - box, box * 1.4, box)
        if kind == "figures":
            painter.setPen(QPen(QColor(scheme["text"]), 2))
            middle = rect.center().x()
            painter.drawLine(QPointF(middle, rect.top()), QPointF(middle, rect.bottom()))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(band_fill(scheme, derived=kind == "derived", strong=True))
            painter.drawRoundedRect(rect, 2, 2)
        painter.setPen(QColor(scheme["muted"]))
        painter.drawText(QPointF(rect.right() + 5, rect.bottom()), text)


def band_fill(scheme: dict[str, str], *, derived: bool, strong: bool) -> QBrush:
    color = QColor(scheme["accent"])
    color.setAlpha(215 if strong else 120)
    if derived:
        return QBrush(color, Qt.BrushStyle.BDiagPattern)
    return QBrush(color)


def ask_label_box(
    size: QSizeF,
    at: QPointF,
    bar_width: float,
    plot: QRectF,
    own: list[QRectF],
    taken: list[QRectF],
) -> QRectF:
    """Above the ask, below it, beside the bar, or past the band's own end labels
    (``own``): the first place inside the plot that covers no band's end label
    (``taken``); an ask near the band's top would otherwise sit on its top label."""
    width, height = size.width(), size.height()
    centred = min(max(plot.left(), at.x() - width / 2), plot.right() - width)
    right = min(at.x() + bar_width / 2 + 16, plot.right() - width)
    left = max(plot.left(), at.x() - bar_width / 2 - 16 - width)
    places = [
        QRectF(centred, at.y() - height - 8, width, height),
        QRectF(centred, at.y() + 8, width, height),
        QRectF(right, at.y() - height / 2, width, height),
        QRectF(left, at.y() - height / 2, width, height),
    ]
    if len(own) == 2:
        high, low = own
        places.append(QRectF(centred, high.top() - height - 2, width, height))
        places.append(QRectF(centred, low.bottom() + 2, width, height))
    for box in places:
        inside = box.top() >= plot.top() and box.bottom() <= plot.bottom()
        if inside and not any(box.intersects(label) for label in taken):
            return box
    return places[0]
