"""Reading a checkout, a ``.zip`` or a ``.tar.gz`` without ever extracting it.

Archives are untrusted (docs/architecture.md, "The analysis"). Nothing is written to
disk: a tar archive is read as a stream (``tarfile.open(mode="r|gz")``), a zip member by
member. Only regular files are kept; a member that escapes the folder, a link that
points outside it, or a device refuses the whole archive (links inside it are skipped).
The caps on members, declared unpacked bytes and single file size are checked on each
header, before its data is decompressed, so a bomb stops early; bytes actually read are
capped too, in case a header lies. The headers themselves are capped before they are
read: a PAX header or a GNU long name is a blob whose declared size Python's ``tarfile``
would read whole, so one header declaring gigabytes would fill the memory.

Only the files the analysis reads (Python sources, requirement and licence files, and the
small files that configure tooling) are held in memory; every other file is known by its
path alone.
"""

import os
import posixpath
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from recruitdesk.analysis.errors import (
    ArchiveError,
    ArchiveTooLargeError,
    SourceNotFoundError,
    UnsafeArchiveError,
)
from recruitdesk.analysis.tar_headers import HeaderRefusedError, capped_tar_file
from recruitdesk.atomic_files import is_database_file

MB = 1024 * 1024

#: Folders that hold someone else's code or generated files, never the candidate's.
IGNORED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
    }
)

#: Small files read for the libraries they name.
REQUIREMENT_FILES = frozenset(
    {"pyproject.toml", "Pipfile", "setup.cfg", "environment.yml", "environment.yaml"}
)

#: Licence files' names, without an extension or a suffix (``LICENSE-MIT``).
LICENCE_NAMES = frozenset({"LICENSE", "LICENCE", "COPYING", "COPYRIGHT"})


#: Small files read for the tooling they configure or run (``analysis/tooling.py``).
TOOLING_FILES = frozenset(
    {
        "tox.ini",
        ".pre-commit-config.yaml",
        ".travis.yml",
        ".gitlab-ci.yml",
        "Jenkinsfile",
        "appveyor.yml",
        ".appveyor.yml",
        "bitbucket-pipelines.yml",
        ".drone.yml",
        ".cirrus.yml",
    }
)
#: Folders whose YAML files are CI pipelines, wherever the tree's top folder is.
CI_FOLDERS = ("/.github/workflows/", "/.circleci/", "/.azure-pipelines/", "/.buildkite/", "/ci/")

_FAKE_ROOT = "/__recruitdesk_archive__"
_DATA_FILTER = getattr(tarfile, "data_filter", None)


@dataclass(frozen=True, slots=True)
class Limits:
    """The caps on what one archive or folder may unpack to."""

    max_total_bytes: int = 500 * MB
    max_members: int = 50_000
    max_file_bytes: int = 100 * MB
    #: A file the analysis would read but is larger than this is listed, not read
    #: (the metrics skip such files anyway: generated code, data dumps).
    max_read_bytes: int = 1 * MB
    #: One extended header (PAX records, a GNU long name or link): a path and a few
    #: attributes, a few hundred bytes in real archives.
    max_header_bytes: int = 1 * MB
    #: All extended headers of one archive together: each member keeps its own.
    max_total_header_bytes: int = 32 * MB


DEFAULT_LIMITS = Limits()


@dataclass(slots=True)
class CollectedFiles:
    """The files of one source tree: every regular file's path (relative, ``/``
    separated) and the contents of the ones the analysis reads."""

    paths: list[str] = field(default_factory=list)
    contents: dict[str, bytes] = field(default_factory=dict)
    #: Files the analysis would read, left unread for their size.
    oversized: set[str] = field(default_factory=set)

    def strip_common_folder(self) -> "CollectedFiles":
        """Drop the one top folder every path shares (GitHub's ``owner-repo-sha7/``)."""
        tops = {path.split("/", 1)[0] for path in self.paths}
        if len(tops) != 1 or not all("/" in path for path in self.paths):
            return self
        cut = len(tops.pop()) + 1
        return CollectedFiles(
            paths=[path[cut:] for path in self.paths],
            contents={path[cut:]: data for path, data in self.contents.items()},
            oversized={path[cut:] for path in self.oversized},
        )


def is_requirement_file(path: str) -> bool:
    name = posixpath.basename(path)
    if name in REQUIREMENT_FILES:
        return True
    return name.startswith("requirements") and name.endswith((".txt", ".in"))


