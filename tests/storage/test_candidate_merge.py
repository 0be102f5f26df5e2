"""Merging duplicates on a real SQLite file: field by field, every row of the absorbed
person combined into the kept one, recorded in the audit, and undone with both people
and all their rows back as they were."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError, RefusedError
from recruitdesk.storage.audit import list_audit
from recruitdesk.storage.candidate_merge import list_merges, merge_candidates, undo_merge
from recruitdesk.storage.candidates import get_candidate, update_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.duplicates import duplicates_of_values, find_duplicates
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.models.analysis import Analysis, AnalysisJob
from recruitdesk.storage.models.cv_files import CandidateFile, CandidateMerge
from recruitdesk.storage.models.outreach import Interview, OutreachMessage
from recruitdesk.storage.models.pipeline import (
    Application,
    AuditEntry,
    Candidate,
    Note,
    Scorecard,
    StageChange,
)

WHEN = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _two_people(database: Database) -> tuple[int, int, int]:
    """Two candidates of the demo on one board (so their cards fold), the absorbed one
    with rows of every kind; returns (kept, absorbed, shared position)."""
    load_demo(database, candidates=40, seed=3, as_of=date(2026, 11, 21))
    with database.write() as session:
        cards = session.execute(
            select(Application.candidate_id, Application.position_id).order_by(Application.id)
        ).all()
        kept, position = cards[0]
        absorbed = next(c for c, p in cards if c != kept and p != position)
        other_card = session.scalars(
            select(Application).where(Application.candidate_id == absorbed)
        ).first()
        assert other_card is not None
        shared = Application(
            candidate_id=absorbed,
            position_id=position,
            stage="screening",
            rank=99.0,
            entered_stage_at=WHEN,
        )
        session.add(shared)
        session.flush()
        session.add(StageChange(application_id=shared.id, to_stage="screening", changed_at=WHEN))
        session.add(Scorecard(application_id=shared.id, kind="technical", ratings={}))
        session.add(
            Interview(
                application_id=shared.id,
                kind="technical",
                starts_at=WHEN,
                time_zone="Europe/Berlin",
                minutes=60,
            )
        )
        session.add(Note(candidate_id=absorbed, body="Met at PyCon"))
        session.add(Analysis(candidate_id=absorbed, source="github", login="x", analyzed_at=WHEN))
        session.add(AnalysisJob(candidate_id=absorbed, login="x"))
        session.add(
            OutreachMessage(candidate_id=absorbed, direction="out", channel="email", at=WHEN)
        )
        session.add(
            CandidateFile(
                candidate_id=absorbed,
                name="cv.pdf",
                media_type="application/pdf",
                size=3,
                data=b"pdf",
            )
        )
        session.add(AuditEntry(candidate_id=absorbed, at=WHEN, actor="ana", action="edit"))
        person = session.get_one(Candidate, absorbed)
        person.phone = "+49 30 1234567"
        person.skills = ["Django", "Celery"]
    return kept, absorbed, position


_ROWS: tuple[tuple[Any, Any], ...] = (
    (Application, Application.candidate_id),
    (Note, Note.candidate_id),
    (Analysis, Analysis.candidate_id),
    (AnalysisJob, AnalysisJob.candidate_id),
    (OutreachMessage, OutreachMessage.candidate_id),
    (AuditEntry, AuditEntry.candidate_id),
    (CandidateFile, CandidateFile.candidate_id),
)


def _everything(session: Session) -> dict[str, Any]:
    """Every row that matters, as plain values, to compare before and after."""
    state: dict[str, Any] = {}
    for model in (Candidate, Application, StageChange, Scorecard, Interview):
        state[model.__tablename__] = {
            row.id: {c.key: getattr(row, c.key) for c in model.__table__.columns}
            for row in session.scalars(select(model))
        }
    for model, column in _ROWS:
        state[f"{model.__tablename__}.owner"] = dict(
            session.execute(select(model.id, column)).all()
        )
    return state


def test_merge_combines_everything_and_undo_restores_both(database: Database) -> None:
    kept, absorbed, position = _two_people(database)
    with database.read() as session:
        before = _everything(session)
        absorbed_rows = {
            name: {i for i, owner in owners.items() if owner == absorbed}
            for name, owners in before.items()
            if name.endswith(".owner")
        }
    theirs = before["candidates"][absorbed]
    merge_id, changes = merge_candidates(
        database,
        kept,
        absorbed,
        {"phone": "absorbed", "skills": "both", "email": "absorbed", "full_name": "kept"},
        now=WHEN,
    )
    assert {kept, absorbed} <= changes.candidates
    merged = get_candidate(database, kept)
    assert merged.email == theirs["email"]
    assert merged.phone == "+49 30 1234567"
    assert merged.full_name == before["candidates"][kept]["full_name"]
    assert set(merged.skills) == set(before["candidates"][kept]["skills"]) | {"Django", "Celery"}
    with database.read() as session:
        assert session.get(Candidate, absorbed) is None
        for model, column in _ROWS:
            owners = dict(session.execute(select(model.id, column)).all())
            theirs_before = absorbed_rows[f"{model.__tablename__}.owner"]
            gone = {row_id for row_id in theirs_before if row_id not in owners}
            # Every row of theirs is the kept one's now; only the card on a board both
            # were on is gone, folded into the kept one's.
            assert {owners[row_id] for row_id in theirs_before - gone} <= {kept}
            assert len(gone) == (1 if model is Application else 0)
        shared = session.scalars(
            select(Application).where(
                Application.candidate_id == kept, Application.position_id == position
            )
        ).one()
        interviews = select(Interview).where(Interview.application_id == shared.id)
        assert session.scalars(interviews).all()
        note = session.scalars(select(Note).where(Note.body == "Met at PyCon")).one()
        assert note.candidate_id == kept
    trail = list_audit(database, kept)
    assert trail[0].action == "merge"
    assert f"candidate {absorbed}" in (trail[0].detail or "")
    assert [m.id for m in list_merges(database)] == [merge_id]

    undo_merge(database, merge_id, now=WHEN)
    with database.read() as session:
        after = _everything(session)
        assert session.scalars(select(CandidateMerge)).all() == []
    for name in ("applications", "stage_changes", "scorecards", "interviews"):
        assert after[name] == before[name], name
    for name, owners in before.items():
        if name.endswith(".owner"):
            assert {i: after[name][i] for i in owners} == owners, name
    for person in (kept, absorbed):
        restored = dict(after["candidates"][person])
        original = dict(before["candidates"][person])
        for key in ("version", "updated_at", "field_times"):
            restored.pop(key)
            original.pop(key)
        assert restored == original
    assert after["candidates"][absorbed]["version"] == before["candidates"][absorbed]["version"]
    assert list_audit(database, absorbed)[0].action == "unmerge"


def test_a_candidate_is_not_merged_with_themself(database: Database) -> None:
    load_demo(database, candidates=5, seed=1, as_of=date(2026, 11, 21))
    with pytest.raises(RefusedError, match="cannot be merged with themself"):
        merge_candidates(database, 2, 2, {})
    with pytest.raises(KnownError, match="no candidate with id 999"):
        merge_candidates(database, 2, 999, {})
    with pytest.raises(KnownError, match="not a choice"):
        merge_candidates(database, 2, 3, {"email": "mine"})
    with database.read() as session:
        assert session.get(Candidate, 3) is not None


def test_undo_is_refused_over_a_later_edit_and_erasure_takes_the_copy(database: Database) -> None:
    kept, absorbed, _position = _two_people(database)
    with database.read() as session:
        email = session.get_one(Candidate, absorbed).email
        assert email
    merge_id, _changes = merge_candidates(database, kept, absorbed, {}, now=WHEN)
    version = get_candidate(database, kept).version
    update_candidate(database, kept, {"location": "Lisbon"}, version=version)
    with pytest.raises(RefusedError, match="changed after the merge"):
        undo_merge(database, merge_id)
    erase_candidate(database, kept)
    with database.read() as session:
        assert session.scalars(select(CandidateMerge)).all() == []
        assert session.scalar(select(Candidate.id).where(Candidate.email == email)) is None


def test_duplicates_are_found_in_the_base_and_for_one_person(database: Database) -> None:
    load_demo(database, candidates=30, seed=5, as_of=date(2026, 11, 21))
    with database.write() as session:
        first = session.get_one(Candidate, 1)
        session.add(
            Candidate(
                full_name=first.full_name.upper(),
                location=first.location,
                phone=None,
                email="another.address@example.net",
            )
        )
        first_name, first_location = first.full_name, first.location
    pairs = find_duplicates(database)
    assert any(p.first.id == 1 and p.second.id == 31 for p in pairs)
    found = duplicates_of_values(database, {"full_name": first_name, "location": first_location})
    assert {person.id for person, _reasons in found} >= {1, 31}
    assert duplicates_of_values(database, {"full_name": "Nobody Anywhere"}) == []


def test_every_table_that_points_at_a_candidate_is_moved_by_a_merge() -> None:
    """A new table with a candidate's rows must be moved (or knowingly left): otherwise
    the absorbed person's delete cascades and silently drops those rows."""
    from recruitdesk.storage import candidate_merge
    from recruitdesk.storage.models.base import Base

    moved = {(model.__table__.name, column.key) for model, column in candidate_merge._MOVED}
    # Import runs are bookkeeping of the person's own arrival; the undo row of a
    # merge names the absorbed one on purpose; dismissed pairs are carried over by
    # storage/dismissed_duplicates.py (tests/storage/test_dismissed_duplicates.py).
    left = {
        ("import_run_candidates", "candidate_id"),
        ("candidate_merges", "absorbed_id"),
        ("dismissed_duplicates", "first_id"),
        ("dismissed_duplicates", "second_id"),
    }
    pointing = {
        (table.name, fk.parent.name)
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == "candidates"
    }
    assert pointing - left <= moved, pointing - left - moved
