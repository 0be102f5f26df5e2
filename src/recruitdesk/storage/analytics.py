"""Pipeline analytics of a position, a client or the whole base: a handful of SQL
aggregates over ``stage_changes`` and ``applications`` whose small results
:mod:`recruitdesk.domain.funnel` turns into figures.

Two statements, each one pass over the scope's rows: per application its furthest
stage and whole days to hire, grouped again with its current stage, its candidate's
source and its closing reason; and whole days spent in each stage (``lag`` over an
application's changes). Each leads with the scope's applications and reaches their
changes through the history index, so a position or a client costs what its own
pipeline holds, not the base (``benchmarks/bench_analytics.py``).
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    case,
    cast,
    extract,
    func,
    select,
)
from sqlalchemy.orm import Session

from recruitdesk.domain.funnel import (
    PipelineAnalytics,
    funnel,
    hire_time,
    offer_outcome,
    rejection_shares,
    source_shares,
    stage_times,
    withdrawal_shares,
)
from recruitdesk.domain.pipeline import FORWARD_STAGES, Stage
from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.clients import Client
from recruitdesk.storage.models.pipeline import Application, Candidate, Position, StageChange

_ORDER = {stage.value: index for index, stage in enumerate(FORWARD_STAGES)}
_OFFER = _ORDER[Stage.OFFER.value]


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose pipeline: one position, one client's positions, or every position."""

    position_id: int | None = None
    client_id: int | None = None


S = TypeVar("S", bound=Select[*tuple[Any, ...]])


def _in_scope(statement: S, scope: Scope, *, joined: bool = False) -> S:
    """``statement`` kept to the scope's applications; ``joined`` when it already has
    ``applications``, else it is joined from ``stage_changes``. The scope's few
    applications lead the plan, reaching their changes through the history index."""
    if scope.position_id is None and scope.client_id is None:
        return statement
    if not joined:
        statement = statement.join(Application, Application.id == StageChange.application_id)
    if scope.position_id is not None:
        return statement.where(Application.position_id == scope.position_id)
    return statement.join(Position, Position.id == Application.position_id).where(
        Position.client_id == scope.client_id
    )


def _label(session: Session, scope: Scope) -> str:
    if scope.position_id is not None:
        position = session.get(Position, scope.position_id)
        if position is None:
            raise KnownError(f"There is no position with id {scope.position_id}.")
        return f"{position.title} — {position.company}" if position.company else position.title
    if scope.client_id is not None:
        client = session.get(Client, scope.client_id)
        if client is None:
            raise KnownError(f"There is no client with id {scope.client_id}.")
        return client.name
    return "Every position"


@dataclass(frozen=True, slots=True)
class _Group:
    """Applications alike in everything the figures read, and how many."""

    reached: int
    stage: str
    hire_days: int | None
    source: str | None
    reason: str | None
    count: int


def _per_application(session: Session, scope: Scope) -> list[_Group]:
    """One pass: each application's furthest forward stage and days to hire from its
    changes, with its current stage, its candidate's source and its closing reason."""
    order = case(dict(_ORDER), value=StageChange.to_stage, else_=-1)
    at = _julian(session, StageChange.changed_at)
    hired = func.max(case((StageChange.to_stage == Stage.HIRED.value, at)))
    inner = _in_scope(
        select(
            StageChange.application_id.label("app"),
            func.max(order).label("reached"),
            _whole_days(session, hired - func.min(at)).label("hire_days"),
        ).group_by(StageChange.application_id),
        scope,
    ).subquery()
    closed = (Stage.REJECTED.value, Stage.WITHDRAWN.value)
    reason = case((Application.stage.in_(closed), Application.rejection_reason))
    columns = (inner.c.reached, Application.stage, inner.c.hire_days, Candidate.source, reason)
    rows = session.execute(
        select(*columns, func.count())
        .join(Application, Application.id == inner.c.app)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .group_by(*columns)
    )
    return [
        _Group(int(r), str(s), None if d is None else int(d), source, why, int(n))
        for r, s, d, source, why, n in rows
    ]


def _julian(session: Session, moment: Any) -> ColumnElement[Any]:
    """A time as a number of days, so a difference is one subtraction."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(moment)
    return extract("epoch", moment) / 86400.0


def _whole_days(session: Session, span: ColumnElement[Any]) -> ColumnElement[int]:
    # SQLite's CAST truncates, the same as floor for the non-negative spans counted.
    if session.get_bind().dialect.name == "sqlite":
        return cast(span, Integer)
    return cast(func.floor(span), Integer)


def _stage_days(session: Session, scope: Scope) -> dict[Stage, dict[int, int]]:
    """Whole days per stage left: each change against its application's previous one."""
    order = (StageChange.changed_at, StageChange.id)
    at = _julian(session, StageChange.changed_at)
    moves = _in_scope(
        select(
            func.lag(StageChange.to_stage)
            .over(partition_by=StageChange.application_id, order_by=order)
            .label("stage"),
            (at - func.lag(at).over(partition_by=StageChange.application_id, order_by=order)).label(
                "spent"
            ),
        ),
        scope,
    ).subquery()
    days = _whole_days(session, moves.c.spent)
    rows = session.execute(
        select(moves.c.stage, days, func.count())
        .where(moves.c.stage.is_not(None))
        .group_by(moves.c.stage, days)
    )
    histograms: dict[Stage, dict[int, int]] = {}
    for stage, spent, count in rows:
        if stage in _ORDER:
            histograms.setdefault(Stage(stage), {})[int(spent)] = int(count)
    return histograms


def pipeline_analytics(database: Database, scope: Scope) -> PipelineAnalytics:
    """The funnel, times, sources, reasons and offers of ``scope``'s applications."""
    with database.read() as session:
        label = _label(session, scope)
        groups = _per_application(session, scope)
        stage_days = _stage_days(session, scope)
    furthest: Counter[Stage] = Counter()
    after_offer: Counter[Stage] = Counter()
    hire_days: Counter[int] = Counter()
    sources: list[tuple[str | None, int, int]] = []
    reasons: dict[str, list[tuple[str | None, int]]] = {}
    for group in groups:
        hires = group.count if group.stage == Stage.HIRED.value else 0
        sources.append((group.source, group.count, hires))
        if group.stage in (Stage.REJECTED.value, Stage.WITHDRAWN.value):
            reasons.setdefault(group.stage, []).append((group.reason, group.count))
        if group.reached < 0:
            continue
        furthest[FORWARD_STAGES[group.reached]] += group.count
        if group.reached >= _OFFER:
            after_offer[Stage(group.stage)] += group.count
        if group.hire_days is not None:
            hire_days[group.hire_days] += group.count
    return PipelineAnalytics(
        scope=label,
        applications=sum(group.count for group in groups),
        funnel=funnel(furthest),
        stage_times=stage_times(stage_days),
        time_to_hire=hire_time(hire_days),
        sources=source_shares(sources),
        rejections=rejection_shares(reasons.get(Stage.REJECTED.value, [])),
        withdrawals=withdrawal_shares(reasons.get(Stage.WITHDRAWN.value, [])),
        offers=offer_outcome(after_offer),
    )
