"""The board inside the main window: Edit menu names the action, Ctrl+Z / Ctrl+Shift+Z work,
Enter on a booking opens the work order's details."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dispatch_console.services import work_orders
from dispatch_console.ui.main_window import MainWindow
from tests.ui.board.driving import drop_mime, queue_mime

TEN = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)  # Thursday 10:00 in Dallas


def test_board_actions_are_named_in_the_edit_menu_and_undone_with_the_keyboard(
    qtbot: QtBot, window: MainWindow, northwind
) -> None:  # type: ignore[no-untyped-def]
    window.resize(1700, 900)
    window.show()
    qtbot.waitExposed(window)
    window.show_place("board")
    board = window.board
    number = board.queue_model.items()[0].number
    row = 0
    tech = board.state.rows[row]
    drop_mime(board.board.viewport(), queue_mime(board, number), board.board.viewport_pos_of(TEN, row))
    assert [b.technician.code for b in work_orders.details(northwind, number).bookings] == [tech.code]
    # Names, as the dispatcher reads them, in the Edit menu and on the status bar alike.
    assert window.action_undo.text() == f"&Undo Book {number} on {tech.name} Thu 26 Nov 10:00"
    assert window.statusBar().currentMessage() == f"Book {number} on {tech.name} Thu 26 Nov 10:00"

    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    board.board.setFocus()
    QTest.keyClick(board.board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert work_orders.details(northwind, number).bookings == []
    QTest.keyClick(board.board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(work_orders.details(northwind, number).bookings) == 1

    booking_id = work_orders.details(northwind, number).bookings[0].id
    board.board.select({booking_id})
    board.board.setFocus()
    QTest.keyClick(board.board, Qt.Key.Key_Return)
    dialog = window.work_orders._dialogs.get(number)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
