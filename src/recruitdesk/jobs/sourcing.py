"""Sourcing in the app: a run queued as a job of the persistent queue
(``jobs/sourcing_job.py`` runs it), then the preview of what adding its people would
do, then adding the ones the recruiter ticked.

Nothing is added without the recruiter: the preview stores nothing but the
do-not-contact mark of a known person whose profile refuses recruiters
(``storage/sourcing.py``); the view adds the rows the user ticks with
:func:`add_people`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from recruitdesk.analysis.github.run_state import new_run
from recruitdesk.domain.sourced import Found
from recruitdesk.domain.taxonomy import Region
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.sourcing import Sourced, SourcingOutcome, source_people
from recruitdesk.storage.sourcing_runs import QueuedRun, RunView, prune_answers, queue_run
from recruitdesk.tokens import suppression_key


@dataclass(frozen=True, slots=True)
class Preview:
    """The people a run found and what adding them would do."""

    people: tuple[Sourced, ...]
    api_requests: int
    notice: str | None
    changes: Changes


def queue_sourcing(
    database: Database, kind: str, target: str, limit: int, position_id: int | None = None
) -> QueuedRun:
    """Queue the sourcing of ``target`` (checked first: one sentence when it is not
    one); the same sourcing stopped before goes on where it stopped."""
    fresh = new_run(kind, target, limit)
    prune_answers(database, datetime.now(UTC))
    return queue_run(database, fresh.to_json(), position_id)


def preview_run(database: Database, run: RunView, found: Sequence[Found]) -> Preview:
    """What adding the people a finished run found (``run.found``) would do; it stores
    the do-not-contact marks it finds, so it is a write."""
    outcome = source_people(
        database,
        found,
        position_id=None,
        key=suppression_key(create=False),
        now=datetime.now(UTC),
    )
    state = run.run.state
    return Preview(
        outcome.people, int(state.get("api_requests") or 0), state.get("notice"), outcome.changes
    )


def add_people(
    database: Database,
    people: Sequence[Found],
    position_id: int,
    regions: Mapping[str, Region | None],
) -> SourcingOutcome:
    """Add the people the user ticked to the position as sourced, with the regions they
    chose, and queue their analyses."""
    return source_people(
        database,
        people,
        position_id=position_id,
        key=suppression_key(create=False),
        now=datetime.now(UTC),
        regions=regions,
    )
