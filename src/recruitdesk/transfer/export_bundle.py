"""Everything as a bundle for another laptop: one zip of JSON, one member per kind of
record (:mod:`.bundle_format`), private notes only when the caller asks."""

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from recruitdesk import __version__, collector
from recruitdesk.domain.redaction import without_credentials
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import (
    Analysis,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
)
from recruitdesk.storage.models.pipeline import (
    Application,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
)
from recruitdesk.transfer.bundle_format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MEMBERS,
    exported_columns,
    jsonable,
    table_of,
)
from recruitdesk.transfer.export_files import (
    ExportSummary,
    stored_records,
    write_export,
    write_json_array,
)


def _public(record: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    return {name: jsonable(record[name]) for name in columns}


def _group(
    session: Session, table: Table, key: str, columns: list[str]
) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for record in stored_records(session, table):
        grouped.setdefault(record[key], []).append(_public(record, columns))
    return grouped


def bundle_members(session: Session, *, include_private: bool) -> tuple[dict[str, list[Any]], int]:
    """The records of each member of a bundle, and how many private notes are in."""
    tables = {
        model.__tablename__: table_of(model)
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
    columns = {name: exported_columns(table) for name, table in tables.items()}
    candidate_uids: dict[int, str] = {}
    candidates = []
    for record in stored_records(session, tables["candidates"]):
        candidate_uids[record["id"]] = record["uid"]
        record["links"] = [without_credentials(link) for link in record["links"] or []]
        candidates.append(_public(record, columns["candidates"]))
    position_uids: dict[int, str] = {}
    positions = []
    for record in stored_records(session, tables["positions"]):
        position_uids[record["id"]] = record["uid"]
        positions.append(_public(record, columns["positions"]))
    history = _group(session, tables["stage_changes"], "application_id", columns["stage_changes"])
    application_uids: dict[int, str] = {}
    applications = []
    for record in stored_records(session, tables["applications"]):
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
    for record in stored_records(session, tables["notes"]):
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
        for record in stored_records(session, tables["scorecards"])
    ]
    repositories = _group(
        session,
        tables["analysis_repositories"],
        "analysis_id",
        columns["analysis_repositories"],
    )
    for entries in repositories.values():
        for entry in entries:
            if entry.get("url"):
                entry["url"] = without_credentials(entry["url"])
    skills = _group(session, tables["analysis_skills"], "analysis_id", columns["analysis_skills"])
    flags = _group(
        session,
        tables["analysis_red_flags"],
        "analysis_id",
        columns["analysis_red_flags"],
    )
    analyses = []
    for record in stored_records(session, tables["analyses"]):
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
                # Its size is not known ahead: ZIP64 headers, so no size is too large.
                with zf.open(name, "w", force_zip64=True) as member:
                    write_json_array(member, members[name])

    write_export(path, write)
    counts = {name: len(records) for name, records in members.items()}
    # Dropped at the return, every record at once would hold the GIL long enough to
    # freeze the window.
    collector.free_gradually(*members.values())
    return ExportSummary(
        path=path,
        candidates=counts["candidates.json"],
        positions=counts["positions.json"],
        applications=counts["applications.json"],
        notes=counts["notes.json"],
        scorecards=counts["scorecards.json"],
        analyses=counts["analyses.json"],
        private_notes=private,
    )
