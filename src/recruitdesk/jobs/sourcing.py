"""A sourcing run as background work (plain Python: the Sourcing view runs it through
``gui/operations.py``): the people found, fetched resumably with the run's state and
GitHub's answers kept in the database, then the preview of what adding them would do.

Nothing is added here: the preview stores nothing but the do-not-contact mark of a
known person whose profile refuses recruiters (``storage/sourcing.py``); the view adds
the rows the user ticks with :func:`add_people`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from recruitdesk.analysis.github.client import SECONDS_BETWEEN_REQUESTS
from recruitdesk.analysis.github.pacing import Pacing
from recruitdesk.analysis.github.people_run import RunState, new_run, run_sourcing
from recruitdesk.domain.sourced import Found
from recruitdesk.domain.taxonomy import Region
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.sourcing import Sourced, SourcingOutcome, source_people
from recruitdesk.storage.sourcing_runs import (
    DatabaseCache,
    drop_run,
    prune_answers,
    save_run,
    start_run,
)
from recruitdesk.tokens import sourcing_token, suppression_key


@dataclass(frozen=True, slots=True)
class Preview:
    """The people a run found and what adding them would do."""

    people: tuple[Sourced, ...]
    api_requests: int
    notice: str | None
    #: How far the run had got before (``None``: it started afresh).
    resumed_from: str | None
    changes: Changes


def find_people(
    database: Database,
    kind: str,
    target: str,
    limit: int,
    *,
    api_url: str,
    position_id: int | None = None,
    token: str | None = None,
    progress: Progress = NO_PROGRESS,
    pacing: Pacing | None = None,
    seconds_between_requests: float = SECONDS_BETWEEN_REQUESTS,
) -> Preview:
    """Run (or go on with) the sourcing of ``target`` and preview its people."""
    fresh = new_run(kind, target, limit)
    prune_answers(database, datetime.now(UTC))
    stored = start_run(database, fresh.to_json(), position_id)
    state = RunState.from_json(stored.state)
    resumed = state.describe() if state.pages_done else None
    found = run_sourcing(
        state,
        api_url=api_url,
        token=token if token is not None else sourcing_token(),
        cache=DatabaseCache(database),
        pacing=pacing or Pacing(progress=progress),
        checkpoint=lambda saved: save_run(database, stored.id, saved.to_json()),
        progress=progress,
        seconds_between_requests=seconds_between_requests,
    )
    drop_run(database, stored.id)  # done: its list of people is not kept
    outcome = source_people(
        database,
        found.people,
        position_id=None,
        key=suppression_key(create=False),
        now=datetime.now(UTC),
    )
    return Preview(outcome.people, found.api_requests, found.notice, resumed, outcome.changes)


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
