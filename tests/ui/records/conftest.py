"""The records page over the small company (tests/seed.py), shown as a dispatcher sees it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.records.editor import RecordEditor
from dispatch_console.ui.records.page import RecordsPage
from dispatch_console.ui.records.table import RecordList
from tests.ui.pages import show_page


@pytest.fixture
def page(qtbot: QtBot, company: ServiceContext) -> RecordsPage:
    return show_page(qtbot, RecordsPage, company, (1200, 700), before_close=_close_editors)


def _close_editors(page: RecordsPage) -> None:
    for editor in page.findChildren(RecordEditor):
        editor.form.mark_clean()
        editor.close()


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Replace what a field shows by typing ``text`` (as a user: select all, type over)."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    elif isinstance(widget, QPlainTextEdit):
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    for i, part in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(widget, Qt.Key.Key_Return)  # a new line in a several-line field
        if part:
            qtbot.keyClicks(widget, part)


def double_click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    """A click, then the double-click event, as the system sends them (an item view ignores a
    double-click on a row it never saw pressed)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def new_editor(qtbot: QtBot, page: RecordsPage, records: RecordList[Any]) -> RecordEditor:
    click(qtbot, records.new_button)
    return _shown(qtbot, page)


def edit_editor(qtbot: QtBot, page: RecordsPage, records: RecordList[Any], key: str) -> RecordEditor:
    assert records.table.select_key(key)
    click(qtbot, records.edit_button)
    return _shown(qtbot, page)


def _shown(qtbot: QtBot, page: RecordsPage) -> RecordEditor:
    editor = page.editor
    assert editor is not None and editor.isVisible()
    qtbot.waitExposed(editor)
    return editor


def save(qtbot: QtBot, editor: RecordEditor) -> None:
    click(qtbot, editor.save_button)
