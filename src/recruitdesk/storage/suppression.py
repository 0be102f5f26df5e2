"""The suppression list: people erased on their request whom sourcing must never add
again, kept as keyed hashes only.

Each erased person leaves one row per identifier (their GitHub login, their e-mail
address): ``HMAC-SHA256(key, kind + ":" + identifier)`` without case or accents, and
which key made it. Nothing else of them stays. The key is not in the database (it lives
in the keyring, ``tokens.suppression_key``): GitHub logins are public, so a plain or
database-keyed hash would let whoever holds a copy of the file test any login against
the list. A database whose list was made with a key this machine lacks cannot be
checked, and sourcing refuses rather than add an erased person again.
"""

import hashlib
import hmac
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from recruitdesk.domain.places import plain
from recruitdesk.errors import KnownError
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import erase_candidates
from recruitdesk.storage.models.consent import Suppression
from recruitdesk.storage.models.pipeline import Candidate


class SuppressionKeyError(KnownError):
    """The suppression list cannot be checked with the key at hand."""


def key_id(key: bytes) -> str:
    """A short name of the key, stored with each hash; it does not reveal the key."""
    return hmac.new(key, b"recruitdesk suppression key id", hashlib.sha256).hexdigest()[:16]


def digests(key: bytes, login: str | None, email: str | None) -> list[str]:
    """The hashes of a person's identifiers (none for an identifier they lack)."""
    found = []
    for kind, value in (("login", login), ("email", email)):
        if value and value.strip():
            message = f"{kind}:{plain(value)}".encode()
            found.append(hmac.new(key, message, hashlib.sha256).hexdigest())
    return found


def has_suppressions(session: Session) -> bool:
    return session.scalar(select(Suppression.digest).limit(1)) is not None


def check_key(session: Session, key: bytes | None) -> None:
    """Refuse when the list holds hashes this key (or no key) cannot match."""
    ids = set(session.scalars(select(Suppression.key_id).distinct()))
    if not ids or (key is not None and ids == {key_id(key)}):
        return
    lacking = (
        "there is no suppression key in this keyring"
        if key is None
        else ("this keyring holds another one")
    )
    raise SuppressionKeyError(
        f"This database's suppression list was made with a key and {lacking}: copy that "
        "key here before sourcing, or people erased on their request could be added again."
    )


def suppressed(session: Session, key: bytes | None, login: str, email: str | None) -> bool:
    """Whether the person was erased on their request (by login or e-mail)."""
    if key is None:
        return False
    wanted = digests(key, login, email)
    return (
        session.scalar(select(Suppression.digest).where(Suppression.digest.in_(wanted))) is not None
    )


def erase_on_request(database: Database, candidate_ids: Iterable[int], key: bytes) -> Changes:
    """Erase people who asked for it and keep them off every later sourcing: their hashes
    are written first, so a failure between the two steps errs on the side of never
    contacting them again."""
    wanted = list(dict.fromkeys(candidate_ids))
    with database.write() as session:
        check_key(session, key)
        rows = session.execute(
            select(Candidate.id, Candidate.github_login, Candidate.email).where(
                Candidate.id.in_(wanted)
            )
        ).all()
        present = {row[0] for row in rows}
        missing = [cid for cid in wanted if cid not in present]
        if missing:
            raise KnownError(f"There is no candidate with id {missing[0]}.")
        stored = set(session.scalars(select(Suppression.digest)))
        for _id, login, email in rows:
            for digest in digests(key, login, email):
                if digest not in stored:
                    session.add(Suppression(digest=digest, key_id=key_id(key)))
                    stored.add(digest)
    return erase_candidates(database, wanted)
