"""CVs in: PDF and DOCX files of several layouts read, confirmed and kept with the
candidate; bad files refused in one sentence with nothing written; the file erased with
the person, backups too."""

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests import templates
from tests.cli.running import run_cli
from tests.transfer import cv_samples
from tests.transfer.cv_samples import PERSON

from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.candidates import get_candidate
from recruitdesk.storage.cv_files import file_bytes, list_files
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.maintenance import backup_sqlite, timestamped_backup_path
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.cv_files import CandidateFile
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer.cv_import import read_cv_preview, write_cv
from recruitdesk.transfer.cv_text import MAX_CV_BYTES

TODAY = date(2026, 12, 1)

Maker = Callable[[Path], Path]
LAYOUTS: dict[str, Maker] = {
    "classic.pdf": lambda p: cv_samples.pdf_from_html(p, cv_samples.classic_html()),
    "sidebar.pdf": lambda p: cv_samples.pdf_from_html(p, cv_samples.sidebar_html()),
    "labelled.pdf": lambda p: cv_samples.pdf_from_html(p, cv_samples.labelled_html()),
    "plain.docx": lambda p: cv_samples.docx_file(p, "plain"),
    "header.docx": lambda p: cv_samples.docx_file(p, "header"),
    "links.docx": lambda p: cv_samples.docx_file(p, "links"),
}
#: What each layout states beyond the name, e-mail, phone and login every one has.
LINKEDIN = {"classic.pdf", "labelled.pdf", "links.docx"}
YEARS = {
    "classic.pdf": 12,  # 06/2014 to December 2026; the MSc's years are not work
    "sidebar.pdf": 11,  # stated
    "labelled.pdf": 8,  # 2016 to the end of 2023
    "plain.docx": 9,
    "header.docx": 9,
    "links.docx": 9,
}
SKILLS = {
    "classic.pdf": {"Django", "Celery", "Docker SDK", "pytest", "PostgreSQL (psycopg)"},
    "sidebar.pdf": {"Airflow", "pandas", "PySpark"},
    "labelled.pdf": {"FastAPI", "SQLAlchemy", "Kubernetes client"},
    "plain.docx": {"Ansible", "boto3 (AWS)", "Prometheus client"},
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_is_read(tmp_path: Path, layout: str) -> None:
    facts = read_cv_preview(LAYOUTS[layout](tmp_path / layout), TODAY).facts
    assert facts.full_name == PERSON["name"]
    assert facts.email == PERSON["email"]
    assert facts.phone == PERSON["phone"]
    assert facts.github_login == PERSON["login"]
    expected_linkedin = f"https://www.linkedin.com/in/{PERSON['linkedin']}"
    assert facts.linkedin == (expected_linkedin if layout in LINKEDIN else None)
    assert facts.years_experience == YEARS[layout]
    assert set(facts.skills) >= SKILLS.get(layout, set())


def test_a_confirmed_cv_is_kept_with_the_candidate(database: Database, tmp_path: Path) -> None:
    path = cv_samples.docx_file(tmp_path / "links.docx", "links")
    preview = read_cv_preview(path, TODAY)
    corrected = preview.with_values({**preview.values, "location": "Oslo, Norway"})
    report = write_cv(database, corrected)
    assert report.created == 1
    (candidate_id,) = report.changes.candidates
    details = get_candidate(database, candidate_id)
    assert details.full_name == PERSON["name"]
    assert details.location == "Oslo, Norway"
    assert details.source == "CV"
    assert f"https://github.com/{PERSON['login']}" in details.links
    (kept,) = list_files(database, candidate_id)
    assert kept.name == "links.docx"
    assert file_bytes(database, kept.id) == path.read_bytes()


def test_a_cv_of_someone_on_file_is_refused_whole(database: Database, tmp_path: Path) -> None:
    path = cv_samples.docx_file(tmp_path / "plain.docx", "plain")
    write_cv(database, read_cv_preview(path, TODAY))
    with pytest.raises(ValidationError, match="already has this e-mail address"):
        write_cv(database, read_cv_preview(path, TODAY))
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(CandidateFile)) == 1


