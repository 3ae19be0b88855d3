"""A view kept current by ``StaleWhileHidden``: refreshed at once on a change it shows while shown,
only marked stale while hidden and refreshed once when shown again, never for what it does not show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.domain.changes import Changes
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.bus import ChangeBus, StaleWhileHidden


class Page(QWidget):
    def __init__(self, bus: ChangeBus, *, stale: bool = False) -> None:
        super().__init__()
        self.freshness = StaleWhileHidden(self, bus, "technician", "company", stale=stale)
        self.refreshes = 0

    def refresh(self) -> None:
        self.freshness.stale = False
        self.refreshes += 1


@pytest.fixture
def bus(ctx: ServiceContext) -> Iterator[ChangeBus]:
    bus = ChangeBus(ctx)
    yield bus
    bus.detach()


def changed(bus: ChangeBus, *kinds: str) -> None:
    bus.changed.emit(Changes(frozenset(kinds)))


def test_a_shown_page_refreshes_at_once_and_a_hidden_one_when_shown(qtbot: QtBot, bus: ChangeBus) -> None:
    page = Page(bus)
    qtbot.addWidget(page)
    page.show()
    changed(bus, "technician")
    assert page.refreshes == 1
    changed(bus, "part", "work_order")  # nothing this page shows
    assert page.refreshes == 1
    page.hide()
    changed(bus, "company")
    changed(bus, "technician")
    assert page.refreshes == 1 and page.freshness.stale  # nothing read while hidden
    page.show()
    assert page.refreshes == 2 and not page.freshness.stale  # once, for both changes
    page.hide()
    page.show()
    assert page.refreshes == 2  # nothing changed meanwhile


def test_a_refresh_of_its_own_while_hidden_is_not_repeated_on_show(qtbot: QtBot, bus: ChangeBus) -> None:
    page = Page(bus)
    qtbot.addWidget(page)
    changed(bus, "technician")
    page.refresh()  # e.g. after its own operation
    page.show()
    assert page.refreshes == 1


def test_a_page_first_read_when_first_shown(qtbot: QtBot, bus: ChangeBus) -> None:
    page = Page(bus, stale=True)
    qtbot.addWidget(page)
    assert page.refreshes == 0
    page.show()
    assert page.refreshes == 1
