""" "Not the same person" on a real SQLite file: a dismissed pair is never suggested
again, is recorded in both trails, can be suggested again, holds for whom either of the
two is merged into (and comes back with an undo), and goes when either is erased."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from recruitdesk.errors import KnownError, RefusedError
from recruitdesk.storage.audit import list_audit
from recruitdesk.storage.candidate_merge import merge_candidates, undo_merge
from recruitdesk.storage.database import Database
from recruitdesk.storage.dismissed_duplicates import (
    dismiss_pair,
    list_dismissals,
    suggest_again,
)
from recruitdesk.storage.duplicates import duplicates_of_values, find_duplicates
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.models.duplicates import DismissedPair
from recruitdesk.storage.models.pipeline import Candidate

WHEN = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _people(database: Database, *names: str) -> list[int]:
    """Candidates of these names, all in Porto (so every close name pairs)."""
    with database.write() as session:
        people = [Candidate(full_name=name, location="Porto, Portugal") for name in names]
        session.add_all(people)
        session.flush()
        return [person.id for person in people]


def _pairs(database: Database) -> set[tuple[int, int]]:
    return {(pair.first.id, pair.second.id) for pair in find_duplicates(database)}


def _dismissed(database: Database) -> set[tuple[int, int]]:
    with database.read() as session:
        rows = session.execute(select(DismissedPair.first_id, DismissedPair.second_id))
        return {(first, second) for first, second in rows}


def test_a_dismissed_pair_is_not_suggested_again_until_undone(database: Database) -> None:
    ana, ana_again, other = _people(database, "Ana Silva", "Ana Silva", "Ana Sylva")
    assert _pairs(database) == {(ana, ana_again), (ana, other), (ana_again, other)}
    dismissal, changes = dismiss_pair(database, other, ana, now=WHEN)
    assert changes.candidates == {ana, other}
    assert _pairs(database) == {(ana, ana_again), (ana_again, other)}
    # Saying it again keeps the first dismissal.
    assert dismiss_pair(database, ana, other)[0] == dismissal
    # Looking a stored person up leaves out whom they were said not to be.
    found = duplicates_of_values(
        database, {"full_name": "Ana Silva", "location": "Porto"}, exclude=ana
    )
    assert {person.id for person, _reasons in found} == {ana_again}
    [shown] = list_dismissals(database)
    assert (shown.first_name, shown.second_name, shown.at) == ("Ana Silva", "Ana Sylva", WHEN)
    trail = [(entry.action, entry.detail) for entry in list_audit(database, ana)]
    assert ("not a duplicate", f"not the same person as candidate {other}") in trail
    assert any(entry.action == "not a duplicate" for entry in list_audit(database, other))
    suggest_again(database, dismissal)
    assert _pairs(database) == {(ana, ana_again), (ana, other), (ana_again, other)}
    assert list_dismissals(database) == []
    assert any(entry.action == "duplicate suggested again" for entry in list_audit(database, ana))


def test_a_dismissal_of_one_person_with_themself_or_nobody_is_refused(
    database: Database,
) -> None:
    [ana] = _people(database, "Ana Silva")
    with pytest.raises(RefusedError, match="same person as themself"):
        dismiss_pair(database, ana, ana)
    with pytest.raises(KnownError, match="no candidate with id 999"):
        dismiss_pair(database, ana, 999)
    with pytest.raises(KnownError, match="no dismissed pair"):
        suggest_again(database, 5)
    assert _dismissed(database) == set()


def test_a_dismissal_survives_merges_and_comes_back_with_an_undo(database: Database) -> None:
    ana, twin, bruno, carla = _people(database, "Ana Silva", "ANA SILVA", "Bruno", "Carla")
    dismiss_pair(database, ana, bruno)
    dismiss_pair(database, twin, carla)
    dismiss_pair(database, twin, bruno)
    dismiss_pair(database, ana, twin)
    # The user merges the two they had said were two people after all: what was said of
    # the absorbed one holds for the kept one; the pair of the two themselves goes, and
    # the kept one's own dismissal with Bruno is not doubled.
    merge_id, _changes = merge_candidates(database, ana, twin, {}, now=WHEN)
    assert _dismissed(database) == {(ana, bruno), (ana, carla)}
    undo_merge(database, merge_id)
    assert _dismissed(database) == {(ana, bruno), (twin, carla), (twin, bruno), (ana, twin)}
    # Merging others (Bruno into Carla) leaves Ana's dismissals of them as they were,
    # carried to the one kept.
    merge_candidates(database, carla, bruno, {}, now=WHEN)
    assert _dismissed(database) == {(ana, carla), (twin, carla), (ana, twin)}


def test_erasing_a_candidate_erases_their_dismissals(database: Database) -> None:
    ana, bruno, carla = _people(database, "Ana Silva", "Bruno", "Carla")
    dismiss_pair(database, ana, bruno)
    dismiss_pair(database, bruno, carla)
    dismiss_pair(database, ana, carla)
    erase_candidate(database, bruno)
    assert _dismissed(database) == {(ana, carla)}
    # The others' trails name Bruno by id only: nothing of him stays.
    for kept in (ana, carla):
        assert all("Bruno" not in (entry.detail or "") for entry in list_audit(database, kept))
