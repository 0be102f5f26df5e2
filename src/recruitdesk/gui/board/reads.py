"""What the board reads in the background (docs/architecture.md, "Background
operations"): every column's count with its first page, or the cards a change touched.
Plain values only: they cross from a pool thread to the GUI thread."""

from dataclasses import dataclass

from recruitdesk.domain.pipeline import BOARD_STAGES, Stage
from recruitdesk.gui.board.card_model import FIRST_PAGE, LOOKAHEAD
from recruitdesk.storage.board.cards import Card, column_counts, read_cards, read_column
from recruitdesk.storage.database import Database


@dataclass(frozen=True, slots=True)
class ColumnsRead:
    """Every column of a position: its count, and its first page of cards."""

    counts: dict[str, int]
    pages: dict[Stage, list[Card]]


@dataclass(frozen=True, slots=True)
class CardsRead:
    """The cards a change touched (those still matching), and every column's count."""

    ids: frozenset[int]
    cards: list[Card]
    counts: dict[str, int]


def read_columns(database: Database, position_id: int, text: str) -> ColumnsRead:
    counts = column_counts(database, position_id, text)
    pages = {
        stage: read_column(
            database, position_id, stage.value, limit=FIRST_PAGE + LOOKAHEAD, text=text
        )
        for stage in BOARD_STAGES
        if counts.get(stage.value, 0)
    }
    return ColumnsRead(counts, pages)


def read_touched(database: Database, position_id: int, text: str, ids: frozenset[int]) -> CardsRead:
    cards = read_cards(database, sorted(ids), text, position_id=position_id)
    return CardsRead(ids, cards, column_counts(database, position_id, text))
