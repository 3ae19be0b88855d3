"""A long history is read from the newest back (issue #11): the records page's history pane
shows the newest finished work and says how many there are in all, "Show older" reads further
back; the work order window's History tab likewise with its audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Status
from dispatch_console.services import record_history
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.records.page import RecordsPage
from dispatch_console.ui.work_orders import WorkOrderDetailsDialog
from tests.services.records import job

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def test_show_older_reads_further_back_in_a_sites_history(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(record_history, "HISTORY_PAGE", 2)
    done = [job(company, "S1", "A1", status=Status.CLOSED, completed=NOW - timedelta(days=d),
                created=NOW - timedelta(days=d, hours=2)) for d in range(1, 6)]
    assert page.show_site("S1")
    page.site_details.setCurrentIndex(1)  # the History tab
    pane = page.site_history
    assert pane.job_numbers() == done[:2]
    assert pane.jobs_heading.text() == "Work orders (the newest 2 of 5)"
    assert pane.older_button.isVisible()

    qtbot.mouseClick(pane.older_button, Qt.MouseButton.LeftButton)
    assert pane.job_numbers() == done[:4]
    qtbot.mouseClick(pane.older_button, Qt.MouseButton.LeftButton)
    assert pane.job_numbers() == done
    assert pane.jobs_heading.text() == "Work orders (5)"
    assert not pane.older_button.isVisible()


def test_the_work_order_windows_history_tab_shows_its_newest_changes_then_older_ones(
    qtbot: QtBot, company: ServiceContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(record_history, "CHANGES_PAGE", 2)
    number = job(company, "S1", "A1")
    for n in range(4):
        with company.write(f"Edit {number} ({n})") as uow:
            uow.work_order(number).summary = f"Edit {n}"
    dialog = WorkOrderDetailsDialog(company, number)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tabs is not None
    tab = next(dialog.tabs.widget(i) for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == "History")
    dialog.tabs.setCurrentWidget(tab)

    def actions() -> list[str]:
        table = tab.findChild(QTableWidget)
        assert table is not None
        return [table.item(r, 2).text() for r in range(table.rowCount())]

    older = tab.findChild(QPushButton, "olderChanges")
    assert actions() == [f"Edit {number} (3)", f"Edit {number} (2)"]
    assert older.isVisible()
    qtbot.mouseClick(older, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(actions()) == 4)
    qtbot.mouseClick(older, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions()[-1] == "Create work order")
    assert not older.isVisible()
