"""The shortlist report: requirements, a ranked summary, then a page per candidate."""

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from tests import templates
from tests.pdf_text import page_texts

from recruitdesk.cli import main
from recruitdesk.domain.pipeline import Stage
from recruitdesk.reports.render import write_candidate_report, write_shortlist_report
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.queries import board_stages

AS_OF = date(2026, 11, 21)


@pytest.fixture
def sample(db_path: Path) -> Iterator[Database]:
    with templates.open_demo(db_path, candidates=200, seed=12, as_of=AS_OF) as database:
        yield database


def test_a_page_per_candidate_after_the_summary(sample: Database, tmp_path: Path) -> None:
    written = write_shortlist_report(sample, 1, tmp_path / "short.pdf", top=4, today=AS_OF)
    pages = page_texts(written.path)
    assert len(pages) == written.pages
    first = pages[0]
    assert "Shortlist:" in first
    assert "What the position asks for" in first
    stages = board_stages(sample, 1)
    with sample.read() as session:
        names = {
            c.id: c.full_name
            for c in session.query(Candidate).filter(Candidate.id.in_(list(stages)))
        }
    listed = [name for name in names.values() if name in first]
    assert len(listed) == 4
    # Each candidate's own report, rendered alone, takes as many pages as in the shortlist.
    expected = 1
    for candidate_id, name in names.items():
        if name in listed:
            alone = write_candidate_report(sample, candidate_id, tmp_path / f"{candidate_id}.pdf")
            expected += alone.pages
            starts = [
                i
                for i, text in enumerate(pages)
                if i and text.split("page")[1:] and f"{name} " in text
            ]
            assert starts, name
    assert written.pages == expected


@pytest.fixture(scope="module")
def everyone(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, set[str]]:
    """Position 1's shortlist with room for all its 32 people (8 rejected and 3
    withdrawn among them), rendered once for the tests that read it: the summary's
    table, and the labels of the stages its people are at."""
    folder = tmp_path_factory.mktemp("everyone")
    with templates.open_demo(folder / "db.sqlite", candidates=200, seed=12, as_of=AS_OF) as sample:
        written = write_shortlist_report(sample, 1, folder / "s.pdf", top=50, today=AS_OF)
        labels = {Stage(stage).label for stage in board_stages(sample, 1).values()}
    summary = " ".join(page_texts(written.path, first=2)).split("The candidates")[1]
    return summary.split("Fit is 0-100")[0], labels


def test_rejected_and_withdrawn_stay_off_the_shortlist(everyone: tuple[str, set[str]]) -> None:
    summary, labels = everyone
    assert {"Rejected", "Withdrawn"} <= labels
    assert "Rejected" not in summary
    assert "Withdrawn" not in summary


def test_the_blind_shortlist_names_nobody(sample: Database, tmp_path: Path) -> None:
    written = write_shortlist_report(sample, 1, tmp_path / "blind.pdf", top=3, blind=True)
    text = " ".join(page_texts(written.path))
    with sample.read() as session:
        people = session.query(Candidate).all()
    assert "Candidate C-" in text
    for person in people:
        assert person.full_name not in text
        assert person.email is None or person.email not in text


def test_the_command_line_shortlist(
    sample: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.pdf"
    assert (
        main(["--db", str(db_path), "report", "--position", "1", "--top", "2", "-o", str(out)]) == 0
    )
    assert "Shortlist:" in page_texts(out, first=1)[0]
    capsys.readouterr()
    assert main(["--db", str(db_path), "report", "--position", "999", "-o", str(out)]) == 1
    assert "999" in capsys.readouterr().err
    assert main(["--db", str(db_path), "report", "7", "--position", "1", "-o", str(out)]) == 2
    assert "one candidate" in capsys.readouterr().err


def test_the_summary_table_breaks_no_word(everyone: tuple[str, set[str]]) -> None:
    """Narrow columns wrap between words ("Screening", "Contacted" stay whole, as does
    an ask such as "$161,000/yr"), never inside one."""
    summary, labels = everyone
    shown = [label for label in labels if label in summary]
    assert len(shown) >= 3, (labels, summary)
    for label in labels - {"Rejected", "Withdrawn"}:
        assert label in summary, label
    asks = re.findall(r"[$€][\d,]+(?:\S*)", summary)
    assert asks
    assert all(ask.endswith(("/yr", "/h")) for ask in asks), asks
