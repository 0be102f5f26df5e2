"""Exporting: candidates as CSV or JSON Resume, and everything as a bundle.

Every file is written atomically (DESIGN.md convention 9): to a temporary file in the
target's folder, flushed to disk, then renamed over the target, so a crash or a full
disk never leaves half an export where the old file was.

Never a token: the database holds none (they live in the keyring), and URLs with
credentials in them (``https://user:secret@host/...``) lose the credentials on the way
out. Private notes leave only when the caller asks (``include_private``).
"""

import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from recruitdesk import __version__
from recruitdesk.domain.redaction import without_credentials
from recruitdesk.errors import KnownError
from recruitdesk.storage.csvcells import protected
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import (
    Analysis,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
    Application,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
)

FORMAT_NAME = "recruitdesk-bundle"
#: The bundle format this version writes and the newest it reads.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: The members of a bundle, in the order they are written and read.
MEMBERS = (
    "positions.json",
    "candidates.json",
    "applications.json",
    "notes.json",
    "scorecards.json",
    "analyses.json",
)
CSV_COLUMNS = (
    "full_name",
    "email",
    "phone",
    "location",
    "github",
    "linkedin",
    "links",
    "region",
    "track",
    "level",
    "years_experience",
    "employment",
    "ask_amount",
    "ask_currency",
    "ask_period",
    "notice_weeks",
    "source",
    "skills",
    "tags",
    "consent_until",
)
RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
#: Candidate fields a JSON Resume has no place for; they travel in ``meta.recruitdesk``.
RESUME_EXTRAS = (
    "region",
    "track",
    "level",
    "years_experience",
    "employment",
    "ask_amount",
    "ask_currency",
    "ask_period",
    "notice_weeks",
    "source",
    "consent_until",
    "tags",
)
#: Columns that never leave the database: row ids (bundles name rows by uid) and caches.
_LOCAL_COLUMNS = frozenset({"id", "candidate_id", "position_id", "application_id", "analysis_id"})
_CACHE_COLUMNS = {
    "analyses": frozenset({"listing_etag"}),
    "analysis_repositories": frozenset({"etag"}),
}


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: Path
    candidates: int
    positions: int = 0
    applications: int = 0
    notes: int = 0
    scorecards: int = 0
    analyses: int = 0
    private_notes: int = 0

    def summary(self) -> str:
        parts = [f"{self.candidates} candidates"]
        if self.positions or self.applications:
            parts += [
                f"{self.positions} positions",
                f"{self.applications} applications",
                f"{self.notes} notes",
                f"{self.scorecards} scorecards",
                f"{self.analyses} analyses",
            ]
        line = f"Exported {', '.join(parts)} to {self.path}"
        if self.private_notes:
            line += f" (private notes included: {self.private_notes})"
        return line + "."


