"""Laying a gathered report out as a PDF file. This is what runs in a child process
when the app writes a report (docs/architecture.md, "Background operations"), so it
imports Qt and the layout only, never storage."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QImage

from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.reports.candidate import candidate_body
from recruitdesk.reports.model import CandidateReport, ShortlistReport
from recruitdesk.reports.pdf import (
    PaperSize,
    PdfPage,
    confidential_footer,
    ensure_gui_application,
    write_pdf,
)
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
    kind = "Blind candidate profile" if report.blind else "Candidate report"
    page = PdfPage(
        title=f"{report.person.display_name}: {kind.lower()}",
        header=f"recruitdesk · {kind} · {report.person.display_name}",
        footer=confidential_footer(report.generated_on),
    )
    return _write(path, page, lambda images: candidate_body(report, images), paper, progress)


def shortlist_pdf(
    report: ShortlistReport,
    path: Path,
    *,
    paper: PaperSize = PaperSize.A4,
    progress: Progress = NO_PROGRESS,
) -> WrittenReport:
    """Lay a gathered shortlist out as a PDF at ``path``, written atomically."""
    title = report.position.title
    page = PdfPage(
        title=f"Shortlist: {title}",
        header=f"recruitdesk · Shortlist · {title}" + (" · blind" if report.blind else ""),
        footer=confidential_footer(report.generated_on),
    )
    return _write(path, page, lambda images: shortlist_body(report, images), paper, progress)


def _write(
    path: Path,
    page: PdfPage,
    lay_out: Callable[[dict[str, QImage]], str | Sequence[str]],
    paper: PaperSize,
    progress: Progress,
) -> WrittenReport:
    """``lay_out`` gives the HTML and draws its charts into the images it is given."""
    ensure_gui_application()
    images: dict[str, QImage] = {}
    html = lay_out(images)
    pages = write_pdf(path, html, page, paper=paper, images=images, progress=progress)
    return WrittenReport(path, pages)
