"""The offer letter: a real PDF read back with pypdf."""

from datetime import date
from pathlib import Path

import pytest
from tests.cli.running import run_cli
from tests.pdf_text import pdf_text

from recruitdesk.domain.offer import OfferState, OfferTerms
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.errors import RefusedError
from recruitdesk.reports.offer_letter import write_offer_letter
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.offers import change_state, draft_offer
from recruitdesk.storage.positions import create_position

TODAY = date(2026, 12, 1)


@pytest.fixture
def offer_id(database: Database) -> int:
    candidate_id, _ = create_candidate(database, {"full_name": "Zoë Nowak"})
    position_id, _ = create_position(
        database, {"title": "Senior Python Engineer", "company": "Acme Data GmbH"}
    )
    application_id, _ = add_to_board(database, candidate_id, position_id)
    terms = OfferTerms(
        118_000,
        "EUR",
        PayPeriod.YEAR,
        date(2027, 2, 1),
        date(2026, 12, 15),
        "Hybrid, two days a week in Berlin\nSigning bonus €5,000",
    )
    offer_id, _ = draft_offer(database, application_id, terms, TODAY)
    return offer_id


def test_the_letter_states_the_terms(database: Database, offer_id: int, tmp_path: Path) -> None:
    written = write_offer_letter(
        database, offer_id, tmp_path / "offer.pdf", sender="Rita Recruiter", today=TODAY
    )
    text, pages = pdf_text(written.path)
    assert pages == written.pages == 1
    for expected in (
        "Offer of employment",
        "Dear Zoë Nowak",
        "Acme Data GmbH",
        "Senior Python Engineer",
        "€118,000/yr",
        "1 February 2027",
        "15 December 2026",
        "Signing bonus €5,000",
        "Rita Recruiter",
    ):
        assert expected in text


def test_no_letter_for_a_declined_offer(database: Database, offer_id: int, tmp_path: Path) -> None:
    change_state(database, offer_id, OfferState.SENT, today=TODAY)
    change_state(database, offer_id, OfferState.DECLINED, reason="Relocating", today=TODAY)
    with pytest.raises(RefusedError, match="declined"):
        write_offer_letter(database, offer_id, tmp_path / "x.pdf", sender="R", today=TODAY)
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_line_writes_the_letter(
    capsys: pytest.CaptureFixture[str], db_path: Path, offer_id: int, tmp_path: Path
) -> None:
    target = tmp_path / "letter.pdf"
    ran = run_cli(
        capsys,
        "--db",
        str(db_path),
        "report",
        "--offer",
        str(offer_id),
        "--sender",
        "Rita R",
        "-o",
        str(target),
    )
    assert (ran.returncode, ran.stderr) == (0, "")
    assert ran.stdout.strip() == f"Wrote {target} (1 page)."
    text, _ = pdf_text(target)
    assert "Dear Zoë Nowak" in text
    assert "Rita R" in text


@pytest.mark.parametrize(
    ("extra", "code", "says"),
    [
        (("--offer", "1"), 2, "is signed"),
        (("--offer", "1", "--sender", "   "), 2, "is signed"),
        (("--offer", "999", "--sender", "R"), 1, "no offer with id 999"),
        (("--offer", "1", "--position", "1", "--sender", "R"), 2, "only one of them"),
    ],
)
def test_the_command_line_refuses_in_one_line(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    offer_id: int,
    tmp_path: Path,
    extra: tuple[str, ...],
    code: int,
    says: str,
) -> None:
    target = tmp_path / "letter.pdf"
    ran = run_cli(capsys, "--db", str(db_path), "report", *extra, "-o", str(target))
    assert ran.returncode == code
    # A usage error comes after argparse's usage lines, as for every command.
    last = ran.stderr.strip().splitlines()[-1]
    assert says in last
    assert ran.stderr.count(says) == 1
    assert not target.exists()
