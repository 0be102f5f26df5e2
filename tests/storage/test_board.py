"""The board's reads and moves: lazy columns, one transaction per move, exact undo."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from recruitdesk.domain.pipeline import MoveRefusedError, Stage
from recruitdesk.errors import DatabaseError, KnownError
from recruitdesk.storage.board.cards import column_counts, read_cards, read_column
from recruitdesk.storage.board.moves import move_cards, redo_move, undo_move
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.pipeline import Application, Position, StageChange

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def make_position(database: Database, title: str = "Senior Python Engineer") -> int:
    with database.write() as session:
        position = Position(title=title, company="Acme")
        session.add(position)
        session.flush()
        return position.id


def make_card(
    database: Database,
    position_id: int,
    name: str,
    stage: str = "sourced",
    *,
    skills: tuple[str, ...] = ("python",),
    tags: tuple[str, ...] = (),
    when: datetime = NOW,
) -> int:
    candidate_id, _ = create_candidate(
        database, {"full_name": name, "skills": list(skills), "tags": list(tags)}
    )
    application_id, _ = add_to_board(database, candidate_id, position_id, "sourced", now=when)
    if stage != "sourced":
        move_cards(database, [application_id], stage, reason="Position filled or closed", now=when)
    return application_id


def names(database: Database, position_id: int, stage: str, text: str = "") -> list[str]:
    return [c.full_name for c in read_column(database, position_id, stage, text=text)]


def test_a_column_reads_in_rank_order_a_page_at_a_time(database: Database) -> None:
    position = make_position(database)
    for number in range(7):
        make_card(database, position, f"Person {number}")
    first = read_column(database, position, "sourced", limit=3)
    assert [c.full_name for c in first] == ["Person 0", "Person 1", "Person 2"]
    rest = read_column(database, position, "sourced", after=first[-1].sort_key, limit=10)
    assert [c.full_name for c in rest] == [f"Person {n}" for n in range(3, 7)]
    counts = column_counts(database, position)
    assert counts["sourced"] == 7
    assert counts["screening"] == 0
    assert set(counts) == {stage.value for stage in Stage}


def test_cards_carry_what_the_delegate_paints(database: Database) -> None:
    position = make_position(database)
    app_id = make_card(database, position, "Ana Lopez", when=NOW - timedelta(days=5))
    with database.write() as session:
        candidate_id = session.scalar(select(Application.candidate_id))
        for day, score in ((1, 40.0), (3, 81.0)):
            session.add(
                Analysis(
                    candidate_id=candidate_id,
                    source="github",
                    analyzed_at=NOW - timedelta(days=10 - day),
                    overall_score=score,
                )
            )
    (card,) = read_cards(database, [app_id])
    assert card.full_name == "Ana Lopez"
    assert card.overall_score == 81.0  # the newest analysis
    assert card.days_in_stage(NOW) == pytest.approx(5.0)


def test_the_filter_matches_name_skill_or_tag_and_every_word(database: Database) -> None:
    position = make_position(database)
    make_card(database, position, "Ana Lopez", skills=("django",), tags=("remote",))
    make_card(database, position, "Bo Chen", skills=("pandas",), tags=("referral",))
    make_card(database, position, "Cy 100%_Odd", skills=("fastapi",))
    assert names(database, position, "sourced", "lopez") == ["Ana Lopez"]
    assert names(database, position, "sourced", "PANDAS") == ["Bo Chen"]
    assert names(database, position, "sourced", "referral") == ["Bo Chen"]
    assert names(database, position, "sourced", "ana remote") == ["Ana Lopez"]
    assert names(database, position, "sourced", "ana pandas") == []
    assert names(database, position, "sourced", "%_") == ["Cy 100%_Odd"]  # no wildcards
    assert column_counts(database, position, "django")["sourced"] == 1


def test_a_move_saves_stage_rank_history_and_edit_times_at_once(database: Database) -> None:
    position = make_position(database)
    first = make_card(database, position, "Ana")
    moved = make_card(database, position, "Bo")
    later = NOW + timedelta(days=2)
    result = move_cards(database, [moved], "screening", now=later)
    assert result.stage_changed == (moved,)
    with database.read() as session:
        row = session.get(Application, moved)
        assert row is not None
        assert (row.stage, row.entered_stage_at) == ("screening", later)
        assert row.field_times["stage"] == later.isoformat()
        history = session.scalars(
            select(StageChange).where(StageChange.application_id == moved).order_by(StageChange.id)
        ).all()
        assert [(h.from_stage, h.to_stage) for h in history] == [
            (None, "sourced"),
            ("sourced", "screening"),
        ]
        assert history[-1].id in result.stage_change_ids
    assert names(database, position, "sourced") == ["Ana"]
    assert read_cards(database, [first])[0].stage == "sourced"


def test_a_refused_move_changes_nothing(database: Database) -> None:
    position = make_position(database)
    card = make_card(database, position, "Ana")
    with database.read() as session:
        before = session.scalar(select(func.count()).select_from(StageChange))
    with pytest.raises(MoveRefusedError, match="offer stage"):
        move_cards(database, [card], "hired")
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(StageChange)) == before
        row = session.get(Application, card)
        assert row is not None
        assert row.stage == "sourced"


def test_one_refused_card_refuses_the_whole_group(database: Database) -> None:
    position = make_position(database)
    fine = make_card(database, position, "Ana", "offer")
    refused = make_card(database, position, "Bo", "screening")
    with pytest.raises(MoveRefusedError):
        move_cards(database, [fine, refused], "hired")
    assert read_cards(database, [fine])[0].stage == "offer"


def test_closing_moves_need_a_reason_and_store_it(database: Database) -> None:
    position = make_position(database)
    card = make_card(database, position, "Ana", "screening")
    with pytest.raises(MoveRefusedError, match="needs a reason"):
        move_cards(database, [card], "rejected")
    move_cards(database, [card], "rejected", reason="Salary expectations above budget")
    with database.read() as session:
        row = session.get(Application, card)
        assert row is not None
        assert row.rejection_reason == "Salary expectations above budget"
        last = session.scalars(select(StageChange).order_by(StageChange.id.desc())).first()
        assert last is not None
        assert last.reason == "Salary expectations above budget"
    move_cards(database, [card], "contacted")  # reopened: the reason goes
    with database.read() as session:
        row = session.get(Application, card)
        assert row is not None
        assert row.rejection_reason is None


def test_cards_drop_before_a_card_in_the_order_given(database: Database) -> None:
    position = make_position(database)
    ids = [make_card(database, position, name) for name in ("A", "B", "C", "D", "E")]
    move_cards(database, [ids[4], ids[3]], "sourced", before_id=ids[1])
    assert names(database, position, "sourced") == ["A", "E", "D", "B", "C"]
    move_cards(database, [ids[0]], "sourced")  # no anchor: the end
    assert names(database, position, "sourced") == ["E", "D", "B", "C", "A"]
    move_cards(database, [ids[2]], "sourced", before_id=ids[4])  # the top
    assert names(database, position, "sourced") == ["C", "E", "D", "B", "A"]
    # Dropped onto one of the dragged cards: they stay where that card was.
    move_cards(database, [ids[3], ids[1]], "sourced", before_id=ids[3])
    assert names(database, position, "sourced") == ["C", "E", "D", "B", "A"]


def test_a_crowded_gap_renumbers_the_column_and_undo_restores_it(database: Database) -> None:
    position = make_position(database)
    ids = [make_card(database, position, name) for name in ("A", "B", "C")]
    with database.write() as session:
        for app_id, rank in zip(ids, (1.0, 1.0 + 1e-9, 2.0), strict=True):
            row = session.get(Application, app_id)
            assert row is not None
            row.rank = rank
    result = move_cards(database, [ids[2]], "sourced", before_id=ids[1])
    assert names(database, position, "sourced") == ["A", "C", "B"]
    ranks = sorted(card.rank for card in read_column(database, position, "sourced"))
    assert ranks == [1.0, 2.0, 3.0]
    undo_move(database, result)
    with database.read() as session:
        restored = [session.get(Application, app_id) for app_id in ids]
        assert [row.rank for row in restored if row] == [1.0, 1.0 + 1e-9, 2.0]


def history(database: Database, card: int) -> list[tuple[str | None, str, datetime]]:
    with database.read() as session:
        rows = session.execute(
            select(StageChange.from_stage, StageChange.to_stage, StageChange.changed_at)
            .where(StageChange.application_id == card)
            .order_by(StageChange.id)
        )
        return [(row[0], row[1], row[2].replace(tzinfo=UTC)) for row in rows]


def test_undo_and_redo_put_the_cards_back_and_only_append_history(database: Database) -> None:
    position = make_position(database)
    card = make_card(database, position, "Ana", "screening", when=NOW)
    other = make_card(database, position, "Bo", "technical")
    with database.read() as session:
        row = session.get(Application, card)
        assert row is not None
        before = (row.stage, row.rank, row.entered_stage_at, row.rejection_reason)
    earlier = history(database, card)
    moved_at, undone_at, redone_at = (NOW + timedelta(days) for days in (1, 2, 3))
    result = move_cards(
        database, [card], "withdrawn", reason="Accepted another offer", now=moved_at
    )
    changes = undo_move(database, result, now=undone_at)
    assert card in changes.applications
    with database.read() as session:
        row = session.get(Application, card)
        assert row is not None
        # The card is back exactly, its time in the stage too: the move was a mistake.
        assert (row.stage, row.rank, row.entered_stage_at, row.rejection_reason) == before
    # The move stays in the history, and its undo is appended after it.
    assert history(database, card) == [
        *earlier,
        ("screening", "withdrawn", moved_at),
        ("withdrawn", "screening", undone_at),
    ]
    again = redo_move(database, result, now=redone_at)
    with database.read() as session:
        row = session.get(Application, card)
        assert row is not None
        assert (row.stage, row.rejection_reason) == ("withdrawn", "Accepted another offer")
        redone = session.get(StageChange, again.stage_change_ids[0])
        assert redone is not None
        assert (redone.from_stage, redone.to_stage) == ("screening", "withdrawn")
        assert redone.reason == "Accepted another offer"
        # One time for the redone move: the history's and the card's.
        assert row.entered_stage_at.replace(tzinfo=UTC) == redone_at
        assert redone.changed_at.replace(tzinfo=UTC) == redone_at
    assert len(history(database, card)) == len(earlier) + 3
    undo_move(database, again)
    assert read_cards(database, [card])[0].stage == "screening"
    assert read_cards(database, [other])[0].stage == "technical"
    assert [step[:2] for step in history(database, card)[-2:]] == [
        ("screening", "withdrawn"),
        ("withdrawn", "screening"),
    ]


def test_a_reordering_undone_adds_no_history(database: Database) -> None:
    position = make_position(database)
    first, second = (make_card(database, position, name) for name in ("A", "B"))
    counted = len(history(database, first)) + len(history(database, second))
    undo_move(database, move_cards(database, [second], "sourced", before_id=first))
    assert len(history(database, first)) + len(history(database, second)) == counted


def test_moving_a_deleted_card_is_a_known_error(database: Database) -> None:
    position = make_position(database)
    card = make_card(database, position, "Ana")
    result = move_cards(database, [card], "contacted")
    with database.read() as session:
        candidate_id = session.scalar(select(Application.candidate_id))
    assert candidate_id is not None
    erase_candidate(database, candidate_id)
    with pytest.raises(KnownError, match="deleted"):
        move_cards(database, [card], "screening")
    with pytest.raises(KnownError, match="cannot be undone"):
        undo_move(database, result)
    with pytest.raises(KnownError, match="not a stage"):
        move_cards(database, [card], "limbo")


def test_cards_of_two_positions_do_not_move_together(database: Database) -> None:
    one = make_card(database, make_position(database, "One"), "Ana")
    two = make_card(database, make_position(database, "Two"), "Bo")
    with pytest.raises(KnownError, match="different positions"):
        move_cards(database, [one, two], "contacted")
    assert read_cards(database, [one, two], position_id=999) == []


def test_a_candidate_is_on_a_board_once(database: Database) -> None:
    position = make_position(database)
    candidate_id, _ = create_candidate(database, {"full_name": "Ana"})
    add_to_board(database, candidate_id, position)
    with pytest.raises(KnownError, match="already"):
        add_to_board(database, candidate_id, position)
    with pytest.raises(MoveRefusedError):
        add_to_board(database, candidate_id, make_position(database), "rejected")


def test_a_failure_half_way_rolls_the_whole_move_back(database: Database) -> None:
    """The history insert fails after the cards were updated: nothing stays changed."""
    position = make_position(database)
    ids = [make_card(database, position, name) for name in ("A", "B")]
    with database.write() as session:
        if database.is_sqlite:
            session.execute(
                text(
                    "CREATE TRIGGER no_history BEFORE INSERT ON stage_changes "
                    "BEGIN SELECT RAISE(ABORT, 'disk is full'); END"
                )
            )
        else:
            session.execute(
                text(
                    "CREATE FUNCTION no_history() RETURNS trigger AS $$ "
                    "BEGIN RAISE EXCEPTION 'disk is full'; END $$ LANGUAGE plpgsql"
                )
            )
            session.execute(
                text(
                    "CREATE TRIGGER no_history BEFORE INSERT ON stage_changes "
                    "FOR EACH ROW EXECUTE FUNCTION no_history()"
                )
            )
    with pytest.raises(DatabaseError, match="The move could not be saved: disk is full"):
        move_cards(database, ids, "screening")
    assert [card.stage for card in read_cards(database, ids)] == ["sourced", "sourced"]
    assert names(database, position, "sourced") == ["A", "B"]
