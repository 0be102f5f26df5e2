import pytest
from hypothesis import given
from hypothesis import strategies as st

from recruitdesk.domain.pipeline import (
    BOARD_STAGES,
    TOTAL_WEEKS,
    TYPICAL_DURATIONS,
    MoveRefusedError,
    Stage,
    StageHealth,
    check_move,
    is_move_allowed,
    next_stage,
    previous_stage,
    stage_health,
)

stages = st.sampled_from(list(Stage))


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Stage.SOURCED, Stage.CONTACTED),
        (Stage.SOURCED, Stage.TECHNICAL),  # fast-tracking a referral
        (Stage.TECHNICAL, Stage.SCREENING),  # a second screen
        (Stage.OFFER, Stage.HIRED),
        (Stage.SCREENING, Stage.REJECTED),
        (Stage.FINAL, Stage.WITHDRAWN),
        (Stage.REJECTED, Stage.SCREENING),  # reopened
        (Stage.WITHDRAWN, Stage.CONTACTED),
    ],
)
def test_allowed_moves(source: Stage, target: Stage) -> None:
    check_move(source, target)
    assert is_move_allowed(source, target)


@pytest.mark.parametrize(
    ("source", "target", "says"),
    [
        (Stage.SCREENING, Stage.SCREENING, "already in Screening"),
        (Stage.HIRED, Stage.OFFER, "stays hired"),
        (Stage.HIRED, Stage.REJECTED, "stays hired"),
        (Stage.FINAL, Stage.HIRED, "offer stage"),
        (Stage.SOURCED, Stage.HIRED, "offer stage"),
        (Stage.REJECTED, Stage.WITHDRAWN, "Reopen"),
        (Stage.REJECTED, Stage.HIRED, "offer stage"),
    ],
)
def test_refused_moves_say_why(source: Stage, target: Stage, says: str) -> None:
    with pytest.raises(MoveRefusedError, match=says):
        check_move(source, target)
    assert not is_move_allowed(source, target)


@given(stages, stages)
def test_hired_is_reached_only_from_offer_and_never_left(source: Stage, target: Stage) -> None:
    if is_move_allowed(source, target):
        assert source is not Stage.HIRED
        assert target is not Stage.HIRED or source is Stage.OFFER
        assert source != target


def test_board_shows_every_stage_once_in_pipeline_order() -> None:
    assert [s.value for s in BOARD_STAGES] == [
        "sourced", "contacted", "screening", "technical", "final", "offer", "hired",
        "rejected", "withdrawn",
    ]  # fmt: skip
    assert {s for s in Stage if s.is_terminal} == {Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN}


def test_next_and_previous_walk_the_forward_stages() -> None:
    assert next_stage(Stage.SOURCED) is Stage.CONTACTED
    assert next_stage(Stage.OFFER) is Stage.HIRED
    assert next_stage(Stage.HIRED) is None
    assert next_stage(Stage.REJECTED) is None
    assert previous_stage(Stage.CONTACTED) is Stage.SOURCED
    assert previous_stage(Stage.SOURCED) is None
    assert previous_stage(Stage.WITHDRAWN) is None


def test_typical_durations_add_up_to_the_sources_total() -> None:
    """The hiring timeline of the seed: 5-9 weeks for a direct hire."""
    low = sum(d.min_days for d in TYPICAL_DURATIONS.values())
    high = sum(d.max_days for d in TYPICAL_DURATIONS.values())
    assert (low, high) == (TOTAL_WEEKS[0] * 7, TOTAL_WEEKS[1] * 7)
    assert not any(stage.is_terminal for stage in TYPICAL_DURATIONS)


def test_stage_health_flags_a_card_that_overstays() -> None:
    assert stage_health(Stage.SCREENING, 3) is StageHealth.ON_TRACK
    assert stage_health(Stage.SCREENING, 7) is StageHealth.ON_TRACK
    assert stage_health(Stage.SCREENING, 9) is StageHealth.LATE
    assert stage_health(Stage.SCREENING, 11) is StageHealth.OVERDUE
    assert stage_health(Stage.OFFER, 27) is StageHealth.ON_TRACK
    assert stage_health(Stage.HIRED, 400) is StageHealth.NOT_TIMED
