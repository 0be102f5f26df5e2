"""The candidate report: a real PDF, read back (tests/pdf_text.py; its metadata and page
boxes with pypdf)."""

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from tests.pdf_text import pdf_text

from recruitdesk.cli import main
from recruitdesk.reports.pdf import PaperSize
from recruitdesk.reports.render import write_candidate_report
from recruitdesk.storage.analyses import store_analysis
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.notes import add_note

TOKEN = "ghp_reportLeakProbe0123456789abcdefABCD"


def analysis_record(login: str) -> dict[str, Any]:
    """An analysis result as the engine records it (docs/architecture.md, "The analysis")."""
    return {
        "schema": 1,
        "source": "github",
        "login": login,
        "path": None,
        "analyzed_at": datetime(2026, 11, 20, 10, 0, tzinfo=UTC).isoformat(),
        "api_requests": 5,
        "repos": [
            {
                "name": "payments-api",
                "url": f"https://github.com/{login}/payments-api",
                "fork": False,
                "stars": 41,
                "pushed_at": "2026-11-01T00:00:00Z",
                "files": 64,
                "sloc": 5120,
                "cc_mean": 2.4,
                "cc_max": 11,
                "mi_mean": 71.5,
                "functions": 210,
                "typed_functions_ratio": 0.91,
                "docstring_ratio": 0.6,
                "test_files": 22,
                "has_tests": True,
                "has_ci": True,
                "has_readme": True,
                "frameworks": ["FastAPI", "SQLAlchemy"],
                "python_features": ["match", "dataclasses"],
                "py2_files": 0,
                "parse_errors": 0,
                "commits": {
                    "count": 300,
                    "by_user": 280,
                    "conventional_ratio": 0.7,
                    "mean_subject_len": 46.0,
                    "vague_ratio": 0.05,
                },
            }
        ],
        "scores": {
            "complexity": 82.0,
            "testing": 77.0,
            "documentation": 58.0,
            "typing": 91.0,
            "modern_python": 74.0,
            "commit_hygiene": 69.0,
            "organization": 80.0,
            "overall": 76.0,
        },
        "skills": [
            {
                "name": "FastAPI",
                "confidence": 0.95,
                "evidence": [
                    {"repo": "payments-api", "path": "app/main.py", "why": "imports fastapi"}
                ],
            }
        ],
        "red_flags": [
            {"code": "few_docstrings", "message": "Only 60% of public code has docstrings."}
        ],
        "track": "web_backend",
        "explanations": {"testing": ["22 test files with pytest in payments-api."]},
    }


@pytest.fixture
def candidate(database: Database) -> int:
    candidate_id, _changes = create_candidate(
        database,
        {
            "full_name": "Ines Carvalho",
            "email": "ines@example.com",
            "phone": "+351 910 000 000",
            "location": "Porto, Portugal",
            "region": "southern_europe",
            "github_login": "icarvalho",
            "links": [f"https://github.com/icarvalho?token={TOKEN}"],
            "track": "web_backend",
            "level": "senior",
            "ask_amount": 85,
            "ask_currency": "USD",
            "ask_period": "hour",
        },
    )
    add_note(database, candidate_id, "Shared note: strong on async.", private=False)
    add_note(database, candidate_id, "PRIVATE: counter-offer expected", private=True)
    return candidate_id


def test_the_report_holds_the_name_scores_and_skills(
    database: Database, candidate: int, tmp_path: Path
) -> None:
    store_analysis(database, analysis_record("icarvalho"))
    written = write_candidate_report(
        database, candidate, tmp_path / "ines.pdf", today=date(2026, 11, 21)
    )
    text, pages = pdf_text(written.path)
    assert pages == written.pages >= 1
    for expected in (
        "Ines Carvalho",
        "ines@example.com",
        "FastAPI",
        "payments-api",
        "76",
        "Type hints",
    ):
        assert expected in text, expected
    assert "Only 60% of public code has docstrings." in text
    assert "22 test files with pytest" in text
    assert "within the band" in text or "above the band" in text or "below the band" in text
    assert f"page 1 of {pages}" in text
    assert "PRIVATE" not in text
    assert "Shared note" not in text  # notes stay out of reports
    assert TOKEN not in text


