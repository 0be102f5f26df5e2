"""The salary view: the bands of every region side by side, the candidate's ask marked,
the inputs recalculating, and the rates file in use said."""

from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame
from pytestqt.qtbot import QtBot

from recruitdesk.domain.rate_table import builtin_table
from recruitdesk.domain.salary import calculate
from recruitdesk.domain.taxonomy import Level, Region
from recruitdesk.gui.ask_bar import AskBar
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.salary.view import SalaryView
from recruitdesk.gui.style import colors
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.rate_files import RATES_ENV, shipped_rates_path


def make_view(qtbot: QtBot, database: Database) -> SalaryView:
    operations = Operations(ChangesHub())
    view = SalaryView(database, operations)
    operations.setParent(view)
    operations.hub.setParent(view)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    return view


def add_candidate(database: Database, **values: object) -> int:
    candidate_id, _ = create_candidate(database, values)
    return candidate_id


def test_every_region_side_by_side_with_the_seed_figures(qtbot: QtBot, database: Database) -> None:
    view = make_view(qtbot, database)
    assert view.objectName() == "salaryView"
    assert [r.region for r in view.chart.results] == list(Region)
    east = next(r for r in view.chart.results if r.region is Region.EASTERN_EUROPE)
    assert east.hourly is not None
    assert (east.hourly.min, east.hourly.max) == (60, 100)
    us = next(r for r in view.chart.results if r.region is Region.US_CANADA)
    assert us.annual is not None
    assert us.annual.min == 150_000
    text = view.details.text()
    assert "$60\u2013100/h" in text
    assert "A guide to hiring a senior Python developer (2026), Salary Expectations" in text
    assert ".txt" not in text
    assert view.rates_label.text() == "Rates version 2026.2 of 2026-11-21 (shipped with the app)"
    assert str(shipped_rates_path()) not in view.rates_label.toolTip()
    # The chart really paints the bars in the accent colour (blended over the panel).
    image = view.chart.grab().toImage()
    accent = QColor(colors()["accent"])
    assert accent.blue() - accent.red() > 100
    found = sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
        if image.pixelColor(x, y).blue() - image.pixelColor(x, y).red() > 100
    )
    assert found > 200


def test_the_candidates_ask_is_marked(qtbot: QtBot, database: Database) -> None:
    person = add_candidate(
        database,
        full_name="Ana Kowalska",
        region="eastern_europe",
        level="senior",
        ask_amount=95,
        ask_currency="USD",
        ask_period="hour",
    )
    view = make_view(qtbot, database)
    view.set_candidate(person)
    qtbot.waitUntil(lambda: view.candidate_name == "Ana Kowalska")  # read in the background
    assert view.contract.isChecked()
    assert view.chart.ask is not None
    assert view.chart.ask.region is Region.EASTERN_EUROPE
    placement = view.chart.ask.placement
    assert placement.verdict == "within"
    assert placement.percentile == pytest.approx(87.5)
    assert view.ask_bar.placement is not None
    assert "Ana Kowalska" in view.details.text()
    assert "87th percentile" in view.details.text() or "88th percentile" in view.details.text()
    own_ask = view.ask_amount.text()
    view.ask_amount.setText("150")
    assert view.chart.ask is not None
    assert view.chart.ask.placement.verdict == "above"
    # A typed ask is a "what if", never shown as the candidate's.
    assert view.chart.ask.name == "What if"
    assert "Ana Kowalska" not in view.details.text()
    assert "What if" in view.details.text()
    view.ask_amount.setText(own_ask)
    assert view.chart.ask.name == "Ana Kowalska"
    view.ask_period.setCurrentIndex(view.ask_period.findData("year"))
    assert view.chart.ask.name == "What if"


@pytest.mark.parametrize("amount", ["60", "72", "95", "100", "101", "104", "112"])
def test_the_ask_label_covers_no_end_label_of_the_band(
    qtbot: QtBot, database: Database, amount: str
) -> None:
    """An ask near a band's end (here Eastern Europe's $60-100/h) is labelled clear of
    the band's own "$100" or "$60", and of its neighbours' ("$95")."""
    view = make_view(qtbot, database)
    view.resize(800, 598)
    view.contract.setChecked(True)
    view.ask_period.setCurrentIndex(view.ask_period.findData("hour"))
    view.ask_amount.setText(amount)
    assert not view.chart.grab().isNull()
    assert view.chart.ask_label is not None
    assert len(view.chart.end_labels[Region.EASTERN_EUROPE]) == 2
    for region, labels in view.chart.end_labels.items():
        for label in labels:
            assert not view.chart.ask_label.intersects(label), (amount, region, label)


