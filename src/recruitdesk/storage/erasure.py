"""Erasing a candidate, and finding whose consent to keep their data has lapsed.

Erasure removes every row of theirs, everywhere, in one transaction: applications with
their stage history and scorecards, notes, their CV files, the merges into them (with
the absorbed person's copy that undoing needs), analyses (also those of their GitHub login
made before they were on file) with every repository, skill and red flag, queued
analysis jobs, submissions to clients and placements, and their entry in the full-text
search index. The rows are deleted
explicitly, not only through the foreign keys' cascades, so the result is the same on
any backend and whatever a connection's foreign-key setting.

On SQLite the file must forget them too: ``secure_delete`` (on for every connection)
overwrites freed pages; an FTS5 index keeps deleted tokens in its segments until they are
merged, so every FTS5 table is optimised (merged into one segment) in the same
transaction; and the write-ahead log, which still holds the old pages, is checkpointed
and truncated afterwards. The backups the app made before upgrades hold them too: they
are erased from each (a backup that cannot be changed is deleted); ``db backup``'s
copies are the user's own files and are left alone.
"""

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, or_, select, text
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database, sqlite_file
from recruitdesk.storage.import_runs import forget_person
from recruitdesk.storage.maintenance import ErasedPerson, app_backups, erase_from_backup
from recruitdesk.storage.models.analysis import (
    Analysis,
    AnalysisJob,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
)
from recruitdesk.storage.models.clients import Placement, Submission
from recruitdesk.storage.models.cv_files import CandidateFile, CandidateMerge
from recruitdesk.storage.models.duplicates import DismissedPair
from recruitdesk.storage.models.hiring import ExerciseAssignment
from recruitdesk.storage.models.pipeline import Application, Candidate, Note, Scorecard, StageChange
from recruitdesk.storage.sourcing_runs import forget_login

log = logging.getLogger(__name__)


def fts5_tables(session: Session) -> list[str]:
    """The FTS5 virtual tables of an SQLite database (none on another backend)."""
    if session.get_bind().dialect.name != "sqlite":
        return []
    rows = session.execute(
        text(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND lower(sql) LIKE 'create virtual table%using fts5%'"
        )
    ).scalars()
    return list(rows)


def _purge_search_index(session: Session) -> None:
    for table in fts5_tables(session):
        quoted = '"' + table.replace('"', '""') + '"'
        # Merging every segment into one drops the tokens of deleted rows.
        # The name comes from sqlite_master, quoted as an identifier; never input.
        statement = f"INSERT INTO {quoted}({quoted}) VALUES ('optimize')"  # noqa: S608
        session.execute(text(statement))


def _checkpoint(database: Database) -> None:
    """Copy the WAL into the file and truncate it, so old pages leave the log too."""
    if not database.is_sqlite:
        return
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            cursor.close()
    finally:
        raw.close()
    if busy and busy[0]:
        log.info("the WAL could not be truncated yet (another connection reads); it will be")


def erase_candidate(database: Database, candidate_id: int) -> Changes:
    """Delete the candidate and every row of theirs (see the module doc)."""
    return erase_candidates(database, [candidate_id])


