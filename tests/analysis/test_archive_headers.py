"""Hostile tar headers: a PAX header or a GNU long name that declares gigabytes is
refused from its declared size, before ``tarfile`` reads it, so memory stays bounded.

The archives are written by hand: a header block, then as many zeros as it declares
(or fewer), gzip-compressed, so a few megabytes on disk unpack to hundreds."""

import functools
import io
import struct
import tarfile
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.analysis.corpus import make_well_kept, regular, tar_gz
from tests.analysis.github_server import GitHubServer, fake_repo_from_git
from tests.peak_memory import run_measured

from recruitdesk.analysis.archive import Limits, read_source, read_tar_stream
from recruitdesk.analysis.errors import ArchiveError, ArchiveTooLargeError, UnsafeArchiveError
from recruitdesk.analysis.github.account import analyze_login

MB = 1024 * 1024
#: What the header declares; what follows it is ``PRESENT`` zeros.
DECLARED = 2 * 1024 * MB
#: Enough zeros for the tests that trace Python's allocations: plain ``tarfile``
#: reading the header as declared peaks at 2,069 MB (measured), and a reader that held
#: only what is there would hold twice ``SMALL_MB``. (The 400 MB that the command's
#: test needs, its bound being 300 MB of a whole process, took 0.14 s more each to
#: write, the CRC of the zeros.)
PRESENT = 128 * MB
COMMAND_PRESENT = 400 * MB
#: Python's allocations while such an archive is refused: ``tarfile`` inflates 10 KB of
#: the stream at a time, which zeros turn into about 10 MB.
SMALL_MB = 64


def header_block(kind: bytes, size: int, name: str = "././@LongLink") -> bytes:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = size
    return info.tobuf(format=tarfile.USTAR_FORMAT)


#: gzip's header: deflate, no name, no time, unknown system.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


