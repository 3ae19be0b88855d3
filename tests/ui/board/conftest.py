"""A board page over a small company, on Monday 30 November 2026 at 08:00 in Chicago."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.board.page import BoardPage
from dispatch_console.ui.bus import ChangeBus
from tests.seed import small_company
from tests.ui.board.driving import at


@pytest.fixture
def company(ctx: ServiceContext, clock) -> ServiceContext:  # type: ignore[no-untyped-def]
    clock.now = at(-1)  # 08:00
    small_company(ctx)
    return ctx


@pytest.fixture
def make_page(qtbot: QtBot, company: ServiceContext, settings) -> Callable[..., BoardPage]:  # type: ignore[no-untyped-def]
    def make(**kw: object) -> BoardPage:
        # The window's bus, as the main window gives it: the one path changes reach the board.
        bus = ChangeBus(company)
        page = BoardPage(company, QUndoStack(), settings, bus=bus)
        bus.setParent(page)
        qtbot.addWidget(page)
        page.resize(1900, 800)
        page.show()
        qtbot.waitExposed(page)
        page.board.horizontalScrollBar().setValue(0)
        page.board.verticalScrollBar().setValue(0)
        return page

    return make
