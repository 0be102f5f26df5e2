"""Pipeline analytics of a position, a client or the whole base: a handful of SQL
aggregates over ``stage_changes`` and ``applications`` whose small results
:mod:`recruitdesk.domain.funnel` turns into figures.

Four statements, each one pass over the scope's rows: per application its furthest
stage, first change and hire (grouped again by furthest stage, current stage and whole
days to hire); whole days spent in each stage (``lag`` over an application's changes);
applications and hires per source; reasons per closed-out stage. At 100,000 candidates
the lot runs well under half a second (``benchmarks/bench_analytics.py``).
"""

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


def _per_application(session: Session, scope: Scope) -> list[tuple[int, str, int | None, int]]:
    """(furthest forward stage's index, current stage, whole days to hire or None, count)."""
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
    rows = session.execute(
        select(inner.c.reached, Application.stage, inner.c.hire_days, func.count())
        .join(Application, Application.id == inner.c.app)
        .group_by(inner.c.reached, Application.stage, inner.c.hire_days)
    )
    return [(int(r), str(s), None if d is None else int(d), int(n)) for r, s, d, n in rows]


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


def _sources(session: Session, scope: Scope) -> list[tuple[str | None, int, int]]:
    hired = func.count().filter(Application.stage == Stage.HIRED.value)
    statement = select(Candidate.source, func.count(), hired).join(
        Application, Application.candidate_id == Candidate.id
    )
    rows = session.execute(_in_scope(statement, scope, joined=True).group_by(Candidate.source))
    return [(source, int(total), int(hires)) for source, total, hires in rows]


def _reasons(session: Session, scope: Scope) -> dict[str, list[tuple[str | None, int]]]:
    statement = select(Application.stage, Application.rejection_reason, func.count()).where(
        Application.stage.in_((Stage.REJECTED.value, Stage.WITHDRAWN.value))
    )
    rows = session.execute(
        _in_scope(statement, scope, joined=True).group_by(
            Application.stage, Application.rejection_reason
        )
    )
    reasons: dict[str, list[tuple[str | None, int]]] = {}
    for stage, reason, count in rows:
        reasons.setdefault(stage, []).append((reason, int(count)))
    return reasons


def pipeline_analytics(database: Database, scope: Scope) -> PipelineAnalytics:
    """The funnel, times, sources, reasons and offers of ``scope``'s applications."""
    with database.read() as session:
        label = _label(session, scope)
        per_application = _per_application(session, scope)
        stage_days = _stage_days(session, scope)
        sources = _sources(session, scope)
        reasons = _reasons(session, scope)
    furthest: dict[Stage, int] = {}
    after_offer: dict[Stage, int] = {}
    hire_days: dict[int, int] = {}
    total = 0
    for reached, current, days, count in per_application:
        total += count
        if reached < 0:
            continue
        stage = FORWARD_STAGES[reached]
        furthest[stage] = furthest.get(stage, 0) + count
        if reached >= _OFFER:
            after_offer[Stage(current)] = after_offer.get(Stage(current), 0) + count
        if days is not None:
            hire_days[days] = hire_days.get(days, 0) + count
    return PipelineAnalytics(
        scope=label,
        applications=total,
        funnel=funnel(furthest),
        stage_times=stage_times(stage_days),
        time_to_hire=hire_time(hire_days),
        sources=source_shares(sources),
        rejections=rejection_shares(reasons.get(Stage.REJECTED.value, [])),
        withdrawals=withdrawal_shares(reasons.get(Stage.WITHDRAWN.value, [])),
        offers=offer_outcome(after_offer),
    )
