"""A decoded CSV file reaches the reader a piece at a time, line for line as a file
opened with ``newline=""`` gives it."""

import io

from recruitdesk.transfer.csv_people import _PIECE_CHARS, _lines


def test_pieces_give_the_lines_a_file_gives() -> None:
    rows = [
        'Ada,"two\nlines",x\r\n',
        "Zoë,plain,y\n",
        "old,mac,z\r",
        '"a\r\nb",c,\r\n',
        "\n",
    ]
    text = "".join(rows[i % len(rows)] for i in range(3 * _PIECE_CHARS // 10))
    assert len(text) > 2 * _PIECE_CHARS
    assert list(_lines(text)) == list(io.StringIO(text, newline=""))
    assert list(_lines("")) == []
    assert list(_lines("no end")) == ["no end"]
