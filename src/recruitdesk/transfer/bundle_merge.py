"""Merging a bundle into the database: everything is checked and planned before anything
is written; a record that cannot be merged is a
:class:`~recruitdesk.transfer.results.Problem` with its member and line, and refuses
the bundle unless the caller chose ``skip_invalid``.

The plan is made in a read transaction, so others may write meanwhile. The merge is then
all or nothing without holding the write lock for long (issue 18, item 13), as a CSV
import is: every new row is written a batch per transaction as an import run
(:mod:`recruitdesk.storage.import_runs`), undone whole if the merge fails, is cancelled
or its process dies: the new people with their notes and analyses
(:mod:`recruitdesk.transfer.bundle_rows`), then the positions, cards, stage history,
notes, scorecards and analyses (:mod:`recruitdesk.transfer.bundle_batches`). Others see
those rows between batches (a new card may show on a board before the merge ends), and
are told to reload when the merge ends. The changes to records already stored are
written in batches too, each refused if one of its records is no longer the version the
plan saw (the run keeps what they held, to put them back if undone); the last
transaction links positions to their clients, adds the trail's entries for the people
changed and publishes the run.
"""

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from recruitdesk.domain.wording import count
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage import import_runs
from recruitdesk.storage.audit import record
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import link_companies
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.base import utcnow
from recruitdesk.storage.models.pipeline import Note, Scorecard
from recruitdesk.storage.suppression import has_suppressions
from recruitdesk.tokens import suppression_key
from recruitdesk.transfer.bundle_batches import (
    VERSIONED,
    changed_meanwhile,
    write_changes,
    write_new_records,
)
from recruitdesk.transfer.bundle_candidates import plan_candidates
from recruitdesk.transfer.bundle_consent import drop_suppressed
from recruitdesk.transfer.bundle_plan import MergePlan
from recruitdesk.transfer.bundle_read import BundleContent, read_bundle
from recruitdesk.transfer.bundle_records import (
    plan_analyses,
    plan_applications,
    plan_positions,
    plan_whole,
)
from recruitdesk.transfer.bundle_rows import write_new_people
from recruitdesk.transfer.bundle_zip import DEFAULT_LIMITS, BundleLimits
from recruitdesk.transfer.import_staging import BATCH
from recruitdesk.transfer.results import ImportReport, InvalidImportError


def _stored_versions(session: Session, kind: str, ids: list[int]) -> dict[int, int]:
    model = VERSIONED[kind]
    versions: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        found = session.execute(select(model.id, model.version).where(model.id.in_(part)))
        versions.update((row_id, version) for row_id, version in found)
    return versions


def _versions(session: Session, plan: MergePlan) -> dict[str, dict[int, int]]:
    """The versions of the records the plan updates, as the plan saw them."""
    seen: dict[str, dict[int, int]] = {}
    for updates in (plan.updates, plan.refreshes):
        for kind, rows in updates.items():
            for batch in rows.batches(BATCH):
                seen.setdefault(kind, {}).update(
                    _stored_versions(session, kind, [row["id"] for row in batch])
                )
    return seen


def merge_bundle(
    database: Database,
    content: BundleContent,
    *,
    skip_invalid: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Merge a bundle read by :func:`read_bundle`, all or nothing (see the module doc); a
    cancel through ``progress`` rolls the whole merge back."""
    with database.read() as session:
        key = suppression_key(create=False) if has_suppressions(session) else None
        suppressed = drop_suppressed(session, content, key)
        # The log of what reading found, kept as it was should the merge run again.
        plan = MergePlan(content.stage, copy.deepcopy(content.problems))
        steps: tuple[tuple[str, Callable[[], None]], ...] = (
            ("positions", lambda: plan_positions(session, content, plan)),
            ("candidates", lambda: plan_candidates(session, content, plan)),
            ("cards", lambda: plan_applications(session, content, plan)),
            (
                "notes",
                lambda: plan_whole(
                    session, content, plan, "notes.json", Note, ("candidates", "candidate_uid")
                ),
            ),
            (
                "scorecards",
                lambda: plan_whole(
                    session,
                    content,
                    plan,
                    "scorecards.json",
                    Scorecard,
                    ("applications", "application_uid"),
                ),
            ),
            ("analyses", lambda: plan_analyses(session, content, plan)),
        )
        for number, (what, plan_step) in enumerate(steps):
            progress.step(number, len(steps) + 1, f"comparing the {what}")
            plan_step()
        valid = content.count - plan.problems.count + content.problems.count
        if plan.problems.count and not skip_invalid:
            raise InvalidImportError(
                content.source,
                plan.problems.first(),
                valid,
                unit="record",
                total=plan.problems.count,
            )
        seen = _versions(session, plan)
    try:
        with import_runs.running(database) as run:
            people = write_new_people(database, run, plan, content.source, progress)
            touched = write_new_records(database, run, plan, people, content.source, progress)
            write_changes(database, run, plan, seen, content.source, progress)
            progress.step(len(steps), len(steps) + 1, "publishing the merge")
            with database.write() as session:
                # A client is local to each database: merged positions find theirs by
                # company name.
                link_companies(session, datetime.now(UTC))
                edited = sorted(plan.touched.get("candidates", ()))
                now = utcnow()
                for start in range(0, len(edited), BATCH):
                    part = edited[start : start + BATCH]
                    record(
                        session, database.actor, part, "merge", f"Merged from {content.source}", now
                    )
                import_runs.publish(session, run)
            for kind, ids in plan.touched.items():
                touched.setdefault(kind, set()).update(ids)
    except IntegrityError:
        # Planned without the lock: another program added or removed a record the
        # plan counted on (the same uid, e-mail or login; a position) meanwhile.
        raise changed_meanwhile(content.source) from None
    created, updated, unchanged = plan.count("candidates")
    report = ImportReport(
        source=content.source,
        kind="bundle",
        created=created,
        updated=updated,
        unchanged=unchanged,
        skipped=plan.problems.first(),
        more_skipped=plan.problems.count - len(plan.problems.first()),
    )
    for kind in ("positions", "candidates", "applications", "notes", "scorecards", "analyses"):
        added, changed, same = plan.count(kind)
        report.details.append(f"{kind}: {added} added, {changed} updated, {same} unchanged")
    if plan.history:
        report.details.append(f"stage history: {len(plan.history):,} moves joined")
    if suppressed:
        report.details.append(
            f"left out {count(suppressed, 'person', 'people')} erased here on their request"
        )
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
    content = read_bundle(path, limits)
    try:
        return merge_bundle(database, content, skip_invalid=skip_invalid)
    finally:
        content.stage.close()
