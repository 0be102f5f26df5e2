"""A refused move or scorecard is a known error (its sentence shown as it is), never a
``ValueError`` that a broad ``except ValueError`` would swallow by accident."""

import pytest

from recruitdesk.domain.interview import ScorecardAnswers, ScorecardError, check_answers
from recruitdesk.domain.pipeline import MoveRefusedError, Stage, check_move
from recruitdesk.errors import KnownError, RefusedError


def test_a_refused_move_is_a_known_error_not_a_value_error() -> None:
    with pytest.raises(MoveRefusedError) as caught:
        check_move(Stage.HIRED, Stage.SCREENING)
    assert isinstance(caught.value, RefusedError)
    assert isinstance(caught.value, KnownError)
    assert not isinstance(caught.value, ValueError)


def test_a_refused_scorecard_is_a_known_error_not_a_value_error() -> None:
    with pytest.raises(ScorecardError) as caught:
        check_answers(ScorecardAnswers(ratings={"no such item": 3}))
    assert isinstance(caught.value, RefusedError)
    assert isinstance(caught.value, KnownError)
    assert not isinstance(caught.value, ValueError)
