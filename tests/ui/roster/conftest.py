"""A roster page over the small company, on Monday 30 November 2026 at 08:00 in Chicago."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.roster.page import RosterPage
from tests.seed import at, small_company


@pytest.fixture
def company(ctx: ServiceContext, clock) -> ServiceContext:  # type: ignore[no-untyped-def]
    clock.now = at(-1)  # Monday 30 Nov 2026, 08:00 in Chicago
    small_company(ctx)
    return ctx


@pytest.fixture
def make_page(qtbot: QtBot, company: ServiceContext) -> Callable[[], RosterPage]:
    def make() -> RosterPage:
        # The window's bus and operations, as the main window gives them.
        bus = ChangeBus(company)
        operations = Operations(company, bus)
        page = RosterPage(company, bus, operations)
        bus.setParent(page)
        operations.setParent(page)
        qtbot.addWidget(page)
        page.resize(1400, 800)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


@pytest.fixture
def page(make_page: Callable[[], RosterPage]) -> RosterPage:
    return make_page()
