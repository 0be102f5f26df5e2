"""What the transfer tests share: the fixture files, a database's contents as plain
values, and files and bundles written on the spot."""

import json
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer.export_bundle import bundle_members

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def snapshot(database: Database) -> dict[str, Any]:
    """Every row the database holds, by uid, private notes too."""
    with database.read() as session:
        members, _private = bundle_members(session, include_private=True)
    return members


def people(database: Database) -> dict[str, dict[str, Any]]:
    with database.read() as session:
        return {
            person.full_name: {
                "email": person.email,
                "github_login": person.github_login,
                "phone": person.phone,
                "location": person.location,
                "links": person.links,
                "skills": person.skills,
                "tags": person.tags,
                "source": person.source,
                "years_experience": person.years_experience,
            }
            for person in session.scalars(select(Candidate))
        }


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def write_bundle(path: Path, members: dict[str, Any], **manifest: Any) -> Path:
    header = {"format": "recruitdesk-bundle", "format_version": 1} | manifest
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(header))
        for name, records in members.items():
            text = records if isinstance(records, str) else json.dumps(records, indent=1)
            archive.writestr(name, text)
    return path


def person(uid: str, name: str, email: str, **more: Any) -> dict[str, Any]:
    return {
        "uid": uid,
        "full_name": name,
        "email": email,
        "created_at": "2026-11-01T00:00:00+00:00",
        "updated_at": "2026-11-01T00:00:00+00:00",
    } | more


UID1 = "00000000-0000-4000-8000-000000000001"
UID2 = "00000000-0000-4000-8000-000000000002"
UID3 = "00000000-0000-4000-8000-000000000003"
