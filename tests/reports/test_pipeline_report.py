"""The client's pipeline report: a real PDF from generated histories, read back with
PDFium (tests/pdf_text.py); its figures are the analytics' own, and its submissions
carry the claim date."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.pdf_text import pdf_text
from tests.storage.pipeline_histories import generate

from recruitdesk.cli import main
from recruitdesk.reports.pipeline import write_pipeline_report
from recruitdesk.storage.analytics import Scope, pipeline_analytics
from recruitdesk.storage.database import Database
from recruitdesk.storage.submissions import record_submission


def test_the_report_holds_the_funnel_positions_and_submissions(
    database: Database, tmp_path: Path
) -> None:
    generate(database, 500, clients=2, positions=4, seed=9)
    record_submission(database, 7, 1, now=datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    path, pages = write_pipeline_report(database, 1, tmp_path / "pipeline.pdf")
    text, read = pdf_text(path)
    assert pages == read >= 1
    analytics = pipeline_analytics(database, Scope(client_id=1))
    assert "Pipeline: Client 1" in text
    assert f"{analytics.applications:,} candidates in the pipeline" in text
    assert "Engineer 1" in text
    assert "Engineer 3" in text
    assert "Engineer 2" not in text
    assert f"{analytics.offers.made:,} made, {analytics.offers.accepted:,} accepted" in text
    assert "Person 7" in text
    assert "03 Feb 2027" in text


def test_the_command_line_pipeline_report(
    database: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate(database, 50, clients=1, positions=1, seed=9)
    out = tmp_path / "cli.pdf"
    assert main(["--db", str(db_path), "report", "--client", "1", "-o", str(out)]) == 0
    assert "Pipeline: Client 1" in pdf_text(out)[0]
    capsys.readouterr()
    assert main(["--db", str(db_path), "report", "--client", "9", "-o", str(out)]) == 1
    assert capsys.readouterr().err.strip().endswith("There is no client with id 9.")
    assert (
        main(["--db", str(db_path), "report", "--client", "1", "--position", "1", "-o", str(out)])
        == 2
    )
