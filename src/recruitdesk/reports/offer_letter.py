"""The offer letter: one offer's terms as a PDF the recruiter sends or prints, laid out
like the other reports (``reports/pdf.py``) and written atomically.

The letter states what was agreed and nothing the app only estimates: no market band,
no score. It names the offer's expiry, so an unanswered letter does not bind forever.
"""

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from recruitdesk.domain.offer import OfferState
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.errors import RefusedError
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.reports.candidate import ACCENT, MUTED, table
from recruitdesk.reports.pdf import PaperSize, PdfPage, ensure_gui_application, write_pdf
from recruitdesk.storage.database import Database
from recruitdesk.storage.offers import OfferView, get_offer


@dataclass(frozen=True, slots=True)
class WrittenLetter:
    path: Path
    pages: int


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def letter_body(offer: OfferView, sender: str, today: date) -> str:
    """The letter as rich text for ``QTextDocument``."""
    terms = offer.terms
    company = offer.company or "the company"
    pay_kind = "Hourly rate" if terms.period is PayPeriod.HOUR else "Annual base salary"
    rows = [
        ["<b>Position</b>", escape(offer.position_title)],
        [f"<b>{pay_kind}</b>", escape(terms.pay())],
        ["<b>Start date</b>", escape(_day(terms.start_date))],
        ["<b>This offer is open until</b>", escape(_day(terms.expires_on))],
    ]
    if terms.notes:
        notes = "<br>".join(escape(line) for line in terms.notes.splitlines() if line.strip())
        rows.append(["<b>Also agreed</b>", notes])
    parts = [
        f'<p style="color:{MUTED};">{escape(_day(today))}</p>',
        f'<h1 style="font-size:18pt; color:{ACCENT}; margin-bottom:4px;">Offer of employment</h1>',
        f"<p>Dear {escape(offer.candidate_name)},</p>",
        f"<p>Following our conversations, {escape(company)} is pleased to offer you the "
        f"position of <b>{escape(offer.position_title)}</b> on the terms below.</p>",
        table(["Term", "What we offer"], rows, [34, 66]),
        "<p>To accept, reply in writing before the offer's closing date above. If anything "
        "here differs from what we discussed, tell us and we will correct it before you "
        "decide.</p>",
        "<p>We look forward to working with you.</p>",
        f"<p>Kind regards,<br><b>{escape(sender)}</b><br>"
        f'<span style="color:{MUTED};">on behalf of {escape(company)}</span></p>',
    ]
    return "".join(parts)


def write_offer_letter(
    database: Database,
    offer_id: int,
    path: Path,
    *,
    sender: str,
    paper: PaperSize = PaperSize.A4,
    today: date | None = None,
    progress: Progress = NO_PROGRESS,
) -> WrittenLetter:
    """The offer letter of ``offer_id`` as a PDF at ``path``, written atomically. A
    letter is refused for an offer that was declined or has expired."""
    ensure_gui_application()
    today = today or date.today()
    progress.step(0, None, "gathering")
    offer = get_offer(database, offer_id, today)
    if offer.state in (OfferState.DECLINED, OfferState.EXPIRED):
        raise RefusedError(f"The offer is {offer.state.value}; draft a new one for a letter.")
    page = PdfPage(
        title=f"Offer letter: {offer.candidate_name}",
        header=f"{offer.company or 'recruitdesk'} · Offer of employment · {offer.candidate_name}",
        footer=f"Offer for {offer.position_title} · open until {_day(offer.terms.expires_on)}",
    )
    body = letter_body(offer, sender, today)
    pages = write_pdf(path, body, page, paper=paper, progress=progress)
    return WrittenLetter(path, pages)
