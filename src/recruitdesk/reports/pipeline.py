"""The pipeline report for a client: how the search is going, for the client to read.

The funnel and the times as charts (:mod:`recruitdesk.reports.pipeline_charts`), then
each position's progress, offers, sources of hire, why candidates left, and the
candidates submitted with the date each fee claim runs to. Nothing private: no notes,
no contact details of candidates, only names the client was already sent."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

from recruitdesk.domain.funnel import PipelineAnalytics, Share
from recruitdesk.domain.pipeline import TOTAL_WEEKS, TYPICAL_DURATIONS
from recruitdesk.domain.wording import count
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.reports.candidate import h2, muted, table
from recruitdesk.reports.pdf import (
    PaperSize,
    PdfPage,
    confidential_footer,
    ensure_gui_application,
    write_pdf,
)
from recruitdesk.reports.pipeline_charts import pipeline_images
from recruitdesk.storage.analytics import Scope, pipeline_analytics
from recruitdesk.storage.clients import client_position_ids, get_client
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import get_position
from recruitdesk.storage.submissions import SubmissionView, list_submissions


@dataclass(frozen=True, slots=True)
class PositionLine:
    title: str
    status: str
    analytics: PipelineAnalytics


@dataclass(frozen=True, slots=True)
class PipelineReport:
    client: str
    generated_on: date
    analytics: PipelineAnalytics
    positions: tuple[PositionLine, ...]
    submissions: tuple[SubmissionView, ...]


def gather_pipeline_report(
    database: Database, client_id: int, *, today: date | None = None
) -> PipelineReport:
    client = get_client(database, client_id)
    positions = []
    for position_id in client_position_ids(database, client_id):
        position = get_position(database, position_id)
        positions.append(
            PositionLine(
                position.title,
                position.status.replace("_", " "),
                pipeline_analytics(database, Scope(position_id=position_id)),
            )
        )
    return PipelineReport(
        client=client.name,
        generated_on=today or datetime.now(UTC).date(),
        analytics=pipeline_analytics(database, Scope(client_id=client_id)),
        positions=tuple(positions),
        submissions=tuple(list_submissions(database, client_id=client_id)),
    )


def _days(low: int, high: int) -> str:
    return count(low, "day") if low == high else f"{low}-{high} days"


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def _shares(shares: tuple[Share, ...], with_hires: bool) -> str:
    if not shares:
        return "<p>None yet.</p>"
    if with_hires:
        rows = [[escape(s.label), f"{s.count:,}", f"{s.hired:,}"] for s in shares]
        return table(["Source", "Candidates", "Hired"], rows, [60, 20, 20])
    rows = [[escape(s.label), f"{s.count:,}"] for s in shares]
    return table(["Reason", "Candidates"], rows, [80, 20])


def _position_rows(report: PipelineReport) -> str:
    if not report.positions:
        return "<p>No positions for this client yet.</p>"
    rows = []
    for line in report.positions:
        steps = {step.stage.value: step.reached for step in line.analytics.funnel}
        rows.append(
            [
                f"<b>{escape(line.title)}</b><br>{muted(line.status)}",
                f"{line.analytics.applications:,}",
                f"{steps['screening']:,}",
                f"{steps['final']:,}",
                f"{steps['offer']:,}",
                f"{steps['hired']:,}",
            ]
        )
    return table(
        ["Position", "Candidates", "Screened", "Final", "Offers", "Hired"],
        rows,
        [40, 12, 12, 12, 12, 12],
    )


def _submissions(report: PipelineReport) -> str:
    if not report.submissions:
        return "<p>No candidate submitted yet.</p>"
    rows = [
        [
            f"{entry.submitted_at:%d %b %Y}",
            escape(entry.candidate),
            escape(entry.position or "—"),
            escape(entry.submitted_by),
            f"{entry.claim_until:%d %b %Y}",
        ]
        for entry in report.submissions
    ]
    return table(
        ["Submitted", "Candidate", "Position", "By", "Fee claim until"], rows, [16, 26, 26, 16, 16]
    )


def pipeline_body(report: PipelineReport) -> str:
    analytics = report.analytics
    offers = analytics.offers
    hire = analytics.time_to_hire
    low, high = TOTAL_WEEKS
    guide = ", ".join(
        f"{stage.label.lower()} {_days(typical.min_days, typical.max_days)}"
        for stage, typical in TYPICAL_DURATIONS.items()
    )
    hire_text = (
        f"Median time to hire: {hire.median_days:.0f} days over {count(hire.count, 'hire')}, "
        f"against the guides' {low}-{high} weeks."
        if hire.median_days is not None
        else "No hire yet, so no time to hire."
    )
    return "".join(
        [
            '<h1 style="font-size:20pt; margin-bottom:2px;">'
            f"Pipeline: {escape(report.client)}</h1>",
            "<p>"
            + muted(
                f"{count(len(report.positions), 'position')} · "
                f"{count(analytics.applications, 'candidate')} in the pipeline · "
                f"prepared {report.generated_on:%d %b %Y}"
            )
            + "</p>",
            h2("The funnel"),
            '<p><img src="funnel.png" width="560"></p>',
            "<p>"
            + muted(
                "Each bar counts the candidates who reached that stage or a later one; the "
                "percentage is how many of them went on to the next stage."
            )
            + "</p>",
            h2("Time in each stage"),
            '<p><img src="times.png" width="560"></p>',
            f"<p>{escape(hire_text)}</p>",
            "<p>"
            + muted(
                "The dot is the median, the line runs to the 90th percentile, the pale band "
                f"is the usual time ({guide})."
            )
            + "</p>",
            h2("Positions"),
            _position_rows(report),
            h2("Offers"),
            f"<p>{offers.made:,} made, {offers.accepted:,} accepted, "
            f"{offers.declined:,} declined or fell through, {offers.pending:,} open: "
            f"acceptance {_rate(offers.acceptance_rate)}.</p>",
            h2("Where hires came from"),
            _shares(analytics.sources, with_hires=True),
            h2("Why candidates were turned down"),
            _shares(analytics.rejections, with_hires=False),
            h2("Why candidates withdrew"),
            _shares(analytics.withdrawals, with_hires=False),
            h2("Candidates submitted"),
            _submissions(report),
        ]
    )


def write_pipeline_report(
    database: Database,
    client_id: int,
    path: Path,
    *,
    paper: PaperSize = PaperSize.A4,
    today: date | None = None,
    progress: Progress = NO_PROGRESS,
) -> tuple[Path, int]:
    """The client's pipeline report as a PDF at ``path``, written atomically; returns
    the path and the number of pages."""
    ensure_gui_application()
    progress.step(0, None, "counting the pipeline")
    report = gather_pipeline_report(database, client_id, today=today)
    page = PdfPage(
        title=f"Pipeline: {report.client}",
        header=f"recruitdesk · Pipeline report · {report.client}",
        footer=confidential_footer(report.generated_on),
    )
    images = pipeline_images(report.analytics)
    pages = write_pdf(
        path, pipeline_body(report), page, paper=paper, images=images, progress=progress
    )
    return path, pages
