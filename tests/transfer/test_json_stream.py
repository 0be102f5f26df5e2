"""JSON arrays read a chunk at a time give what ``json`` gives for the whole text, and
name the same lines, however the chunks fall."""

import io
import json

import pytest

from recruitdesk.errors import KnownError
from recruitdesk.transfer import text_files
from recruitdesk.transfer.text_files import iter_json_items

ITEMS = [
    {"name": "Ana", "skills": ["python", "sql"], "years": 12345},
    123456789,
    "a string with, commas ] and [ brackets",
    {"nested": {"deeper": [1, 2, {"x": None}]}},
    -0.5e10,
    True,
]


@pytest.mark.parametrize("chunk", [1, 3, 7, 64, 1 << 20])
def test_items_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(text_files, "_READ_CHARS", chunk)
    text = "[\n" + ",\n".join(json.dumps(item) for item in ITEMS) + "\n]\n"
    found = list(iter_json_items(io.StringIO(text), "t.json"))
    assert [value for _line, value in found] == ITEMS
    assert [line for line, _value in found] == [2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("chunk", [1, 5, 1 << 20])
def test_an_error_names_the_same_line_and_column(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(text_files, "_READ_CHARS", chunk)
    text = '[\n  {"a": 1},\n  {"b": 2},\n  {"c": tru}\n]'
    with pytest.raises(KnownError, match=r"t\.json is not valid JSON: line 4 column 9: "):
        list(iter_json_items(io.StringIO(text), "t.json"))


def test_an_item_larger_than_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_files, "_READ_CHARS", 1000)
    monkeypatch.setattr(text_files, "MAX_ITEM_CHARS", 5000)
    text = '[{"a": "' + "x" * 20_000 + '"}]'
    with pytest.raises(KnownError, match="item on line 1 is larger than"):
        list(iter_json_items(io.StringIO(text), "t.json"))
