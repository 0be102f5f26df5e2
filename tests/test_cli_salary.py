"""``recruitdesk salary`` and ``recruitdesk search``: the seeds' figures in JSON, one
clear line for bad input, a bad rates file reported and the built-in table used."""

import json
from datetime import date
from pathlib import Path

import pytest
from tests import templates
from tests.cli.running import run_cli

from recruitdesk.cli import main
from recruitdesk.resources import resource_path
from recruitdesk.storage.rate_files import RATES_ENV


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["salary", *args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def test_eastern_europe_senior_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--region", "eastern_europe", "--level", "senior")
    assert data["region"] == "eastern_europe"
    assert data["level"] == "senior"
    assert data["currency"] == "USD"
    assert data["hourly"] == {**data["hourly"], "min": 60, "max": 100}  # type: ignore[dict-item]
    sources = data["sources"]
    assert isinstance(sources, list)
    assert {s["document"] for s in sources} == {
        "000_de4aeff6f938fcaa.txt",
        "001_76b30190388735e8.txt",
    }


def test_us_canada_senior_annual_starts_at_150000(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys, "--region", "US / Canada", "--level", "Senior", "--track", "web_backend"
    )
    annual = data["annual"]
    assert isinstance(annual, dict)
    assert annual["min"] == 150_000
    assert annual["open_ended"] is True
    assert data["track"] == "web_backend"


def test_contract_ml_and_an_ask(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys,
        *("--region", "eastern_europe", "--level", "senior", "--contract", "--ml"),
        *("--ask", "92", "--ask-period", "hour"),
    )
    assert data["basis"] == "hourly"
    hourly = data["hourly"]
    assert isinstance(hourly, dict)
    assert (hourly["min"], hourly["max"]) == (69, 130)
    assert data["ask"] == {
        "amount": 92,
        "verdict": "within",
        "percentile": 37.7,
        "against": "hourly",
    }


def test_text_output_names_the_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["salary", "--region", "us_canada", "--level", "senior", "--contract"]) == 0
    out = capsys.readouterr().out
    assert "$100\u2013180+/h" in out
    assert "FAQ: How much does a Python developer cost in 2026?" in out
    assert "1,800 working hours a year" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--region", "mars", "--level", "senior"], "Unknown region 'mars'; use one of: us_"),
        (["--region", "asia", "--level", "godlike"], "Unknown level 'godlike'"),
        (["--region", "asia", "--level", "senior", "--track", "x"], "Unknown track 'x'"),
        (["--region", "asia", "--level", "senior", "--ask", "abc"], "'abc' is not a number"),
        (["--region", "asia", "--level", "senior", "--ask", "-3"], "more than 0"),
    ],
)
def test_bad_input_is_bad_usage(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ran = run_cli(capsys, "salary", *args)
    assert ran.returncode == 2
    lines = ran.stderr.strip().splitlines()
    assert lines[0].startswith("usage: recruitdesk salary")
    error = lines[-1]
    assert error.startswith("recruitdesk salary: error: ")
    assert says in error


def test_a_contract_ask_is_per_hour_unless_told(capsys: pytest.CaptureFixture[str]) -> None:
    region = ("--region", "us_canada", "--level", "senior")
    hourly = run_json(capsys, *region, "--contract", "--ask", "90")["ask"]
    assert hourly == {"amount": 90, "verdict": "below", "percentile": None, "against": "hourly"}
    assert run_cli(capsys, "salary", *region, "--contract", "--ask", "90").stdout.endswith(
        "ask: $90/h: below the band by 10%\n"
    )
    yearly = run_json(capsys, *region, "--contract", "--ask", "180000", "--ask-period", "year")
    assert yearly["ask"] == {**yearly["ask"], "verdict": "within", "against": "annual"}  # type: ignore[dict-item]
    full_time = run_json(capsys, *region, "--ask", "90")["ask"]
    assert full_time == {**full_time, "verdict": "below", "against": "annual"}  # type: ignore[dict-item]


def test_a_bad_rates_file_is_reported_and_the_built_in_table_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = resource_path("market_rates.json").read_text(encoding="utf-8")
    broken = tmp_path / "rates.json"
    broken.write_text(text.replace('"max": 100,', '"max": "100 USD",', 1), encoding="utf-8")
    monkeypatch.setenv(RATES_ENV, str(broken))
    assert main(["salary", "--region", "eastern_europe", "--level", "senior", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["rates"] == "built-in (version 2026.2, 2026-11-21)"
    assert data["hourly"]["max"] == 100
    assert str(broken) in err
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"max": 100,' in row)
    assert f"line {line}" in err
    assert "Using the built-in rates" in err


def test_search_command(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates.demo_file(db_path, candidates=30, seed=9, as_of=date(2026, 11, 21))
    assert main(["--db", str(db_path), "search", "level:senior", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits
    assert {hit["level"] for hit in hits} == {"senior"}
    assert main(["--db", str(db_path), "search", "zzzzqqq"]) == 0
    assert capsys.readouterr().out.strip() == "0 found"
