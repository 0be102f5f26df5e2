"""Reading a bundle (an untrusted zip) and merging it into the database.

**Reading.** A bundle comes from another laptop, or from anyone: it is never extracted
to disk. Members are read one by one into memory, only those the format names, with caps
on their number, on each one's size and on the total, checked on the sizes the archive
declares *and* while decompressing; a name that climbs out of the archive (``../``, an
absolute path, a link) is refused outright. The manifest is read first: a bundle from a
newer format version is refused before anything else is decompressed.

**Merging.** Rows are matched by ``uid`` (candidates also by e-mail or GitHub login, and
applications by their candidate and position, so the same person entered on two laptops
becomes one). For candidates, positions and applications the newer edit of each field
wins, by ``field_times`` (a field without an entry counts as edited when the record
was created, or at its ``updated_at`` where the record has no stamps at all); equal
times are settled by comparing the values, the same way on every laptop. Notes and
scorecards are taken whole when the bundle's edit is newer; stage history and analyses
are joined by uid. Nothing is ever deleted. When two rows matched by
e-mail carry different uids, both laptops keep the smaller one, so after exchanging
bundles both ways the two databases hold the same data under the same uids.

Everything is checked before anything is written, in one transaction; a record that
cannot be merged is a :class:`Problem` with its member and line.
"""

import json
import stat
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, Table, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.types import JSON

from recruitdesk.errors import KnownError
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.exporting import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MEMBERS,
    exported_columns,
    jsonable,
)
from recruitdesk.storage.importing import (
    ImportReport,
    InvalidImportError,
    InvalidValueError,
    Problem,
    iter_json_array,
)
from recruitdesk.storage.models import (
    Analysis,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
    Application,
    Base,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
    UTCDateTime,
)

#: Application fields that move together: a stage comes with when it was entered and why.
APPLICATION_GROUPS = {"stage": ("stage", "entered_stage_at", "rejection_reason")}
#: The columns that describe a record's merge state rather than its data.
_META = frozenset({"uid", "field_times", "created_at", "updated_at"})
#: Values that count as "not set" when no edit time says they were cleared on purpose.
_EMPTY: tuple[Any, ...] = (None, "", [], {})
NEVER = datetime.min.replace(tzinfo=UTC)
#: How many lines of "taken from where" a report keeps.
MAX_DETAILS = 500


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


