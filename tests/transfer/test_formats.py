"""The table of formats: a file's format from its name or its first bytes, the dialogs'
filters and the export's target, all read from the one table."""

from pathlib import Path

import pytest

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.transfer.formats import (
    IMPORT_FORMATS,
    detect_format,
    export,
    export_filter,
    export_format_names,
    export_target,
    import_filter,
    import_format_names,
)


@pytest.mark.parametrize(
    ("name", "data", "format_name"),
    [
        ("people.TSV", b"", "csv"),
        ("people.json", b"", "json"),
        ("from-laptop.rdbundle", b"", "bundle"),
        ("download", b"PK\x03\x04rest of a zip", "bundle"),
        ("download", b"\xef\xbb\xbf  \n[{}]", "json"),
        ("download", b"name,email\n", "csv"),
    ],
)
def test_a_format_is_known_by_its_name_or_its_first_bytes(
    tmp_path: Path, name: str, data: bytes, format_name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert detect_format(path).name == format_name


def test_a_file_without_a_known_suffix_must_exist(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="There is no file"):
        detect_format(tmp_path / "download")


def test_the_open_dialog_offers_every_suffix_of_the_table() -> None:
    filters = import_filter().split(";;")
    assert filters[0].startswith("Candidates (*.csv ")
    assert len(filters) == 1 + len(IMPORT_FORMATS)
    for format_ in IMPORT_FORMATS:
        assert f"{format_.label} ({format_.patterns})" in filters
        for suffix in format_.suffixes:
            assert f"*{suffix}" in filters[0]
    assert import_format_names() == ["csv", "json", "bundle", "cv"]


def test_the_export_target_follows_the_suffix() -> None:
    assert export_filter().split(";;")[0] == "Bundle for another laptop (*.zip)"
    assert set(export_format_names()) == {"bundle", "csv", "json"}
    assert export_target(Path("a/people.CSV")) == ("csv", Path("a/people.CSV"))
    assert export_target(Path("a/r.json")) == ("json", Path("a/r.json"))
    assert export_target(Path("a/everything")) == ("bundle", Path("a/everything.zip"))
    assert export_target(Path("a/everything.tar")) == ("bundle", Path("a/everything.zip"))


def test_an_unknown_export_format(database: Database, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match=r"'xml' is not an export format \(bundle, csv, json\)"):
        export(database, tmp_path / "x.xml", format="xml")
    assert list(tmp_path.glob("x.*")) == []
