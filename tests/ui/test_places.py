"""The page standing in for the plans screen."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.places import PlansPreview, week_bounds
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
    for page_class in (PlansPreview,):
        page = page_class(ctx)
        qtbot.addWidget(page)
        page.show()
        assert set(page.figure_values()) == {"0"}
        assert page._table_stack.currentIndex() == 0  # the sentence, not an empty table
        assert len(page.findChildren(FigureCard)) == len(page.captions)


