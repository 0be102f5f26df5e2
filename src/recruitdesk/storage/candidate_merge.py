"""Merging two candidates who are one person, field by field, and undoing it.

A merge keeps one candidate and absorbs the other, in one transaction: the kept one takes
the value the user picked for each field (a list field may take both), and every row of
the absorbed one moves over: applications (one for a position both were in is folded
into the kept one's card: its stage history, scorecards and interviews move, the card
goes), notes, analyses and queued analyses, outreach, interviews, the audit trail, kept
files and earlier merges. The absorbed candidate is then deleted. What undoing needs is
kept in a ``candidate_merges`` row hanging on the kept candidate (so erasing them erases
it): the absorbed person's row whole, the kept one's fields before, the ids of every row
that moved, and each folded card whole. An undo puts everything back as it was, deletes
that row (the person is on file again, and erasing them must find no copy elsewhere), and
is refused over a later edit of the kept candidate (it would overwrite that edit).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Date, DateTime, Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from recruitdesk.domain.candidate_fields import FIELDS, by_name
from recruitdesk.errors import KnownError, RefusedError
from recruitdesk.storage.audit import record
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.dismissed_duplicates import carry_on_merge, put_back_on_undo
from recruitdesk.storage.models.analysis import Analysis, AnalysisJob
from recruitdesk.storage.models.base import Base, UTCDateTime
from recruitdesk.storage.models.clients import Placement, Submission
from recruitdesk.storage.models.cv_files import CandidateFile, CandidateMerge
from recruitdesk.storage.models.hiring import ExerciseAssignment, Offer
from recruitdesk.storage.models.imports import ImportRunCandidate
from recruitdesk.storage.models.outreach import Interview, OutreachMessage
from recruitdesk.storage.models.pipeline import (
    Application,
    AuditEntry,
    Candidate,
    Note,
    Scorecard,
    StageChange,
)


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


_CANDIDATES = _table(Candidate)
_APPLICATIONS = _table(Application)
#: The fields a merge decides, in the details form's order.
MERGED_FIELDS = tuple(spec.name for spec in FIELDS)
#: Rows of a candidate that move with them: (model, its column naming the candidate).
_MOVED: tuple[tuple[type[Base], Any], ...] = (
    (Application, Application.candidate_id),
    (Note, Note.candidate_id),
    (Analysis, Analysis.candidate_id),
    (AnalysisJob, AnalysisJob.candidate_id),
    (OutreachMessage, OutreachMessage.candidate_id),
    (AuditEntry, AuditEntry.candidate_id),
    (CandidateFile, CandidateFile.candidate_id),
    (CandidateMerge, CandidateMerge.kept_id),
    (Submission, Submission.candidate_id),
    (Placement, Placement.candidate_id),
    (ExerciseAssignment, ExerciseAssignment.candidate_id),
)
#: Rows of a card that move when it is folded into another card of the same position.
_CARD_ROWS: tuple[tuple[type[Base], Any], ...] = (
    (StageChange, StageChange.application_id),
    (Scorecard, Scorecard.application_id),
    (Interview, Interview.application_id),
    (Offer, Offer.application_id),
)
KEPT, ABSORBED, BOTH = "kept", "absorbed", "both"


@dataclass(frozen=True, slots=True)
class MergeView:
    id: int
    kept_id: int
    kept_name: str
    absorbed_id: int
    absorbed_name: str
    at: datetime
    actor: str


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _typed_value(table: Table, name: str, value: Any) -> Any:
    """A value :func:`_json_value` wrote, read back by its column's type."""
    if not isinstance(value, str):
        return value
    kind = table.c[name].type
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, DateTime | UTCDateTime):
        return datetime.fromisoformat(value)
    return value


def _json_row(table: Table, row: Mapping[Any, Any]) -> dict[str, Any]:
    """A row as JSON: times and days as ISO text."""
    return {column.name: _json_value(row[column.name]) for column in table.columns}


def _typed_row(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _typed_value(table, name, value) for name, value in data.items()}


def _row(session: Session, table: Table, key: Any) -> dict[str, Any]:
    found = session.execute(select(table).where(table.c.id == key)).mappings().one()
    return _json_row(table, found)


def _reassign(
    session: Session, table: Table, ids: Iterable[int], column: Any, owner: int, *where: Any
) -> None:
    """Point the rows ``ids`` of ``table`` at ``owner``. Their ``updated_at`` is kept:
    a row that changed hands was not edited, and an undo must leave it as it was."""
    wanted = list(ids)
    if not wanted:
        return
    values: dict[str, Any] = {column.key: owner}
    if "updated_at" in table.c:
        values["updated_at"] = table.c.updated_at
    session.execute(update(table).where(table.c.id.in_(wanted), *where).values(values))


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def default_choices(kept: object, absorbed: object) -> dict[str, str]:
    """What a merge takes unless told otherwise, for the fields the two differ in: the
    kept one's value, unless only the absorbed one has one; a list takes both."""
    choices: dict[str, str] = {}
    for spec in FIELDS:
        mine, theirs = getattr(kept, spec.name), getattr(absorbed, spec.name)
        if mine == theirs or _empty(theirs):
            continue
        choices[spec.name] = BOTH if spec.is_list else KEPT if not _empty(mine) else ABSORBED
    return choices


