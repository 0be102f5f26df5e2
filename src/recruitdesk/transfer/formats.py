"""The one table of the formats files of people come in and go out as (docs/architecture.md,
"Adding things"): adding a format is one row here, beside the module that reads or
writes it; the command line's choices and the file dialogs' filters follow the table.

An import format has a name, the file suffixes it claims, a test of a file's first
bytes (for a name that says nothing), a reader that opens and checks the file and writes
nothing, and a writer that writes what the reader returned, all or nothing (a CSV's
rows are read as they are written, so a large file is never held whole). An export
format has a name, a suffix and a writer.

The readers and writers import their modules when they run, so the command line can
list the formats for ``--help`` without loading the database layer
(docs/architecture.md, "The command line").
"""

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from recruitdesk.atomic_files import refuse_database_file
from recruitdesk.errors import KnownError

if TYPE_CHECKING:
    from recruitdesk.storage.database import Database
    from recruitdesk.transfer.bundle_read import BundleContent
    from recruitdesk.transfer.csv_people import CsvFile
    from recruitdesk.transfer.cv_import import CvPreview
    from recruitdesk.transfer.export_files import ExportSummary
    from recruitdesk.transfer.results import ImportReport

Content = TypeVar("Content")
#: How many bytes of a file the sniffers see.
_HEAD_BYTES = 64


@dataclass(frozen=True, slots=True)
class ImportFormat(Generic[Content]):
    """A kind of file people are imported from."""

    name: str
    label: str
    suffixes: tuple[str, ...]
    #: Whether a file's first bytes are of this format; ``None`` for the format taken
    #: when no other one's test says yes.
    sniff: Callable[[bytes], bool] | None
    read: Callable[[Path], Content]
    #: ``(database, what read returned, skip_invalid) -> report``.
    write: "Callable[[Database, Content, bool], ImportReport]"
    #: Whether what the reader found is shown and confirmed before it is written.
    needs_confirmation: bool = False

    @property
    def patterns(self) -> str:
        """The suffixes as a file dialog's patterns: ``*.csv *.tsv``."""
        return " ".join(f"*{suffix}" for suffix in self.suffixes)


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A kind of file people (or everything) are exported to."""

    name: str
    label: str
    suffix: str
    #: ``(database, path, include_private) -> summary``.
    write: "Callable[[Database, Path, bool], ExportSummary]"
    #: Whether private notes can travel in it (when the caller asks).
    carries_private: bool = False


# --------------------------------------------------------------------------------------
# Readers and writers


def _read_csv(path: Path) -> "CsvFile":
    from recruitdesk.transfer.csv_people import open_csv

    return open_csv(path)


def _write_csv(database: "Database", source: "CsvFile", skip_invalid: bool) -> "ImportReport":
    from recruitdesk.transfer.csv_people import stream_rows
    from recruitdesk.transfer.people_writer import import_items

    return import_items(
        database, stream_rows(source), source=source.name, kind="csv", skip_invalid=skip_invalid
    )


def _read_resumes(path: Path) -> Path:
    # Resumes are read as they are written: the writer streams the file.
    return path


def _write_resumes(database: "Database", path: Path, skip_invalid: bool) -> "ImportReport":
    from recruitdesk.transfer.people_writer import import_items
    from recruitdesk.transfer.resume import stream_resumes

    return import_items(
        database, stream_resumes(path), source=path.name, kind="json", skip_invalid=skip_invalid
    )


def _is_json(head: bytes) -> bool:
    return head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"[")


def _is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def _read_bundle(path: Path) -> "BundleContent":
    from recruitdesk.transfer.bundle_read import read_bundle

    return read_bundle(path)


def _merge_bundle(
    database: "Database", content: "BundleContent", skip_invalid: bool
) -> "ImportReport":
    from recruitdesk.transfer.bundle_merge import merge_bundle

    return merge_bundle(database, content, skip_invalid=skip_invalid)


def _is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head


def _read_cv(path: Path) -> "CvPreview":
    from recruitdesk.transfer.cv_import import read_cv_preview

    return read_cv_preview(path)


def _write_cv(database: "Database", preview: "CvPreview", skip_invalid: bool) -> "ImportReport":
    from recruitdesk.transfer.cv_import import write_cv

    return write_cv(database, preview, skip_invalid)


def _export_bundle(database: "Database", path: Path, include_private: bool) -> "ExportSummary":
    from recruitdesk.transfer.export_bundle import export_bundle

    return export_bundle(database, path, include_private=include_private)


def _export_csv(database: "Database", path: Path, _include_private: bool) -> "ExportSummary":
    from recruitdesk.transfer.export_people import export_csv

    return export_csv(database, path)


def _export_resumes(database: "Database", path: Path, _include_private: bool) -> "ExportSummary":
    from recruitdesk.transfer.export_people import export_json_resume

    return export_json_resume(database, path)


# --------------------------------------------------------------------------------------
# The tables

IMPORT_FORMATS: tuple[ImportFormat[Any], ...] = (
    ImportFormat("csv", "CSV", (".csv", ".tsv", ".txt"), None, _read_csv, _write_csv),
    ImportFormat("json", "JSON Resume", (".json",), _is_json, _read_resumes, _write_resumes),
    ImportFormat(
        "bundle", "Bundle", (".zip", ".rdbundle", ".bundle"), _is_zip, _read_bundle, _merge_bundle
    ),
    # A CV is one person, read and shown before it is written (``needs_confirmation``).
    ImportFormat("cv", "CV", (".pdf", ".docx"), _is_pdf, _read_cv, _write_cv, True),
)
#: The first is what the export dialog offers first, and what any other suffix gets.
EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("bundle", "Bundle for another laptop", ".zip", _export_bundle, True),
    ExportFormat("csv", "Spreadsheet of candidates", ".csv", _export_csv),
    ExportFormat("json", "JSON Resume", ".json", _export_resumes),
)


# --------------------------------------------------------------------------------------
# Importing


def import_format_names() -> list[str]:
    return [format_.name for format_ in IMPORT_FORMATS]


def import_filter() -> str:
    """The open dialog's filter: every importable file first, then each format."""
    every = " ".join(format_.patterns for format_ in IMPORT_FORMATS)
    each = [f"{format_.label} ({format_.patterns})" for format_ in IMPORT_FORMATS]
    return ";;".join([f"Candidates ({every})", *each])


