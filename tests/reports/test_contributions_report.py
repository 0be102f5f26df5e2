"""The candidate report's part on work in others' projects."""

from datetime import date
from pathlib import Path

import pytest
from tests.analysis.contribution_records import HOSTILE_TITLE, github_record, sample_contributions
from tests.pdf_text import pdf_text

from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.reports.candidate import candidate_body
from recruitdesk.reports.gather import gather_candidate_report
from recruitdesk.reports.render import write_candidate_report
from recruitdesk.storage.analyses import store_analysis
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database


@pytest.fixture
def candidate(database: Database) -> int:
    candidate_id, _changes = create_candidate(
        database, {"full_name": "Ada Lovelace", "github_login": "adal"}
    )
    return candidate_id


def test_the_report_shows_projects_evidence_reviews_and_writing(
    database: Database, candidate: int, tmp_path: Path
) -> None:
    store_analysis(database, github_record("adal", sample_contributions()))
    written = write_candidate_report(
        database, candidate, tmp_path / "ada.pdf", today=date(2026, 12, 1)
    )
    text, _pages = pdf_text(written.path)
    for expected in (
        "In others' projects",
        "5 pull requests merged in 2 projects run by others",
        "django/django 4 81,200",
        "django/django#17000: Fixed #35100 -- admin",
        "Reviews given: django/django (6), pallets/flask (1).",
        "Best written (100 of 100): “The admin changelist",
        "Weakest written (0 of 100): “update”",
        "Packages maintained: shop (3 releases, latest 1.2.0).",
        "4 merged pull requests to django/",  # the cell wraps after the slash
        "Open source",
    ):
        assert expected in text, expected
    # The hostile title is printed as the text it is, never laid out as markup.
    assert HOSTILE_TITLE.split(" &")[0] in text


def test_markup_reaches_the_document_escaped(database: Database, candidate: int) -> None:
    store_analysis(database, github_record("adal", sample_contributions()))
    body = candidate_body(gather_candidate_report(database, candidate), {})
    assert "<script" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_the_blind_report_names_no_pull_request(
    database: Database, candidate: int, tmp_path: Path
) -> None:
    store_analysis(database, github_record("adal", sample_contributions()))
    written = write_candidate_report(database, candidate, tmp_path / "blind.pdf", blind=True)
    text, _pages = pdf_text(written.path)
    assert "5 pull requests merged in 2 projects" in text
    for withheld in ("17000", "#35100", "changelist", "Packages maintained", "shop (3"):
        assert withheld not in text, withheld


def test_no_public_contributions_is_said_plainly(
    database: Database, candidate: int, tmp_path: Path
) -> None:
    store_analysis(database, github_record("adal", Contributions()))
    written = write_candidate_report(database, candidate, tmp_path / "ada.pdf")
    text, _pages = pdf_text(written.path)
    assert "No public contributions found." in text
    assert "Best written" not in text