def is_licence_file(path: str) -> bool:
    """``LICENSE``, ``LICENCE.txt``, ``COPYING``...: read for the holder they name (a
    folder with another holder's licence is someone else's code)."""
    name = posixpath.basename(path).upper()
    return any(
        name == licence or name.startswith((f"{licence}.", f"{licence}-", f"{licence}_"))
        for licence in LICENCE_NAMES
    )


def is_tooling_file(path: str) -> bool:
    name = posixpath.basename(path)
    if name in TOOLING_FILES:
        return True
    pipeline = "azure-pipelines" in name or any(folder in f"/{path}" for folder in CI_FOLDERS)
    return pipeline and name.endswith((".yml", ".yaml"))


def is_wanted(path: str) -> bool:
    """Whether the analysis reads this file's contents."""
    return (
        path.endswith(".py")
        or is_requirement_file(path)
        or is_licence_file(path)
        or is_tooling_file(path)
    )


def _ignored(parts: tuple[str, ...]) -> bool:
    return any(part in IGNORED_DIRS for part in parts[:-1])


def _safe_name(name: str, label: str) -> tuple[str, ...]:
    """The parts of a member's path, refusing one that escapes the folder."""
    cleaned = name.replace("\\", "/")
    pure = PurePosixPath(cleaned)
    if pure.is_absolute() or (len(cleaned) > 1 and cleaned[1] == ":"):
        raise UnsafeArchiveError(f"{label} holds a member with an absolute path ({name!r}).")
    parts = tuple(part for part in pure.parts if part not in ("", "."))
    if ".." in parts:
        raise UnsafeArchiveError(f"{label} holds a member that escapes its folder ({name!r}).")
    return parts


def _link_points_inside(parts: tuple[str, ...], target: str, hard: bool) -> bool:
    if target.startswith("/") or (len(target) > 1 and target[1] == ":"):
        return False
    base = () if hard else parts[:-1]
    depth = len(base)
    for part in PurePosixPath(target.replace("\\", "/")).parts:
        if part == "..":
            depth -= 1
            if depth < 0:
                return False
        elif part != ".":
            depth += 1
    return True


class _Budget:
    """Counts members and bytes against the limits while an archive is read."""

    def __init__(self, limits: Limits, label: str) -> None:
        self.limits = limits
        self.label = label
        self.members = 0
        self.total = 0

    def admit(self, name: str, size: int) -> None:
        self.members += 1
        if self.members > self.limits.max_members:
            raise ArchiveTooLargeError(
                f"{self.label} holds more than {self.limits.max_members:,} files, the cap."
            )
        if size > self.limits.max_file_bytes:
            raise ArchiveTooLargeError(
                f"{self.label} holds {name!r} of {size / MB:,.0f} MB, over the cap of "
                f"{self.limits.max_file_bytes / MB:,.0f} MB for one file."
            )
        self.total += size
        if self.total > self.limits.max_total_bytes:
            raise ArchiveTooLargeError(
                f"{self.label} unpacks to more than {self.limits.max_total_bytes / MB:,.0f} MB, "
                "the cap."
            )


def _read_capped(handle: IO[bytes], limit: int, name: str, label: str) -> bytes:
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise ArchiveTooLargeError(
            f"{label} holds {name!r}, larger than its header says or than the cap of "
            f"{limit / MB:,.0f} MB for one file."
        )
    return data


def read_tar_stream(
    stream: IO[bytes], label: str, limits: Limits = DEFAULT_LIMITS
) -> CollectedFiles:
    """Read a gzip-compressed tar archive from a stream, front to back, once."""
    collected = CollectedFiles()
    budget = _Budget(limits, label)
    capped = capped_tar_file(limits.max_header_bytes, limits.max_total_header_bytes)
    try:
        with capped.open(fileobj=stream, mode="r|gz") as archive:
            for member in archive:
                _read_tar_member(archive, member, collected, budget)
    except HeaderRefusedError as refused:
        kind = ArchiveTooLargeError if refused.too_large else UnsafeArchiveError
        raise kind(f"{label} {refused}.") from None
    except (tarfile.ReadError, EOFError, zlib.error, OSError) as error:
        if isinstance(error, tarfile.ReadError) and "empty file" in str(error):
            return collected
        raise ArchiveError(
            f"{label} is truncated or corrupt ({type(error).__name__}: {error})."
        ) from None
    return collected


