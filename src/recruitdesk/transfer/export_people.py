"""Candidates as a CSV (one row each, for spreadsheets and other tools) or as JSON Resumes
(jsonresume.org schema 1.0); both read back by the import."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from recruitdesk.domain.candidate_fields import FIELDS
from recruitdesk.domain.csv_columns import (
    CSV_COLUMNS,
    DO_NOT_CONTACT,
    DO_NOT_CONTACT_REASON,
    CsvColumn,
)
from recruitdesk.domain.redaction import without_credentials
from recruitdesk.domain.validation import is_linkedin
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer.bundle_format import jsonable, table_of
from recruitdesk.transfer.csv_cells import protected
from recruitdesk.transfer.export_files import (
    ExportSummary,
    stored_records,
    write_export,
    write_json_array,
)

RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
#: The columns of the CSV, in order, from the candidate field table.
_COLUMNS = tuple(column for column in CSV_COLUMNS if column.exported)
#: Candidate fields a JSON Resume has no place for; they travel in ``meta.recruitdesk``.
_RESUME_EXTRAS = tuple(spec.name for spec in FIELDS if spec.resume_extra)


def _split_links(record: dict[str, Any]) -> tuple[str, list[str]]:
    """The first LinkedIn URL, and the other links except the GitHub profile."""
    linkedin = ""
    others: list[str] = []
    login = (record.get("github_login") or "").casefold()
    for link in record.get("links") or []:
        link = without_credentials(link)
        lowered = link.casefold()
        if not linkedin and is_linkedin(link):
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


def _csv_value(column: CsvColumn, record: dict[str, Any], links: tuple[str, list[str]]) -> Any:
    """What a candidate's row holds in ``column``: the LinkedIn address has a column of its
    own, the other links share one."""
    linkedin, others = links
    if column.key == DO_NOT_CONTACT:
        return "yes" if record[DO_NOT_CONTACT] else ""
    if column.key == DO_NOT_CONTACT_REASON:
        return record[DO_NOT_CONTACT_REASON] if record[DO_NOT_CONTACT] else ""
    if column.key == "linkedin":
        return linkedin
    if column.field == "links":
        return " ".join(others)
    assert column.field is not None, f"the exported column {column.key} names no field"
    return record[column.field]


def csv_rows(session: Session) -> Iterator[list[str]]:
    yield [column.key for column in _COLUMNS]
    for record in stored_records(session, table_of(Candidate)):
        links = _split_links(record)
        yield [_cell(_csv_value(column, record, links)) for column in _COLUMNS]


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

    write_export(path, write)
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
        key: jsonable(record[key]) for key in _RESUME_EXTRAS if record[key] not in (None, [], "")
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
        resumes = [resume_of(record) for record in stored_records(session, table_of(Candidate))]
    write_export(path, lambda handle: write_json_array(handle, resumes))
    return ExportSummary(path=path, candidates=len(resumes))
