"""The work order window on a laptop at 200 % (683×384 logical pixels): the header folds to one
line and the tabs get at least half the window; unfolded (Alt+H), the header still leaves them
the room and scrolls itself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui import fitting
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders import details_dialog
from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog


def on_screen(monkeypatch: pytest.MonkeyPatch, width: int, height: int) -> None:
    """Every window sees a screen of this size (what the platform reports at that scaling)."""
    area = QRect(0, 0, width, height)
    monkeypatch.setattr(fitting, "available_geometry", lambda _widget: area)
    monkeypatch.setattr(details_dialog, "available_geometry", lambda _widget: area)


def open_window(qtbot: QtBot, ctx: ServiceContext, ops: Operations, number: str,
                settings: QSettings) -> WorkOrderDetailsDialog:
    dialog = WorkOrderDetailsDialog(ctx, number, bus=ops.bus, operations=ops, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_at_200_percent_the_tabs_get_at_least_half_the_window(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on_screen(monkeypatch, 683, 384)
    dialog = open_window(qtbot, company, ops, job, settings)
    assert dialog.height() + fitting.FRAME.height() <= 384
    assert dialog.tabs is not None and dialog.details_toggle is not None
    assert not dialog.details_toggle.isChecked() and dialog.header_line.isVisible()
    assert "Site" not in [w.text().rstrip(":") for w in dialog.header_details.findChildren(type(dialog.header_line))
                          if w.isVisible()]
    assert dialog.tabs.height() >= dialog.height() / 2, (dialog.tabs.height(), dialog.height())
    # Each editing pane scrolls inside its tab rather than stretching the window (the plan is tall).
    for pane in [dialog.plan_pane, *dialog.panes.values()]:
        assert pane is not None and isinstance(pane.parentWidget().parentWidget(), QScrollArea)
    # Unfolded, the header scrolls within what the tabs leave; the tabs keep their room.
    qtbot.mouseClick(dialog.details_toggle, Qt.MouseButton.LeftButton)
    qtbot.wait(20)  # the layout settles
    assert dialog.header_details.isVisible() and not dialog.header_line.isVisible()
    header = dialog.findChild(QScrollArea, "headerArea")
    assert header is not None and header.verticalScrollBar().maximum() > 0
    assert dialog.tabs.height() >= dialog.height() / 2, (dialog.tabs.height(), dialog.height())
    # The choice holds across a reload (a change announced for the job).
    dialog.reload()
    assert dialog.details_toggle is not None and dialog.details_toggle.isChecked()


def test_on_a_laptop_at_100_percent_the_header_shows_everything(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on_screen(monkeypatch, 1366, 768)
    dialog = open_window(qtbot, company, ops, job, settings)
    qtbot.wait(20)  # the layout settles
    assert dialog.details_toggle is not None and dialog.details_toggle.isChecked()
    assert dialog.header_details.isVisible() and not dialog.header_line.isVisible()
    header = dialog.findChild(QScrollArea, "headerArea")
    assert header is not None
    assert header.verticalScrollBar().maximum() == 0  # the whole header, nothing to scroll
    assert dialog.tabs is not None and dialog.tabs.height() >= dialog.height() / 2
