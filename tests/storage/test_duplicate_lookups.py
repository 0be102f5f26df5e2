"""One person's duplicates are looked up through the indexes (a query that writes an
indexed expression differently, or with a parameter for a literal, scans the whole
table instead), and still find the same person however it was written."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from recruitdesk.storage.database import Database
from recruitdesk.storage.duplicates import duplicates_of_values
from recruitdesk.storage.models.pipeline import Candidate


@contextmanager
def _statements(database: Database) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", record)


def _plans(database: Database, statements: list[tuple[str, Any]]) -> list[str]:
    with database.engine.connect() as connection:
        return [
            " | ".join(
                str(row[3])
                for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters)
            )
            for sql, parameters in statements
        ]


def test_one_person_is_looked_up_by_index_and_found(database: Database) -> None:
    with database.write() as session:
        session.add_all(
            [
                Candidate(
                    full_name="Jane Doe",
                    email="Jane.Doe@Example.org",
                    github_login="JaneD",
                    phone="+49 30 1234567",
                    location="Berlin, Germany",
                ),
                Candidate(full_name="Joe Bloggs", phone="+44 20 7946 0000", location="London"),
            ]
        )
    asked = {
        "full_name": "DOE, Jane",
        "email": "jane.doe@example.ORG",
        "github_login": "janed",
        "phone": "0049-30-123-45-67",
        "location": "berlin",
    }
    with _statements(database) as statements:
        found = duplicates_of_values(database, asked)

    assert [(person.full_name, len(reasons)) for person, reasons in found] == [("Jane Doe", 4)]
    plans = _plans(database, statements)
    assert len(plans) == 4
    for plan in plans:
        assert "USING INDEX ix_candidates_" in plan, plan
        assert "SCAN candidates" not in plan, plan