# --------------------------------------------------------------------------------------
# Reading the zip


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


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, where: str) -> bytes:
    """Decompress one member, counting as it goes: stop past ``cap`` or the size the
    archive declared, whichever is smaller."""
    allowed = min(cap, info.file_size)
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(1024 * 1024):
                total += len(chunk)
                if total > allowed:
                    raise KnownError(
                        f"{where}: the member {info.filename} decompresses to more than "
                        f"{allowed:,} bytes (a zip bomb?); nothing was imported."
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise KnownError(
            f"{where}: the member {info.filename} is corrupt ({error}); nothing was imported."
        ) from None
    return b"".join(chunks)


def read_bundle_members(
    path: Path, limits: BundleLimits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and the raw members of a bundle, checked against ``limits``."""
    where = path.name
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
        manifest = _manifest(
            _read_member(archive, seen[MANIFEST], limits.max_manifest_bytes, where), where
        )
        members: dict[str, bytes] = {}
        for name in MEMBERS:
            if name in seen:
                members[name] = _read_member(archive, seen[name], limits.max_member_bytes, where)
    return manifest, members


def _manifest(data: bytes, where: str) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise KnownError(f"{where}: {MANIFEST} is not valid JSON ({error}).") from None
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


# --------------------------------------------------------------------------------------
# Checking records


def _kind(column: Any) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int"
    if isinstance(kind, Float):
        return "float"
    if isinstance(kind, JSON):
        return "json"
    return "str"


def _convert(value: Any, kind: str, name: str, length: int | None) -> Any:
    if value is None:
        return None
    wrong = InvalidValueError(f"{name!r} is not {_KIND_NAMES[kind]}: {value!r:.60}")
    if kind == "str":
        if not isinstance(value, str):
            raise wrong
        if length is not None and len(value) > length:
            raise InvalidValueError(f"{name!r} is longer than {length} characters")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise wrong
        return value
    if kind in ("date", "datetime"):
        if not isinstance(value, str):
            raise wrong
        try:
            if kind == "date":
                return date.fromisoformat(value)
            return parse_time(value)
        except ValueError:
            raise wrong from None
    return value  # json: any JSON value


_KIND_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a time (ISO 8601)",
    "json": "JSON",
}


def parse_time(text: str) -> datetime:
    """An ISO 8601 time as aware UTC (a time without a zone is UTC)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _schema(table: Table) -> dict[str, tuple[str, bool, int | None]]:
    """Column -> (kind, required, length) for the columns a bundle carries."""
    schema = {}
    for name in exported_columns(table):
        column = table.c[name]
        required = not column.nullable and column.default is None
        length = column.type.length if isinstance(column.type, String) else None
        schema[name] = (_kind(column), required, length)
    return schema


def _check(raw: Any, table: Table) -> dict[str, Any]:
    """A record of the bundle, converted to the column types; raises
    :class:`InvalidValueError` for the first thing wrong."""
    if not isinstance(raw, dict):
        raise InvalidValueError("a record must be a JSON object")
    record: dict[str, Any] = {}
    for name, (kind, required, length) in _schema(table).items():
        if name not in raw:
            if required or name == "updated_at":  # a merge compares edit times
                raise InvalidValueError(f"{name!r} is missing")
            continue
        value = _convert(raw[name], kind, name, length)
        if value is None and required:
            raise InvalidValueError(f"{name!r} is empty")
        record[name] = value
    try:
        record["uid"] = str(uuid.UUID(record["uid"]))
    except (ValueError, AttributeError, TypeError):
        raise InvalidValueError(f"'uid' is not a UUID: {raw.get('uid')!r:.60}") from None
    times = record.get("field_times")
    if times is not None:
        if not isinstance(times, dict):
            raise InvalidValueError("'field_times' must be an object")
        for key, value in times.items():
            try:
                parse_time(value)
            except (TypeError, ValueError):
                raise InvalidValueError(
                    f"field_times[{key!r}] is not a time: {value!r:.40}"
                ) from None
    return record


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _reference(raw: dict[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = raw.get(key)
    if value is None and optional:
        return None
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise InvalidValueError(f"{key!r} is not a UUID: {value!r:.60}") from None


def _children(raw: dict[str, Any], key: str, table: Table) -> list[dict[str, Any]]:
    items = raw.get(key, [])
    if not isinstance(items, list):
        raise InvalidValueError(f"{key!r} must be a list")
    children = []
    for index, item in enumerate(items):
        try:
            children.append(_check_child(item, table))
        except InvalidValueError as error:
            raise InvalidValueError(f"{key}[{index}]: {error}") from None
    return children


def _check_child(raw: Any, table: Table) -> dict[str, Any]:
    """A nested record without a uid of its own (repositories, skills, red flags)."""
    if "uid" in {column.name for column in table.columns}:
        return _check(raw, table)
    if not isinstance(raw, dict):
        raise InvalidValueError("a record must be a JSON object")
    record: dict[str, Any] = {}
    for name, (kind, required, length) in _schema(table).items():
        if name not in raw:
            if required:
                raise InvalidValueError(f"{name!r} is missing")
            continue
        record[name] = _convert(raw[name], kind, name, length)
    return record


@dataclass(slots=True)
class Incoming:
    """One record of the bundle, checked: where it was, its columns, its references."""

    member: str
    line: int
    record: dict[str, Any]
    refs: dict[str, str | None] = field(default_factory=dict)
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def problem(self, reason: str) -> Problem:
        return Problem(self.line, reason, self.member)


@dataclass(slots=True)
class BundleContent:
    """A bundle read and checked record by record, not yet compared with a database."""

    source: str
    manifest: dict[str, Any]
    records: dict[str, list[Incoming]]
    problems: list[Problem]

    @property
    def count(self) -> int:
        return sum(len(items) for items in self.records.values())


_MEMBER_TABLES: dict[str, type[Base]] = {
    "positions.json": Position,
    "candidates.json": Candidate,
    "applications.json": Application,
    "notes.json": Note,
    "scorecards.json": Scorecard,
    "analyses.json": Analysis,
}
_REFERENCES: dict[str, tuple[tuple[str, bool], ...]] = {
    "applications.json": (("candidate_uid", False), ("position_uid", False)),
    "notes.json": (("candidate_uid", False),),
    "scorecards.json": (("application_uid", False),),
    "analyses.json": (("candidate_uid", True),),
}
_CHILDREN: dict[str, tuple[tuple[str, type[Base]], ...]] = {
    "applications.json": (("history", StageChange),),
    "analyses.json": (
        ("repositories", AnalysisRepository),
        ("skills", AnalysisSkill),
        ("red_flags", AnalysisRedFlag),
    ),
}


def read_bundle(path: Path, limits: BundleLimits = DEFAULT_LIMITS) -> BundleContent:
    """Read and check a bundle whole; problems with single records are collected."""
    manifest, members = read_bundle_members(path, limits)
    records: dict[str, list[Incoming]] = {}
    problems: list[Problem] = []
    for member in MEMBERS:
        data = members.get(member, b"[]")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise KnownError(f"{path.name}: {member} is not UTF-8 ({error.reason}).") from None
        table = _table(_MEMBER_TABLES[member])
        items: list[Incoming] = []
        uids: dict[str, int] = {}
        for line, raw in iter_json_array(text, f"{path.name}: {member}"):
            try:
                item = Incoming(member, line, _check(raw, table))
                for key, optional in _REFERENCES.get(member, ()):
                    item.refs[key] = _reference(raw, key, optional=optional)
                for key, model in _CHILDREN.get(member, ()):
                    item.children[key] = _children(raw, key, _table(model))
            except InvalidValueError as error:
                problems.append(Problem(line, str(error), member))
                continue
            uid = item.record["uid"]
            if uid in uids:
                problems.append(Problem(line, f"the same uid as line {uids[uid]}", member))
                continue
            uids[uid] = line
            items.append(item)
        records[member] = items
    return BundleContent(path.name, manifest, records, problems)


# --------------------------------------------------------------------------------------
# Merging


def _canonical(value: Any) -> str:
    return json.dumps(jsonable(value), sort_keys=True, default=str)


def _canonical_tuple(values: Sequence[Any]) -> str:
    return json.dumps([jsonable(value) for value in values], sort_keys=True, default=str)


def _time_of(record: dict[str, Any], name: str) -> datetime:
    """When ``name`` was last edited: its field time, else the record's ``updated_at``
    (never, for an empty value without a field time: it was never set)."""
    text = (record.get("field_times") or {}).get(name)
    if isinstance(text, str):
        try:
            return parse_time(text)
        except ValueError:
            pass
    if record.get(name) in _EMPTY:
        # Empty and never stamped: never set, so any value set elsewhere wins.
        return NEVER
    # The editing operations stamp the fields they change; once a record has stamps,
    # a field without one has not changed since the record was made. A record with no
    # stamps at all (made before schema 0002) only says when something last changed.
    moment: datetime = record["updated_at"]
    if record.get("field_times") and isinstance(record.get("created_at"), datetime):
        moment = record["created_at"]
    return moment


@dataclass(slots=True)
class FieldMerge:
    """The outcome of merging one edited record."""

    #: Values taken from the bundle.
    changes: dict[str, Any]
    taken: list[str]
    kept: list[str]
    #: Edit times and ``created_at``/``updated_at`` to bring level with the bundle's,
    #: written even when no value changes, so both sides end with the same record.
    bookkeeping: dict[str, Any] = field(default_factory=dict)

    @property
    def writes(self) -> dict[str, Any]:
        return self.changes | self.bookkeeping


def merge_fields(
    local: dict[str, Any],
    incoming: dict[str, Any],
    fields: Iterable[str],
    groups: Mapping[str, tuple[str, ...]] | None = None,
) -> FieldMerge:
    """The newer edit of each field (or group of fields) wins; see the module doc."""
    groups = groups or {}
    grouped = {name for members in groups.values() for name in members}
    units: list[tuple[str, tuple[str, ...]]] = [
        (name, members) for name, members in groups.items() if members[0] in incoming
    ]
    units += [(name, (name,)) for name in fields if name not in grouped and name in incoming]
    result = FieldMerge(changes={}, taken=[], kept=[])
    times: dict[str, str] = {}
    stale = False
    for label, members in units:
        present = [name for name in members if name in incoming]
        local_time = max(_time_of(local, name) for name in present)
        incoming_time = max(_time_of(incoming, name) for name in present)
        newest = max(local_time, incoming_time)
        if newest != NEVER:
            times.update(dict.fromkeys(present, newest.isoformat()))
        stale = stale or local_time < newest
        mine = [local[name] for name in present]
        theirs = [incoming[name] for name in present]
        if mine == theirs:
            continue
        if incoming_time > local_time or (
            incoming_time == local_time and _canonical_tuple(theirs) > _canonical_tuple(mine)
        ):
            result.changes.update(zip(present, theirs, strict=True))
            result.taken.append(label)
        else:
            result.kept.append(label)
    if result.changes or stale or incoming["updated_at"] > local["updated_at"]:
        result.bookkeeping["field_times"] = dict(local.get("field_times") or {}) | times
        result.bookkeeping["updated_at"] = max(local["updated_at"], incoming["updated_at"])
    if "created_at" in incoming and incoming["created_at"] < local["created_at"]:
        result.bookkeeping["created_at"] = incoming["created_at"]
    return result


@dataclass(slots=True)
class _Plan:
    """What a merge will write, decided whole before anything is."""

    inserts: dict[str, list[Incoming]] = field(default_factory=dict)
    updates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    refreshes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    history: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: Incoming uid -> the local id it merges into (``None``: inserted, id after insert).
    targets: dict[str, dict[str, int | None]] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    touched: dict[str, set[int]] = field(default_factory=dict)

    def count(self, kind: str) -> tuple[int, int, int]:
        return (
            len(self.inserts.get(kind, [])),
            len(self.updates.get(kind, [])),
            self.unchanged.get(kind, 0),
        )

    def add_update(
        self, kind: str, row_id: int, changes: dict[str, Any], *, quiet: bool = False
    ) -> None:
        """Write ``changes``; ``quiet``: only bookkeeping, the row counts as unchanged."""
        if quiet:
            self.refreshes.setdefault(kind, []).append({"id": row_id, **changes})
            self.unchanged[kind] = self.unchanged.get(kind, 0) + 1
            return
        self.updates.setdefault(kind, []).append({"id": row_id, **changes})
        self.touched.setdefault(kind, set()).add(row_id)

    def detail(self, line: str) -> None:
        if len(self.details) < MAX_DETAILS:
            self.details.append(line)


def _stored(session: Session, model: type[Base]) -> dict[str, dict[str, Any]]:
    table = _table(model)
    return {row["uid"]: dict(row) for row in session.execute(select(table)).mappings()}


def _describe(label: str, merge: FieldMerge) -> str:
    parts = []
    if merge.taken:
        parts.append(f"took {', '.join(merge.taken)} from the bundle (newer there)")
    if merge.kept:
        parts.append(f"kept {', '.join(merge.kept)} of this database (newer here)")
    return f"{label}: {'; '.join(parts)}"


def _apply(plan: _Plan, kind: str, row_id: int, merge: FieldMerge, label: str) -> None:
    if merge.changes:
        plan.add_update(kind, row_id, merge.writes)
    elif merge.bookkeeping:
        plan.add_update(kind, row_id, merge.bookkeeping, quiet=True)
    else:
        plan.unchanged[kind] = plan.unchanged.get(kind, 0) + 1
    if merge.taken or merge.kept:
        plan.detail(_describe(label, merge))


def _edited_fields(table: Table, incoming: dict[str, Any]) -> list[str]:
    return [name for name in exported_columns(table) if name not in _META and name in incoming]


def _plan_positions(session: Session, content: BundleContent, plan: _Plan) -> None:
    table = _table(Position)
    stored = _stored(session, Position)
    targets = plan.targets.setdefault("positions", {})
    for item in content.records["positions.json"]:
        record = item.record
        local = stored.get(record["uid"])
        if local is None:
            plan.inserts.setdefault("positions", []).append(item)
            targets[record["uid"]] = None
            continue
        targets[record["uid"]] = local["id"]
        merge = merge_fields(local, record, _edited_fields(table, record))
        _apply(plan, "positions", local["id"], merge, f"position {local['title']!r}")


def _email_and_login(record: dict[str, Any]) -> tuple[str, str]:
    """A candidate's e-mail and GitHub login, casefolded; empty when missing."""
    email = (record.get("email") or "").casefold()
    login = (record.get("github_login") or "").casefold()
    return email, login


def _holder(index: dict[str, int], key: str, own_id: int) -> int | None:
    """Who else than ``own_id`` has ``key`` in ``index``."""
    other = index.get(key) if key else None
    return other if other != own_id else None


@dataclass(slots=True)
class _CandidateKeys:
    """Who has each e-mail and GitHub login (casefolded) while the bundle's candidates
    are planned, so that no two people end up sharing one."""

    by_id: dict[int, dict[str, Any]]
    by_email: dict[str, int]
    by_login: dict[str, int]
    #: Keys claimed by people new in this bundle ("e:" + e-mail, "l:" + login): uid of the
    #: claimant.
    new_keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, stored: dict[str, dict[str, Any]]) -> "_CandidateKeys":
        rows = stored.values()
        return cls(
            by_id={row["id"]: row for row in rows},
            by_email={row["email"].casefold(): row["id"] for row in rows if row["email"]},
            by_login={
                row["github_login"].casefold(): row["id"] for row in rows if row["github_login"]
            },
        )

    def stored_match(self, record: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        """``(the stored person with the record's e-mail or login, problem)``: for an
        incoming person whose uid is not stored."""
        email, login = _email_and_login(record)
        mail_id = self.by_email.get(email) if email else None
        login_id = self.by_login.get(login) if login else None
        if mail_id and login_id and mail_id != login_id:
            return None, (
                f"{record['full_name']}: the e-mail is {self.by_id[mail_id]['full_name']}'s "
                f"here and the GitHub login {self.by_id[login_id]['full_name']}'s"
            )
        found = mail_id or login_id
        return (self.by_id[found] if found else None), None

    def claim_new(self, record: dict[str, Any]) -> str | None:
        """Claim the keys of someone new; returns the uid of another new person who
        already claimed one (and then claims nothing)."""
        email, login = _email_and_login(record)
        keys = (f"e:{email}", f"l:{login}")
        clash = next((self.new_keys[key] for key in keys if key in self.new_keys), None)
        if clash:
            return clash
        if email:
            self.new_keys[f"e:{email}"] = record["uid"]
        if login:
            self.new_keys[f"l:{login}"] = record["uid"]
        return None

    def move(self, local: dict[str, Any], merge: FieldMerge) -> int | None:
        """Give ``local`` its e-mail and login as they are after ``merge``; returns the
        id of someone else who has one of them (and then changes nothing)."""
        email = (merge.changes.get("email", local["email"]) or "").casefold()
        login = (merge.changes.get("github_login", local["github_login"]) or "").casefold()
        other = _holder(self.by_email, email, local["id"])
        if other is None:
            other = _holder(self.by_login, login, local["id"])
        if other is not None:
            return other
        if email:
            self.by_email[email] = local["id"]
        if login:
            self.by_login[login] = local["id"]
        return None


def _plan_new_candidate(plan: _Plan, keys: _CandidateKeys, item: Incoming) -> None:
    record = item.record
    clash = keys.claim_new(record)
    if clash:
        plan.problems.append(
            item.problem(f"{record['full_name']}: the same person as candidate {clash}")
        )
        return
    plan.inserts.setdefault("candidates", []).append(item)
    plan.targets.setdefault("candidates", {})[record["uid"]] = None


def _plan_known_candidate(
    plan: _Plan, keys: _CandidateKeys, item: Incoming, local: dict[str, Any]
) -> None:
    record = item.record
    plan.targets.setdefault("candidates", {})[record["uid"]] = local["id"]
    merge = merge_fields(local, record, _edited_fields(_table(Candidate), record))
    other = keys.move(local, merge)
    if other is not None:
        plan.problems.append(
            item.problem(
                f"{record['full_name']}: the newer e-mail or GitHub login is "
                f"{keys.by_id[other]['full_name']}'s here (id {other})"
            )
        )
        return
    if record["uid"] < local["uid"]:
        # The same person under two uids: every laptop settles on the smaller one.
        merge.changes["uid"] = record["uid"]
    _apply(plan, "candidates", local["id"], merge, f"candidate {local['full_name']}")


def _plan_candidates(session: Session, content: BundleContent, plan: _Plan) -> None:
    """Match each incoming person by uid, else by e-mail or GitHub login."""
    stored = _stored(session, Candidate)
    keys = _CandidateKeys.of(stored)
    for item in content.records["candidates.json"]:
        local = stored.get(item.record["uid"])
        if local is None:
            local, problem = keys.stored_match(item.record)
            if problem is not None:
                plan.problems.append(item.problem(problem))
                continue
        if local is None:
            _plan_new_candidate(plan, keys, item)
        else:
            _plan_known_candidate(plan, keys, item, local)


def _resolve(plan: _Plan, kind: str, uid: str | None, stored: dict[str, int]) -> bool:
    """Whether ``uid`` names a row of ``kind`` in the bundle (accepted) or here."""
    return uid is not None and (uid in plan.targets.get(kind, {}) or uid in stored)


def _local_id(plan: _Plan, kind: str, uid: str, stored: dict[str, int]) -> int | None:
    target = plan.targets.get(kind, {}).get(uid)
    return target if target is not None else stored.get(uid)


def _plan_applications(session: Session, content: BundleContent, plan: _Plan) -> None:
    table = _table(Application)
    stored = _stored(session, Application)
    by_pair = {(row["candidate_id"], row["position_id"]): row for row in stored.values()}
    candidate_ids = dict(session.execute(select(Candidate.uid, Candidate.id)).all())
    position_ids = dict(session.execute(select(Position.uid, Position.id)).all())
    history_uids = set(session.scalars(select(StageChange.uid)))
    targets = plan.targets.setdefault("applications", {})
    pairs_new: set[tuple[str, str]] = set()
    for item in content.records["applications.json"]:
        record = item.record
        candidate_uid, position_uid = item.refs["candidate_uid"], item.refs["position_uid"]
        assert candidate_uid is not None
        assert position_uid is not None
        if not _resolve(plan, "candidates", candidate_uid, candidate_ids):
            plan.problems.append(
                item.problem(f"its candidate {candidate_uid} is neither in the bundle nor here")
            )
            continue
        if not _resolve(plan, "positions", position_uid, position_ids):
            plan.problems.append(
                item.problem(f"its position {position_uid} is neither in the bundle nor here")
            )
            continue
        candidate_id = _local_id(plan, "candidates", candidate_uid, candidate_ids)
        position_id = _local_id(plan, "positions", position_uid, position_ids)
        local = stored.get(record["uid"])
        if local is None and candidate_id is not None and position_id is not None:
            local = by_pair.get((candidate_id, position_id))
        if local is None:
            pair = (candidate_uid, position_uid)
            if pair in pairs_new:
                plan.problems.append(item.problem("the same candidate and position twice"))
                continue
            pairs_new.add(pair)
            plan.inserts.setdefault("applications", []).append(item)
            targets[record["uid"]] = None
        else:
            targets[record["uid"]] = local["id"]
            merge = merge_fields(local, record, _edited_fields(table, record), APPLICATION_GROUPS)
            if record["uid"] < local["uid"]:
                merge.changes["uid"] = record["uid"]
            _apply(plan, "applications", local["id"], merge, f"application {local['uid'][:8]}")
        for change in item.children["history"]:
            if change["uid"] not in history_uids:
                history_uids.add(change["uid"])
                plan.history.append((record["uid"], change))


def _plan_whole(
    session: Session,
    content: BundleContent,
    plan: _Plan,
    member: str,
    model: type[Base],
    parent: tuple[str, str],
) -> None:
    """Notes and scorecards: joined by uid; an edited one is taken whole if newer."""
    kind = member.removesuffix(".json")
    parent_kind, ref = parent
    parent_model = Candidate if parent_kind == "candidates" else Application
    parent_ids = dict(session.execute(select(parent_model.uid, parent_model.id)).all())
    stored = _stored(session, model)
    fields = [name for name in exported_columns(_table(model)) if name not in _META]
    for item in content.records[member]:
        record = item.record
        parent_uid = item.refs[ref]
        if not _resolve(plan, parent_kind, parent_uid, parent_ids):
            plan.problems.append(
                item.problem(
                    f"its {parent_kind[:-1]} {parent_uid} is neither in the bundle nor here"
                )
            )
            continue
        local = stored.get(record["uid"])
        if local is None:
            plan.inserts.setdefault(kind, []).append(item)
            continue
        mine = [local[name] for name in fields]
        theirs = [record.get(name, local[name]) for name in fields]
        newer = record["updated_at"] > local["updated_at"] or (
            record["updated_at"] == local["updated_at"]
            and _canonical_tuple(theirs) > _canonical_tuple(mine)
        )
        if mine != theirs and newer:
            plan.add_update(
                kind,
                local["id"],
                dict(zip(fields, theirs, strict=True)) | {"updated_at": record["updated_at"]},
            )
            plan.detail(f"{kind[:-1]} {record['uid'][:8]}: took the bundle's edit (newer there)")
        elif mine == theirs and record["updated_at"] > local["updated_at"]:
            plan.add_update(kind, local["id"], {"updated_at": record["updated_at"]}, quiet=True)
        else:
            plan.unchanged[kind] = plan.unchanged.get(kind, 0) + 1
            if mine != theirs:
                plan.detail(
                    f"{kind[:-1]} {record['uid'][:8]}: kept this database's edit (newer here)"
                )


def _plan_analyses(session: Session, content: BundleContent, plan: _Plan) -> None:
    candidate_ids = dict(session.execute(select(Candidate.uid, Candidate.id)).all())
    known = set(session.scalars(select(Analysis.uid)))
    for item in content.records["analyses.json"]:
        owner = item.refs["candidate_uid"]
        if owner is not None and not _resolve(plan, "candidates", owner, candidate_ids):
            plan.problems.append(
                item.problem(f"its candidate {owner} is neither in the bundle nor here")
            )
            continue
        if item.record["uid"] in known:
            plan.unchanged["analyses"] = plan.unchanged.get("analyses", 0) + 1
        else:
            plan.inserts.setdefault("analyses", []).append(item)


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert rows that carry their uid; return uid -> new id."""
    if not rows:
        return {}
    table = _table(model)
    statement = insert(table).returning(table.c.uid, table.c.id)
    ids: dict[str, int] = {}
    for start in range(0, len(rows), 5_000):
        ids.update(session.execute(statement, rows[start : start + 5_000]).all())
    return ids


def _full_rows(model: type[Base], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row the same keys (executemany needs that), filling column defaults."""
    table = _table(model)
    names = {name for item in items for name in item}
    rows = []
    for item in items:
        row = dict(item)
        for name in names - row.keys():
            default = table.c[name].default
            argument = getattr(default, "arg", None)
            row[name] = argument(None) if callable(argument) else argument
        rows.append(row)
    return rows


def _write(session: Session, content: BundleContent, plan: _Plan) -> dict[str, set[int]]:
    models = {
        "positions": Position,
        "candidates": Candidate,
        "applications": Application,
        "notes": Note,
        "scorecards": Scorecard,
    }
    for updates in (plan.updates, plan.refreshes):
        for kind, rows in updates.items():
            session.execute(update(models[kind]), rows)
    new_ids: dict[str, dict[str, int]] = {}

    def local(kind: str, uid: str) -> int:
        target = plan.targets.get(kind, {}).get(uid)
        if target is not None:
            return target
        if uid in new_ids.get(kind, {}):
            return new_ids[kind][uid]
        model = models[kind]
        found = session.scalar(select(model.id).where(model.uid == uid))  # type: ignore[attr-defined]
        assert found is not None, f"{kind} {uid} vanished during the merge"
        return int(found)

    inserts = plan.inserts
    new_ids["positions"] = _insert(
        session, Position, _full_rows(Position, [i.record for i in inserts.get("positions", [])])
    )
    new_ids["candidates"] = _insert(
        session, Candidate, _full_rows(Candidate, [i.record for i in inserts.get("candidates", [])])
    )
    applications = [
        item.record
        | {
            "candidate_id": local("candidates", str(item.refs["candidate_uid"])),
            "position_id": local("positions", str(item.refs["position_uid"])),
        }
        for item in inserts.get("applications", [])
    ]
    new_ids["applications"] = _insert(session, Application, _full_rows(Application, applications))
    history = [
        change | {"application_id": local("applications", app_uid)}
        for app_uid, change in plan.history
    ]
    _insert(session, StageChange, _full_rows(StageChange, history))
    notes = [
        item.record | {"candidate_id": local("candidates", str(item.refs["candidate_uid"]))}
        for item in inserts.get("notes", [])
    ]
    _insert(session, Note, _full_rows(Note, notes))
    scorecards = [
        item.record | {"application_id": local("applications", str(item.refs["application_uid"]))}
        for item in inserts.get("scorecards", [])
    ]
    _insert(session, Scorecard, _full_rows(Scorecard, scorecards))
    analyses = [
        item.record
        | {
            "candidate_id": None
            if item.refs["candidate_uid"] is None
            else local("candidates", item.refs["candidate_uid"])
        }
        for item in inserts.get("analyses", [])
    ]
    analysis_ids = _insert(session, Analysis, _full_rows(Analysis, analyses))
    for key, model in _CHILDREN["analyses.json"]:
        rows = [
            child | {"analysis_id": analysis_ids[item.record["uid"]]}
            for item in inserts.get("analyses", [])
            for child in item.children[key]
        ]
        if rows:
            session.execute(insert(_table(model)), _full_rows(model, rows))
    touched = {kind: set(ids.values()) for kind, ids in new_ids.items()}
    for kind, ids in plan.touched.items():
        touched.setdefault(kind, set()).update(ids)
    touched["analyses"] = set(analysis_ids.values())
    return touched


def merge_bundle(
    database: Database, content: BundleContent, *, skip_invalid: bool = False
) -> ImportReport:
    """Merge a bundle read by :func:`read_bundle`, all or nothing (see the module doc)."""
    with database.write() as session:
        plan = _Plan(problems=list(content.problems))
        _plan_positions(session, content, plan)
        _plan_candidates(session, content, plan)
        _plan_applications(session, content, plan)
        _plan_whole(session, content, plan, "notes.json", Note, ("candidates", "candidate_uid"))
        _plan_whole(
            session,
            content,
            plan,
            "scorecards.json",
            Scorecard,
            ("applications", "application_uid"),
        )
        _plan_analyses(session, content, plan)
        plan.problems.sort(key=lambda problem: (MEMBERS.index(problem.member), problem.line))
        valid = content.count - len(plan.problems) + len(content.problems)
        if plan.problems and not skip_invalid:
            raise InvalidImportError(content.source, plan.problems, valid, unit="record")
        touched = _write(session, content, plan)
    created, updated, unchanged = plan.count("candidates")
    report = ImportReport(
        source=content.source,
        kind="bundle",
        created=created,
        updated=updated,
        unchanged=unchanged,
        skipped=plan.problems,
    )
    for kind in ("positions", "candidates", "applications", "notes", "scorecards", "analyses"):
        added, changed, same = plan.count(kind)
        report.details.append(f"{kind}: {added} added, {changed} updated, {same} unchanged")
    if plan.history:
        report.details.append(f"stage history: {len(plan.history)} moves joined")
    report.details.extend(plan.details)
    if any(touched.values()) or plan.history:
        report.changes = Changes(
            candidates=frozenset(touched.get("candidates", ())),
            positions=frozenset(touched.get("positions", ())),
            applications=frozenset(touched.get("applications", ())),
            analyses=frozenset(touched.get("analyses", ())),
            everything=True,
        )
    return report


def import_bundle(
    database: Database,
    path: Path,
    *,
    skip_invalid: bool = False,
    limits: BundleLimits = DEFAULT_LIMITS,
) -> ImportReport:
    """Read, check and merge the bundle at ``path``."""
    return merge_bundle(database, read_bundle(path, limits), skip_invalid=skip_invalid)
