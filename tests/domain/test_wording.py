"""Plurals and ordinals: one helper for every count the app prints."""

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recruitdesk.domain import wording
from recruitdesk.domain.wording import clock_time, count, ordinal, plural


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


def test_a_clock_time_names_its_zone(berlin: None) -> None:
    moment = datetime(2026, 12, 1, 7, 39, tzinfo=UTC)
    assert clock_time(moment, now=datetime(2026, 12, 1, 7, 27, tzinfo=UTC)) == "08:39 CET"
    summer = datetime(2026, 7, 1, 6, 39, tzinfo=UTC)
    assert clock_time(summer, now=summer) == "08:39 CEST"


def test_a_clock_time_on_another_day_names_the_day(berlin: None) -> None:
    moment = datetime(2026, 12, 2, 7, 39, tzinfo=UTC)
    assert clock_time(moment, now=datetime(2026, 12, 1, 22, 0, tzinfo=UTC)) == "Wed 2 Dec 08:39 CET"
    # 23:30 UTC on the 1st is already the 2nd in Berlin: the local day counts.
    late = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    assert clock_time(late, now=datetime(2026, 12, 2, 0, 10, tzinfo=UTC)) == "00:30 CET"


def test_a_zone_without_a_short_name_is_given_as_an_offset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "<+0530>-05:30")
    time.tzset()
    try:
        moment = datetime(2026, 12, 1, 3, 9, tzinfo=UTC)
        assert clock_time(moment, now=moment) == "08:39 UTC+05:30"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_no_module_makes_its_own_plurals() -> None:
    """One plural helper: a hand-made "card{'s' if n != 1 else ''}" in a view is how
    "1 candidates" came back."""
    made = re.compile(r"""\{\s*['"](e?s)?['"]\s+if\b[^}]*else\s+['"](e?s)?['"]\s*\}""")
    source = Path(wording.__file__).parents[1]
    found = [
        f"{path.relative_to(source)}:{number}"
        for path in sorted(source.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if made.search(line)
    ]
    assert found == []
