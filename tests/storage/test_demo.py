"""The demo sample: deterministic, realistic, and consistent with the pipeline rules."""

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from tests import templates

from recruitdesk.domain.pipeline import BOARD_STAGES, Stage, is_move_allowed
from recruitdesk.domain.taxonomy import Region, Track
from recruitdesk.errors import KnownError
from recruitdesk.progress import Cancelled, Progress
from recruitdesk.resources import load_json
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.demo_sample import build_sample
from recruitdesk.storage.interviews import scorecards_overdue, upcoming_interviews
from recruitdesk.storage.models.pipeline import Application, Candidate, Position, StageChange

AS_OF = date(2026, 11, 21)
TABLES = ("positions", "candidates", "applications", "stage_changes", "notes", "interviews")


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in TABLES
        }


def make(tmp_path: Path, name: str, seed: int, candidates: int = 400) -> Path:
    path = tmp_path / name
    with templates.open_empty(path) as database:
        load_demo(database, candidates=candidates, seed=seed, as_of=AS_OF)
    return path


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    first = dump(make(tmp_path, "a.sqlite", seed=11))
    again = dump(make(tmp_path, "b.sqlite", seed=11))
    other = dump(make(tmp_path, "c.sqlite", seed=12))
    assert first == again
    assert first["candidates"] != other["candidates"]
    assert len(first["candidates"]) == 400


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = templates.open_empty(path)
    load_demo(database, candidates=1500, seed=3, as_of=AS_OF)
    return database


def test_people_cover_every_region_and_track(sample: Database) -> None:
    with sample.read() as session:
        people = session.scalars(select(Candidate)).all()
    assert {p.region for p in people} == {r.value for r in Region}
    assert {p.track for p in people} == {t.value for t in Track}
    assert len({p.full_name.split()[0] for p in people}) > 100
    logins = [p.github_login for p in people if p.github_login]
    assert len(logins) == len(set(logins)) > len(people) // 2
    assert all(p.email and p.email.endswith("@example.com") for p in people)
    assert all(len(set(p.skills)) == len(p.skills) >= 3 for p in people)


def test_asks_sit_near_the_market_band(sample: Database) -> None:
    """Senior full-time asks in Eastern Europe near USD 50,000-90,000 (seed 000);
    senior contract asks there near USD 60-100 an hour (seed 001)."""
    with sample.read() as session:
        people = session.scalars(
            select(Candidate).where(
                Candidate.region == "eastern_europe", Candidate.level == "senior"
            )
        ).all()
    yearly = [p.ask_amount for p in people if p.ask_period == "year"]
    hourly = [p.ask_amount for p in people if p.ask_period == "hour"]
    assert yearly
    assert hourly
    assert all(45_000 <= a <= 99_000 for a in yearly if a is not None)
    assert all(50 <= a <= 110 for a in hourly if a is not None)


def test_every_board_has_every_stage(sample: Database) -> None:
    with sample.read() as session:
        positions = session.scalars(select(Position)).all()
        for position in positions:
            stages = set(
                session.scalars(
                    select(Application.stage).where(Application.position_id == position.id)
                )
            )
            assert stages == {s.value for s in BOARD_STAGES}, position.title


def test_histories_follow_the_rules_and_the_calendar(sample: Database) -> None:
    now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    with sample.read() as session:
        every = select(Application).options(
            selectinload(Application.stage_changes), selectinload(Application.candidate)
        )
        for card in session.scalars(every).all():
            history = sorted(card.stage_changes, key=lambda c: (c.changed_at, c.id))
            assert history[0].from_stage is None
            assert history[0].to_stage == Stage.SOURCED
            for change in history[1:]:
                assert is_move_allowed(Stage(change.from_stage), Stage(change.to_stage))
            assert history[-1].to_stage == card.stage
            assert history[-1].changed_at == card.entered_stage_at <= now
            assert card.created_at == history[0].changed_at
            assert card.candidate.created_at <= card.created_at
            assert now - card.entered_stage_at < timedelta(days=120)
            if Stage(card.stage).is_closed_out:
                assert card.rejection_reason
                assert history[-1].reason == card.rejection_reason


def test_ranks_are_distinct_within_each_column(sample: Database) -> None:
    with sample.read() as session:
        rows = session.execute(
            select(Application.position_id, Application.stage, Application.rank)
        ).all()
    assert len(rows) == len(set(rows))


def test_a_database_with_people_is_left_alone(sample: Database) -> None:
    with sample.read() as session:
        before = session.query(StageChange).count()
    with pytest.raises(KnownError, match="already holds 1,500 candidates"):
        load_demo(sample, candidates=10)
    with sample.read() as session:
        assert session.query(StageChange).count() == before


def test_a_cancel_between_chunks_leaves_the_database_empty(tmp_path: Path) -> None:
    asked: list[int] = []

    def cancel_after_the_first_chunk() -> bool:
        asked.append(1)
        return len(asked) > 2  # the sample is made, the positions' chunk is written

    with templates.open_empty(tmp_path / "cancelled.sqlite") as database:
        with pytest.raises(Cancelled):
            load_demo(
                database,
                candidates=300,
                as_of=AS_OF,
                progress=Progress(is_cancelled=cancel_after_the_first_chunk),
            )
        with database.read() as session:
            assert session.scalars(select(Position.id)).all() == []
            assert session.scalars(select(Candidate.id)).all() == []
    assert len(asked) == 3


def test_a_family_name_takes_the_form_of_the_given_names_gender() -> None:
    """Where the language has a woman's form of a family name (Kowalska, Nováková,
    Ivanova) it goes with a woman's given name, never "Dmytro Ivanova"."""
    regions = load_json("demo_sample.json")["regions"]
    forms: dict[str, str] = {}  # family name form -> gender
    for people in regions.values():
        for family in people["family"]:
            if isinstance(family, dict):
                forms.update({form: gender for gender, form in family.items()})
    assert {"Kowalska", "Kowalski", "Ivanova", "Ivanov", "Nováková"} <= set(forms)
    sample = build_sample(3_000, seed=7, as_of=date(2026, 11, 21))
    paired = 0
    for person in sample.candidates:
        people = regions[person["region"]]
        given, family = person["full_name"].split(" ", 1)
        gender = "female" if given in people["given"]["female"] else "male"
        assert given in people["given"][gender]
        if family in forms:
            assert forms[family] == gender, person["full_name"]
            paired += 1
    assert paired > 100


def test_a_working_week_of_interviews_and_scorecards_owed(sample: Database) -> None:
    morning = datetime.combine(AS_OF, datetime.min.time(), tzinfo=UTC)
    ahead = upcoming_interviews(sample, now=morning)
    owed = scorecards_overdue(sample, now=morning)
    assert len(ahead) >= 5
    assert 1 <= len(owed) <= 3
    with sample.read() as session:
        stage = {
            row.id: row.stage for row in session.execute(select(Application.id, Application.stage))
        }
    for interview in ahead + owed:
        local = interview.starts_at.astimezone(ZoneInfo(interview.time_zone))
        assert local.weekday() < 5
        assert 9 <= local.hour <= 16  # the candidate's own working hours
        assert stage[interview.application_id] in {"screening", "technical", "final"}
    assert all(interview.starts_at > morning for interview in ahead)
    assert all(interview.starts_at < morning - timedelta(days=1) for interview in owed)
