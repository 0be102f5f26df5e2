"""Bad values in resumes, bundle records and the manifest are the user's mistakes, each
named by its field and its item, never a bug: a ``meta`` that is not an object, numbers
no field can hold, a time UTC cannot hold."""

import json
import zipfile
from pathlib import Path

import pytest
from tests.transfer.samples import UID1, person, snapshot, write, write_bundle

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.transfer.formats import import_file
from recruitdesk.transfer.results import InvalidImportError

_RESUME = '{"basics": {"name": "Ada", "email": "ada@example.com"}, "meta": META}'


def test_a_meta_that_is_text(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", _RESUME.replace("META", '"by hand"').encode())
    with pytest.raises(InvalidImportError) as caught:
        import_file(database, path)
    assert [(p.line, p.reason) for p in caught.value.problems] == [(1, "meta: must be an object")]


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("9" * 5000, "a number of 5,000 digits"),
        ("-" + "1" * 101, "a number of 101 digits"),
        ("1e400", "1e400, a number too large"),
        ("NaN", "NaN, which is not a number JSON allows"),
    ],
)
def test_numbers_no_field_holds_in_a_resume(
    database: Database, tmp_path: Path, number: str, says: str
) -> None:
    meta = '{"recruitdesk": {"expected_salary": ' + number + "}}"
    items = [_RESUME.replace("META", "{}"), _RESUME.replace("META", meta)]
    path = write(tmp_path, "r.json", ("[\n" + ",\n".join(items) + "]").encode())
    with pytest.raises(
        KnownError,
        match=rf"r\.json: the item on line 3: meta\.recruitdesk\.expected_salary holds {says}",
    ):
        import_file(database, path)
    assert snapshot(database)["candidates.json"] == []


def test_a_long_number_in_a_bundle_record(database: Database, tmp_path: Path) -> None:
    record = json.dumps(person(UID1, "Long", "l@example.com")).replace(
        '"uid"', '"expected_salary": ' + "7" * 4301 + ', "uid"'
    )
    path = write_bundle(tmp_path / "b.zip", {"candidates.json": f"[{record}]"})
    with pytest.raises(
        KnownError, match=r"candidates\.json: the item on line 1: expected_salary holds a number"
    ):
        import_file(database, path)
    assert snapshot(database)["candidates.json"] == []


def test_a_long_number_in_the_manifest(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "manifest.json",
            '{"format": "recruitdesk-bundle", "format_version": ' + "1" * 5000 + "}",
        )
    with pytest.raises(
        KnownError, match=r"manifest\.json: format_version holds a number of 5,000 digits"
    ):
        import_file(database, path)


def test_a_field_time_utc_cannot_hold(database: Database, tmp_path: Path) -> None:
    record = person(UID1, "Late", "late@example.com")
    record["field_times"] = {"email": "9999-12-31T23:59:59-14:00"}
    path = write_bundle(tmp_path / "t.zip", {"candidates.json": [record]})
    with pytest.raises(InvalidImportError, match=r"field_times\['email'\]: .* is not a time"):
        import_file(database, path)
    assert snapshot(database)["candidates.json"] == []