# --------------------------------------------------------------------------------------
# Atomic writes


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` through ``write(handle)`` to a temporary file, then rename it."""
    path = path.expanduser()
    folder = path.parent
    if path.is_dir():
        raise KnownError(f"{path} is a folder; name a file to export to.")
    if not folder.is_dir():
        raise KnownError(f"The folder {folder} does not exist.")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise KnownError(f"Cannot write in {folder}: {error.strerror}.") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise KnownError(f"Cannot write {path}: {error.strerror or error}.") from None
        raise


# --------------------------------------------------------------------------------------
# Values


def jsonable(value: Any) -> Any:
    """A column's value as JSON: dates and times in ISO 8601 (times in UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def exported_columns(table: Table) -> list[str]:
    skip = _LOCAL_COLUMNS | _CACHE_COLUMNS.get(table.name, frozenset())
    return [column.name for column in table.columns if column.name not in skip]


def _records(session: Session, table: Table, *where: Any) -> Iterator[dict[str, Any]]:
    for row in session.execute(select(table).where(*where).order_by(table.c.id)).mappings():
        yield dict(row)


def _public(record: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    return {name: jsonable(record[name]) for name in columns}


def _group(
    session: Session, table: Table, key: str, columns: list[str]
) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for record in _records(session, table):
        grouped.setdefault(record[key], []).append(_public(record, columns))
    return grouped


# --------------------------------------------------------------------------------------
# CSV and JSON Resume


def _split_links(record: dict[str, Any]) -> tuple[str, list[str]]:
    """The first LinkedIn URL, and the other links except the GitHub profile."""
    linkedin = ""
    others: list[str] = []
    login = (record.get("github_login") or "").casefold()
    for link in record.get("links") or []:
        link = without_credentials(link)
        lowered = link.casefold()
        if not linkedin and "linkedin.com" in lowered:
            linkedin = link
        elif login and lowered.rstrip("/").endswith(f"github.com/{login}"):
            continue
        else:
            others.append(link)
    return linkedin, others


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return protected("; ".join(str(item) for item in value))
    return protected(str(jsonable(value)))


def csv_rows(session: Session) -> Iterator[list[str]]:
    yield list(CSV_COLUMNS)
    for record in _records(session, Candidate.__table__):  # type: ignore[arg-type]
        linkedin, others = _split_links(record)
        values = record | {
            "github": record["github_login"],
            "linkedin": linkedin,
            "links": " ".join(others),
        }
        yield [_cell(values[name]) for name in CSV_COLUMNS]


def export_csv(database: Database, path: Path) -> ExportSummary:
    """Every candidate as a row of a CSV (UTF-8 with a BOM, which spreadsheets need to
    tell the encoding; the import reads it back)."""
    count = 0

    def write(handle: IO[bytes]) -> None:
        nonlocal count
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        with database.read() as session:
            for row in csv_rows(session):
                writer.writerow(row)
                count += 1
        text.flush()
        text.detach()

    atomic_write(path, write)
    return ExportSummary(path=path, candidates=count - 1)


def resume_of(record: dict[str, Any]) -> dict[str, Any]:
    """A candidate as a JSON Resume (jsonresume.org schema 1.0)."""
    linkedin, others = _split_links(record)
    basics: dict[str, Any] = {"name": record["full_name"]}
    for key in ("email", "phone"):
        if record[key]:
            basics[key] = record[key]
    if record["location"]:
        basics["location"] = {"address": record["location"]}
    profiles: list[dict[str, str]] = []
    if record["github_login"]:
        login = record["github_login"]
        profiles.append(
            {"network": "GitHub", "username": login, "url": f"https://github.com/{login}"}
        )
    if linkedin:
        profiles.append({"network": "LinkedIn", "url": linkedin})
    for link in others:
        profiles.append({"network": urlsplit(link).hostname or "Website", "url": link})
    if profiles:
        basics["profiles"] = profiles
    resume: dict[str, Any] = {"$schema": RESUME_SCHEMA, "basics": basics}
    if record["skills"]:
        resume["skills"] = [{"name": skill} for skill in record["skills"]]
    extras = {
        key: jsonable(record[key]) for key in RESUME_EXTRAS if record[key] not in (None, [], "")
    }
    resume["meta"] = {
        "version": "v1.0.0",
        "lastModified": jsonable(record["updated_at"]),
        "recruitdesk": extras,
    }
    return resume


def export_json_resume(database: Database, path: Path) -> ExportSummary:
    """Every candidate as a JSON Resume, in one JSON array."""
    with database.read() as session:
        resumes = [resume_of(record) for record in _records(session, Candidate.__table__)]  # type: ignore[arg-type]
    data = _json_array(resumes)
    atomic_write(path, lambda handle: handle.write(data))
    return ExportSummary(path=path, candidates=len(resumes))


# --------------------------------------------------------------------------------------
# Bundles


def _json_array(records: Iterable[Any]) -> bytes:
    """A JSON array with one record per line, so a problem can be named by its line."""
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"[\n{lines}\n]\n".encode() if lines else b"[]\n"


def bundle_members(session: Session, *, include_private: bool) -> tuple[dict[str, list[Any]], int]:
    """The records of each member of a bundle, and how many private notes are in."""
    tables = {
        model.__tablename__: model.__table__
        for model in (
            Candidate,
            Position,
            Application,
            StageChange,
            Note,
            Scorecard,
            Analysis,
            AnalysisRepository,
            AnalysisSkill,
            AnalysisRedFlag,
        )
    }
    columns = {name: exported_columns(table) for name, table in tables.items()}  # type: ignore[arg-type]
    candidate_uids: dict[int, str] = {}
    candidates = []
    for record in _records(session, tables["candidates"]):  # type: ignore[arg-type]
        candidate_uids[record["id"]] = record["uid"]
        record["links"] = [without_credentials(link) for link in record["links"] or []]
        candidates.append(_public(record, columns["candidates"]))
    position_uids: dict[int, str] = {}
    positions = []
    for record in _records(session, tables["positions"]):  # type: ignore[arg-type]
        position_uids[record["id"]] = record["uid"]
        positions.append(_public(record, columns["positions"]))
    history = _group(session, tables["stage_changes"], "application_id", columns["stage_changes"])  # type: ignore[arg-type]
    application_uids: dict[int, str] = {}
    applications = []
    for record in _records(session, tables["applications"]):  # type: ignore[arg-type]
        application_uids[record["id"]] = record["uid"]
        applications.append(
            _public(record, columns["applications"])
            | {
                "candidate_uid": candidate_uids[record["candidate_id"]],
                "position_uid": position_uids[record["position_id"]],
                "history": history.get(record["id"], []),
            }
        )
    notes = []
    private = 0
    for record in _records(session, tables["notes"]):  # type: ignore[arg-type]
        if record["private"]:
            if not include_private:
                continue
            private += 1
        notes.append(
            _public(record, columns["notes"])
            | {"candidate_uid": candidate_uids[record["candidate_id"]]}
        )
    scorecards = [
        _public(record, columns["scorecards"])
        | {"application_uid": application_uids[record["application_id"]]}
        for record in _records(session, tables["scorecards"])  # type: ignore[arg-type]
    ]
    repositories = _group(
        session,
        tables["analysis_repositories"],  # type: ignore[arg-type]
        "analysis_id",
        columns["analysis_repositories"],
    )
    for entries in repositories.values():
        for entry in entries:
            if entry.get("url"):
                entry["url"] = without_credentials(entry["url"])
    skills = _group(session, tables["analysis_skills"], "analysis_id", columns["analysis_skills"])  # type: ignore[arg-type]
    flags = _group(
        session,
        tables["analysis_red_flags"],  # type: ignore[arg-type]
        "analysis_id",
        columns["analysis_red_flags"],
    )
    analyses = []
    for record in _records(session, tables["analyses"]):  # type: ignore[arg-type]
        owner = record["candidate_id"]
        analyses.append(
            _public(record, columns["analyses"])
            | {
                "candidate_uid": None if owner is None else candidate_uids[owner],
                "repositories": repositories.get(record["id"], []),
                "skills": skills.get(record["id"], []),
                "red_flags": flags.get(record["id"], []),
            }
        )
    members: dict[str, list[Any]] = {
        "positions.json": positions,
        "candidates.json": candidates,
        "applications.json": applications,
        "notes.json": notes,
        "scorecards.json": scorecards,
        "analyses.json": analyses,
    }
    return members, private


def export_bundle(
    database: Database, path: Path, *, include_private: bool = False
) -> ExportSummary:
    """Everything but private notes (unless asked) as one zip of JSON, with a manifest
    naming the format and its version."""
    with database.read() as session:
        members, private = bundle_members(session, include_private=include_private)
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(),
        "include_private": include_private,
        "counts": {name.removesuffix(".json"): len(records) for name, records in members.items()},
    }

    def write(handle: IO[bytes]) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
            for name in MEMBERS:
                zf.writestr(name, _json_array(members[name]))

    atomic_write(path, write)
    return ExportSummary(
        path=path,
        candidates=len(members["candidates.json"]),
        positions=len(members["positions.json"]),
        applications=len(members["applications.json"]),
        notes=len(members["notes.json"]),
        scorecards=len(members["scorecards.json"]),
        analyses=len(members["analyses.json"]),
        private_notes=private,
    )


EXPORTERS: dict[str, Callable[..., ExportSummary]] = {
    "csv": export_csv,
    "json": export_json_resume,
    "bundle": export_bundle,
}


def export(
    database: Database, path: Path, *, format: str, include_private: bool = False
) -> ExportSummary:
    """Export in ``format`` (csv, json or bundle)."""
    if format not in EXPORTERS:
        raise KnownError(f"{format!r} is not an export format (csv, json or bundle).")
    if format == "bundle":
        return export_bundle(database, path, include_private=include_private)
    if include_private:
        raise KnownError("--include-private applies to bundles only (notes travel only there).")
    return EXPORTERS[format](database, path)
