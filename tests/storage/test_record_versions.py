"""No silent overwrite: two windows (two Database objects, or two processes) on one SQLite
file; a save over a newer version is refused with both values, then made over it."""

from functools import partial
from pathlib import Path

import pytest
from tests import team_processes, templates

from recruitdesk.domain.interview import ScorecardAnswers
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate, get_candidate, update_candidate
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.notes import add_note, edit_note, list_notes
from recruitdesk.storage.positions import create_position, get_position, update_position
from recruitdesk.storage.scorecards import list_scorecards, save_scorecard
from recruitdesk.storage.versions import EditConflictError


def test_a_save_over_a_newer_candidate_is_refused_with_both_values(db_path: Path) -> None:
    with templates.open_empty(db_path) as mine, open_database(str(db_path)) as theirs:
        candidate_id, _ = create_candidate(
            mine, {"full_name": "Ada Byron", "phone": "+44 1111 1111"}
        )
        seen = get_candidate(mine, candidate_id)
        update_candidate(theirs, candidate_id, {"phone": "+44 2222 2222", "location": "Leeds"})
        with pytest.raises(EditConflictError) as raised:
            update_candidate(
                mine,
                candidate_id,
                {"phone": "+44 3333 3333", "source": "meetup"},
                version=seen.version,
            )
        conflict = raised.value
        assert conflict.mine == {"phone": "+44 3333 3333", "source": "meetup"}
        assert conflict.theirs == {"phone": "+44 2222 2222", "source": None}
        assert conflict.differing == ["phone", "source"]
        assert get_candidate(mine, candidate_id).phone == "+44 2222 2222"  # nothing was written
        # The user keeps their source and takes the other phone: saved over their version.
        update_candidate(mine, candidate_id, {"source": "meetup"}, version=conflict.version)
        now = get_candidate(theirs, candidate_id)
        assert (now.phone, now.location, now.source) == ("+44 2222 2222", "Leeds", "meetup")
        assert now.version == conflict.version + 1


def test_an_edit_in_another_process_is_noticed(db_path: Path) -> None:
    with templates.open_empty(db_path) as database:
        candidate_id, _ = create_candidate(database, {"full_name": "Grace Hopper"})
        seen = get_candidate(database, candidate_id)
    # A process of its own forked from the fork server: a fresh interpreter importing
    # the storage layer again cost about a second of CPU.
    with team_processes.process_pool(1) as other:
        other.apply(team_processes.save_location, (str(db_path), candidate_id, None, "Arlington"))
    with open_database(str(db_path)) as database:
        with pytest.raises(EditConflictError) as raised:
            update_candidate(database, candidate_id, {"location": "NYC"}, version=seen.version)
        assert (raised.value.mine, raised.value.theirs) == (
            {"location": "NYC"},
            {"location": "Arlington"},
        )
        assert "saved elsewhere" in str(raised.value)


def test_notes_positions_and_scorecards_refuse_a_stale_save(db_path: Path) -> None:
    with templates.open_empty(db_path) as mine, open_database(str(db_path)) as theirs:
        candidate_id, _ = create_candidate(mine, {"full_name": "Alan Turing"})
        note_id, _ = add_note(mine, candidate_id, "first call went well")
        note = list_notes(mine, candidate_id)[0]
        edit_note(theirs, note_id, body="first call went very well", version=note.version)
        with pytest.raises(EditConflictError) as raised:
            edit_note(mine, note_id, body="call went badly", version=note.version)
        assert raised.value.theirs == {"body": "first call went very well"}

        position_id, _ = create_position(mine, {"title": "Data Engineer"})
        position = get_position(mine, position_id)
        update_position(theirs, position_id, {"company": "Acme"}, version=position.version)
        with pytest.raises(EditConflictError) as stale_position:
            update_position(mine, position_id, {"company": "Initech"}, version=position.version)
        assert stale_position.value.theirs == {"company": "Acme"}

        application_id, _ = add_to_board(mine, candidate_id, position_id)
        card_id, _ = save_scorecard(mine, application_id, ScorecardAnswers(ratings={"q2_gil": 2}))
        card = list_scorecards(mine, application_id)[0]
        over_card = partial(save_scorecard, scorecard_id=card_id, version=card.version)
        over_card(theirs, application_id, ScorecardAnswers(ratings={"q2_gil": 4}))
        with pytest.raises(EditConflictError):
            over_card(mine, application_id, ScorecardAnswers(ratings={"q2_gil": 1}))
        assert list_scorecards(mine, application_id)[0].answers.ratings == {"q2_gil": 4}
