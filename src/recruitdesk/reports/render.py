"""The reports' entry points, shared by the command line and the GUI."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage

from recruitdesk.domain.money import Basis
from recruitdesk.domain.salary import calculate
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.domain.taxonomy_text import parse_level, parse_region
from recruitdesk.errors import KnownError
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.reports.candidate import candidate_body
from recruitdesk.reports.gather import DEFAULT_SHORTLIST, gather_candidate_report, gather_shortlist
from recruitdesk.reports.model import AskSection
from recruitdesk.reports.pdf import PaperSize, PdfPage, ensure_gui_application, write_pdf
from recruitdesk.reports.shortlist import shortlist_body
from recruitdesk.storage.candidates import CandidateDetails
from recruitdesk.storage.database import Database
from recruitdesk.storage.rate_files import current_rates


@dataclass(frozen=True, slots=True)
class WrittenReport:
    path: Path
    pages: int


def market_ask(details: CandidateDetails) -> AskSection | None:
    """The candidate's ask against the market band of their region and level (hourly
    for an hourly ask, annual otherwise), or ``None`` without an ask or a band."""
    if not (
        details.region
        and details.level
        and details.ask_amount
        and details.ask_currency
        and details.ask_period
    ):
        return None
    try:
        result = calculate(
            current_rates().table,
            parse_region(details.region),
            parse_level(details.level),
            contract=details.ask_period == PayPeriod.HOUR.value,
        )
        placement = result.place(details.ask_amount, details.ask_currency, details.ask_period)
    except KnownError:
        return None
    if placement is None:
        return None
    band = placement.band
    verdict = f"The ask is {placement.describe()}."
    if band.derived:
        verdict += " The band is derived from the sources' other figures by a stated rule."
    return AskSection(
        amount=placement.amount,
        currency=band.currency,
        period=PayPeriod.HOUR.value if band.basis is Basis.HOURLY else PayPeriod.YEAR.value,
        band_min=band.min,
        band_max=band.max,
        verdict=verdict,
        sources=tuple(source.cite() for source in result.sources()),
    )


def write_candidate_report(
    database: Database,
    candidate_id: int,
    path: Path,
    *,
    paper: PaperSize = PaperSize.A4,
    blind: bool = False,
    today: date | None = None,
    progress: Progress = NO_PROGRESS,
) -> WrittenReport:
    """The candidate report as a PDF at ``path``, written atomically."""
    ensure_gui_application()
    progress.step(0, None, "gathering")
    report = gather_candidate_report(
        database, candidate_id, blind=blind, find_ask=market_ask, today=today
    )
    images: dict[str, QImage] = {}
    html = candidate_body(report, images)
    kind = "Blind candidate profile" if blind else "Candidate report"
    page = PdfPage(
        title=f"{report.person.display_name}: {kind.lower()}",
        header=f"recruitdesk · {kind} · {report.person.display_name}",
        footer=f"Confidential · prepared {report.generated_on:%d %b %Y}",
    )
    pages = write_pdf(path, html, page, paper=paper, images=images, progress=progress)
    return WrittenReport(path, pages)


def write_shortlist_report(
    database: Database,
    position_id: int,
    path: Path,
    *,
    top: int = DEFAULT_SHORTLIST,
    paper: PaperSize = PaperSize.A4,
    blind: bool = False,
    today: date | None = None,
    progress: Progress = NO_PROGRESS,
) -> WrittenReport:
    """The shortlist of a position as a PDF at ``path``, written atomically."""
    ensure_gui_application()
    progress.step(0, None, "ranking the candidates")
    report = gather_shortlist(
        database, position_id, top=top, blind=blind, find_ask=market_ask, today=today
    )
    images: dict[str, QImage] = {}
    sections = shortlist_body(report, images)
    title = report.position.title
    page = PdfPage(
        title=f"Shortlist: {title}",
        header=f"recruitdesk · Shortlist · {title}" + (" · blind" if blind else ""),
        footer=f"Confidential · prepared {report.generated_on:%d %b %Y}",
    )
    pages = write_pdf(path, sections, page, paper=paper, images=images, progress=progress)
    return WrittenReport(path, pages)
