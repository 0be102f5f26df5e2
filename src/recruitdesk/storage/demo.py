"""``recruitdesk demo``: the sample (:mod:`recruitdesk.storage.demo_sample`) written
into an empty database.

Rows come as plain dicts with their ids and are inserted with executemany (one
statement per chunk of a table, one transaction for all), never an ORM add per row:
100,000 candidates take seconds. Progress is told between chunks, and a cancel rolls
the whole sample back.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, insert, select, text

from recruitdesk.domain.wording import count
from recruitdesk.errors import KnownError
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.analyses import add_analysis
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import link_companies
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo_interviews import demo_interviews
from recruitdesk.storage.demo_sample import build_sample
from recruitdesk.storage.models.outreach import Interview
from recruitdesk.storage.models.pipeline import Application, Candidate, Note, Position, StageChange

DEFAULT_CANDIDATES = 500
DEFAULT_SEED = 2026
#: The largest sample: 100,000 candidates take about 25 s and 185 MB; far more only
#: fills the memory.
MAX_CANDIDATES = 1_000_000


#: Makes the demo's stored analyses from its candidates' rows (the seed and day in
#: too): analysis records as ``add_analysis`` takes them. The analysis engine makes them
#: (``recruitdesk.jobs.demo_analyses``); storage only stores them.
AnalysesMaker = Callable[..., Sequence[Mapping[str, Any]]]


@dataclass(frozen=True, slots=True)
class DemoSummary:
    candidates: int
    positions: int
    applications: int
    stage_changes: int
    notes: int
    analyses: int = 0
    interviews: int = 0

    @property
    def changes(self) -> Changes:
        """A whole sample: every view reloads."""
        return Changes(everything=True)


def _chunks(rows: Sequence[dict[str, Any]], size: int = 5_000) -> list[Sequence[dict[str, Any]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def load_demo(
    database: Database,
    *,
    candidates: int = DEFAULT_CANDIDATES,
    seed: int = DEFAULT_SEED,
    as_of: date | None = None,
    progress: Progress = NO_PROGRESS,
    analyses: AnalysesMaker | None = None,
) -> DemoSummary:
    """Fill an empty database with the sample; refuse one that already holds people.
    ``analyses(candidate_rows, seed=, as_of=)`` gives stored analyses for some of them,
    written in the same transaction.

    A cancel through ``progress`` rolls the whole sample back."""
    if not 1 <= candidates <= MAX_CANDIDATES:
        raise KnownError(f"--candidates must be between 1 and {MAX_CANDIDATES:,}.")
    with database.read() as session:
        existing = session.scalar(select(func.count()).select_from(Candidate)) or 0
    if existing:
        raise KnownError(
            f"{database.display_name} already holds {count(existing, 'candidate')}; "
            "the demo sample goes into an empty database (use --db with a new file)."
        )
    progress.step(0, None, "making up the sample")
    day = as_of or date.today()
    sample = build_sample(candidates, seed=seed, as_of=day)
    records = [] if analyses is None else analyses(sample.candidates, seed=seed, as_of=day)
    interviews = demo_interviews(sample.applications, sample.candidates, seed=seed, as_of=day)
    tables = (
        (Position, sample.positions),
        (Candidate, sample.candidates),
        (Application, sample.applications),
        (StageChange, sample.stage_changes),
        (Note, sample.notes),
        (Interview, interviews),
    )
    total = sum(len(rows) for _model, rows in tables)
    written = 0
    with database.write() as session:
        for model, rows in tables:
            for chunk in _chunks(rows):
                progress.step(written, total, f"writing {model.__tablename__}")
                session.execute(insert(model.__table__), chunk)  # type: ignore[arg-type]
                written += len(chunk)
        link_companies(session, datetime.now(UTC))
        if session.get_bind().dialect.name == "postgresql":
            # The rows came with their ids: move each id sequence past them, or the next
            # insert would collide.
            for model in (Position, Candidate, Application, StageChange, Note):
                table = model.__tablename__
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        for done, record in enumerate(records):
            if done % 50 == 0:
                progress.step(done, len(records), "writing analyses")
            add_analysis(session, record)
    return DemoSummary(
        candidates=len(sample.candidates),
        positions=len(sample.positions),
        applications=len(sample.applications),
        stage_changes=len(sample.stage_changes),
        notes=len(sample.notes),
        analyses=len(records),
        interviews=len(interviews),
    )