def detect_format(path: Path) -> ImportFormat[Any]:
    """The format ``path`` is in, from its name and, failing that, its first bytes."""
    suffix = path.suffix.lower()
    for format_ in IMPORT_FORMATS:
        if suffix in format_.suffixes:
            return format_
    try:
        refuse_database_file(path)
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise KnownError(f"There is no file {path}.") from None
    except OSError as error:
        raise KnownError(f"Cannot read {path}: {error.strerror}.") from None
    fallback = IMPORT_FORMATS[0]
    for format_ in IMPORT_FORMATS:
        if format_.sniff is None:
            fallback = format_
        elif format_.sniff(head):
            return format_
    return fallback


def import_file(database: "Database", path: Path, *, skip_invalid: bool = False) -> "ImportReport":
    """Import a file of any format, all or nothing."""
    format_ = detect_format(path)
    content = format_.read(path)
    try:
        return format_.write(database, content, skip_invalid)
    finally:
        from recruitdesk.transfer.bundle_read import BundleContent

        if isinstance(content, BundleContent):
            content.stage.close()  # its private file of records, at once


# --------------------------------------------------------------------------------------
# Exporting


def export_format_names() -> list[str]:
    return [format_.name for format_ in EXPORT_FORMATS]


def export_filter() -> str:
    """The save dialog's filter, one entry a format."""
    return ";;".join(f"{format_.label} (*{format_.suffix})" for format_ in EXPORT_FORMATS)


def export_target(path: Path) -> tuple[str, Path]:
    """The format a chosen path's suffix names, and the path to write: a suffix no format
    claims gets the first format's, so the file says what it holds."""
    suffix = path.suffix.lower()
    for format_ in EXPORT_FORMATS:
        if suffix == format_.suffix:
            return format_.name, path
    first = EXPORT_FORMATS[0]
    return first.name, path.with_suffix(first.suffix)


def export(
    database: "Database", path: Path, *, format: str, include_private: bool = False
) -> "ExportSummary":
    """Export in ``format`` (one of :data:`EXPORT_FORMATS`' names)."""
    found = {format_.name: format_ for format_ in EXPORT_FORMATS}.get(format)
    if found is None:
        names = ", ".join(export_format_names())
        raise KnownError(f"{format!r} is not an export format ({names}).")
    if include_private and not found.carries_private:
        raise KnownError("--include-private applies to bundles only (notes travel only there).")
    return found.write(database, path, include_private)
