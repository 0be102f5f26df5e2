"""Who did what: each workstation's user name on the candidate's edits, moves, notes,
scorecards, imports, merges, interviews and messages, and on a position's edits, newest
first; an undone move adds an entry and keeps the earlier ones."""

import getpass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from tests import templates

from recruitdesk.domain.interview import ScorecardAnswers
from recruitdesk.domain.interview_schedule import InterviewKind, InterviewPlan
from recruitdesk.domain.outreach import Channel, Direction
from recruitdesk.storage.audit import list_audit, list_position_audit
from recruitdesk.storage.board.moves import move_cards, undo_move
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate, update_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.interviews import schedule_interview
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.notes import add_note
from recruitdesk.storage.outreach import log_message, set_do_not_contact
from recruitdesk.storage.positions import create_position, update_position
from recruitdesk.storage.scorecards import save_scorecard
from recruitdesk.transfer.bundle_merge import import_bundle
from recruitdesk.transfer.export_bundle import export_bundle
from recruitdesk.transfer.formats import import_file

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_every_write_names_its_workstation_newest_first(db_path: Path) -> None:
    with templates.open_empty(db_path) as ana, open_database(str(db_path)) as bea:
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


def test_imports_merges_interviews_outreach_and_position_edits_name_their_actor(
    db_path: Path, tmp_path: Path
) -> None:
    with templates.open_empty(db_path) as ana:
        ana.actor = "Ana"
        csv = tmp_path / "people.csv"
        csv.write_text("full_name,email\nAda Byron,ada@example.com\n", encoding="utf-8")
        import_file(ana, csv)
        [ada] = _candidates(ana)
        csv.write_text(
            "full_name,email,phone\nAda Byron,ada@example.com,+44 20 7946 0000\n", "utf-8"
        )
        import_file(ana, csv)
        position_id, _ = create_position(ana, {"title": "Data Engineer"})
        update_position(ana, position_id, {"title": "Senior Data Engineer"})
        application_id, _ = add_to_board(ana, ada, position_id)
        plan = InterviewPlan(InterviewKind.SCREENING, datetime(2099, 2, 2, 15, 0), "UTC", 30)
        schedule_interview(ana, application_id, plan)
        log_message(ana, ada, direction=Direction.OUT, channel=Channel.EML)
        set_do_not_contact(ana, ada, True)
        trail = [(e.actor, e.action, e.detail) for e in list_audit(ana, ada)]
        assert trail == [
            ("Ana", "outreach", "Asked not to be contacted"),
            ("Ana", "outreach", "Sent by eml"),
            ("Ana", "interview", "Scheduled a screening interview"),
            ("Ana", "board", "Senior Data Engineer: on the board in Sourced"),
            ("Ana", "import", f"Updated from {csv.name}"),
            ("Ana", "import", f"Added from {csv.name}"),
        ]
        assert [(e.actor, e.action, e.detail) for e in list_position_audit(ana, position_id)] == [
            ("Ana", "edit", "title"),
            ("Ana", "create", None),
        ]
        bundle = tmp_path / "team.zip"
        export_bundle(ana, bundle)
    with templates.open_empty(tmp_path / "other.sqlite") as bea:
        bea.actor = "Bea"
        import_bundle(bea, bundle)
        [merged] = _candidates(bea)
        assert [(e.actor, e.action) for e in list_audit(bea, merged)] == [("Bea", "merge")]


def _candidates(database: Database) -> list[int]:
    with database.read() as session:
        return list(session.scalars(select(Candidate.id)))
