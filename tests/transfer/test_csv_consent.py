"""The do-not-contact mark travels with a person's record in a CSV: exported with its
reason, read back by the import into a new database, set on a person already stored,
never lifted by a file."""

import csv
import io
from pathlib import Path

from sqlalchemy import select
from tests import templates

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer.formats import export, import_file


def _people(database: Database) -> dict[str, tuple[bool, str | None]]:
    with database.read() as session:
        return {
            person.email: (person.do_not_contact, person.do_not_contact_reason)
            for person in session.scalars(select(Candidate))
        }


def test_the_mark_goes_out_and_comes_back(database: Database, tmp_path: Path) -> None:
    with database.write() as session:
        session.add(
            Candidate(
                full_name="Quiet One",
                email="quiet@example.com",
                do_not_contact=True,
                do_not_contact_reason="bio says: no recruiters",
            )
        )
        session.add(Candidate(full_name="Open One", email="open@example.com"))
    export(database, tmp_path / "c.csv", format="csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text("utf-8-sig"))))
    by_email = {row["email"]: row for row in rows}
    assert by_email["quiet@example.com"]["do_not_contact"] == "yes"
    assert by_email["quiet@example.com"]["do_not_contact_reason"] == "bio says: no recruiters"
    assert by_email["open@example.com"]["do_not_contact"] == ""
    with templates.open_empty(tmp_path / "other.sqlite") as other:
        import_file(other, tmp_path / "c.csv")
        assert _people(other) == {
            "quiet@example.com": (True, "bio says: no recruiters"),
            "open@example.com": (False, None),
        }


def test_a_file_sets_the_mark_on_someone_stored_and_never_lifts_it(
    database: Database, tmp_path: Path
) -> None:
    with database.write() as session:
        session.add(Candidate(full_name="Ana", email="ana@example.com"))
        session.add(
            Candidate(
                full_name="Bo",
                email="bo@example.com",
                do_not_contact=True,
                do_not_contact_reason="asked by phone",
            )
        )
    sheet = tmp_path / "ats.csv"
    sheet.write_text(
        "Name,Email,DNC,Do not contact reason\n"
        "Ana,ana@example.com,Yes,unsubscribed\n"
        "Bo,bo@example.com,no,\n",
        encoding="utf-8",
    )
    import_file(database, sheet)
    assert _people(database) == {
        "ana@example.com": (True, "unsubscribed"),
        "bo@example.com": (True, "asked by phone"),
    }


def test_a_mark_that_is_neither_yes_nor_no_is_refused(database: Database, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Name,Email,Do not contact\nCy,cy@example.com,maybe\n", encoding="utf-8")
    report = import_file(database, sheet, skip_invalid=True)
    assert report.created == 0
    assert "Yes or no is expected" in report.skipped[0].reason
    assert _people(database) == {}
