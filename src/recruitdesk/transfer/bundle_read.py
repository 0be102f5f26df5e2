"""Reading a bundle and checking it record by record, before any database is
looked at: every record must fit its table's columns (types, lengths, required
fields), carry a UUID, and name the records it belongs to by UUID. A record that does
not is a :class:`~recruitdesk.transfer.results.Problem` with its member and line.
"""

import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, Table
from sqlalchemy.types import JSON

from recruitdesk.domain.candidate_fields import FIELD_NAMES, check_values
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.models.analysis import (
    Analysis,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
)
from recruitdesk.storage.models.base import Base, UTCDateTime
from recruitdesk.storage.models.pipeline import (
    Application,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
)
from recruitdesk.transfer.bundle_format import MEMBERS, exported_columns, parse_time, table_of
from recruitdesk.transfer.bundle_stage import Stage, StagedList
from recruitdesk.transfer.bundle_zip import DEFAULT_LIMITS, BundleLimits, open_bundle
from recruitdesk.transfer.import_staging import ProblemLog
from recruitdesk.transfer.results import Problem, refused_fields
from recruitdesk.transfer.text_files import iter_json_items


def _refused(name: str, reason: str) -> ValidationError:
    return ValidationError({name: reason})


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


#: What :func:`_typed` returns for a value of the wrong type.
_WRONG = object()


def _typed(value: Any, kind: str) -> Any:
    """A JSON value as a column of ``kind`` holds it, or :data:`_WRONG`."""
    if kind == "str":
        return value if isinstance(value, str) else _WRONG
    if kind == "int":
        return value if isinstance(value, int) and not isinstance(value, bool) else _WRONG
    if kind == "float":
        plain = isinstance(value, int | float) and not isinstance(value, bool)
        return float(value) if plain else _WRONG
    if kind == "bool":
        return value if isinstance(value, bool) else _WRONG
    if kind in ("date", "datetime"):
        if not isinstance(value, str):
            return _WRONG
        try:
            return date.fromisoformat(value) if kind == "date" else parse_time(value)
        except ValueError:
            return _WRONG
    return value  # json: any JSON value


def _convert(value: Any, kind: str, name: str, length: int | None) -> Any:
    if value is None:
        return None
    typed = _typed(value, kind)
    if typed is _WRONG:
        raise _refused(name, f"{value!r:.60} is not {_KIND_NAMES[kind]}")
    if length is not None and len(typed) > length:
        raise _refused(name, f"longer than {length} characters")
    return typed


_KIND_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a time (ISO 8601)",
    "json": "JSON",
}


