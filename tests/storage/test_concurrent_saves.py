"""Two workstations saving one candidate over the same version at the same moment: one
save wins, the other is refused with both values (on PostgreSQL the second waits for
the first's row lock, then sees its version)."""

import threading
from dataclasses import dataclass, field

from recruitdesk.storage.candidates import create_candidate, get_candidate, update_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.versions import EditConflictError

ROUNDS = 8


@dataclass
class Round:
    candidate_id: int
    version: int
    start: threading.Barrier = field(default_factory=lambda: threading.Barrier(2))
    #: "saved", or the version a refusal reported.
    outcomes: list[str | int] = field(default_factory=list)

    def save(self, workstation: Database, name: str) -> None:
        self.start.wait()
        try:
            update_candidate(
                workstation,
                self.candidate_id,
                {name: f"{name} {self.version}"},
                version=self.version,
            )
        except EditConflictError as conflict:
            self.outcomes.append(conflict.version)
        else:
            self.outcomes.append("saved")


def test_of_two_saves_over_one_version_one_wins(database: Database) -> None:
    candidate_id, _ = create_candidate(database, {"full_name": "Ada Byron"})
    url = database.url.render_as_string(hide_password=False)
    with open_database(url) as first, open_database(url) as second:
        for _ in range(ROUNDS):
            version = get_candidate(database, candidate_id).version
            race = Round(candidate_id, version)
            workers = [
                threading.Thread(target=race.save, args=(first, "location")),
                threading.Thread(target=race.save, args=(second, "source")),
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            assert sorted(race.outcomes, key=str) == [version + 1, "saved"]
            assert get_candidate(database, candidate_id).version == version + 1
