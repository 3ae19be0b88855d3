"""Booking from the work order's own window, with the board's checks: a clash listed and saved
only when confirmed, and unbooking (asked first once the work was sent out)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTime
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services import dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.execution import BookingsPane
from tests.ui.board.driving import answer_dialog
from tests.ui.work_orders.execution.conftest import open_pane

FRIDAY_8 = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # 08:00 in Chicago, the day after the clock


def bookings_of(ctx: ServiceContext, number: str) -> list[tuple[str, datetime, datetime]]:
    return [(b.technician.code, b.start, b.end) for b in work_orders.details(ctx, number).bookings]


def book_in_dialog(qtbot: QtBot, pane: BookingsPane, tech: str, hours: float) -> None:
    qtbot.mouseClick(pane.book_button, Qt.MouseButton.LeftButton)
    dialog = pane.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.technician.setCurrentIndex(dialog.technician.findData(tech))
    dialog.start.setDateTime(QDateTime(FRIDAY_8.date(), QTime(8, 0)))
    dialog.hours.setValue(hours)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_a_technician_booked_from_the_window_and_a_clash_confirmed(
    qtbot: QtBot, company: ServiceContext, ops: Operations
) -> None:
    number = work_orders.create_work_order(company, WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Leak under the sink"))
    pane = open_pane(qtbot, BookingsPane, company, ops, number)
    assert not pane.unbook_button.isEnabled()
    book_in_dialog(qtbot, pane, "T1", 2)
    assert bookings_of(company, number) == [("T1", FRIDAY_8, FRIDAY_8.replace(hour=16))]
    assert pane.model.rowCount() == 1 and pane.model.item(0, 0).text() == "Ana Reyes"

    other = work_orders.create_work_order(company, WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Second job"))
    second = open_pane(qtbot, BookingsPane, company, ops, other)
    answer_dialog("Cancel")  # the clash with the first booking is listed: not saved
    book_in_dialog(qtbot, second, "T1", 1)
    assert bookings_of(company, other) == []
    answer_dialog("Save anyway")
    second.dialog.save()  # type: ignore[union-attr]
    [(tech, start, _end)] = bookings_of(company, other)
    assert (tech, start) == ("T1", FRIDAY_8)
    assert work_orders.details(company, other).bookings[0].confirmed_by == "Dana Dispatcher"


def test_unbooking_dispatched_work_asks_first(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    number = work_orders.create_work_order(company, WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Leak"))
    dispatch.book(company, number, "T2", FRIDAY_8, FRIDAY_8.replace(hour=15))
    dispatch.book(company, number, "T1", FRIDAY_8, FRIDAY_8.replace(hour=15))
    dispatch.dispatch(company, number)
    pane = open_pane(qtbot, BookingsPane, company, ops, number)
    pane.table.selectRow(0)
    assert pane.unbook_button.isEnabled()
    answer_dialog("Cancel")
    qtbot.mouseClick(pane.unbook_button, Qt.MouseButton.LeftButton)
    assert len(bookings_of(company, number)) == 2
    assert pane.unbook_button.isEnabled(), pane.unbook_button.toolTip()
    answer_dialog(f"Unbook {number} from {pane.model.item(0, 0).text()}")
    qtbot.mouseClick(pane.unbook_button, Qt.MouseButton.LeftButton)
    assert len(bookings_of(company, number)) == 1, ops.last_refusal and ops.last_refusal.informativeText()
