"""Untrusted bundles refused clearly, before anything is written: not a zip, no manifest,
a newer format, path traversal, links, zip bombs, corrupt members, records without an
edit time, JSON nested too deeply."""

import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.transfer.samples import UID1, person, snapshot, write_bundle

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.transfer.bundle_merge import import_bundle
from recruitdesk.transfer.bundle_zip import BundleLimits
from recruitdesk.transfer.formats import import_file
from recruitdesk.transfer.results import InvalidImportError


def assert_refused(database: Database, path: Path, says: str, **kwargs: Any) -> None:
    before = snapshot(database)
    with pytest.raises(KnownError, match=says):
        import_bundle(database, path, **kwargs)
    assert snapshot(database) == before


def test_not_a_zip(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(b"PK\x03\x04 but nothing else")
    assert_refused(database, path, r"fake\.zip is not a recruitdesk bundle \(not a zip file")


def test_a_zip_without_a_manifest(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert_refused(database, path, "it has no manifest.json")


def test_a_bundle_from_a_newer_format_version(database: Database, tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "new.zip", {}, format_version=2, app_version="9.0")
    assert_refused(
        database,
        path,
        r"new\.zip was written by a newer recruitdesk \(9\.0, bundle format 2; this version "
        r"reads up to format 1\)",
    )


@pytest.mark.parametrize(
    "name", ["../../evil.json", "/etc/passwd", "notes/../../x.json", "..\\..\\win.json"]
)
def test_path_traversal(database: Database, tmp_path: Path, name: str) -> None:
    path = write_bundle(tmp_path / "t.zip", {"candidates.json": []})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, "{}")
    assert_refused(database, path, r"is (an absolute path|a path that climbs out)")


def test_a_link_inside(database: Database, tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "l.zip", {})
    info = zipfile.ZipInfo("candidates.json")
    info.external_attr = (0o120777 << 16) | 0
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(info, "/etc/passwd")
    assert_refused(database, path, "is a link or device")


def test_a_compression_bomb(database: Database, tmp_path: Path) -> None:
    # 5 MB of spaces in 5 KB, about a thousand to one: a member over 1 MiB compressed
    # more than 200 to 1 is refused from its header. (50 MB took 0.28 s to compress.)
    path = write_bundle(tmp_path / "bomb.zip", {"candidates.json": "[" + " " * 5_000_000 + "]"})
    assert path.stat().st_size < 20_000
    assert_refused(database, path, r"compressed \d+ to 1, more than any real bundle")


def test_too_many_members(database: Database, tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "many.zip", {f"extra{i}.json": "[]" for i in range(40)})
    assert_refused(database, path, "holds 41 members; a bundle has at most 32")


def test_the_caps_on_sizes(database: Database, tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "big.zip", {"candidates.json": "[" + "\n" * 5000 + "]"})
    assert_refused(
        database, path, "over the cap of 1,000", limits=BundleLimits(max_member_bytes=1000)
    )
    assert_refused(
        database,
        path,
        "would decompress to .* over the cap of 2,000",
        limits=BundleLimits(max_total_bytes=2000),
    )


def _patch_declared_size(path: Path, member: str, size: int) -> None:
    """Make the archive lie about a member's size, as a crafted bomb does."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, start + offset, size)
            start += 4
    path.write_bytes(bytes(data))


def test_a_member_larger_than_it_declares_stops_while_reading(
    database: Database, tmp_path: Path
) -> None:
    path = write_bundle(tmp_path / "liar.zip", {"candidates.json": "[" + " " * 3_000_000 + "]"})
    _patch_declared_size(path, "candidates.json", 100)
    assert_refused(database, path, r"candidates\.json (is corrupt|decompresses to more than)")


def test_a_corrupt_member(database: Database, tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "c.zip", {"candidates.json": "[]" + " " * 1000})
    data = bytearray(path.read_bytes())
    at_ = data.find(b"candidates.json") + len("candidates.json") + 5
    data[at_ : at_ + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    assert_refused(database, path, r"is corrupt|not valid JSON|not a zip file")


def test_a_record_without_its_edit_time(database: Database, tmp_path: Path) -> None:
    record = person(UID1, "No Time", "t@example.com")
    del record["updated_at"]
    path = write_bundle(tmp_path / "t.zip", {"candidates.json": [record]})
    with pytest.raises(InvalidImportError, match="line 2: updated_at: missing"):
        import_file(database, path)


def test_json_nested_too_deeply(database: Database, tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "deep.zip", {"candidates.json": "[" + "[" * 100_000})
    assert_refused(database, path, r"candidates\.json: the item on line 1 is nested too deeply")
    manifest = tmp_path / "deep-manifest.zip"
    with zipfile.ZipFile(manifest, "w") as archive:
        archive.writestr("manifest.json", "[" * 50_000)
    assert_refused(database, manifest, "manifest.json is not valid JSON")
