"""``recruitdesk import``, ``export`` and ``retention``: exit codes and what they print."""

import hashlib
import zipfile
from pathlib import Path

import pytest
from tests import templates
from tests.cli.running import Ran, run_cli

from recruitdesk.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture(autouse=True)
def at_the_current_schema(db_path: Path) -> Path:
    """The commands here import and export; the database they open is already migrated
    (making and upgrading one is tests/test_cli.py's)."""
    return templates.empty_file(db_path)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_then_export_through_the_command(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*args: str) -> Ran:
        return run_cli(capsys, "--db", str(db_path), *args)

    imported = run("import", str(FIXTURES / "ats_export.csv"))
    assert imported.returncode == 0, imported.stderr
    assert "ats_export.csv: 3 candidates added, 0 updated, 0 unchanged." in imported.stdout
    exported = run("export", "--format", "bundle", "-o", str(tmp_path / "out.zip"))
    assert exported.returncode == 0, exported.stderr
    assert "Exported 3 candidates" in exported.stdout
    refused = run("import", str(FIXTURES / "bad_rows.csv"))
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    lines = refused.stderr.strip().splitlines()
    assert lines[0].startswith("recruitdesk: bad_rows.csv: 5 rows are invalid")
    # The first line quotes the first three; each problem is said once.
    for quoted in ("line 3: Full Name", "line 4: Email", "line 5: GitHub"):
        assert quoted in lines[0]
    assert lines[1:] == [
        "  line 8: Email: Neither an e-mail nor a GitHub login tells who it is",
        "  line 10: the same e-mail as line 2 (good.one@example.com)",
    ]


def test_one_invalid_row_is_one_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text('name,email\nBob,bob@ex"ample.com\n', encoding="utf-8")
    refused = run_cli(capsys, "--db", str(db_path), "import", str(bad))
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    assert "line 2: email" in line


def test_a_refused_import_changes_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "import", str(FIXTURES / "linkedin_connections.csv")]) == 0
    capsys.readouterr()
    before = digest(db_path)
    assert main(["--db", str(db_path), "import", str(FIXTURES / "bad_rows.csv")]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert digest(db_path) == before


def test_skip_invalid(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(db_path), "import", str(FIXTURES / "bad_rows.csv"), "--skip-invalid"])
    assert code == 0
    out = capsys.readouterr().out
    assert "3 candidates added" in out
    assert "Skipped 5 invalid:" in out
    assert "  line 10: the same e-mail as line 2" in out


def test_import_twice_changes_nothing(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "import", str(FIXTURES / "resumes.json")]) == 0
    assert main(["--db", str(db_path), "import", str(FIXTURES / "resumes.json")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "resumes.json: 0 candidates added, 0 updated, 3 unchanged."


@pytest.mark.parametrize("format", ["csv", "json", "bundle"])
def test_export_formats(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], format: str
) -> None:
    assert main(["--db", str(db_path), "demo", "--candidates", "12"]) == 0
    target = tmp_path / f"out.{format}"
    assert main(["--db", str(db_path), "export", "--format", format, "-o", str(target)]) == 0
    assert "Exported 12 candidates" in capsys.readouterr().out
    assert target.stat().st_size > 0


def test_export_refusals(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "x.zip"
    assert main(["--db", str(db_path), "export", "--format", "bundle", "-o", str(missing)]) == 1
    assert "does not exist" in capsys.readouterr().err
    args = ["--db", str(db_path), "export", "--format", "csv", "-o", str(tmp_path / "x.csv")]
    assert main([*args, "--include-private"]) == 1
    assert "bundles only" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "export", "--format", "xml", "-o", "x"])
    assert usage.value.code == 2


def test_a_bundle_from_a_newer_version_is_one_clear_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "future.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("manifest.json", '{"format": "recruitdesk-bundle", "format_version": 7}')
    assert main(["--db", str(db_path), "import", str(bundle)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "future.zip was written by a newer recruitdesk" in err[0]


def test_import_of_a_missing_file(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "import", "/no/such/file.csv"]) == 1
    assert capsys.readouterr().err.strip() == "recruitdesk: There is no file /no/such/file.csv."


def test_retention(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "retention"]) == 0
    assert "No candidate's consent has lapsed" in capsys.readouterr().out
    assert main(["--db", str(db_path), "demo", "--candidates", "200", "--as-of", "2026-11-21"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "retention", "--as-of", "2026-11-21"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Consent has lapsed for ")
    assert out[0].endswith(" (as of 2026-11-21):")
    assert len(out) > 1
    assert "days ago" in out[1]


def test_a_known_e_mail_with_another_github_login_is_a_conflict(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Imported silently, the row would add a second person's GitHub profile to Ana's
    links; the command names the conflict, and --skip-invalid leaves Ana as she was."""
    first = tmp_path / "first.csv"
    first.write_text("name,email,github\nAna A,ana@example.com,ana-a\n", encoding="utf-8")
    assert run_cli(capsys, "--db", str(db_path), "import", str(first)).returncode == 0
    other = tmp_path / "other.csv"
    other.write_text(
        "name,email,github\nAna A,ana@example.com,someone-else\nBo B,bo@example.com,bo-b\n",
        encoding="utf-8",
    )
    refused = run_cli(capsys, "--db", str(db_path), "import", str(other))
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    assert (
        "line 2: its e-mail is Ana A's (id 1), whose GitHub login is ana-a, not someone-else"
        in line
    )
    skipped = run_cli(capsys, "--db", str(db_path), "import", str(other), "--skip-invalid")
    assert skipped.returncode == 0, skipped.stderr
    assert "line 2: its e-mail is Ana A's (id 1)" in skipped.stdout + skipped.stderr
    exported = run_cli(
        capsys, "--db", str(db_path), "export", "--format", "csv", "-o", str(tmp_path / "all.csv")
    )
    assert exported.returncode == 0, exported.stderr
    text = (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    assert "someone-else" not in text
    assert "bo-b" in text
