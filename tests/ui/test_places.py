"""The pages standing in for the roster and plans screens."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.places import PlansPreview, RosterPreview, week_bounds
from dispatch_console.ui.widgets import FigureCard


def test_the_week_runs_monday_to_monday_in_the_company_zone() -> None:
    chicago = ZoneInfo("America/Chicago")
    start, end = week_bounds(
        datetime(2026, 11, 30, 3, 0, tzinfo=UTC), chicago
    )  # Sunday 21:00 local
    assert start == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 30, 6, 0, tzinfo=UTC)


def test_an_empty_database_shows_zeros_and_says_why_the_lists_are_empty(
    qtbot: QtBot, ctx: ServiceContext
) -> None:
    for page_class in (RosterPreview, PlansPreview):
        page = page_class(ctx)
        qtbot.addWidget(page)
        page.show()
        assert set(page.figure_values()) == {"0"}
        assert page._table_stack.currentIndex() == 0  # the sentence, not an empty table
        assert len(page.findChildren(FigureCard)) == len(page.captions)


def test_roster_lists_the_technicians_on_the_schedule(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    page = RosterPreview(northwind)
    qtbot.addWidget(page)
    page.show()
    table = page._table_stack.currentWidget()
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert names == sorted(names, key=str.casefold)
    assert "Kai Schmidt" in names
    kai = names.index("Kai Schmidt")
    assert table.item(kai, 3).text() == "Mon 07 Dec 08:00"  # next start, company wall clock
