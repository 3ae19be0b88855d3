"""The board, the work order list and the work order window act the one way (Operations):
a confirmation, a refusal in words and a stale copy, in the main window as a dispatcher meets
them. Runs on PostgreSQL too when the suite does."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority, Status
from dispatch_console.services import closeout, dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.main_window import MainWindow
from tests.ui.board.driving import answer_dialog, drop_mime, queue_mime

EVENING = datetime(2026, 11, 26, 23, 0, tzinfo=UTC)  # Thursday 17:00 in Dallas: after every shift


def shown(window: MainWindow, qtbot: QtBot, place: str) -> None:
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    window.show_place(place)


def refusal(window: MainWindow) -> QMessageBox:
    box = window.operations.last_refusal
    assert box is not None and box.isVisible()
    return box


def test_the_board_confirms_conflicts_and_refuses_in_words(qtbot: QtBot, window: MainWindow, northwind) -> None:  # type: ignore[no-untyped-def]
    shown(window, qtbot, "board")
    board = window.board
    number = "WO-1010"  # open, needs HVAC
    row = next(i for i, t in enumerate(board.state.rows) if "HVAC" in t.skills)
    tech = board.state.rows[row]
    at = board.board.viewport_pos_of(EVENING, row)
    answer_dialog("Cancel")
    drop_mime(board.board.viewport(), queue_mime(board, number), at)
    assert work_orders.details(northwind, number).bookings == []
    assert window.statusBar().currentMessage().endswith(": not saved")
    answer_dialog("Save anyway")
    drop_mime(board.board.viewport(), queue_mime(board, number), at)
    (booking,) = work_orders.details(northwind, number).bookings
    assert booking.technician.code == tech.code and "shift" in (booking.confirmed_conflicts or "")
    assert window.action_undo.text().startswith(f"&Undo Book {number} on {tech.name}")
    assert number not in [i.number for i in board.queue_model.items()]  # the queue followed
    # A refusal the dispatcher cannot avoid from the board: the work order was cancelled on
    # another PC a moment ago; moving its booking is refused in words, and the board catches up.
    olga = ServiceContext(db=northwind.db, actor="Olga Office", clock=northwind.clock)
    closeout.cancel(olga, number, "Customer called it off")
    block = board.state.bookings[booking.id]
    place = board.actions.placement_of(block)
    assert not board.actions.move([place.moved(place.tech_code, place.start.replace(hour=15), place.end.replace(hour=17))])
    box = refusal(window)
    assert f"The booking of {number} was taken off the schedule by Olga Office" in box.informativeText()
    assert booking.id not in board.state.bookings  # the board caught up with Olga at once
    box.close()


def test_the_list_offers_the_steps_the_rules_allow_and_refuses_a_late_one(qtbot: QtBot, window: MainWindow, northwind) -> None:  # type: ignore[no-untyped-def]
    shown(window, qtbot, "work_orders")
    view = window.work_orders
    assert view.select_number("WO-1001")  # scheduled, booked
    rect = view.table.visualRect(view.table.currentIndex())
    view._on_table_custom_context_menu_requested(rect.center())
    menu: QMenu = view.context_menu
    entries = {a.text(): a for a in menu.actions() if a.text()}
    assert entries["Dispatch"].isEnabled()
    assert not entries["Verify closeout"].isEnabled()
    assert "it is scheduled, and this needs it completed" in entries["Verify closeout"].toolTip()
    # Meanwhile another PC dispatches it: our click is refused by the rules, in words.
    olga = ServiceContext(db=northwind.db, actor="Olga Office", clock=northwind.clock)
    dispatch.dispatch(olga, "WO-1001")
    entries["Dispatch"].trigger()
    menu.close()
    box = refusal(window)
    assert "Cannot dispatch WO-1001: it is dispatched" in box.informativeText()
    box.close()
    # A step that is allowed goes through and every view hears of it at once.
    assert view.select_number("WO-1002")
    view._on_table_custom_context_menu_requested(view.table.visualRect(view.table.currentIndex()).center())
    next(a for a in view.context_menu.actions() if a.text() == "Dispatch").trigger()
    view.context_menu.close()
    assert work_orders.details(northwind, "WO-1002").status == Status.DISPATCHED
    assert window.statusBar().currentMessage() == "Dispatch WO-1002"


def test_the_work_order_window_refuses_a_stale_copy_naming_who_and_reloads(qtbot: QtBot, window: MainWindow, northwind) -> None:  # type: ignore[no-untyped-def]
    shown(window, qtbot, "work_orders")
    dialog = window.work_orders.open_details("WO-1005")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.step_buttons["dispatch"].isEnabled()
    assert not dialog.step_buttons["complete"].isEnabled()
    assert "It is scheduled, and this needs it in progress" in dialog.step_buttons["complete"].toolTip()
    # Olga changes the same work order on her PC; this window has not heard yet.
    olga = ServiceContext(db=northwind.db, actor="Olga Office", clock=northwind.clock)
    wo = work_orders.details(olga, "WO-1005")
    work_orders.edit_work_order(olga, "WO-1005", work_orders.WorkOrderEdit(
        summary="Olga's summary", description="", priority=Priority.LOW, type=wo.type,
        estimated_hours=wo.estimated_hours, due_by=wo.due_by,
        required_skills=tuple(s.code for s in wo.required_skills)), wo.version)
    combo = dialog.priority_combo
    combo.setCurrentIndex(combo.findData(Priority.EMERGENCY))
    combo.activated.emit(combo.currentIndex())
    box = refusal(window)
    assert "Olga Office" in box.informativeText() and "was not saved" in box.informativeText()
    assert work_orders.details(northwind, "WO-1005").priority == Priority.LOW  # hers stands
    next(b for b in box.buttons() if b.text() == "Reload").click()
    assert dialog.windowTitle() == "WO-1005 — Olga's summary"
    assert combo.currentData() == Priority.LOW
    # And a lifecycle step from the window, the same way.
    qtbot.mouseClick(dialog.step_buttons["dispatch"], Qt.MouseButton.LeftButton)
    assert work_orders.details(northwind, "WO-1005").status == Status.DISPATCHED
    assert not dialog.step_buttons["dispatch"].isEnabled()  # the window followed
    dialog.close()
