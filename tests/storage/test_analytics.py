"""Pipeline analytics on generated histories in a real SQLite file: every figure equals
what a plain count of the generated histories gives, per client and for the base."""

import statistics
from collections import Counter

import pytest
from tests.storage.pipeline_histories import Expected, generate

from recruitdesk.domain.funnel import NO_REASON, OTHER_REASON, DurationFigures
from recruitdesk.domain.pipeline import FORWARD_STAGES, REJECTION_REASONS, Stage
from recruitdesk.errors import KnownError
from recruitdesk.storage.analytics import Scope, pipeline_analytics
from recruitdesk.storage.database import Database


def _at(counts: Counter[int], share: float) -> float:
    values = sorted(counts.elements())
    return float(values[int(share * (len(values) - 1))])


def _check_durations(found: DurationFigures, counts: Counter[int]) -> None:
    assert found.count == sum(counts.values())
    if counts:
        assert found.median_days == _at(counts, 0.5)
        assert found.p90_days == _at(counts, 0.9)
        assert found.mean_days == pytest.approx(statistics.fmean(counts.elements()))


def _check(database: Database, scope: Scope, expected: Expected) -> None:
    found = pipeline_analytics(database, scope)
    assert found.applications == expected.applications
    reached = [
        sum(n for stage, n in expected.furthest.items() if FORWARD_STAGES.index(stage) >= i)
        for i in range(len(FORWARD_STAGES))
    ]
    assert [step.reached for step in found.funnel] == reached
    assert found.funnel[0].reached == expected.applications
    for index, step in enumerate(found.funnel[:-1]):
        assert step.pass_rate == pytest.approx(reached[index + 1] / reached[index])
    assert found.funnel[-1].pass_rate is None
    for stage_time in found.stage_times:
        _check_durations(stage_time.figures, expected.stage_days.get(stage_time.stage, Counter()))
    _check_durations(found.time_to_hire, expected.hire_days)
    assert (found.time_to_hire.typical_min, found.time_to_hire.typical_max) == (35, 63)
    assert found.offers.made == sum(expected.after_offer.values())
    assert found.offers.accepted == expected.after_offer[Stage.HIRED]
    assert found.offers.declined == (
        expected.after_offer[Stage.REJECTED] + expected.after_offer[Stage.WITHDRAWN]
    )
    assert {s.label.casefold(): s.count for s in found.sources} == dict(expected.sources)
    assert sum(s.hired for s in found.sources) == expected.furthest[Stage.HIRED]
    rejections = Counter[str]()
    for reason, count in expected.rejections.items():
        key = reason if reason in REJECTION_REASONS else OTHER_REASON if reason else NO_REASON
        rejections[key] += count
    assert {s.label: s.count for s in found.rejections} == dict(rejections)


def test_analytics_match_the_generated_histories(database: Database) -> None:
    expected = generate(database, 3000, clients=3, positions=7, seed=11)
    _check(database, Scope(), expected[0])
    for client_id in (1, 2, 3):
        _check(database, Scope(client_id=client_id), expected[client_id])
    assert sum(expected[c].applications for c in (1, 2, 3)) == 3000


def test_one_position_is_its_own_scope(database: Database) -> None:
    generate(database, 400, clients=1, positions=4, seed=3)
    per_position = [pipeline_analytics(database, Scope(position_id=p)) for p in (1, 2, 3, 4)]
    whole = pipeline_analytics(database, Scope(client_id=1))
    assert sum(p.applications for p in per_position) == whole.applications == 400
    for index in range(len(FORWARD_STAGES)):
        assert sum(p.funnel[index].reached for p in per_position) == whole.funnel[index].reached
    assert per_position[0].scope == "Engineer 1 — Client 1"


def test_an_empty_scope_has_no_figures(database: Database) -> None:
    found = pipeline_analytics(database, Scope())
    assert found.applications == 0
    assert all(step.reached == 0 and step.pass_rate is None for step in found.funnel)
    assert found.time_to_hire.median_days is None
    assert found.offers.acceptance_rate is None


def test_an_unknown_position_or_client_is_one_sentence(database: Database) -> None:
    with pytest.raises(KnownError, match=r"^There is no position with id 9\.$"):
        pipeline_analytics(database, Scope(position_id=9))
    with pytest.raises(KnownError, match=r"^There is no client with id 4\.$"):
        pipeline_analytics(database, Scope(client_id=4))
