"""Who did what: each workstation's user name on the candidate's edits, moves, notes and
scorecards, newest first; an undone move adds an entry and keeps the earlier ones."""

import getpass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from recruitdesk.domain.interview import ScorecardAnswers
from recruitdesk.storage.audit import list_audit
from recruitdesk.storage.board.moves import move_cards, undo_move
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate, update_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.notes import add_note
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.scorecards import save_scorecard

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_every_write_names_its_workstation_newest_first(db_path: Path) -> None:
    with open_database(str(db_path)) as ana, open_database(str(db_path)) as bea:
        ana.actor, bea.actor = "Ana", "Bea"
        minute = iter(START + timedelta(minutes=n) for n in range(20))
        candidate_id, _ = create_candidate(ana, {"full_name": "Ada Byron"}, now=next(minute))
        position_id, _ = create_position(ana, {"title": "Data Engineer"})
        update_candidate(bea, candidate_id, {"phone": "+44 2222 2222"}, now=next(minute))
        application_id, _ = add_to_board(ana, candidate_id, position_id, now=next(minute))
        move = move_cards(bea, [application_id], "screening", now=next(minute))
        undo_move(ana, move, now=next(minute))
        add_note(bea, candidate_id, "Called back", author="Bea", now=next(minute))
        save_scorecard(
            ana, application_id, ScorecardAnswers(ratings={"q2_gil": 3}), now=next(minute)
        )
        trail = [(e.actor, e.action, e.detail) for e in list_audit(bea, candidate_id)]
        assert trail == [
            ("Ana", "scorecard", "Wrote a scorecard"),
            ("Bea", "note", "Added a note"),
            ("Ana", "undo", "Screening → Sourced"),
            ("Bea", "move", "Sourced → Screening"),
            ("Ana", "board", "Data Engineer: on the board in Sourced"),
            ("Bea", "edit", "phone"),
            ("Ana", "create", None),
        ]
        assert [e.at for e in list_audit(bea, candidate_id)][-1] == START


def test_the_trail_goes_with_the_candidate(database: Database) -> None:
    assert database.actor == getpass.getuser()  # until the settings name someone
    candidate_id, _ = create_candidate(database, {"full_name": "Grace Hopper"})
    assert len(list_audit(database, candidate_id)) == 1
    erase_candidate(database, candidate_id)
    assert list_audit(database, candidate_id) == []
