"""Untrusted archives: read as streams, never extracted; unsafe members refuse the
archive; caps stop a bomb before it is decompressed."""

import gzip
import io
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest
from tests.analysis.corpus import make_well_kept, regular, special, tar_gz
from tests.analysis.github_server import git_tarball

from recruitdesk.analysis.archive import Limits, read_source, read_tar_stream
from recruitdesk.analysis.engine import analyze_path
from recruitdesk.analysis.errors import (
    ArchiveError,
    ArchiveTooLargeError,
    SourceNotFoundError,
    UnsafeArchiveError,
)


def test_a_tarball_is_read_in_memory_and_its_top_folder_dropped(tmp_path: Path) -> None:
    repo = make_well_kept(tmp_path / "repo")
    archive = tmp_path / "shop.tar.gz"
    archive.write_bytes(git_tarball(repo, "ada-shop-1234567"))
    before = set(tmp_path.iterdir())
    files = read_source(archive)
    assert "src/shop/api.py" in files.contents
    assert "README.md" in files.paths
    assert "README.md" not in files.contents  # only what the analysis reads is held
    assert set(tmp_path.iterdir()) == before  # nothing was extracted


def test_a_folder_a_tarball_and_a_zip_give_the_same_figures(tmp_path: Path) -> None:
    repo = make_well_kept(tmp_path / "shop")
    tar_path = tmp_path / "shop.tar.gz"
    tar_path.write_bytes(git_tarball(repo, "shop"))
    zip_path = tmp_path / "shop.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(repo.rglob("*")):
            if path.is_file() and ".git" not in path.parts:
                archive.write(path, f"shop/{path.relative_to(repo).as_posix()}")
    folder = analyze_path(repo).repos[0]
    for archive_path in (tar_path, zip_path):
        other = analyze_path(archive_path).repos[0]
        assert other.name == "shop"
        history = {"commits": None, "authorship": None}
        assert other.to_json() | history == folder.to_json() | history
    assert folder.commits.count == 5  # the folder has its history; archives have none


@pytest.mark.parametrize(
    ("member", "says"),
    [
        (regular("../../etc/cron.d/evil", b"x"), "escapes its folder"),
        (regular("/etc/passwd", b"x"), "absolute path"),
        (special("repo/link", tarfile.SYMTYPE, "../../../etc/passwd"), "points outside"),
        (special("repo/abs", tarfile.SYMTYPE, "/etc/passwd"), "points outside"),
        (special("repo/hard", tarfile.LNKTYPE, "../outside"), "points outside"),
        (special("repo/dev", tarfile.CHRTYPE), "device"),
        (special("repo/fifo", tarfile.FIFOTYPE), "device or pipe"),
    ],
)
def test_unsafe_members_refuse_the_archive(
    tmp_path: Path, member: tuple[tarfile.TarInfo, bytes | None], says: str
) -> None:
    archive = tmp_path / "evil.tar.gz"
    archive.write_bytes(tar_gz([regular("repo/a.py", b"x = 1\n"), member]))
    with pytest.raises(UnsafeArchiveError, match=says) as caught:
        read_source(archive)
    assert str(archive) in str(caught.value)


def test_a_link_inside_the_archive_is_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "ok.tar.gz"
    link = special("repo/b.py", tarfile.SYMTYPE, "a.py")
    archive.write_bytes(tar_gz([regular("repo/a.py", b"x = 1\n"), link]))
    assert read_source(archive).paths == ["a.py"]


def test_a_zip_with_traversal_or_an_outward_symlink_is_refused(tmp_path: Path) -> None:
    traversal = tmp_path / "traversal.zip"
    with zipfile.ZipFile(traversal, "w") as archive:
        archive.writestr("../evil.py", "x = 1\n")
    with pytest.raises(UnsafeArchiveError, match="escapes"):
        read_source(traversal)
    symlink = tmp_path / "symlink.zip"
    with zipfile.ZipFile(symlink, "w") as archive:
        info = zipfile.ZipInfo("repo/link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(UnsafeArchiveError, match="points outside"):
        read_source(symlink)


def test_a_gzip_bomb_stops_at_the_first_header(tmp_path: Path) -> None:
    """1 GB of zeros in ~1 MB: refused from the member's declared size, before the
    data is decompressed."""
    archive = tmp_path / "bomb.tar.gz"
    with archive.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as gz:
        info = tarfile.TarInfo("repo/zeros.py")
        info.size = 1024 * 1024 * 1024
        gz.write(info.tobuf(format=tarfile.GNU_FORMAT))
        chunk = bytes(1024 * 1024)
        for _ in range(16):  # the stream is cut short: the cap must fire first
            gz.write(chunk)
    with pytest.raises(ArchiveTooLargeError, match="over the cap"):
        read_source(archive, Limits(max_file_bytes=100 * 1024 * 1024))


def test_caps_on_members_and_total_bytes(tmp_path: Path) -> None:
    many = tmp_path / "many.tar.gz"
    many.write_bytes(tar_gz([regular(f"repo/f{i}.txt", b"") for i in range(30)]))
    with pytest.raises(ArchiveTooLargeError, match="more than 20 files"):
        read_source(many, Limits(max_members=20))
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(5):
            archive.writestr(f"repo/f{i}.txt", bytes(400_000))
    with pytest.raises(ArchiveTooLargeError, match="unpacks to more than"):
        read_source(big, Limits(max_total_bytes=1_000_000))


def test_a_truncated_tarball_is_an_archive_error(tmp_path: Path) -> None:
    repo = make_well_kept(tmp_path / "repo")
    data = git_tarball(repo, "shop")
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        read_tar_stream(io.BytesIO(data[: len(data) // 2]), "The test tarball")


def test_missing_and_unknown_sources_are_one_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError, match="no folder or archive at"):
        read_source(tmp_path / "nothing")
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(SourceNotFoundError, match=r"neither a folder nor a \.zip"):
        read_source(text)
    not_gzip = tmp_path / "fake.tar.gz"
    not_gzip.write_bytes(b"this is not gzip")
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        read_source(not_gzip)


def test_a_huge_python_file_is_listed_not_read(tmp_path: Path) -> None:
    archive = tmp_path / "big.tar.gz"
    archive.write_bytes(
        tar_gz([regular("repo/a.py", b"x = 1\n"), regular("repo/huge.py", b"y = 2\n" * 100_000)])
    )
    files = read_source(archive, Limits(max_read_bytes=100_000))
    assert set(files.contents) == {"a.py"}
    assert files.oversized == {"huge.py"}
    repo = analyze_path(archive, limits=Limits(max_read_bytes=100_000)).repos[0]
    assert (repo.files, repo.skipped_files, repo.sloc) == (2, 1, 1)


def test_an_empty_repository_analyses_to_zeros_not_a_crash(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = analyze_path(empty)
    assert result.repos[0].files == 0
    assert result.scores["overall"] >= 0


def test_an_encrypted_zip_is_one_clear_sentence(tmp_path: Path) -> None:
    path = tmp_path / "take-home.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("solution/main.py", b"print('hello')\n")
    # zipfile cannot encrypt; set the "encrypted" flag a password-protected zip carries,
    # in the member's local header (offset 6) and its central directory entry (offset 8).
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=r"encrypted member \('solution/main.py'\)"):
        read_source(path)