def test_a_rates_file_of_ones_own_is_named_by_its_file_name(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "our-rates.json"
    own.write_text(shipped_rates_path().read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv(RATES_ENV, str(own))
    view = make_view(qtbot, database)
    assert view.rates_label.text().endswith("(our-rates.json)")
    assert view.rates_label.toolTip() == str(own)


def test_on_a_small_window_the_chart_and_the_details_do_not_overlap(
    qtbot: QtBot, database: Database, styled: None
) -> None:
    """The page's share of a 1024 x 700 window: the long sources scroll instead of
    covering the chart's region names."""
    view = make_view(qtbot, database)
    view.resize(800, 598)
    qtbot.waitUntil(lambda: view.chart.height() > 0)
    panel = view.findChild(QFrame, "statTile")
    assert panel is not None
    assert view.chart.geometry().bottom() < panel.geometry().top()
    assert panel.geometry().bottom() < view.height()
    assert view.chart.height() >= view.chart.minimumHeight()


def test_inputs_recalculate_and_bad_asks_are_refused(qtbot: QtBot, database: Database) -> None:
    view = make_view(qtbot, database)
    view.contract.setChecked(True)
    view.hours.setValue(2_000)
    asia = next(r for r in view.chart.results if r.region is Region.ASIA)
    assert asia.hourly is not None
    assert asia.hourly.derived
    assert asia.hourly.min == pytest.approx(12.5)
    view.ml.setChecked(True)
    east = next(r for r in view.chart.results if r.region is Region.EASTERN_EUROPE)
    assert east.hourly is not None
    assert east.hourly.max == pytest.approx(130)
    view.ask_amount.setText("-40")
    assert view.error.isVisibleTo(view)
    assert "more than 0" in view.error.text()
    view.ask_amount.setText("lots")
    assert "not a number" in view.error.text()
    assert view.chart.ask is None
    view.ask_amount.setText("90")
    assert not view.error.isVisibleTo(view)


def test_a_bad_rates_file_is_said_and_the_built_in_table_used(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "rates.json"
    broken.write_text('{"format": 2, "figures": [}', encoding="utf-8")
    monkeypatch.setenv(RATES_ENV, str(broken))
    view = make_view(qtbot, database)
    assert view.rates.using_builtin
    assert "built-in rates" in view.rates_label.text()
    assert str(broken) in view.rates_label.text()
    east = next(r for r in view.chart.results if r.region is Region.EASTERN_EUROPE)
    assert east.hourly is not None
    assert east.hourly.min == 60


def test_the_ask_bar(qtbot: QtBot) -> None:
    bar = AskBar()
    qtbot.addWidget(bar)
    bar.resize(320, bar.sizeHint().height())
    result = calculate(builtin_table(), Region.US_CANADA, Level.SENIOR)
    bar.set_ask(result, 185_000, "USD", "year")
    assert bar.placement is not None
    assert bar.placement.verdict == "within"
    assert "50th percentile" in bar.describe()
    bar.set_ask(result, None, None, None)
    assert bar.placement is None
    assert bar.band is result.annual
    assert not bar.grab().isNull()
    bar.set_ask(None, 1, "USD", "year")
    assert "No market figure" in bar.describe()


def test_the_ask_bar_for_the_candidate_pane(qtbot: QtBot) -> None:
    bar = AskBar()
    qtbot.addWidget(bar)
    bar.show_candidate("eastern_europe", "senior", 110, "USD", "hour")
    assert bar.placement is not None
    assert bar.placement.verdict == "above"
    assert "above the band by 10%" in bar.describe()
    bar.show_candidate("eastern_europe", "senior", 70_000, "USD", "year")
    assert bar.placement is not None
    assert bar.placement.percentile == pytest.approx(20 / 43.5 * 100)
    bar.show_candidate(None, "senior", 70_000, "USD", "year")
    assert bar.band is None