def _read_tar_member(
    archive: tarfile.TarFile,
    member: tarfile.TarInfo,
    collected: CollectedFiles,
    budget: _Budget,
) -> None:
    label = budget.label
    parts = _safe_name(member.name, label)
    if member.ischr() or member.isblk() or member.isfifo():
        raise UnsafeArchiveError(f"{label} holds a device or pipe ({member.name!r}).")
    if member.issym() or member.islnk():
        if not _link_points_inside(parts, member.linkname, hard=member.islnk()):
            raise UnsafeArchiveError(
                f"{label} holds a link that points outside it ({member.name!r} -> "
                f"{member.linkname!r})."
            )
        return
    # Python's own member check (3.11.4 on) as a second opinion; the checks above
    # (names, links, devices) are what keep Debian 12's Python 3.11.2 safe without it.
    if _DATA_FILTER is not None:
        try:
            _DATA_FILTER(member, _FAKE_ROOT)
        except tarfile.FilterError as error:
            raise UnsafeArchiveError(f"{label} holds an unsafe member: {error}.") from None
    if not member.isreg() or not parts:
        return
    budget.admit(member.name, member.size)
    if _ignored(parts):
        return
    path = "/".join(parts)
    collected.paths.append(path)
    if is_wanted(path):
        if member.size > budget.limits.max_read_bytes:
            collected.oversized.add(path)
            return
        handle = archive.extractfile(member)
        if handle is not None:
            with handle:
                collected.contents[path] = _read_capped(handle, member.size, member.name, label)


def read_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> CollectedFiles:
    """Read a zip archive member by member."""
    label = f"The archive {path}"
    collected = CollectedFiles()
    budget = _Budget(limits, label)
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                parts = _safe_name(info.filename, label)
                if info.flag_bits & 0x1:
                    raise ArchiveError(
                        f"{label} holds an encrypted member ({info.filename!r}); "
                        "send the code without a password."
                    )
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    with archive.open(info) as handle:
                        target = handle.read(4096).decode("utf-8", "replace")
                    if not _link_points_inside(parts, target, hard=False):
                        raise UnsafeArchiveError(
                            f"{label} holds a link that points outside it "
                            f"({info.filename!r} -> {target!r})."
                        )
                    continue
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode):
                    raise UnsafeArchiveError(f"{label} holds a device or pipe ({info.filename!r}).")
                if info.is_dir() or not parts:
                    continue
                budget.admit(info.filename, info.file_size)
                if _ignored(parts):
                    continue
                name = "/".join(parts)
                collected.paths.append(name)
                if is_wanted(name):
                    if info.file_size > limits.max_read_bytes:
                        collected.oversized.add(name)
                        continue
                    with archive.open(info) as handle:
                        collected.contents[name] = _read_capped(
                            handle, info.file_size, info.filename, label
                        )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise ArchiveError(f"{label} is truncated or corrupt ({error}).") from None
    return collected


def read_folder(root: Path, limits: Limits = DEFAULT_LIMITS) -> CollectedFiles:
    """Read a checkout on disk. Symbolic links are not followed."""
    label = f"The folder {root}"
    collected = CollectedFiles()
    budget = _Budget(
        Limits(
            max_total_bytes=2**62,
            max_members=limits.max_members,
            max_file_bytes=2**62,
        ),
        label,
    )
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(name for name in dirs if name not in IGNORED_DIRS)
        for name in sorted(files):
            full = Path(folder, name)
            if full.is_symlink() or not full.is_file():
                continue
            relative = full.relative_to(root).as_posix()
            budget.admit(relative, 0)
            collected.paths.append(relative)
            # A database kept among the sources is never opened behind SQLite's back.
            if is_wanted(relative) and not is_database_file(full):
                try:
                    if full.stat().st_size > limits.max_read_bytes:
                        collected.oversized.add(relative)
                        continue
                    collected.contents[relative] = full.read_bytes()
                except OSError:
                    continue
    return collected


def read_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> CollectedFiles:
    """Read a folder, a ``.zip`` or a ``.tar.gz``/``.tgz`` as one source tree."""
    if path.is_dir():
        return read_folder(path, limits)
    if not path.is_file():
        raise SourceNotFoundError(f"There is no folder or archive at {path}.")
    if is_database_file(path):
        raise SourceNotFoundError(f"{path} is the database recruitdesk has open, not a source.")
    name = path.name.lower()
    if name.endswith(".zip"):
        return read_zip(path, limits).strip_common_folder()
    if name.endswith((".tar.gz", ".tgz")):
        with path.open("rb") as handle:
            return read_tar_stream(handle, f"The archive {path}", limits).strip_common_folder()
    raise SourceNotFoundError(
        f"{path} is neither a folder nor a .zip or .tar.gz archive, so it cannot be analysed."
    )
