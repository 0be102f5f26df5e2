"""Plurals and ordinals: one helper for every count the app prints."""

import pytest

from recruitdesk.domain.wording import count, ordinal, plural


@pytest.mark.parametrize(
    ("number", "expected"),
    [(0, "0 pages"), (1, "1 page"), (2, "2 pages"), (1200, "1,200 pages"), (-1, "-1 pages")],
)
def test_count(number: int, expected: str) -> None:
    assert count(number, "page") == expected


def test_irregular_plural() -> None:
    assert count(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "person"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "0th"),
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (100, "100th"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_ordinal(number: int, expected: str) -> None:
    assert ordinal(number) == expected
