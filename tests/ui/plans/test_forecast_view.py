"""The forecast as a manager reads it: the visits to come, and each week's hours per skill against
the technicians holding it, a crunch said in words and shown in the over-booked colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import create_plan, get_plan, set_active
from dispatch_console.ui.board import style
from dispatch_console.ui.plans.forecast import WEEK_ROLE, ForecastView
from dispatch_console.ui.plans.page import PlansPage
from tests.ui.plans.page_driving import click_cell, make_page, plan

# The small company: Ana and Ben hold HVAC, 45 h + 42.5 h a week. Two plans needing 50 h and 40 h
# fall in the same week every month: 30 Nov (1 and 2 Dec), 28 Dec (1 and 2 Jan), 1 Feb (1 and 2 Feb).


def crunch_plans(ctx: ServiceContext) -> None:
    create_plan(ctx, plan("PM-1", estimated_hours="50"))
    create_plan(ctx, plan("PM-2", summary="Chiller teardown", estimated_hours="40", rule="FREQ=MONTHLY;BYMONTHDAY=2"))


def open_forecast(qtbot: QtBot, page: PlansPage) -> ForecastView:
    qtbot.mouseClick(page.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=page.tabs.tabBar().tabRect(1).center())
    assert page.tabs.currentWidget() is page.forecast
    qtbot.waitUntil(lambda: page.forecast.result is not None)
    return page.forecast


def cell(view: ForecastView, week: str, skill: str) -> tuple[str, object]:
    model = view.weeks_table.model()
    column = next(c for c in range(1, model.columnCount()) if str(model.headerData(c, Qt.Orientation.Horizontal)).startswith(skill))
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == week)
    index = model.index(row, column)
    background = index.data(Qt.ItemDataRole.BackgroundRole)
    return index.data(), background.color().name() if isinstance(background, QBrush) else None


def test_the_forecast_says_a_crunch_week_in_words_and_colour(qtbot: QtBot, company: ServiceContext) -> None:
    crunch_plans(company)
    page = make_page(qtbot, company)
    view = open_forecast(qtbot, page)
    assert view.months_spin.value() == 3
    assert view.crunch_label.text() == (
        "Crunch (3 weeks): Week 49 · 30 Nov, HVAC 2.5 h short; Week 53 · 28 Dec, HVAC 2.5 h short; "
        "Week 5 · 1 Feb 2027, HVAC 2.5 h short."
    )
    assert cell(view, "Week 49 · 30 Nov", "HVAC") == (
        "90 of 87.5 h · crunch, 2.5 h short", style.OVERBOOKED.name()
    )
    assert cell(view, "Week 50 · 7 Dec", "HVAC") == ("0 of 87.5 h", None)
    assert view.summary_label.text() == "6 visits from 26 Nov 2026 to 25 Feb 2027; 3 weeks short of technicians."
    # The visits, soonest first, in the company's zone.
    visits = view.visits_table.model()
    assert [visits.index(r, 1).data() for r in range(visits.rowCount())] == ["PM-1", "PM-2"] * 3
    assert visits.index(0, 0).data() == "Tue 01 Dec 08:00"
    assert visits.index(1, 2).data() == "Chiller teardown"
    assert visits.index(0, 5).data() == "50"


def test_one_month_ahead_shows_only_the_first_crunch(qtbot: QtBot, company: ServiceContext) -> None:
    crunch_plans(company)
    page = make_page(qtbot, company)
    view = open_forecast(qtbot, page)
    view.months_spin.setFocus()
    view.months_spin.selectAll()
    qtbot.keyClicks(view.months_spin, "1")
    qtbot.keyClick(view.months_spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.result is not None and view.result.months == 1)
    assert view.crunch_label.text() == "Crunch (1 week): Week 49 · 30 Nov, HVAC 2.5 h short."
    assert view.visits_table.model().rowCount() == 2


def test_only_the_crunch_weeks_at_a_click(qtbot: QtBot, company: ServiceContext) -> None:
    crunch_plans(company)
    page = make_page(qtbot, company)
    view = open_forecast(qtbot, page)
    weeks = view.weeks_table.model()
    assert weeks.rowCount() == 14
    qtbot.mouseClick(view.only_crunch_check, Qt.MouseButton.LeftButton)
    assert [weeks.index(r, 0).data() for r in range(weeks.rowCount())] == [
        "Week 49 · 30 Nov", "Week 53 · 28 Dec", "Week 5 · 1 Feb 2027",
    ]
    qtbot.mouseClick(view.only_crunch_check, Qt.MouseButton.LeftButton)
    assert weeks.rowCount() == 14


def test_pausing_a_plan_clears_the_crunch(qtbot: QtBot, company: ServiceContext) -> None:
    crunch_plans(company)
    page = make_page(qtbot, company)
    view = open_forecast(qtbot, page)
    assert view.crunch_cells()
    set_active(company, "PM-2", False, get_plan(company, "PM-2").version)
    qtbot.waitUntil(lambda: view.crunch_label.text() == "No crunch: the technicians have the hours every week.")
    assert view.crunch_cells() == []
    assert cell(view, "Week 49 · 30 Nov", "HVAC") == ("50 of 87.5 h", None)


def test_a_hidden_forecast_catches_up_when_shown(qtbot: QtBot, company: ServiceContext) -> None:
    page = make_page(qtbot, company)
    view = open_forecast(qtbot, page)
    assert view.summary_label.text().startswith("0 visits")
    page.tabs.setCurrentIndex(0)  # back to the list: the forecast is hidden
    crunch_plans(company)
    assert view.result is not None and not view.result.visits  # not recomputed while hidden
    open_forecast(qtbot, page)
    qtbot.waitUntil(lambda: view.result is not None and len(view.result.visits) == 6)
    # A cell names the week's hours in its tooltip too.
    week = view.weeks_table.model().index(0, 1).data(WEEK_ROLE)
    assert week.skill == "HVAC"
    click_cell(qtbot, view.weeks_table, 1, 1)
