"""Two workstations moving cards in one column at once: every card keeps a rank of its
own (on PostgreSQL two moves once read the same neighbours and shared ranks)."""

import random
import threading

from sqlalchemy import func, select

from recruitdesk.storage.board.moves import move_cards
from recruitdesk.storage.board.new_cards import add_cards
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Application, Position

CARDS = 40
MOVES_EACH = 40


def _workstation(url: str, ids: list[int], seed: int, start: threading.Barrier) -> None:
    chance = random.Random(seed)
    with open_database(url) as database:
        start.wait()
        for _ in range(MOVES_EACH):
            moved = chance.choice(ids)
            # Half to the end of the column, half in front of another card.
            before = chance.choice([None, chance.choice(ids)])
            move_cards(database, [moved], "sourced", before_id=None if before == moved else before)


def test_concurrent_moves_in_one_column_keep_every_rank_distinct(database: Database) -> None:
    with database.write() as session:
        position = Position(title="Platform Engineer")
        session.add(position)
        session.flush()
        position_id = position.id
    candidates = [create_candidate(database, {"full_name": f"P {n}"})[0] for n in range(CARDS)]
    ids, _ = add_cards(database, position_id, candidates)
    url = database.url.render_as_string(hide_password=False)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def run(seed: int) -> None:
        try:
            _workstation(url, ids, seed, start)
        except BaseException as error:  # handed to the test's thread
            failures.append(error)
            start.abort()

    workers = [threading.Thread(target=run, args=(seed,)) for seed in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    with database.read() as session:
        total, distinct = session.execute(
            select(func.count(), func.count(func.distinct(Application.rank))).where(
                Application.position_id == position_id, Application.stage == "sourced"
            )
        ).one()
    assert (total, distinct) == (CARDS, CARDS)