@cache
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
    :class:`ValidationError` for the first thing wrong."""
    if not isinstance(raw, dict):
        raise _refused("record", "must be a JSON object")
    record: dict[str, Any] = {}
    for name, (kind, required, length) in _schema(table).items():
        if name not in raw:
            if required or name == "updated_at":  # a merge compares edit times
                raise _refused(name, "missing")
            continue
        value = _convert(raw[name], kind, name, length)
        if value is None and required:
            raise _refused(name, "empty")
        record[name] = value
    try:
        record["uid"] = str(uuid.UUID(record["uid"]))
    except (ValueError, AttributeError, TypeError):
        raise _refused("uid", f"{raw.get('uid')!r:.60} is not a UUID") from None
    times = record.get("field_times")
    if times is not None:
        if not isinstance(times, dict):
            raise _refused("field_times", "must be an object")
        for key, value in times.items():
            try:
                parse_time(value)
            except (TypeError, ValueError):
                raise _refused(f"field_times[{key!r}]", f"{value!r:.40} is not a time") from None
    return record


def _reference(raw: dict[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = raw.get(key)
    if value is None and optional:
        return None
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise _refused(key, f"{value!r:.60} is not a UUID") from None


def _children(raw: dict[str, Any], key: str, table: Table) -> list[dict[str, Any]]:
    items = raw.get(key, [])
    if not isinstance(items, list):
        raise _refused(key, "must be a list")
    children = []
    for index, item in enumerate(items):
        try:
            children.append(_check_child(item, table))
        except ValidationError as error:
            raise ValidationError(
                {f"{key}[{index}].{name}": reason for name, reason in error.problems.items()}
            ) from None
    return children


def _check_child(raw: Any, table: Table) -> dict[str, Any]:
    """A nested record without a uid of its own (repositories, skills, red flags)."""
    if "uid" in {column.name for column in table.columns}:
        return _check(raw, table)
    if not isinstance(raw, dict):
        raise _refused("record", "must be a JSON object")
    record: dict[str, Any] = {}
    for name, (kind, required, length) in _schema(table).items():
        if name not in raw:
            if required:
                raise _refused(name, "missing")
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


def problem_log() -> ProblemLog:
    """The first problems of a bundle, in the order of its members, and their count."""
    return ProblemLog(lambda problem: MEMBERS.index(problem.member))


@dataclass(slots=True)
class BundleContent:
    """A bundle read and checked record by record, not yet compared with a database;
    its records are on disk, in ``stage``."""

    source: str
    manifest: dict[str, Any]
    records: dict[str, StagedList]
    problems: ProblemLog
    stage: Stage

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
CHILDREN: dict[str, tuple[tuple[str, type[Base]], ...]] = {
    "applications.json": (("history", StageChange),),
    "analyses.json": (
        ("repositories", AnalysisRepository),
        ("skills", AnalysisSkill),
        ("red_flags", AnalysisRedFlag),
    ),
}


def _field_problems(candidate: dict[str, Any]) -> dict[str, str]:
    """What the candidate field table refuses in a candidate's record (empty values are
    always allowed, so they are not looked at)."""
    return check_values(
        {
            name: value
            for name, value in candidate.items()
            if name in FIELD_NAMES and value is not None and value != []
        }
    )


def _check_member(
    items: Iterable[tuple[int, Any]], member: str, problems: ProblemLog, stage: Stage
) -> StagedList:
    """The records of one member checked one by one; problems go to ``problems``."""
    table = table_of(_MEMBER_TABLES[member])
    checked = stage.list()
    uids = stage.map()
    for line, raw in items:
        try:
            item = Incoming(member, line, _check(raw, table))
            for key, optional in _REFERENCES.get(member, ()):
                item.refs[key] = _reference(raw, key, optional=optional)
            for key, model in CHILDREN.get(member, ()):
                item.children[key] = _children(raw, key, table_of(model))
        except ValidationError as error:
            problems.add(Problem(line, refused_fields(error), member))
            continue
        if member == "candidates.json":
            refused = _field_problems(item.record)
            if refused:
                # The person's data breaks a rule the pane holds it to: say whose.
                reason = refused_fields(ValidationError(refused))
                problems.add(Problem(line, f"{item.record['full_name']}'s {reason}", member))
                continue
        uid = item.record["uid"]
        if uid in uids:
            problems.add(Problem(line, f"the same uid as line {uids[uid]}", member))
            continue
        uids[uid] = line
        checked.append(item)
    return checked


def read_bundle(path: Path, limits: BundleLimits = DEFAULT_LIMITS) -> BundleContent:
    """Read and check a bundle, each member as a stream of records (never its whole
    text); problems with single records are collected."""
    records: dict[str, StagedList] = {}
    problems = problem_log()
    stage = Stage()
    try:
        with open_bundle(path, limits) as bundle:
            for member in MEMBERS:
                stream = bundle.open(member)
                where = f"{path.name}: {member}"
                if stream is None:
                    records[member] = stage.list()
                    continue
                with io.TextIOWrapper(stream, encoding="utf-8", newline="") as text:
                    items = iter_json_items(text, where)
                    try:
                        records[member] = _check_member(items, member, problems, stage)
                    except UnicodeDecodeError as error:
                        raise KnownError(
                            f"{path.name}: {member} is not UTF-8 ({error.reason})."
                        ) from None
    except BaseException:
        stage.close()
        raise
    return BundleContent(path.name, bundle.manifest, records, problems, stage)