def _locked(session: Session, candidate_id: int) -> Candidate:
    found = session.get(Candidate, candidate_id, with_for_update=True)
    if found is None:
        raise KnownError(f"There is no candidate with id {candidate_id}.")
    return found


def _chosen(kept: Candidate, absorbed: Candidate, choices: Mapping[str, str]) -> dict[str, Any]:
    """The kept candidate's new values: the absorbed one's where the user picked them."""
    values: dict[str, Any] = {}
    for name, choice in choices.items():
        if name not in MERGED_FIELDS:
            raise KnownError(f"{name!r} is not a candidate field.")
        theirs = getattr(absorbed, name)
        if choice == ABSORBED:
            values[name] = theirs
        elif choice == BOTH and by_name(name).is_list:
            values[name] = list(dict.fromkeys([*(getattr(kept, name) or []), *(theirs or [])]))
        elif choice != KEPT:
            raise KnownError(f"{choice!r} is not a choice for {name} (kept, absorbed, both).")
    return values


def merge_candidates(
    database: Database,
    kept_id: int,
    absorbed_id: int,
    choices: Mapping[str, str],
    *,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    """Merge ``absorbed_id`` into ``kept_id``; ``choices`` maps a field to ``"kept"``,
    ``"absorbed"`` or, for a list, ``"both"`` (a field not named keeps the kept one's
    value). Returns the merge's id, for :func:`undo_merge`."""
    if kept_id == absorbed_id:
        raise RefusedError("A candidate cannot be merged with themself.")
    now = now or datetime.now(UTC)
    with database.write() as session:
        kept, absorbed = _locked(session, kept_id), _locked(session, absorbed_id)
        values = _chosen(kept, absorbed, choices)
        undo: dict[str, Any] = {
            "absorbed": _row(session, _CANDIDATES, absorbed_id),
            "kept_before": {name: _json_value(getattr(kept, name)) for name in values},
            "kept_field_times": dict(kept.field_times or {}),
            "moved": {},
            "folded": [],
            "import_runs": list(
                session.scalars(
                    select(ImportRunCandidate.run_id).where(
                        ImportRunCandidate.candidate_id == absorbed_id
                    )
                )
            ),
        }
        changes = _fold_cards(session, kept_id, absorbed_id, undo)
        for model, column in _MOVED:
            table = _table(model)
            ids = list(session.scalars(select(table.c.id).where(column == absorbed_id)))
            undo["moved"][table.name] = ids
            _reassign(session, table, ids, column, kept_id)
        undo["dismissals"] = carry_on_merge(session, kept_id, absorbed_id)
        session.execute(
            delete(ImportRunCandidate).where(ImportRunCandidate.candidate_id == absorbed_id)
        )
        session.execute(delete(Candidate).where(Candidate.id == absorbed_id))
        # The absorbed one is gone, so the kept one may take their e-mail and login.
        kept.apply_edits(values, now)
        kept.updated_at = now
        taken = ", ".join(by_name(name).label.lower() for name in values) or "no field"
        record(
            session,
            database.actor,
            [kept_id],
            "merge",
            f"merged candidate {absorbed_id} into this one; took their {taken}",
            now,
        )
        session.flush()
        merge = CandidateMerge(
            kept_id=kept_id,
            absorbed_id=absorbed_id,
            at=now,
            actor=database.actor[:100],
            kept_version=kept.version,
            undo=undo,
        )
        session.add(merge)
        session.flush()
        merge_id = merge.id
    moved_analyses = frozenset(undo["moved"][Analysis.__tablename__])
    return merge_id, changes | Changes(
        candidates=frozenset({kept_id, absorbed_id}),
        applications=frozenset(undo["moved"][Application.__tablename__]),
        analyses=moved_analyses,
        jobs=frozenset(undo["moved"][AnalysisJob.__tablename__]),
    )


def _fold_cards(session: Session, kept_id: int, absorbed_id: int, undo: dict[str, Any]) -> Changes:
    """Fold each card of the absorbed candidate on a board the kept one is on too."""
    theirs = session.execute(
        select(Application.id, Application.position_id).where(
            Application.candidate_id == absorbed_id
        )
    ).all()
    mine = dict(
        session.execute(
            select(Application.position_id, Application.id).where(
                Application.candidate_id == kept_id
            )
        ).all()
    )
    folded: set[int] = set()
    for card_id, position_id in theirs:
        into = mine.get(position_id)
        if into is None:
            continue
        entry: dict[str, Any] = {
            "card": _row(session, _APPLICATIONS, card_id),
            "into": into,
            "rows": {},
        }
        for model, column in _CARD_ROWS:
            table = _table(model)
            ids = list(session.scalars(select(table.c.id).where(column == card_id)))
            entry["rows"][table.name] = ids
            _reassign(session, table, ids, column, into)
        session.execute(delete(Application).where(Application.id == card_id))
        undo["folded"].append(entry)
        folded.update((card_id, into))
    return Changes(applications=frozenset(folded))


def undo_merge(database: Database, merge_id: int, *, now: datetime | None = None) -> Changes:
    """Put both candidates back as they were before the merge ``merge_id``."""
    now = now or datetime.now(UTC)
    with database.write() as session:
        merge = session.get(CandidateMerge, merge_id, with_for_update=True)
        if merge is None:
            raise KnownError(f"There is no merge with id {merge_id} (or it was undone).")
        kept = _locked(session, merge.kept_id)
        if kept.version != merge.kept_version:
            raise RefusedError(
                f"{kept.full_name} was changed after the merge; undoing it would overwrite "
                "that change, so it is refused."
            )
        undo = merge.undo
        absorbed = _typed_row(_CANDIDATES, undo["absorbed"])
        for name, value in _typed_row(_CANDIDATES, undo["kept_before"]).items():
            setattr(kept, name, value)
        kept.field_times = undo["kept_field_times"]
        kept.updated_at = now
        session.flush()
        _refuse_taken(session, absorbed)
        session.execute(insert(_CANDIDATES).values(absorbed))
        absorbed_id = absorbed["id"]
        moved = {table: frozenset(ids) for table, ids in undo["moved"].items()}
        for model, column in _MOVED:
            table = _table(model)
            ids = moved.get(table.name, frozenset())
            # Only those still theirs: a row deleted or moved on since stays where it is.
            _reassign(session, table, ids, column, absorbed_id, column == kept.id)
        for entry in undo["folded"]:
            card = _typed_row(_APPLICATIONS, entry["card"])
            session.execute(insert(_APPLICATIONS).values(card))
            for model, column in _CARD_ROWS:
                table = _table(model)
                ids = entry["rows"].get(table.name, [])
                _reassign(session, table, ids, column, card["id"])
        for run_id in undo["import_runs"]:
            session.add(ImportRunCandidate(run_id=run_id, candidate_id=absorbed_id))
        put_back_on_undo(session, undo.get("dismissals", {}))
        kept_id = kept.id
        # The merge's copy of the person goes: they are a candidate of their own again,
        # and erasing them later must find no copy hanging on someone else.
        session.delete(merge)
        record(
            session,
            database.actor,
            [kept_id, absorbed_id],
            "unmerge",
            f"undid the merge of candidate {absorbed_id} into candidate {kept_id}",
            now,
        )
    folded = {entry["card"]["id"] for entry in undo["folded"]}
    return Changes(
        candidates=frozenset({kept_id, absorbed_id}),
        applications=moved.get(Application.__tablename__, frozenset()) | folded,
        analyses=moved.get(Analysis.__tablename__, frozenset()),
        jobs=moved.get(AnalysisJob.__tablename__, frozenset()),
    )


def _refuse_taken(session: Session, absorbed: Mapping[str, Any]) -> None:
    """Refuse an undo whose absorbed person's e-mail or login someone took since."""
    for name, column in (("email", Candidate.email), ("github_login", Candidate.github_login)):
        value = absorbed.get(name)
        if not value:
            continue
        holder = select(Candidate.full_name).where(func.lower(column) == value.lower())
        other = session.scalar(holder)
        if other is not None:
            raise RefusedError(
                f"{other} now has the {by_name(name).label} the absorbed candidate had; "
                "change it before undoing the merge."
            )


def list_merges(database: Database, limit: int = 50) -> list[MergeView]:
    """The newest merges first, with both people's names (the absorbed one's as it was)."""
    with database.read() as session:
        rows = session.execute(
            select(CandidateMerge, Candidate.full_name)
            .join(Candidate, Candidate.id == CandidateMerge.kept_id)
            .order_by(CandidateMerge.at.desc(), CandidateMerge.id.desc())
            .limit(limit)
        ).all()
        return [
            MergeView(
                id=merge.id,
                kept_id=merge.kept_id,
                kept_name=kept_name,
                absorbed_id=merge.absorbed_id,
                absorbed_name=str((merge.undo.get("absorbed") or {}).get("full_name", "")),
                at=merge.at,
                actor=merge.actor,
            )
            for merge, kept_name in rows
        ]
