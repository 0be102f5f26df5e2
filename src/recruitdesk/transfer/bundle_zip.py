"""Reading a bundle's zip, which comes from another laptop or from anyone.

It is never extracted to disk. Members are read one by one as streams, only those the
format names, with caps on their number, on each one's size and on the total, checked
on the sizes the archive declares *and* while decompressing; a name that climbs out of
the archive (``../``, an absolute path, a link) is refused outright. The manifest is
read first: a bundle from a newer format version is refused before anything else is
decompressed.
"""

import io
import json
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, TypeVar

from recruitdesk.atomic_files import refuse_database_file
from recruitdesk.errors import KnownError
from recruitdesk.transfer.bundle_format import FORMAT_NAME, FORMAT_VERSION, MANIFEST, MEMBERS
from recruitdesk.transfer.json_numbers import CheckedDecoder, refused_number


@dataclass(frozen=True, slots=True)
class BundleLimits:
    """Caps for reading an untrusted bundle (a zip bomb stops at the first one hit)."""

    max_members: int = 32
    max_member_bytes: int = 512 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    max_manifest_bytes: int = 64 * 1024
    #: Uncompressed/compressed for members above 1 MiB; JSON compresses about 10:1.
    max_ratio: int = 200


DEFAULT_LIMITS = BundleLimits()
_T = TypeVar("_T")


def _unsafe_name(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    path = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    if ".." in path.parts:
        return "a path that climbs out of the bundle (path traversal)"
    mode = info.external_attr >> 16
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "a link or device, not a file"
    return None


class _CappedMember(io.RawIOBase):
    """One member decompressed as it is read, counting as it goes: it stops past ``cap``
    or the size the archive declared, whichever is smaller."""

    def __init__(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, where: str
    ) -> None:
        super().__init__()
        self._info = info
        self._allowed = min(cap, info.file_size)
        self._where = where
        self._total = 0
        self._handle = self._guarded(lambda: archive.open(info))

    def _guarded(self, action: Callable[[], _T]) -> _T:
        try:
            return action()
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise KnownError(
                f"{self._where}: the member {self._info.filename} is corrupt ({error}); "
                "nothing was imported."
            ) from None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._guarded(lambda: self._handle.read(len(buffer)))
        self._total += len(data)
        if self._total > self._allowed:
            raise KnownError(
                f"{self._where}: the member {self._info.filename} decompresses to more than "
                f"{self._allowed:,} bytes (a zip bomb?); nothing was imported."
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        handle = getattr(self, "_handle", None)  # None when the member would not open
        if handle is not None:
            handle.close()
        super().close()


@dataclass(frozen=True, slots=True)
class OpenBundle:
    """A bundle whose names, sizes and manifest were checked: its members to read."""

    manifest: dict[str, Any]
    _archive: zipfile.ZipFile
    _members: dict[str, zipfile.ZipInfo]
    _cap: int
    _where: str

    def open(self, name: str) -> BinaryIO | None:
        """The member ``name`` as a stream of bytes (capped), or ``None`` if absent."""
        info = self._members.get(name)
        if info is None:
            return None
        return io.BufferedReader(_CappedMember(self._archive, info, self._cap, self._where))


@contextmanager
def open_bundle(path: Path, limits: BundleLimits = DEFAULT_LIMITS) -> Iterator[OpenBundle]:
    """The bundle at ``path`` checked against ``limits`` (names, sizes, the manifest),
    its members read as streams while it is open."""
    where = path.name
    try:
        refuse_database_file(path)
    except OSError as error:
        raise KnownError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise KnownError(f"There is no file {path}.") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise KnownError(
            f"{where} is not a recruitdesk bundle (not a zip file: {error})."
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise KnownError(
                f"{where} holds {len(infos)} members; a bundle has at most "
                f"{limits.max_members} (a zip bomb?); nothing was imported."
            )
        seen: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            reason = _unsafe_name(info)
            if reason:
                raise KnownError(
                    f"{where}: the member {info.filename!r} is {reason}; nothing was imported."
                )
            if info.filename in seen:
                raise KnownError(f"{where} holds {info.filename} twice; nothing was imported.")
            if info.flag_bits & 0x1:
                raise KnownError(f"{where}: the member {info.filename} is encrypted.")
            if info.file_size > limits.max_member_bytes:
                raise KnownError(
                    f"{where}: the member {info.filename} would decompress to "
                    f"{info.file_size:,} bytes, over the cap of {limits.max_member_bytes:,} "
                    "(a zip bomb?); nothing was imported."
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
                raise KnownError(
                    f"{where}: the member {info.filename} is compressed {ratio:.0f} to 1, "
                    "more than any real bundle (a zip bomb?); nothing was imported."
                )
            total += info.file_size
            seen[info.filename] = info
        if total > limits.max_total_bytes:
            raise KnownError(
                f"{where} would decompress to {total:,} bytes, over the cap of "
                f"{limits.max_total_bytes:,} (a zip bomb?); nothing was imported."
            )
        if MANIFEST not in seen:
            raise KnownError(
                f"{where} is not a recruitdesk bundle: it has no {MANIFEST} "
                "(export one with 'recruitdesk export --format bundle')."
            )
        with _CappedMember(archive, seen[MANIFEST], limits.max_manifest_bytes, where) as raw:
            manifest = _manifest(raw.read(), where)
        members = {name: seen[name] for name in MEMBERS if name in seen}
        yield OpenBundle(manifest, archive, members, limits.max_member_bytes, where)


def _manifest(data: bytes, where: str) -> dict[str, Any]:
    decoder = CheckedDecoder()
    try:
        manifest = decoder.decode(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise KnownError(f"{where}: {MANIFEST} is not valid JSON ({error}).") from None
    refused = refused_number(decoder, manifest)
    if refused:
        raise KnownError(f"{where}: {MANIFEST}: {refused}; nothing was imported.")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise KnownError(f"{where} is not a recruitdesk bundle ({MANIFEST} names another format).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise KnownError(f"{where}: {MANIFEST} has no valid format_version ({version!r}).")
    if version > FORMAT_VERSION:
        made_by = manifest.get("app_version", "?")
        raise KnownError(
            f"{where} was written by a newer recruitdesk ({made_by}, bundle format {version}; "
            f"this version reads up to format {FORMAT_VERSION}): install the newer version to "
            "import it; nothing was imported."
        )
    return manifest
