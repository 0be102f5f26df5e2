"""Merging a bundle into the database: everything is checked and planned before anything
is written, in one transaction; a record that cannot be merged is a
:class:`~recruitdesk.transfer.results.Problem` with its member and line, and refuses
the bundle unless the caller chose ``skip_invalid``.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from recruitdesk.domain.wording import count
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.base import Base, VersionedMixin
from recruitdesk.storage.models.pipeline import (
    Application,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
)
from recruitdesk.storage.suppression import has_suppressions
from recruitdesk.storage.versions import at_stored_versions
from recruitdesk.tokens import suppression_key
from recruitdesk.transfer.bundle_candidates import plan_candidates
from recruitdesk.transfer.bundle_consent import drop_suppressed
from recruitdesk.transfer.bundle_format import MEMBERS, table_of
from recruitdesk.transfer.bundle_plan import MergePlan
from recruitdesk.transfer.bundle_read import CHILDREN, BundleContent, read_bundle
from recruitdesk.transfer.bundle_records import (
    plan_analyses,
    plan_applications,
    plan_positions,
    plan_whole,
)
from recruitdesk.transfer.bundle_zip import DEFAULT_LIMITS, BundleLimits
from recruitdesk.transfer.results import ImportReport, InvalidImportError


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert rows that carry their uid; return uid -> new id."""
    if not rows:
        return {}
    table = table_of(model)
    statement = insert(table).returning(table.c.uid, table.c.id)
    ids: dict[str, int] = {}
    for start in range(0, len(rows), 5_000):
        ids.update(session.execute(statement, rows[start : start + 5_000]).all())
    return ids


def _full_rows(model: type[Base], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row the same keys (executemany needs that), filling column defaults."""
    table = table_of(model)
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


def _write(session: Session, content: BundleContent, plan: MergePlan) -> dict[str, set[int]]:
    models: dict[str, type[VersionedMixin]] = {
        "positions": Position,
        "candidates": Candidate,
        "applications": Application,
        "notes": Note,
        "scorecards": Scorecard,
    }
    for updates in (plan.updates, plan.refreshes):
        for kind, rows in updates.items():
            versioned = models[kind]
            session.execute(update(versioned), at_stored_versions(session, versioned, rows))
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
    for key, model in CHILDREN["analyses.json"]:
        rows = [
            child | {"analysis_id": analysis_ids[item.record["uid"]]}
            for item in inserts.get("analyses", [])
            for child in item.children[key]
        ]
        if rows:
            session.execute(insert(table_of(model)), _full_rows(model, rows))
    touched = {kind: set(ids.values()) for kind, ids in new_ids.items()}
    for kind, ids in plan.touched.items():
        touched.setdefault(kind, set()).update(ids)
    touched["analyses"] = set(analysis_ids.values())
    return touched


def merge_bundle(
    database: Database,
    content: BundleContent,
    *,
    skip_invalid: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Merge a bundle read by :func:`read_bundle`, all or nothing (see the module doc); a
    cancel through ``progress`` rolls the whole merge back."""
    with database.write() as session:
        key = suppression_key(create=False) if has_suppressions(session) else None
        suppressed = drop_suppressed(session, content, key)
        plan = MergePlan(problems=list(content.problems))
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
        plan.problems.sort(key=lambda problem: (MEMBERS.index(problem.member), problem.line))
        valid = content.count - len(plan.problems) + len(content.problems)
        if plan.problems and not skip_invalid:
            raise InvalidImportError(content.source, plan.problems, valid, unit="record")
        progress.step(len(steps), len(steps) + 1, "writing")
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
    return merge_bundle(database, read_bundle(path, limits), skip_invalid=skip_invalid)
