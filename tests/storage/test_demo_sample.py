"""The demo sample made up in memory, before any database sees it."""

from datetime import UTC, date, datetime, time

from recruitdesk.storage.demo_sample import build_sample

AS_OF = date(2026, 11, 21)


def test_the_same_seed_makes_the_same_rows() -> None:
    first = build_sample(300, seed=5, as_of=AS_OF)
    assert build_sample(300, seed=5, as_of=AS_OF) == first
    assert build_sample(300, seed=6, as_of=AS_OF).candidates != first.candidates


def test_rows_carry_consecutive_ids_and_point_at_rows_that_exist() -> None:
    sample = build_sample(600, seed=9, as_of=AS_OF)
    tables = (
        sample.positions,
        sample.candidates,
        sample.applications,
        sample.stage_changes,
        sample.notes,
    )
    for rows in tables:
        assert [row["id"] for row in rows] == list(range(1, len(rows) + 1))
    assert len(sample.candidates) == 600
    people = {row["id"] for row in sample.candidates}
    positions = {row["id"] for row in sample.positions}
    cards = {row["id"] for row in sample.applications}
    assert {row["candidate_id"] for row in sample.applications} <= people
    assert {row["position_id"] for row in sample.applications} <= positions
    assert {row["application_id"] for row in sample.stage_changes} == cards
    assert {row["candidate_id"] for row in sample.notes} <= people
    uids = [row["uid"] for rows in tables for row in rows]
    assert len(uids) == len(set(uids))


def test_nothing_is_dated_after_the_morning_of_the_day() -> None:
    sample = build_sample(400, seed=2, as_of=AS_OF)
    morning = datetime.combine(AS_OF, time(9, 0), tzinfo=UTC)
    moments = [row["changed_at"] for row in sample.stage_changes]
    moments += [row["created_at"] for row in sample.notes + sample.candidates]
    assert max(moments) <= morning
