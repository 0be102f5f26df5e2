"""The Analytics tab of the Clients page: the funnel and the times in stage painted by
:mod:`recruitdesk.reports.pipeline_charts` in the palette's colours, and a line each
for offers, sources of hire and reasons. Reads in the background per scope."""

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from recruitdesk.domain.funnel import PipelineAnalytics, Share
from recruitdesk.domain.wording import count
from recruitdesk.reports.charts import FAIR, GOOD
from recruitdesk.reports.pipeline_charts import (
    ChartColours,
    funnel_height,
    paint_funnel,
    paint_times,
    times_height,
)

GAP = 26


class PipelineChart(QWidget):
    """The funnel above the times in stage, or a sentence when there is nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pipelineChart")
        self.analytics: PipelineAnalytics | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_analytics(self, analytics: PipelineAnalytics | None) -> None:
        self.analytics = analytics
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        if self.analytics is None:
            return QSize(400, 40)
        return QSize(
            520, 20 + funnel_height(len(self.analytics.funnel)) + GAP + times_height(self.analytics)
        )

    def _colours(self) -> ChartColours:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        base = palette.color(QPalette.ColorRole.Base)
        track = QColor(base).darker(112) if base.lightness() > 128 else QColor(base).lighter(160)
        grid = QColor(track).darker(108) if base.lightness() > 128 else QColor(track).lighter(130)
        return ChartColours(
            text, muted, grid, track, palette.color(QPalette.ColorRole.Highlight), GOOD, FAIR
        )

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = self._colours()
        analytics = self.analytics
        if analytics is None or not analytics.applications:
            painter.setPen(colours.muted)
            painter.drawText(
                QRectF(self.rect()), "No candidate in this pipeline yet: nothing to chart."
            )
            painter.end()
            return
        width = float(self.width() - 16)
        funnel = funnel_height(len(analytics.funnel))
        painter.setPen(colours.ink)
        painter.drawText(QRectF(8, 0, width, 18), "Candidates per stage and pass-through")
        paint_funnel(painter, QRectF(8, 20, width, funnel), analytics.funnel, colours)
        top = 20 + funnel + GAP
        painter.setPen(colours.ink)
        painter.drawText(
            QRectF(8, top - 20, width, 18),
            "Days in stage (median, to the 90th percentile) against the guides' usual time",
        )
        paint_times(painter, QRectF(8, top, width, times_height(analytics)), analytics, colours)
        painter.end()


def _top(shares: tuple[Share, ...], hires: bool) -> str:
    if not shares:
        return "none yet"
    chosen = shares[:3]
    if hires:
        return ", ".join(f"{s.label} {s.hired:,} of {s.count:,}" for s in chosen)
    return ", ".join(f"{s.label} ({s.count:,})" for s in chosen)


def summary_lines(analytics: PipelineAnalytics) -> list[str]:
    """The figures the charts leave out, a sentence each."""
    offers = analytics.offers
    rate = "—" if offers.acceptance_rate is None else f"{offers.acceptance_rate:.0%}"
    hire = analytics.time_to_hire
    hire_text = (
        f"median {hire.median_days:.0f} days over {count(hire.count, 'hire')} "
        f"(the guides: {hire.typical_min}-{hire.typical_max} days)"
        if hire.median_days is not None
        else "no hire yet"
    )
    return [
        f"{count(analytics.applications, 'candidate')} in the pipeline · time to hire: {hire_text}",
        f"Offers: {offers.made:,} made, {offers.accepted:,} accepted, "
        f"{offers.declined:,} declined, {offers.pending:,} open · acceptance {rate}",
        f"Hires by source: {_top(analytics.sources, hires=True)}",
        f"Turned down: {_top(analytics.rejections, hires=False)}",
        f"Withdrew: {_top(analytics.withdrawals, hires=False)}",
    ]


class AnalyticsPanel(QWidget):
    """The chart with its summary lines under it."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.chart = PipelineChart()
        layout.addWidget(self.chart)
        self.summary = QLabel()
        self.summary.setObjectName("analyticsSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def show_analytics(self, analytics: PipelineAnalytics) -> None:
        self.chart.set_analytics(analytics)
        self.summary.setText("\n".join(summary_lines(analytics)))
