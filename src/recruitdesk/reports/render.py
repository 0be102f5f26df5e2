"""The reports' entry points, shared by the command line and the GUI: gather from
storage, then lay out (in this process or a child one)."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from recruitdesk.domain.money import Basis
from recruitdesk.domain.salary import calculate
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.domain.taxonomy_text import parse_level, parse_region
from recruitdesk.errors import KnownError
from recruitdesk.processes import run_in_process
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.reports.gather import DEFAULT_SHORTLIST, gather_candidate_report, gather_shortlist
from recruitdesk.reports.model import AskSection, CandidateReport, ShortlistReport
from recruitdesk.reports.pdf import PaperSize, checked_target
from recruitdesk.reports.writers import WrittenReport, candidate_pdf, shortlist_pdf
from recruitdesk.storage.candidates import CandidateDetails
from recruitdesk.storage.database import Database
from recruitdesk.storage.rate_files import current_rates


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


def _lay_out(
    lay_out: Callable[..., WrittenReport],
    report: CandidateReport | ShortlistReport,
    path: Path,
    paper: PaperSize,
    in_child_process: bool,
    progress: Progress,
) -> WrittenReport:
    if in_child_process:
        path = checked_target(path)
        return run_in_process(lay_out, report, path, paper=paper, progress=progress)
    return lay_out(report, path, paper=paper, progress=progress)


def write_candidate_report(
    database: Database,
    candidate_id: int,
    path: Path,
    *,
    paper: PaperSize = PaperSize.A4,
    blind: bool = False,
    today: date | None = None,
    in_child_process: bool = False,
    progress: Progress = NO_PROGRESS,
) -> WrittenReport:
    """The candidate report as a PDF at ``path``, written atomically. With
    ``in_child_process`` the layout runs in a child process (see
    :mod:`recruitdesk.processes`): the app's window stays live while it runs."""
    progress.step(0, None, "gathering")
    report = gather_candidate_report(
        database, candidate_id, blind=blind, find_ask=market_ask, today=today
    )
    return _lay_out(candidate_pdf, report, path, paper, in_child_process, progress)


def write_shortlist_report(
    database: Database,
    position_id: int,
    path: Path,
    *,
    top: int = DEFAULT_SHORTLIST,
    paper: PaperSize = PaperSize.A4,
    blind: bool = False,
    today: date | None = None,
    in_child_process: bool = False,
    progress: Progress = NO_PROGRESS,
) -> WrittenReport:
    """The shortlist of a position as a PDF at ``path``, written atomically; the layout
    in a child process with ``in_child_process``."""
    progress.step(0, None, "ranking the candidates")
    report = gather_shortlist(
        database, position_id, top=top, blind=blind, find_ask=market_ask, today=today
    )
    return _lay_out(shortlist_pdf, report, path, paper, in_child_process, progress)
