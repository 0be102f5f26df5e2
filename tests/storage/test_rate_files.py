"""The rates file: the shipped one holds the built-in figures, a file with a mistake is
refused with its name and line, and the app falls back to the built-in table and says so."""

import json
import os
from pathlib import Path

import pytest

from recruitdesk.domain.rate_table import BUILTIN_FIGURES, BUILTIN_SOURCES, builtin_table
from recruitdesk.domain.salary import calculate
from recruitdesk.domain.taxonomy import Level, Region
from recruitdesk.storage.rate_files import (
    RATES_ENV,
    RatesFileError,
    current_rates,
    load_rates,
    parse_rates,
    shipped_rates_path,
)

SHIPPED = shipped_rates_path()
DOC_000 = "000_de4aeff6f938fcaa.txt"
DOC_001 = "001_76b30190388735e8.txt"


def shipped_lines() -> list[str]:
    return SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)


def test_the_shipped_file_holds_the_built_in_figures_with_version_date_and_sources() -> None:
    loaded = load_rates(SHIPPED)
    assert loaded.figures == BUILTIN_FIGURES
    # Readers see a title and year, never the document's file name.
    assert {k: (s.title, s.year) for k, s in loaded.sources.items()} == {
        k: (s.title, s.year) for k, s in BUILTIN_SOURCES.items()
    }
    assert all(s.title and ".txt" not in s.cite() for s in loaded.sources.values())
    assert loaded.version == builtin_table().version
    assert loaded.date == "2026-11-21"
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for figure in raw["figures"]:
        source = raw["sources"][figure["source"]]
        assert source["document"] in (DOC_000, DOC_001)
    assert "us_canada" in raw["sources"]["annual_2026"]["note"]
    assert raw["defaults"]["hours_per_year"] == 1800
    assert raw["derivation"]["hourly_from_annual"]


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "rates.json"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def line_of(lines: list[str], needle: str) -> int:
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_a_malformed_number_names_the_file_and_line(tmp_path: Path) -> None:
    lines = shipped_lines()
    target = line_of(lines, '"region": "eastern_europe", "level": "senior", "basis": "hourly"')
    lines[target - 1] = lines[target - 1].replace('"min": 60,', '"min": "60k",')
    path = write(tmp_path, lines)
    with pytest.raises(RatesFileError) as caught:
        load_rates(path)
    assert caught.value.line == target
    assert str(path) in str(caught.value)
    assert f"line {target}" in str(caught.value)
    assert '"60k"' in str(caught.value)


def test_an_unknown_key_names_the_line(tmp_path: Path) -> None:
    lines = shipped_lines()
    target = line_of(lines, '"hours_per_year": 1800')
    lines[target - 1] = lines[target - 1].replace('"hours_per_year"', '"hours_per_yaer"')
    with pytest.raises(RatesFileError, match="unknown key 'hours_per_yaer'") as caught:
        load_rates(write(tmp_path, lines))
    assert caught.value.line == target


def test_a_missing_region_names_the_figures_line(tmp_path: Path) -> None:
    lines = shipped_lines()
    asia = line_of(lines, '"region": "asia"')
    del lines[asia - 1]
    with pytest.raises(RatesFileError, match="no figure for region 'asia'") as caught:
        load_rates(write(tmp_path, lines))
    assert caught.value.line == line_of(lines, '"figures"')


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    lines = shipped_lines()
    target = line_of(lines, '"version"')
    lines[target - 1] = lines[target - 1].replace(",", "", 1)
    with pytest.raises(RatesFileError, match="not valid JSON") as caught:
        load_rates(write(tmp_path, lines))
    assert caught.value.line == target + 1


def test_other_mistakes_are_refused_too() -> None:
    good = SHIPPED.read_text(encoding="utf-8")
    for before, after, message in (
        ('"max": 100, "currency": "USD", "source": "hourly_table_2026"}', '"max": 10, '
         '"currency": "USD", "source": "hourly_table_2026"}', "max is below min"),
        ('"source": "annual_2026", "open_ended"', '"source": "nowhere", "open_ended"',
         "no source named 'nowhere'"),
        ('"region": "latin_america"', '"region": "atlantis"', "unknown region 'atlantis'"),
        ('"format": 2', '"format": 1', "format must be 2"),
        ('"min": 40, "max": 70', '"min": -40, "max": 70', "outside"),
    ):  # fmt: skip
        assert before in good, before
        with pytest.raises(RatesFileError, match=message):
            parse_rates(good.replace(before, after, 1), "rates.json")


def test_the_app_falls_back_to_the_built_in_table_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(RATES_ENV, raising=False)
    broken = tmp_path / "mine.json"
    broken.write_text('{"format": 2,\n "versoin": "x"}\n', encoding="utf-8")
    loaded = current_rates(broken)
    assert loaded.using_builtin
    assert loaded.problem is not None
    assert str(broken) in loaded.problem
    assert "line 2" in loaded.problem
    assert "Using the built-in rates" in loaded.describe()
    calculated = calculate(loaded.table, Region.EASTERN_EUROPE, Level.SENIOR)
    assert calculated.hourly is not None
    assert calculated.hourly.min == 60
    missing = current_rates(tmp_path / "nowhere.json")
    assert missing.using_builtin
    assert missing.problem is not None
    assert "cannot be read" in missing.problem


def test_the_rates_come_from_the_option_then_the_environment_then_the_shipped_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(RATES_ENV, raising=False)
    shipped = current_rates()
    assert shipped.problem is None
    assert shipped.table.origin == str(SHIPPED)
    mine = tmp_path / "good.json"
    mine.write_text(SHIPPED.read_text(encoding="utf-8").replace("2026.2", "2027.1"), "utf-8")
    monkeypatch.setenv(RATES_ENV, str(mine))
    chosen = current_rates()
    assert chosen.problem is None
    assert chosen.table.version == "2027.1"
    assert str(mine) in chosen.describe()
    assert current_rates(SHIPPED).table.version == "2026.2"


def test_a_file_is_read_once_until_it_changes(tmp_path: Path) -> None:
    mine = tmp_path / "rates.json"
    mine.write_text(SHIPPED.read_text(encoding="utf-8"), "utf-8")
    os.utime(mine, ns=(1_000_000_000, 1_000_000_000))
    first = current_rates(mine)
    assert current_rates(mine) is first
    mine.write_text(SHIPPED.read_text(encoding="utf-8").replace("2026.2", "2027.1"), "utf-8")
    os.utime(mine, ns=(2_000_000_000, 2_000_000_000))
    edited = current_rates(mine)
    assert edited is not first
    assert edited.table.version == "2027.1"
