"""The details of one region under the salary chart: its text, and the scroll area
that keeps it from pushing the chart off a short window."""

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from recruitdesk.domain.money import format_range
from recruitdesk.domain.salary import AskPlacement, SalaryResult
from recruitdesk.gui.style import VERDICT_COLORS, colors


class DetailsScroll(QScrollArea):
    """The region's details: as tall as their text when the window has room; on a
    short window the sources and notes scroll under the first lines rather than push
    the chart off the page."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("salaryDetailsScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        self.content = content

    def sizeHint(self) -> QSize:  # noqa: N802
        height = self.content.heightForWidth(self.viewport().width())
        if height < 0:
            height = self.content.sizeHint().height()
        return QSize(super().sizeHint().width(), height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        lines = QFontMetrics(self.font()).height() * 3
        return QSize(super().minimumSizeHint().width(), lines)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        # The text's height depends on the width just given.
        self.updateGeometry()


class MinimumHeightLayout(QVBoxLayout):
    """A column that asks a scroll area for its minimum height only: with its wrapped
    labels' height-for-width, the scroll area would make the page as tall as every
    detail line and scroll the whole page where only the details should."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def details_html(result: SalaryResult, placement: AskPlacement | None, owner: str) -> str:
    """One region's bands, the ask's verdict, the sources and notes, as rich text."""
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
        who = escape(owner)
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
