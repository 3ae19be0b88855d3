"""The read-only work order details dialog."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel, QListWidget, QTableWidget, QTextBrowser, QTreeWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services import execution
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.work_orders import WorkOrderDetailsDialog
from tests.ui import seed


def open_dialog(
    qtbot: QtBot, ctx: ServiceContext, number: str, bus: ChangeBus | None = None
) -> WorkOrderDetailsDialog:
    dialog = WorkOrderDetailsDialog(ctx, number, bus=bus)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def page(dialog: WorkOrderDetailsDialog, title_start: str):
    assert dialog.tabs is not None
    for i in range(dialog.tabs.count()):
        if dialog.tabs.tabText(i).startswith(title_start):
            return dialog.tabs.widget(i)
    raise AssertionError(f"no tab {title_start!r} in {dialog.tab_titles()}")


def texts(widget) -> str:
    """Every piece of text a user can read in ``widget``."""
    found = [label.text() for label in widget.findChildren(QLabel)]
    for table in [widget, *widget.findChildren(QTableWidget)]:
        if isinstance(table, QTableWidget):
            found += [
                table.item(r, c).text()
                for r in range(table.rowCount())
                for c in range(table.columnCount())
                if table.item(r, c)
            ]
            found += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    for tree in [widget, *widget.findChildren(QTreeWidget)]:
        if isinstance(tree, QTreeWidget):
            found += [
                tree.topLevelItem(r).text(c)
                for r in range(tree.topLevelItemCount())
                for c in range(3)
            ]
    for browser in [widget, *widget.findChildren(QTextBrowser)]:
        if isinstance(browser, QTextBrowser):
            found.append(browser.toPlainText())
    for listing in [widget, *widget.findChildren(QListWidget)]:
        if isinstance(listing, QListWidget):
            found += [listing.item(r).text() for r in range(listing.count())]
    return "\n".join(found)


def test_header_shows_the_record(qtbot: QtBot, northwind: ServiceContext) -> None:
    dialog = open_dialog(qtbot, northwind, "WO-1013")
    assert dialog.number == "WO-1013"
    assert dialog.number_label.text() == "WO-1013"
    assert "WO-1013" in dialog.windowTitle()
    header = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    for expected in (
        "Completed",
        "High priority",
        "Preventive",
        "Preventive visit: Chiller 1",
        "Trinity Office Park",
        "Building A (S0003-1)",
        "Chiller 1 (A0003-1-1)",
        "Thu 10 Dec 2026 17:00",  # due by, company wall clock
    ):
        assert expected in header, expected


def test_every_part_of_the_record_has_its_tab(qtbot: QtBot, northwind: ServiceContext) -> None:
    seed.execution_details(northwind, "WO-1013")
    dialog = open_dialog(qtbot, northwind, "WO-1013")
    assert dialog.tab_titles() == [
        "Work",
        "Checklist (2/3)",
        "Bookings (1)",
        "Labor (2)",
        "Parts used (2)",
        "Notes (1)",
        "Photos (1)",
        "Scope changes (1)",
        "Signature ✓",
        "Closeout (1 to do)",
        "History",
    ]
    assert "Inspect, service and report findings." in texts(page(dialog, "Work"))
    # What the type still needs before verification, each item named.
    assert texts(page(dialog, "Closeout")).splitlines()[1:] == ["1 checklist item not done."]
    history = texts(page(dialog, "History"))
    assert "Add a note to WO-1013" in history or "note added" in history, history

    checklist = page(dialog, "Checklist")
    assert isinstance(checklist, QTreeWidget)
    ticks = [checklist.topLevelItem(r).checkState(0) for r in range(checklist.topLevelItemCount())]
    assert [t.name for t in ticks] == ["Checked", "Checked", "Unchecked"]
    assert "Kai Schmidt" in texts(checklist)

    bookings = texts(page(dialog, "Bookings"))
    assert "Kai Schmidt" in bookings and "Fri 20 Nov 2026 09:00" in bookings and "3:00" in bookings

    labor = texts(page(dialog, "Labor"))
    assert "Replaced contactor" in labor and "Travel" in labor
    assert "Total 3:20 h, of which 2:45 h billable." in labor  # as the rows: hours:minutes

    parts = texts(page(dialog, "Parts used"))
    assert "CTR-30" in parts and "R410A" in parts
    assert "71.00" in parts  # 2.5 lb x 28.40
    assert "Parts total 112.10 USD before tax." in parts

    assert "Contactor pitted." in texts(page(dialog, "Notes"))
    assert "Coil after cleaning" in texts(page(dialog, "Photos"))
    scope = texts(page(dialog, "Scope changes"))
    assert "#1 Approved: Replace the second contactor too (+0.5 h, +41.10 USD)" in scope
    assert "decided by Dana Dispatcher" in scope and "Covered by the agreement" in scope
    signature = page(dialog, "Signature")
    assert "Pat Facilities" in texts(signature)
    assert any(
        label.pixmap() is not None and not label.pixmap().isNull()
        for label in signature.findChildren(QLabel)
    )


def test_empty_parts_say_so_instead_of_empty_tables(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    dialog = open_dialog(qtbot, northwind, "WO-1009")  # open, never booked
    assert "Not on anyone's schedule yet" in texts(page(dialog, "Bookings"))
    assert "No labor logged yet." in texts(page(dialog, "Labor"))
    assert "The customer has not signed yet." in texts(page(dialog, "Signature"))


def test_a_change_to_the_work_order_reloads_the_dialog_on_the_same_tab(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    bus = ChangeBus(northwind)
    dialog = open_dialog(qtbot, northwind, "WO-1013", bus)
    dialog.tabs.setCurrentIndex(5)  # notes
    northwind.clock.now = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    execution.add_note(northwind, "WO-1013", "Customer asked for a quote on a new RTU.")
    qtbot.waitUntil(lambda: dialog.tab_titles()[5] == "Notes (1)", timeout=2000)
    assert dialog.tabs.currentIndex() == 5
    assert "quote on a new RTU" in texts(page(dialog, "Notes"))
    bus.detach()
