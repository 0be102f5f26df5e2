"""Laying a gathered report out as a PDF file. This is what runs in a child process
when the app writes a report (docs/architecture.md, "Background operations"), so it
imports Qt and the layout only, never storage."""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QImage

from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.reports.candidate import candidate_body
from recruitdesk.reports.model import CandidateReport, ShortlistReport
from recruitdesk.reports.pdf import PaperSize, PdfPage, ensure_gui_application, write_pdf
from recruitdesk.reports.shortlist import shortlist_body


@dataclass(frozen=True, slots=True)
class WrittenReport:
    path: Path
    pages: int


def candidate_pdf(
    report: CandidateReport,
    path: Path,
    *,
    paper: PaperSize = PaperSize.A4,
    progress: Progress = NO_PROGRESS,
) -> WrittenReport:
    """Lay a gathered candidate report out as a PDF at ``path``, written atomically."""
    ensure_gui_application()
    images: dict[str, QImage] = {}
    html = candidate_body(report, images)
    kind = "Blind candidate profile" if report.blind else "Candidate report"
    page = PdfPage(
        title=f"{report.person.display_name}: {kind.lower()}",
        header=f"recruitdesk · {kind} · {report.person.display_name}",
        footer=f"Confidential · prepared {report.generated_on:%d %b %Y}",
    )
    pages = write_pdf(path, html, page, paper=paper, images=images, progress=progress)
    return WrittenReport(path, pages)


def shortlist_pdf(
    report: ShortlistReport,
    path: Path,
    *,
    paper: PaperSize = PaperSize.A4,
    progress: Progress = NO_PROGRESS,
) -> WrittenReport:
    """Lay a gathered shortlist out as a PDF at ``path``, written atomically."""
    ensure_gui_application()
    images: dict[str, QImage] = {}
    sections = shortlist_body(report, images)
    title = report.position.title
    page = PdfPage(
        title=f"Shortlist: {title}",
        header=f"recruitdesk · Shortlist · {title}" + (" · blind" if report.blind else ""),
        footer=f"Confidential · prepared {report.generated_on:%d %b %Y}",
    )
    pages = write_pdf(path, sections, page, paper=paper, images=images, progress=progress)
    return WrittenReport(path, pages)
