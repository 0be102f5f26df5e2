"""Planning the merge of a bundle's candidates: each incoming person is matched by uid,
else by e-mail or GitHub login, so the same person entered on two laptops becomes one;
no two people may end up sharing an e-mail or a login. When two rows matched by e-mail
carry different uids, both laptops keep the smaller one.
"""

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.orm import Session

from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer.bundle_consent import keep_do_not_contact
from recruitdesk.transfer.bundle_fields import FieldMerge, merge_fields
from recruitdesk.transfer.bundle_format import table_of
from recruitdesk.transfer.bundle_plan import MergePlan, apply_merge, edited_fields, stored_rows
from recruitdesk.transfer.bundle_read import BundleContent, Incoming
from recruitdesk.transfer.bundle_stage import Stage, StagedMap


def _email_and_login(record: dict[str, Any]) -> tuple[str, str]:
    """A candidate's e-mail and GitHub login, casefolded; empty when missing."""
    email = (record.get("email") or "").casefold()
    login = (record.get("github_login") or "").casefold()
    return email, login


def _holder(index: StagedMap, key: str, own_id: int) -> int | None:
    """Who else than ``own_id`` has ``key`` in ``index``."""
    other = cast(int | None, index.get(key)) if key else None
    return other if other != own_id else None


@dataclass(slots=True)
class _CandidateKeys:
    """Who has each e-mail and GitHub login (casefolded) while the bundle's candidates
    are planned, so that no two people end up sharing one."""

    #: id -> the stored person's row.
    by_id: StagedMap
    #: e-mail -> id, GitHub login -> id.
    by_email: StagedMap
    by_login: StagedMap
    #: Keys claimed by people new in this bundle ("e:" + e-mail, "l:" + login): uid of the
    #: claimant.
    new_keys: StagedMap

    @classmethod
    def empty(cls, stage: Stage) -> "_CandidateKeys":
        return cls(stage.map(), stage.map(), stage.map(), stage.map())

    def know(self, row: dict[str, Any]) -> None:
        """Index a stored person's row."""
        self.by_id[row["id"]] = row
        if row["email"]:
            self.by_email[row["email"].casefold()] = row["id"]
        if row["github_login"]:
            self.by_login[row["github_login"].casefold()] = row["id"]

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
        clash = next((str(self.new_keys[key]) for key in keys if key in self.new_keys), None)
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


def _plan_new_candidate(plan: MergePlan, keys: _CandidateKeys, item: Incoming) -> None:
    record = item.record
    clash = keys.claim_new(record)
    if clash:
        plan.problems.add(
            item.problem(f"{record['full_name']}: the same person as candidate {clash}")
        )
        return
    plan.insert("candidates", item)
    plan.target("candidates")[record["uid"]] = None


def _plan_known_candidate(
    plan: MergePlan, keys: _CandidateKeys, item: Incoming, local: dict[str, Any]
) -> None:
    record = item.record
    plan.target("candidates")[record["uid"]] = local["id"]
    merge = merge_fields(local, record, edited_fields(table_of(Candidate), record))
    keep_do_not_contact(local, record, merge)
    other = keys.move(local, merge)
    if other is not None:
        plan.problems.add(
            item.problem(
                f"{record['full_name']}: the newer e-mail or GitHub login is "
                f"{keys.by_id[other]['full_name']}'s here (id {other})"
            )
        )
        return
    if record["uid"] < local["uid"]:
        # The same person under two uids: every laptop settles on the smaller one.
        merge.changes["uid"] = record["uid"]
    apply_merge(plan, "candidates", local["id"], merge, f"candidate {local['full_name']}")


def plan_candidates(session: Session, content: BundleContent, plan: MergePlan) -> None:
    """Match each incoming person by uid, else by e-mail or GitHub login."""
    keys = _CandidateKeys.empty(plan.stage)
    stored = stored_rows(session, Candidate, plan.stage, keys.know)
    for item in content.records["candidates.json"]:
        local = stored.get(item.record["uid"])
        if local is None:
            local, problem = keys.stored_match(item.record)
            if problem is not None:
                plan.problems.add(item.problem(problem))
                continue
        if local is None:
            _plan_new_candidate(plan, keys, item)
        else:
            _plan_known_candidate(plan, keys, item, local)
