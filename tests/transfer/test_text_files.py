"""Files of people whatever their encoding; files that are not text, refused clearly."""

import os
from pathlib import Path

import pytest
from tests.transfer.samples import people, snapshot, write

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.transfer.csv_people import read_csv
from recruitdesk.transfer.formats import import_file

NAMES_CSV = "full name,email\nJosé Müller,jose@example.com\nŁucja Żak,lucja@example.pl\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16", b""),  # Python writes the BOM
        ("utf-16-le", b""),  # no BOM: recognised by its zero bytes
        ("utf-16-be", b""),
    ],
)
def test_unicode_encodings_are_read(
    database: Database, tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    path = write(tmp_path, "people.csv", prefix + NAMES_CSV.encode(encoding))
    import_file(database, path)
    assert set(people(database)) == {"José Müller", "Łucja Żak"}


def test_utf_8_and_latin_1_lines_mixed_are_refused(database: Database, tmp_path: Path) -> None:
    """Read as Windows-1252, the UTF-8 line would become "JosÃ©": refused, naming both."""
    data = (
        b"full name,email\n"
        + b"Ana Lima,ana@example.com\n"
        + "José Müller,jose@example.com\n".encode()
        + "Zoë Brandt,zoe@example.com\n".encode("latin-1")
    )
    path = write(tmp_path, "mixed.csv", data)
    with pytest.raises(
        KnownError, match=r"mixed\.csv mixes two encodings: line 3 is UTF-8 and line 4 is not"
    ):
        import_file(database, path)
    assert snapshot(database)["candidates.json"] == []


def test_latin_1_is_read(database: Database, tmp_path: Path) -> None:
    text = "full name,email,location\nJosé Müller,jose@example.com,Zürich\n"
    path = write(tmp_path, "latin.csv", text.encode("latin-1"))
    assert read_csv(path).encoding == "cp1252"
    import_file(database, path)
    assert people(database)["José Müller"]["location"] == "Zürich"


def test_ten_megabytes_of_garbage_are_refused(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "garbage.csv", os.urandom(10 * 1024 * 1024))
    before = snapshot(database)
    with pytest.raises(KnownError, match=r"garbage\.csv is not a text file: line \d+"):
        import_file(database, path)
    assert snapshot(database) == before


def test_text_that_is_not_a_csv_of_people(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", b"lorem ipsum dolor\nsit amet\n" * 1000)
    with pytest.raises(KnownError, match="names no column recruitdesk knows"):
        import_file(database, path)
    assert snapshot(database)["candidates.json"] == []


def test_a_control_character_in_a_text_file(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", b"name,email\nA B,a@example.com\nC\x07D,c@example.com\n")
    with pytest.raises(KnownError, match="line 3 holds the control character U\\+0007"):
        import_file(database, path)


def test_an_empty_file(database: Database, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="empty"):
        import_file(database, write(tmp_path, "empty.csv", b""))


def test_a_missing_file(database: Database, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="There is no file"):
        import_file(database, tmp_path / "nope.csv")


def test_a_file_whose_bytes_break_its_own_encoding(database: Database, tmp_path: Path) -> None:
    mixed = write(
        tmp_path,
        "mixed.csv",
        b"\xef\xbb\xbfname,email\nAna,ana@example.com\nJos\xe9,jose@example.com\n",
    )
    with pytest.raises(KnownError, match=r"mixed\.csv is not valid UTF-8-SIG: line 3 holds"):
        import_file(database, mixed)
    torn = write(tmp_path, "torn.csv", "name,email\nAna,a@example.com\n".encode("utf-16") + b"\x00")
    with pytest.raises(KnownError, match=r"torn\.csv is not valid UTF-16"):
        import_file(database, torn)
    assert snapshot(database)["candidates.json"] == []
