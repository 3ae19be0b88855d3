"""Driving the roster as a user does: typing into the editor's fields, clicking its buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit
from pytestqt.qtbot import QtBot

from dispatch_console.ui.roster.page import RosterPage
from dispatch_console.ui.roster.table_model import Column
from dispatch_console.ui.roster.technician_dialog import TechnicianDialog


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Select what the field holds and type ``text`` over it (an empty text clears it)."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(edit, text)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, page: RosterPage, code: str, *, double: bool = False) -> None:
    """Click (or double-click) the name cell of ``code`` in the roster table."""
    row = next(i for i, r in enumerate(page.rows()) if r.code == code)
    index = page.proxy.index(row, Column.NAME)
    rect = page.table.visualRect(index)
    viewport = page.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())


def open_editor(qtbot: QtBot, page: RosterPage, code: str | None) -> TechnicianDialog:
    """New… for None, else a double-click on the technician's row; the editor, shown."""
    if code is None:
        click(qtbot, page.new_button)
    else:
        click_row(qtbot, page, code, double=True)
    dialog = page.dialog
    assert dialog is not None
    # At the end of the test nothing is asked: what it typed is not the point any more.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.form.mark_clean())
    qtbot.waitExposed(dialog)
    return dialog