def test_the_cv_is_erased_with_the_person_backups_too(tmp_path: Path) -> None:
    db_path = tmp_path / "team.sqlite"
    (tmp_path / "cv").mkdir()
    path = cv_samples.docx_file(tmp_path / "cv" / "plain.docx", "plain")
    data = path.read_bytes()
    # The zip's central directory: bytes that appear in the file and nowhere else.
    mark = data[-200:]
    with templates.open_empty(db_path) as database:
        report = write_cv(database, read_cv_preview(path, TODAY))
        (candidate_id,) = report.changes.candidates
        backup = backup_sqlite(db_path, timestamped_backup_path(db_path, "pre-test"))
        assert mark in backup.read_bytes()
        erase_candidate(database, candidate_id)
        with database.read() as session:
            assert session.scalar(select(func.count()).select_from(CandidateFile)) == 0
    for file in tmp_path.iterdir():
        if file.is_file():
            assert mark not in file.read_bytes(), file.name


def _oversized(path: Path) -> Path:
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(MAX_CV_BYTES + 1)
    return path


def _malformed(path: Path) -> Path:
    source = cv_samples.pdf_from_html(path.with_name("whole.pdf"), cv_samples.classic_html())
    path.write_bytes(source.read_bytes()[:1500])
    return path


BAD: dict[str, tuple[Maker, str]] = {
    "encrypted.pdf": (
        lambda p: cv_samples.encrypted_pdf(
            p, cv_samples.pdf_from_html(p.with_name("plain.pdf"), cv_samples.classic_html())
        ),
        "is encrypted",
    ),
    "malformed.pdf": (_malformed, "is not a readable PDF"),
    "bomb.pdf": (cv_samples.bomb_pdf, "decompression bomb"),
    # Twice the 30 pages a CV may have (500 pages cost half a second to write and read).
    "book.pdf": (lambda p: cv_samples.blank_pdf(p, 60), "has 60 pages"),
    "scan.pdf": (lambda p: cv_samples.blank_pdf(p, 2), "holds no text"),
    "bomb.docx": (cv_samples.zip_bomb_docx, "zip bomb"),
    "text.docx": (lambda p: p.write_bytes(b"Dear hiring manager,\n" * 20) and p, "not a Word"),
    "huge.pdf": (_oversized, "files of at most 20 MB"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_refused_in_one_sentence_nothing_written(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = BAD[name]
    path = make(tmp_path / name)
    with pytest.raises(KnownError, match=reason) as caught:
        read_cv_preview(path, TODAY)
    message = str(caught.value)
    assert "\n" not in message
    assert message.endswith(".")
    db_path = tmp_path / "db.sqlite"
    templates.empty_file(db_path)
    ran = run_cli(capsys, "--db", str(db_path), "import", str(path), "--yes")
    assert ran.returncode == 1
    assert reason in ran.stderr
    assert "Traceback" not in ran.stderr
    if db_path.exists():
        with open_database(str(db_path)) as database, database.read() as session:
            assert session.scalar(select(func.count()).select_from(Candidate)) == 0


def test_the_command_shows_what_it_read_and_adds_only_with_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "db.sqlite"
    path = cv_samples.pdf_from_html(tmp_path / "cv.pdf", cv_samples.labelled_html())
    templates.empty_file(db_path)
    shown = run_cli(capsys, "--db", str(db_path), "import", str(path))
    assert shown.returncode == 1
    assert f"Name: {PERSON['name']}" in shown.stdout
    assert f"GitHub: {PERSON['login']}" in shown.stdout
    assert "--yes" in shown.stderr
    with open_database(str(db_path)) as database, database.read() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0
    added = run_cli(capsys, "--db", str(db_path), "import", str(path), "--yes")
    assert added.returncode == 0, added.stderr
    assert "cv.pdf: 1 candidate added" in added.stdout
    assert "Possible duplicate" not in added.stdout
    again = run_cli(capsys, "--db", str(db_path), "import", str(path))
    assert f"Possible duplicate: {PERSON['name']} (candidate 1): the same e-mail" in again.stdout
    with open_database(str(db_path)) as database, database.read() as session:
        stored = session.scalars(select(CandidateFile)).one()
        assert hashlib.sha256(stored.data).digest() == hashlib.sha256(path.read_bytes()).digest()