@functools.cache
def deflated_zeros(size: int) -> bytes:
    """``size`` zero bytes (whole megabytes) as raw deflate blocks. One megabyte is
    compressed once and its blocks repeated: a full flush ends them on a byte boundary
    with nothing referring back, so copies chain into one valid stream. (Compressing all
    400 MB took 1.4 s for each kind of header, thirty times the cost of refusing it.)"""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return (compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)) * (size // MB)


@functools.cache  # the tests only read the bytes
def hostile_tarball(kind: bytes, declared: int = DECLARED, present: int = PRESENT) -> bytes:
    """A ``.tar.gz`` whose first header is of ``kind``, declares ``declared`` bytes and
    is followed by ``present`` zero bytes (whole megabytes), then a small Python file."""
    header, tail = header_block(kind, declared), tar_gz_members_raw()
    crc = zlib.crc32(header)
    for _ in range(present // MB):
        crc = zlib.crc32(bytes(MB), crc)
    first = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    last = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return b"".join(
        [
            GZIP_HEADER,
            first.compress(header) + first.flush(zlib.Z_FULL_FLUSH),
            deflated_zeros(present),
            last.compress(tail) + last.flush(),
            struct.pack("<II", zlib.crc32(tail, crc), len(header) + present + len(tail)),
        ]
    )


def tar_gz_members_raw() -> bytes:
    info, data = regular("repo/a.py", b"x = 1\n")
    return info.tobuf(format=tarfile.GNU_FORMAT) + data.ljust(512, b"\0") + bytes(1024)


def traced_peak_mb(work: Callable[[], object]) -> float:
    """The peak of Python's allocations while ``work`` runs, in MB."""
    tracemalloc.start()
    try:
        work()
    except ArchiveError:
        pass
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / MB


@pytest.mark.parametrize(
    "kind",
    [tarfile.XHDTYPE, tarfile.XGLTYPE, tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK],
    ids=["pax", "pax-global", "gnu-longname", "gnu-longlink"],
)
def test_a_header_declaring_gigabytes_is_refused_before_it_is_read(
    tmp_path: Path, kind: bytes
) -> None:
    archive = tmp_path / "hostile.tar.gz"
    archive.write_bytes(hostile_tarball(kind))
    with pytest.raises(ArchiveTooLargeError, match=r"header of 2,048\.0 MB, over") as caught:
        read_source(archive)
    assert "\n" not in str(caught.value)
    peak = traced_peak_mb(lambda: read_source(archive))
    assert peak < SMALL_MB, f"{peak:.0f} MB"


def test_analyze_path_on_a_hostile_header_stays_small_and_says_one_line(tmp_path: Path) -> None:
    archive = tmp_path / "hostile.tar.gz"
    archive.write_bytes(hostile_tarball(tarfile.XHDTYPE, present=COMMAND_PRESENT))
    ran = run_measured(tmp_path, "analyze", "--path", str(archive))
    assert ran.returncode == 1
    assert ran.stderr.strip().count("\n") == 0, ran.stderr
    assert "over the cap" in ran.stderr
    assert ran.peak_mb < 300, f"{ran.peak_mb:.0f} MB"


def test_a_github_tarball_with_a_hostile_header_stays_small(tmp_path: Path) -> None:
    with GitHubServer() as server:
        server.add_user("ada")
        shop = fake_repo_from_git(make_well_kept(tmp_path / "shop"), "ada", "shop", base=server.url)
        shop.tarball = hostile_tarball(tarfile.GNUTYPE_LONGNAME)
        server.add_repo(shop)
        with pytest.raises(ArchiveError, match="tarball of ada/shop holds a header of 2,048"):
            analyze_login("ada", api_url=server.url, seconds_between_requests=0)
        peak = traced_peak_mb(
            lambda: analyze_login("ada", api_url=server.url, seconds_between_requests=0)
        )
    assert peak < SMALL_MB, f"{peak:.0f} MB"


def test_many_small_headers_are_capped_together() -> None:
    """Each header under its own cap, but every member keeps its own: the sum is capped."""
    members = []
    for index in range(40):
        info, data = regular(f"repo/f{index}.txt", b"")
        info.pax_headers = {"comment": "x" * 100_000}
        members.append((info, data))
    data = tar_gz(members)
    with pytest.raises(ArchiveTooLargeError, match="more than 3 MB of headers"):
        read_tar_stream(io.BytesIO(data), "The test tarball", Limits(max_total_header_bytes=3 * MB))
    assert len(read_tar_stream(io.BytesIO(data), "The test tarball").paths) == 40


def test_a_chain_of_headers_is_refused_in_one_line() -> None:
    """``tarfile`` reads a chain of extended headers recursively."""
    record = b"19 comment=chained\n"  # the length counts itself
    pax = header_block(tarfile.XHDTYPE, len(record), "././@PaxHeader") + record.ljust(512, b"\0")
    data = zlib.compress(pax * 5000 + tar_gz_members_raw(), wbits=31)
    with pytest.raises(UnsafeArchiveError, match="more than 8 extended headers in a row"):
        read_tar_stream(io.BytesIO(data), "The test tarball")


def test_a_sparse_member_is_refused() -> None:
    """Old GNU sparse headers chain extension blocks that ``tarfile`` collects unbounded."""
    info = tarfile.TarInfo("repo/a.py")
    info.type = tarfile.GNUTYPE_SPARSE
    block = bytearray(info.tobuf(format=tarfile.GNU_FORMAT))
    data = zlib.compress(bytes(block) + bytes(1024), wbits=31)
    with pytest.raises(UnsafeArchiveError, match="sparse file"):
        read_tar_stream(io.BytesIO(data), "The test tarball")


def test_a_long_name_within_the_caps_is_read() -> None:
    name = "repo/" + "deep/" * 60 + "a.py"
    for format in (tarfile.GNU_FORMAT, tarfile.PAX_FORMAT):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz", format=format) as archive:
            info, data = regular(name, b"x = 1\n")
            archive.addfile(info, io.BytesIO(data))
        files = read_tar_stream(io.BytesIO(buffer.getvalue()), "The test tarball")
        assert files.contents == {name: b"x = 1\n"}