def _erase_one(session: Session, person: Candidate) -> Changes:
    candidate_id, login = person.id, person.github_login
    applications = frozenset(
        session.scalars(select(Application.id).where(Application.candidate_id == candidate_id))
    )
    theirs = Analysis.candidate_id == candidate_id
    if login:
        theirs = or_(
            theirs,
            (Analysis.candidate_id.is_(None)) & (func.lower(Analysis.login) == login.lower()),
        )
    # A take-home submission's analysis has no candidate: its exercise names it.
    submissions = select(ExerciseAssignment.submission_analysis_id).where(
        ExerciseAssignment.candidate_id == candidate_id
    )
    theirs = or_(theirs, Analysis.id.in_(submissions))
    analyses = frozenset(session.scalars(select(Analysis.id).where(theirs)))
    jobs = frozenset(
        session.scalars(select(AnalysisJob.id).where(AnalysisJob.candidate_id == candidate_id))
    )
    forget_person(session, candidate_id, applications)
    for statement in (
        delete(Scorecard).where(Scorecard.application_id.in_(applications)),
        delete(StageChange).where(StageChange.application_id.in_(applications)),
        delete(Application).where(Application.id.in_(applications)),
        delete(Note).where(Note.candidate_id == candidate_id),
        delete(AnalysisRepository).where(AnalysisRepository.analysis_id.in_(analyses)),
        delete(AnalysisSkill).where(AnalysisSkill.analysis_id.in_(analyses)),
        delete(AnalysisRedFlag).where(AnalysisRedFlag.analysis_id.in_(analyses)),
        delete(Analysis).where(Analysis.id.in_(analyses)),
        delete(AnalysisJob).where(AnalysisJob.id.in_(jobs)),
        delete(Submission).where(Submission.candidate_id == candidate_id),
        delete(Placement).where(Placement.candidate_id == candidate_id),
        delete(CandidateFile).where(CandidateFile.candidate_id == candidate_id),
        # A merge's undo holds the person it absorbed: they go with whom they joined.
        delete(CandidateMerge).where(CandidateMerge.kept_id == candidate_id),
        delete(DismissedPair).where(
            or_(DismissedPair.first_id == candidate_id, DismissedPair.second_id == candidate_id)
        ),
        delete(Candidate).where(Candidate.id == candidate_id),
    ):
        session.execute(statement, execution_options={"synchronize_session": False})
    return Changes(
        candidates=frozenset({candidate_id}),
        applications=applications,
        analyses=analyses,
        jobs=jobs,
    )


def erase_candidates(database: Database, candidate_ids: Iterable[int]) -> Changes:
    """Erase several candidates in one transaction, all or none; the search index is
    merged and the log truncated once at the end, not once per person."""
    wanted = list(dict.fromkeys(candidate_ids))
    changes = Changes()
    people: list[ErasedPerson] = []
    with database.write() as session:
        for candidate_id in wanted:
            person = session.get(Candidate, candidate_id)
            if person is None:
                raise KnownError(f"There is no candidate with id {candidate_id}.")
            people.append(ErasedPerson(person.uid, person.email, person.github_login))
            forget_login(session, person.github_login)
            changes = changes | _erase_one(session, person)
        _purge_search_index(session)
    _checkpoint(database)
    _erase_from_backups(database, people)
    return changes


def _erase_from_backups(database: Database, people: list[ErasedPerson]) -> None:
    """Erase ``people`` from every backup the app made of the database; a backup that
    cannot be changed is deleted, and one that cannot be deleted either is named."""
    path = sqlite_file(database.url)
    if path is None or not people:
        return
    for backup in app_backups(path):
        try:
            held = erase_from_backup(backup, people)
        except sqlite3.Error as error:
            log.warning("cannot erase from the backup %s (%s): deleting it", backup, error)
            try:
                backup.unlink()
            except OSError as failure:
                raise KnownError(
                    f"They were erased, but the backup {backup} still holds them and cannot "
                    f"be changed or deleted ({failure.strerror}): delete it."
                ) from None
            continue
        if held:
            log.info("erased %d of them from the backup %s", held, backup)


# --------------------------------------------------------------------------------------
# Retention


@dataclass(frozen=True, slots=True)
class LapsedConsent:
    """A candidate whose consent to keep their data ended before today."""

    candidate_id: int
    full_name: str
    email: str | None
    consent_until: date

    def days_ago(self, today: date) -> int:
        return (today - self.consent_until).days


def lapsed_consent(database: Database, today: date | None = None) -> list[LapsedConsent]:
    """Candidates whose ``consent_until`` is before ``today``, longest lapsed first."""
    today = today or datetime.now(UTC).date()
    with database.read() as session:
        rows = session.execute(
            select(Candidate.id, Candidate.full_name, Candidate.email, Candidate.consent_until)
            .where(Candidate.consent_until < today)
            .order_by(Candidate.consent_until, Candidate.id)
        )
        return [
            LapsedConsent(row_id, name, email, until)
            for row_id, name, email, until in rows
            if until is not None
        ]


def lapsed_consent_count(database: Database, today: date | None = None) -> int:
    """How many candidates' consent has lapsed (for the warning at start)."""
    today = today or datetime.now(UTC).date()
    with database.read() as session:
        count = session.scalar(
            select(func.count()).select_from(Candidate).where(Candidate.consent_until < today)
        )
        return count or 0
