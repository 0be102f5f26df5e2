"""Generated pipeline histories with their figures counted the plain way: clients,
positions, candidates and applications whose stage changes fall on whole days, written
in bulk, and what the analytics must find in them. The analytics tests and
``benchmarks/bench_analytics.py`` share it."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from recruitdesk.domain.pipeline import FORWARD_STAGES, REJECTION_REASONS, WITHDRAWAL_REASONS, Stage
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.clients import Client
from recruitdesk.storage.models.pipeline import Application, Candidate, Position, StageChange

SOURCES = ("Referral", "LinkedIn", "GitHub search", "referral ", None)
START = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@dataclass
class Expected:
    """What a scope's analytics must show, counted from the histories as generated."""

    furthest: Counter[Stage] = field(default_factory=Counter)
    stage_days: dict[Stage, Counter[int]] = field(default_factory=dict)
    hire_days: Counter[int] = field(default_factory=Counter)
    after_offer: Counter[Stage] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    rejections: Counter[str] = field(default_factory=Counter)
    applications: int = 0


def _history(rng: random.Random) -> tuple[list[tuple[Stage, int]], str | None]:
    """Stage changes as (stage, day), and the reason of a closing move."""
    day = rng.randrange(0, 200)
    changes = [(Stage.SOURCED, day)]
    index = 0
    while index < 5 and rng.random() < 0.6:
        index += 2 if rng.random() < 0.1 and index < 4 else 1
        day += rng.randrange(1, 15)
        changes.append((FORWARD_STAGES[index], day))
    if index == 5 and rng.random() < 0.6:
        changes.append((Stage.HIRED, day + rng.randrange(10, 30)))
        return changes, None
    roll = rng.random()
    if roll < 0.4:
        reason = rng.choice((*REJECTION_REASONS, "Not a fit, says the team", ""))
        changes.append((Stage.REJECTED, day + rng.randrange(1, 5)))
        return changes, reason
    if roll < 0.55:
        changes.append((Stage.WITHDRAWN, day + rng.randrange(1, 5)))
        return changes, rng.choice(WITHDRAWAL_REASONS)
    return changes, None


def generate(
    database: Database, candidates: int, *, clients: int = 3, positions: int = 6, seed: int = 1
) -> dict[int, Expected]:
    """Fill an empty database; returns the expected figures per client id (positions go
    to clients in turn) and, under key 0, of the whole base."""
    rng = random.Random(seed)
    expected: dict[int, Expected] = {0: Expected()}
    client_rows = [{"id": n, "uid": f"cl{n}", "name": f"Client {n}"} for n in range(1, clients + 1)]
    position_rows = [
        {
            "id": n,
            "uid": f"p{n}",
            "title": f"Engineer {n}",
            "company": f"Client {(n - 1) % clients + 1}",
            "client_id": (n - 1) % clients + 1,
        }
        for n in range(1, positions + 1)
    ]
    candidate_rows = []
    application_rows = []
    change_rows = []
    for n in range(1, candidates + 1):
        source = rng.choice(SOURCES)
        candidate_rows.append(
            {"id": n, "uid": f"c{n}", "full_name": f"Person {n}", "source": source}
        )
        position_id = rng.randrange(1, positions + 1)
        client_id = (position_id - 1) % clients + 1
        changes, reason = _history(rng)
        stage = changes[-1][0]
        application_rows.append(
            {
                "id": n,
                "uid": f"a{n}",
                "candidate_id": n,
                "position_id": position_id,
                "stage": stage.value,
                "rank": float(n),
                "entered_stage_at": START + timedelta(days=changes[-1][1]),
                "rejection_reason": reason,
            }
        )
        previous: tuple[Stage, int] | None = None
        for moved, day in changes:
            change_rows.append(
                {
                    "uid": f"s{len(change_rows)}",
                    "application_id": n,
                    "from_stage": previous[0].value if previous else None,
                    "to_stage": moved.value,
                    "changed_at": START + timedelta(days=day),
                }
            )
            previous = (moved, day)
        for scope in (expected[0], expected.setdefault(client_id, Expected())):
            _count(scope, changes, stage, reason, source)
    with database.write() as session:
        session.execute(Client.__table__.insert(), client_rows)
        session.execute(Position.__table__.insert(), position_rows)
        for rows, model in (
            (candidate_rows, Candidate),
            (application_rows, Application),
            (change_rows, StageChange),
        ):
            # Core's executemany: the ORM's bulk insert splits rows by which keys are
            # None, one statement per row here.
            for at in range(0, len(rows), 20_000):
                session.execute(model.__table__.insert(), rows[at : at + 20_000])
    return expected


def _count(
    scope: Expected,
    changes: list[tuple[Stage, int]],
    stage: Stage,
    reason: str | None,
    source: str | None,
) -> None:
    scope.applications += 1
    forward = [s for s, _day in changes if s in FORWARD_STAGES]
    furthest = max(forward, key=FORWARD_STAGES.index)
    scope.furthest[furthest] += 1
    for (left, entered), (_next, moved) in pairwise(changes):
        if left in FORWARD_STAGES and left is not Stage.HIRED:
            scope.stage_days.setdefault(left, Counter())[moved - entered] += 1
    if stage is Stage.HIRED:
        scope.hire_days[changes[-1][1] - changes[0][1]] += 1
    if FORWARD_STAGES.index(furthest) >= FORWARD_STAGES.index(Stage.OFFER):
        scope.after_offer[stage] += 1
    scope.sources[" ".join((source or "").split()).casefold() or "not recorded"] += 1
    if stage is Stage.REJECTED:
        scope.rejections[reason or ""] += 1
