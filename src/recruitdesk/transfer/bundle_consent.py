"""The consent rules a bundle merge keeps whatever the edit times say
(docs/architecture.md, "Secrets and personal data"):

- "do not contact" is never cleared by a merge: a person who asked on one laptop stays
  asked on every laptop, so the flag (and its reason) is taken from whichever side has
  it;
- a person erased here on their request (the suppression list) is not added again by a
  bundle made before the erasure, nor are their cards, notes, scorecards or analyses.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from recruitdesk.storage.suppression import check_key, suppressed
from recruitdesk.transfer.bundle_fields import FieldMerge
from recruitdesk.transfer.bundle_read import BundleContent, Incoming

_FLAG, _REASON = "do_not_contact", "do_not_contact_reason"


def keep_do_not_contact(local: dict[str, Any], incoming: dict[str, Any], merge: FieldMerge) -> None:
    """Make ``merge`` keep the flag set when either side has it."""
    if local.get(_FLAG):
        if merge.changes.get(_FLAG) is False:
            del merge.changes[_FLAG]
            merge.changes.pop(_REASON, None)
            merge.taken = [name for name in merge.taken if name not in (_FLAG, _REASON)]
            merge.kept.append(_FLAG)
    elif incoming.get(_FLAG) and not merge.changes.get(_FLAG):
        merge.changes[_FLAG] = True
        merge.changes[_REASON] = incoming.get(_REASON)
        merge.kept = [name for name in merge.kept if name not in (_FLAG, _REASON)]
        merge.taken.append(_FLAG)


def drop_suppressed(session: Session, content: BundleContent, key: bytes | None) -> int:
    """Leave out of ``content`` the people erased here on their request and every
    record of theirs; returns how many people were left out. Refuses (as sourcing does)
    when the list cannot be checked with ``key``."""
    check_key(session, key)
    if key is None:
        return 0
    dropped = {
        item.record["uid"]
        for item in content.records["candidates.json"]
        if suppressed(session, key, item.record.get("github_login") or "", item.record.get("email"))
    }
    if not dropped:
        return 0
    records = content.records
    dropped_cards = {
        item.record["uid"]
        for item in records["applications.json"]
        if item.refs.get("candidate_uid") in dropped
    }
    records["candidates.json"] = records["candidates.json"].filtered(
        lambda item: item.record["uid"] not in dropped
    )
    for member, ref, gone in (
        ("applications.json", "candidate_uid", dropped),
        ("notes.json", "candidate_uid", dropped),
        ("analyses.json", "candidate_uid", dropped),
        ("scorecards.json", "application_uid", dropped_cards),
    ):
        records[member] = records[member].filtered(_not_of(ref, gone))
    return len(dropped)


def _not_of(ref: str, gone: set[str]) -> Callable[[Incoming], bool]:
    """Whether a record does not belong (through ``ref``) to one of ``gone``."""
    return lambda item: item.refs.get(ref) not in gone
