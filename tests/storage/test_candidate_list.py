"""The Candidates view's list: counted, paged, filtered and sorted in SQL."""

from datetime import UTC, datetime

from recruitdesk.storage.candidate_list import (
    CandidateQuery,
    candidate_page,
    count_candidates,
    read_candidate_rows,
)
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_the_list_reads_in_pages_filtered_and_sorted(database: Database) -> None:
    for number in range(5):
        create_candidate(database, {"full_name": f"P{number}", "tags": ["x"]})
    query = CandidateQuery()
    first = candidate_page(database, query, limit=2)
    rest = candidate_page(database, query, offset=2, limit=10)
    assert [row.full_name for row in first + rest] == [f"P{n}" for n in range(5)]
    assert count_candidates(database) == 5
    backwards = CandidateQuery(sort="full_name", descending=True)
    assert candidate_page(database, backwards, limit=1)[0].full_name == "P4"
    only = CandidateQuery(text="p3 X")
    assert [r.full_name for r in candidate_page(database, only)] == ["P3"]
    assert count_candidates(database, only) == 1
    assert count_candidates(database, CandidateQuery(text="100%_")) == 0
    assert [r.full_name for r in read_candidate_rows(database, [rest[0].id, 999])] == ["P2"]
    assert rest[0].tags == ("x",)
