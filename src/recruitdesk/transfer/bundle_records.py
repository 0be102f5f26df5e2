"""Planning the merge of a bundle's positions, applications, notes, scorecards and
analyses. Positions and applications merge field by field (applications are also
matched by their candidate and position); notes and scorecards are taken whole when the
bundle's edit is newer; stage history and analyses are joined by uid. Nothing is ever
deleted.
"""

from sqlalchemy.orm import Session

from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.base import Base
from recruitdesk.storage.models.pipeline import Application, Candidate, Position, StageChange
from recruitdesk.transfer.bundle_fields import canonical_tuple, merge_fields
from recruitdesk.transfer.bundle_format import exported_columns, table_of
from recruitdesk.transfer.bundle_plan import (
    META_COLUMNS,
    MergePlan,
    apply_merge,
    edited_fields,
    local_id,
    resolves,
    stored_rows,
)
from recruitdesk.transfer.bundle_read import BundleContent

#: Application fields that move together: a stage comes with when it was entered and why.
APPLICATION_GROUPS = {"stage": ("stage", "entered_stage_at", "rejection_reason")}


def _pair(candidate: object, position: object) -> str:
    """The key of a card by its candidate and position (ids or uids)."""
    return f"{candidate}:{position}"


def plan_positions(session: Session, content: BundleContent, plan: MergePlan) -> None:
    table = table_of(Position)
    stored = stored_rows(session, Position, plan.stage)
    targets = plan.target("positions")
    for item in content.records["positions.json"]:
        record = item.record
        local = stored.get(record["uid"])
        if local is None:
            plan.insert("positions", item)
            targets[record["uid"]] = None
            continue
        targets[record["uid"]] = local["id"]
        merge = merge_fields(local, record, edited_fields(table, record))
        apply_merge(plan, "positions", local["id"], merge, f"position {local['title']!r}")


def plan_applications(session: Session, content: BundleContent, plan: MergePlan) -> None:
    table = table_of(Application)
    by_pair = plan.stage.map()
    stored = stored_rows(
        session,
        Application,
        plan.stage,
        lambda row: by_pair.__setitem__(_pair(row["candidate_id"], row["position_id"]), row),
    )
    candidate_ids = plan.stored_ids(session, Candidate)
    position_ids = plan.stored_ids(session, Position)
    history_uids = plan.stored_ids(session, StageChange)
    targets = plan.target("applications")
    pairs_new = plan.stage.map()
    for item in content.records["applications.json"]:
        record = item.record
        candidate_uid, position_uid = item.refs["candidate_uid"], item.refs["position_uid"]
        assert candidate_uid is not None
        assert position_uid is not None
        if not resolves(plan, "candidates", candidate_uid, candidate_ids):
            plan.problems.add(
                item.problem(f"its candidate {candidate_uid} is neither in the bundle nor here")
            )
            continue
        if not resolves(plan, "positions", position_uid, position_ids):
            plan.problems.add(
                item.problem(f"its position {position_uid} is neither in the bundle nor here")
            )
            continue
        candidate_id = local_id(plan, "candidates", candidate_uid, candidate_ids)
        position_id = local_id(plan, "positions", position_uid, position_ids)
        local = stored.get(record["uid"])
        if local is None and candidate_id is not None and position_id is not None:
            local = by_pair.get(_pair(candidate_id, position_id))
        if local is None:
            pair = _pair(candidate_uid, position_uid)
            if pair in pairs_new:
                plan.problems.add(item.problem("the same candidate and position twice"))
                continue
            pairs_new.add(pair)
            plan.insert("applications", item)
            targets[record["uid"]] = None
        else:
            targets[record["uid"]] = local["id"]
            merge = merge_fields(local, record, edited_fields(table, record), APPLICATION_GROUPS)
            if record["uid"] < local["uid"]:
                merge.changes["uid"] = record["uid"]
            apply_merge(plan, "applications", local["id"], merge, f"application {local['uid'][:8]}")
        for change in item.children["history"]:
            if change["uid"] not in history_uids:
                history_uids.add(change["uid"])
                plan.join_history(record["uid"], change)


def plan_whole(
    session: Session,
    content: BundleContent,
    plan: MergePlan,
    member: str,
    model: type[Base],
    parent: tuple[str, str],
) -> None:
    """Notes and scorecards: joined by uid; an edited one is taken whole if newer."""
    kind = member.removesuffix(".json")
    parent_kind, ref = parent
    parent_model = Candidate if parent_kind == "candidates" else Application
    parent_ids = plan.stored_ids(session, parent_model)
    stored = stored_rows(session, model, plan.stage)
    fields = [name for name in exported_columns(table_of(model)) if name not in META_COLUMNS]
    for item in content.records[member]:
        record = item.record
        parent_uid = item.refs[ref]
        if not resolves(plan, parent_kind, parent_uid, parent_ids):
            plan.problems.add(
                item.problem(
                    f"its {parent_kind[:-1]} {parent_uid} is neither in the bundle nor here"
                )
            )
            continue
        local = stored.get(record["uid"])
        if local is None:
            plan.insert(kind, item)
            continue
        mine = [local[name] for name in fields]
        theirs = [record.get(name, local[name]) for name in fields]
        newer = record["updated_at"] > local["updated_at"] or (
            record["updated_at"] == local["updated_at"]
            and canonical_tuple(theirs) > canonical_tuple(mine)
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


def plan_analyses(session: Session, content: BundleContent, plan: MergePlan) -> None:
    candidate_ids = plan.stored_ids(session, Candidate)
    known = plan.stored_ids(session, Analysis)
    for item in content.records["analyses.json"]:
        owner = item.refs["candidate_uid"]
        if owner is not None and not resolves(plan, "candidates", owner, candidate_ids):
            plan.problems.add(
                item.problem(f"its candidate {owner} is neither in the bundle nor here")
            )
            continue
        if item.record["uid"] in known:
            plan.unchanged["analyses"] = plan.unchanged.get("analyses", 0) + 1
        else:
            plan.insert("analyses", item)