def test_a_candidate_without_analysis_says_so(
    database: Database, candidate: int, tmp_path: Path
) -> None:
    written = write_candidate_report(database, candidate, tmp_path / "ines.pdf")
    text, _pages = pdf_text(written.path)
    assert "Not analysed yet" in text
    assert "Verified skills" not in text


def test_the_blind_variant_holds_no_name_or_contact(
    database: Database, candidate: int, tmp_path: Path
) -> None:
    store_analysis(database, analysis_record("icarvalho"))
    written = write_candidate_report(database, candidate, tmp_path / "blind.pdf", blind=True)
    text, _pages = pdf_text(written.path)
    for withheld in (
        "Ines",
        "Carvalho",
        "ines@example.com",
        "+351",
        "Porto",
        "github.com/icarvalho",
    ):
        assert withheld not in text, withheld
    assert f"C-{candidate:05d}" in text
    assert "Southern Europe" in text
    assert "FastAPI" in text
    reader = PdfReader(written.path)
    assert "Ines" not in str(reader.metadata)


def test_letter_paper_and_a4_differ_in_size(
    database: Database, candidate: int, tmp_path: Path
) -> None:
    a4 = write_candidate_report(database, candidate, tmp_path / "a4.pdf")
    letter = write_candidate_report(database, candidate, tmp_path / "l.pdf", paper=PaperSize.LETTER)
    a4_box = PdfReader(a4.path).pages[0].mediabox
    letter_box = PdfReader(letter.path).pages[0].mediabox
    assert round(float(a4_box.width)) == 595  # 210 mm in points
    assert round(float(letter_box.width)) == 612  # 8.5 in


def test_the_command_line_report_and_its_bad_input(
    database: Database,
    candidate: int,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "by-login.pdf"
    assert main(["--db", str(db_path), "report", "icarvalho", "-o", str(out)]) == 0
    assert "Ines Carvalho" in pdf_text(out)[0]
    assert (
        main(["--db", str(db_path), "report", "ines@example.com", "-o", str(tmp_path / "e.pdf")])
        == 0
    )
    capsys.readouterr()
    assert main(["--db", str(db_path), "report", "nobody", "-o", str(tmp_path / "x.pdf")]) == 1
    assert (
        "No candidate matches 'nobody'; give an id, an e-mail, a GitHub login or an exact "
        "full name." in capsys.readouterr().err
    )
    by_name = tmp_path / "by-name.pdf"
    assert main(["--db", str(db_path), "report", " ines  CARVALHO", "-o", str(by_name)]) == 0
    assert "Ines Carvalho" in pdf_text(by_name)[0]
    assert "(1 page)" in capsys.readouterr().out
    assert (
        main(["--db", str(db_path), "report", str(candidate), "-o", str(tmp_path / "x.txt")]) == 2
    )
    assert "does not end in .pdf" in capsys.readouterr().err
    both = ["report", str(candidate), "--position", "2", "-o", str(tmp_path / "b.pdf")]
    assert main(["--db", str(db_path), *both]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: recruitdesk report")
    assert "only one of them" in err
    missing = tmp_path / "no-such-folder" / "r.pdf"
    assert main(["--db", str(db_path), "report", str(candidate), "-o", str(missing)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_the_report_shows_the_authored_share_next_to_the_scores(
    database: Database, candidate: int, tmp_path: Path
) -> None:
    record = analysis_record("icarvalho")
    record["repos"][0]["authorship"] = {
        "candidate": ["icarvalho"],
        "share": 0.12,
        "basis": "commits",
        "main_authors": [
            {"name": "upstream-dev", "commits": 88, "commits_share": 0.88, "lines_share": None}
        ],
        "files_blamed": 0,
        "files_total": 0,
        "sampled": False,
    }
    store_analysis(database, record)
    written = write_candidate_report(
        database, candidate, tmp_path / "ines.pdf", today=date(2026, 11, 21)
    )
    text, _pages = pdf_text(written.path)
    share = "Authored by the candidate: payments-api: 12% of the commits; mostly others' code."
    assert share in text
    assert text.index(share) < text.index("Type hints")
