"""A roster page over the small company, on Monday 30 November 2026 at 08:00 in Chicago."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.roster.page import RosterPage
from tests.seed import at, small_company
from tests.ui.pages import show_page


@pytest.fixture
def company(ctx: ServiceContext, clock) -> ServiceContext:  # type: ignore[no-untyped-def]
    clock.now = at(-1)  # Monday 30 Nov 2026, 08:00 in Chicago
    small_company(ctx)
    return ctx


@pytest.fixture
def make_page(qtbot: QtBot, company: ServiceContext) -> Callable[[], RosterPage]:
    def make() -> RosterPage:
        return show_page(qtbot, RosterPage, company, (1400, 800))

    return make


@pytest.fixture
def page(make_page: Callable[[], RosterPage]) -> RosterPage:
    return make_page()
