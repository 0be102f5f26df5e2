"""``recruitdesk duplicates`` and ``recruitdesk merge`` in the test process, on a real
SQLite file: the pairs and why, as text and JSON; a merge asked for, refused (with
themself, without --yes off a terminal, of nobody), done and undone."""

import json
from pathlib import Path

import pytest
from tests import templates
from tests.cli.running import run_cli

from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Candidate


@pytest.fixture
def people(db_path: Path) -> list[int]:
    """Ana twice (one number in two writings, her name in capitals) and Bruno."""
    with templates.open_empty(db_path) as database, database.write() as session:
        added = [
            Candidate(
                full_name="Ana Silva",
                email="ana@example.org",
                phone="+351 912 345 678",
                location="Porto, Portugal",
                skills=["Django"],
            ),
            Candidate(
                full_name="ANA SILVA",
                phone="00351-912-345-678",
                location="Porto",
                skills=["Celery"],
                github_login="anasilva",
            ),
            Candidate(full_name="Bruno Costa", location="Lisbon"),
        ]
        session.add_all(added)
        session.flush()
        return [person.id for person in added]


def _one_line(stderr: str, says: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("recruitdesk: ")
    assert says in lines[0]


def test_duplicates_are_listed_with_why(
    db_path: Path, people: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    ana, twin, _bruno = people
    ran = run_cli(capsys, "--db", str(db_path), "duplicates")
    assert ran.returncode == 0, ran.stderr
    first, total = ran.stdout.strip().splitlines()
    assert first.startswith(f"{ana} Ana Silva (Porto, Portugal)  and  {twin} ANA SILVA (Porto)")
    assert "the same phone number, a close name in the same place" in first
    assert total == "1 possible duplicate."
    ran = run_cli(capsys, "--db", str(db_path), "duplicates", "--json", "--limit", "1")
    found = json.loads(ran.stdout)
    assert found["total"] == 1
    [pair] = found["pairs"]
    assert (pair["first"]["id"], pair["second"]["id"]) == (ana, twin)
    assert pair["reasons"] == ["phone", "name"]
    assert pair["first"]["email"] == "ana@example.org"


def test_merge_is_refused_with_themself_and_without_yes(
    db_path: Path, people: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    ana, twin, _bruno = people
    ran = run_cli(capsys, "--db", str(db_path), "merge", str(ana), "ana@example.org", "--yes")
    assert ran.returncode == 1
    _one_line(ran.stderr, "cannot be merged with themself")
    # Standard input is not a terminal here: nobody can answer, so nothing is merged.
    ran = run_cli(capsys, "--db", str(db_path), "merge", str(ana), str(twin))
    assert ran.returncode == 1
    _one_line(ran.stderr, "Nothing merged (add --yes")
    assert "GitHub login: anasilva (theirs" in ran.stdout
    for args in (["merge", str(ana)], ["merge", str(ana), str(twin), "--undo", "1"], ["merge"]):
        ran = run_cli(capsys, "--db", str(db_path), *args)
        assert ran.returncode == 2, args
    ran = run_cli(capsys, "--db", str(db_path), "merge", str(ana), "nobody@example.org")
    assert ran.returncode == 2
    assert "No candidate matches" in ran.stderr
    ran = run_cli(capsys, "--db", str(db_path), "merge", "--undo", "99")
    assert ran.returncode == 1
    _one_line(ran.stderr, "no merge with id 99")
    with open_database(str(db_path)) as database, database.read() as session:
        assert session.get(Candidate, twin) is not None


def test_merge_then_undo(
    db_path: Path, people: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    ana, twin, _bruno = people
    ran = run_cli(capsys, "--db", str(db_path), "merge", str(ana), str(twin), "--yes")
    assert ran.returncode == 0, ran.stderr
    merge_id = int(ran.stdout.split(" as merge ")[1].split(";")[0])
    assert ran.stdout.strip().endswith(f"recruitdesk merge --undo {merge_id}")
    with open_database(str(db_path)) as database, database.read() as session:
        kept = session.get_one(Candidate, ana)
        # The kept one's values, the other's login (only they had one), both skill lists.
        assert (kept.full_name, kept.github_login) == ("Ana Silva", "anasilva")
        assert kept.skills == ["Django", "Celery"]
        assert session.get(Candidate, twin) is None
    assert "No possible duplicates" in run_cli(capsys, "--db", str(db_path), "duplicates").stdout
    ran = run_cli(capsys, "--db", str(db_path), "merge", "--undo", str(merge_id))
    assert ran.returncode == 0, ran.stderr
    assert f"candidates {ana} and {twin} are two people again" in ran.stdout
    with open_database(str(db_path)) as database, database.read() as session:
        assert session.get_one(Candidate, twin).full_name == "ANA SILVA"
        assert session.get_one(Candidate, ana).github_login is None


def test_a_pair_said_to_be_two_people_then_suggested_again(
    db_path: Path, people: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    ana, twin, bruno = people

    def run(*args: str) -> str:
        ran = run_cli(capsys, "--db", str(db_path), "duplicates", *args)
        assert ran.returncode == 0, ran.stderr
        return ran.stdout

    said = run("--not-same", "ana@example.org", "anasilva")
    assert f"Candidates {ana} and {twin} are two people" in said
    dismissal = int(said.split("--again ")[1])
    assert run().strip() == "No possible duplicates: every candidate looks like one person."
    [listed] = run("--dismissed").strip().splitlines()
    assert listed.startswith(f"{dismissal}: {ana} Ana Silva and {twin} ANA SILVA, said by ")
    assert "two people again" not in run("--again", str(dismissal))
    assert run().strip().endswith("1 possible duplicate.")
    assert run("--dismissed").strip() == "No pair has been said to be two people."
    # Nobody is a usage error, as in merge; themself is refused in one line.
    nobody = run_cli(capsys, "--db", str(db_path), "duplicates", "--not-same", "Zed", str(bruno))
    assert nobody.returncode == 2
    assert "No candidate matches 'Zed'" in nobody.stderr
    themself = run_cli(capsys, "--db", str(db_path), "duplicates", "--not-same", "1", "1")
    assert themself.returncode == 1
    _one_line(themself.stderr, "the same person as themself")
    both = run_cli(capsys, "--db", str(db_path), "duplicates", "--dismissed", "--again", "1")
    assert both.returncode == 2
