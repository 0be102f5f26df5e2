"""Non-ASCII text is found as typed: JSON is stored in UTF-8, and the board filter, the
candidate list, the search and matching find "développeur" and "Zürich" in names,
skills, tags and locations, whatever the case, with or without the accents."""

import sqlite3

import pytest
from sqlalchemy import text

from recruitdesk.domain.matching.fit import ReasonKind
from recruitdesk.storage.board.cards import column_counts, read_column
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidate_list import CandidateQuery, candidate_page
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database, dump_json
from recruitdesk.storage.matching import rank_candidates
from recruitdesk.storage.models.pipeline import Position
from recruitdesk.storage.search import search_candidates
from recruitdesk.storage.textmatch import fold


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    """Three candidates on one board; only Zoë has non-ASCII text (in every field)."""
    with database.write() as session:
        position = Position(title="Développeur Python", must_have=["Développeur Python"])
        session.add(position)
        session.flush()
        position_id = position.id
    ids = {"position": position_id}
    for key, values in {
        "zoe": {
            "full_name": "Zoë Müller",
            "location": "Zürich, Switzerland",
            "skills": ["Développeur Python", "Django"],
            "tags": ["Genève office"],
        },
        "ana": {"full_name": "Ana Lopez", "location": "Zurich", "skills": ["Go"]},
        "bo": {"full_name": "Bo Chen", "location": "Berlin", "skills": ["Developer tools"]},
    }.items():
        ids[key], _ = create_candidate(database, values)
        add_to_board(database, ids[key], position_id, "sourced")
    return ids


def test_json_is_stored_as_utf8(database: Database, people: dict[str, int]) -> None:
    with database.read() as session:
        stored = session.execute(
            text("SELECT CAST(skills AS TEXT), CAST(tags AS TEXT) FROM candidates WHERE id = :id"),
            {"id": people["zoe"]},
        ).one()
    assert tuple(stored) == ('["Développeur Python", "Django"]', '["Genève office"]')


def test_a_value_that_cannot_be_utf8_keeps_its_escapes() -> None:
    assert dump_json(["Zürich"]) == '["Zürich"]'
    assert dump_json(["bad \udcff byte"]) == '["bad \\udcff byte"]'


def test_folding_removes_case_and_latin_accents() -> None:
    assert fold("ZÜRICH Développeur Ærø Łódź") == "zurich developpeur ærø łodz"
    assert fold("Zu\u0308rich") == "zurich"  # stored decomposed
    assert fold("İstanbul") == "istanbul"


def test_folding_agrees_with_the_search_index() -> None:
    """Every letter of the Latin blocks with diacritics folds as SQLite's FTS5
    tokenizer (``unicode61 remove_diacritics 2``) folds it, so the LIKE filters and the
    search find the same words."""
    blocks = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    letters = [chr(code) for code in blocks if chr(code).isalpha()]
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(
            "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')"
        )
        connection.executemany(
            "INSERT INTO t(rowid, x) VALUES (?, ?)",
            [(code, f"q{letter}q") for code, letter in enumerate(letters)],
        )
        connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        tokens = dict(connection.execute("SELECT doc, term FROM v").fetchall())
    finally:
        connection.close()
    folded = {code: f"q{fold(letter)}q" for code, letter in enumerate(letters)}
    assert tokens == folded


def board_names(database: Database, position_id: int, words: str) -> list[str]:
    cards = read_column(database, position_id, "sourced", text=words)
    return sorted(card.full_name for card in cards)


# Each table is checked on one database, not one per query: the set-up (a database and
# three people) was most of each query's time. A failure shows every query that differs.
BOARD_FINDS = {
    "développeur": ["Zoë Müller"],
    "DÉVELOPPEUR": ["Zoë Müller"],
    "developpeur": ["Zoë Müller"],
    "müller": ["Zoë Müller"],
    "MULLER zoe": ["Zoë Müller"],
    "genève": ["Zoë Müller"],  # a tag
    "GENEVE": ["Zoë Müller"],
    "develop": ["Bo Chen", "Zoë Müller"],
    "zürich": [],  # the board does not look at locations
}
LIST_FINDS = {
    "Zürich": ["Ana Lopez", "Zoë Müller"],
    "ZÜRICH": ["Ana Lopez", "Zoë Müller"],
    "zurich": ["Ana Lopez", "Zoë Müller"],
    "développeur": ["Zoë Müller"],
    "genève": ["Zoë Müller"],
    "zürich müller": ["Zoë Müller"],
}
SEARCH_FINDS = {
    "développeur": ["Zoë Müller"],
    "DÉVELOPPEUR": ["Zoë Müller"],
    "developpeur python": ["Zoë Müller"],
    "Zürich": ["Ana Lopez", "Zoë Müller"],  # a location
    "ZÜRICH": ["Ana Lopez", "Zoë Müller"],
    "zurich": ["Ana Lopez", "Zoë Müller"],
    "geneve": ["Zoë Müller"],  # a tag
    "zoe": ["Zoë Müller"],
    "müller zürich": ["Zoë Müller"],
}


def test_the_board_filter_finds_non_ascii_words(database: Database, people: dict[str, int]) -> None:
    position_id = people["position"]
    found = {words: board_names(database, position_id, words) for words in BOARD_FINDS}
    assert found == BOARD_FINDS
    counted = {
        words: column_counts(database, position_id, words)["sourced"] for words in BOARD_FINDS
    }
    assert counted == {words: len(names) for words, names in BOARD_FINDS.items()}


def test_the_candidate_list_finds_non_ascii_words(
    database: Database, people: dict[str, int]
) -> None:
    found = {
        words: sorted(row.full_name for row in candidate_page(database, CandidateQuery(text=words)))
        for words in LIST_FINDS
    }
    assert found == LIST_FINDS


def test_search_finds_non_ascii_words(database: Database, people: dict[str, int]) -> None:
    found = {
        words: sorted(hit.full_name for hit in search_candidates(database, words))
        for words in SEARCH_FINDS
    }
    assert found == SEARCH_FINDS


def test_matching_finds_a_non_ascii_skill_claimed(
    database: Database, people: dict[str, int]
) -> None:
    matches = {m.candidate_id: m for m in rank_candidates(database, people["position"])}
    claimed = {
        candidate_id
        for candidate_id, match in matches.items()
        if any(r.kind is ReasonKind.CLAIMED for r in match.reasons())
    }
    assert claimed == {people["zoe"]}
    assert matches[people["zoe"]].score > matches[people["bo"]].score


def test_matching_folds_the_case_of_a_non_ascii_skill(
    database: Database, people: dict[str, int]
) -> None:
    with database.write() as session:
        position = Position(title="Backend", must_have=["DÉVELOPPEUR PYTHON"])
        session.add(position)
        session.flush()
        position_id = position.id
    best = rank_candidates(database, position_id)[0]
    assert best.candidate_id == people["zoe"]
    assert [r.kind for r in best.reasons() if r.kind is ReasonKind.CLAIMED] == [ReasonKind.CLAIMED]
