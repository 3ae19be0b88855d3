"""The work order window without a mouse: Ctrl+Tab and Ctrl+PgDown between the tabs, Tab in
reading order inside a pane, Alt+letter for every button, Enter and Delete in the lists, the
signature pad passed over by Tab; a job's labor, part and note entered with keys alone."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard is, as a user presses it."""
    QTest.keyClick(focused(), key, modifier)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def open_window(qtbot: QtBot, ctx: ServiceContext, ops: Operations, number: str,
                settings: QSettings) -> WorkOrderDetailsDialog:
    dialog = WorkOrderDetailsDialog(ctx, number, bus=ops.bus, operations=ops, settings=settings)
    qtbot.addWidget(dialog, before_close_func=lambda _d: [p.form.mark_clean() for p in dialog.panes.values()
                                                           if hasattr(p, "form")])
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # waitActive returns at once offscreen
    return dialog


def current_tab(dialog: WorkOrderDetailsDialog) -> str:
    assert dialog.tabs is not None
    return dialog.tabs.tabText(dialog.tabs.currentIndex())


def to_tab(dialog: WorkOrderDetailsDialog, title_start: str) -> None:
    """Ctrl+Tab until the tab is shown (at most once round)."""
    assert dialog.tabs is not None
    for _ in range(dialog.tabs.count()):
        if current_tab(dialog).startswith(title_start):
            return
        press(Qt.Key.Key_Tab, CTRL)
    raise AssertionError(f"Ctrl+Tab never reached {title_start!r}")


def tab_stops(count: int) -> list[str]:
    """The object names (or button texts) Tab visits next, ``count`` of them."""
    seen = []
    for _ in range(count):
        press(Qt.Key.Key_Tab)
        widget = focused()
        seen.append(widget.objectName() or (widget.text() if isinstance(widget, QAbstractButton) else type(widget).__name__))
    return seen


def when_true(qtbot: QtBot, condition: Callable[[], object]) -> None:
    qtbot.waitUntil(lambda: bool(condition()), timeout=3000)


def has_keyboard(qtbot: QtBot, window: QWidget) -> None:
    """Wait until ``window`` is active with the keyboard in it (activation is queued). The
    offscreen platform does not give a window back its activation when a dialog over it
    closes, as a desktop does: that is done here, and the keyboard's place is the window's own."""
    if not window.isActiveWindow() and QApplication.activeModalWidget() is None:
        window.activateWindow()
    when_true(qtbot, lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().window() is window)


def test_labor_a_part_and_a_note_with_the_keyboard_alone(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, settings: QSettings,
) -> None:
    dialog = open_window(qtbot, company, ops, job, settings)
    assert dialog.tabs is not None and focused() is dialog.tabs.tabBar()  # the window opens on its tabs
    press(Qt.Key.Key_PageDown, CTRL)
    assert current_tab(dialog).startswith("Bookings")
    press(Qt.Key.Key_Tab, CTRL)
    assert current_tab(dialog).startswith("Labor")
    labor = dialog.panes["labor"]
    # Reading order: the timers (top), the list, then the buttons under it.
    stops = tab_stops(4)
    assert stops == ["timer_T1", "timer_T2", "laborTable", "addLabor"], stops
    press(Qt.Key.Key_A, ALT)  # &Add labor…
    when_true(qtbot, lambda: labor.entry_dialog is not None and labor.entry_dialog.isVisible())
    entry = labor.entry_dialog
    has_keyboard(qtbot, entry)
    press(Qt.Key.Key_T, ALT)  # &Technician
    assert focused() is entry.technician
    press(Qt.Key.Key_Down)  # the second one booked: Ben Okafor
    press(Qt.Key.Key_N, ALT)  # &Note
    type_text("reset the compressor")
    press(Qt.Key.Key_Return)  # Save
    when_true(qtbot, lambda: not entry.isVisible())
    has_keyboard(qtbot, dialog)
    [logged] = work_orders.details(company, job).labor
    assert (logged.technician.code, logged.note, logged.billable) == ("T2", "reset the compressor", True)
    assert (logged.end - logged.start).total_seconds() == 3600
    # Back in the window, the keyboard is where it was.
    assert focused().window() is dialog and focused() is labor.add_button

    press(Qt.Key.Key_Tab, CTRL)
    assert current_tab(dialog).startswith("Parts used")
    parts_pane = dialog.panes["parts"]
    press(Qt.Key.Key_A, ALT)  # &Add part…
    when_true(qtbot, lambda: parts_pane.add_dialog is not None and parts_pane.add_dialog.isVisible())
    adding = parts_pane.add_dialog
    has_keyboard(qtbot, adding)
    assert focused() is adding.search
    type_text("refrig")
    press(Qt.Key.Key_Q, ALT)  # &Quantity
    press(Qt.Key.Key_A, CTRL)
    type_text("2.5")
    press(Qt.Key.Key_Return)
    when_true(qtbot, lambda: not adding.isVisible())
    has_keyboard(qtbot, dialog)
    assert [(u.part.sku, u.quantity) for u in work_orders.details(company, job).parts_used] == [
        ("R410A", Decimal("2.5"))]

    to_tab(dialog, "Notes")
    press(Qt.Key.Key_N, ALT)  # New &note
    assert focused() is dialog.panes["notes"].text
    type_text("Customer asked for a call before the next visit")
    press(Qt.Key.Key_Return, CTRL)
    when_true(qtbot, lambda: work_orders.details(company, job).notes)
    assert [n.text for n in work_orders.details(company, job).notes] == [
        "Customer asked for a call before the next visit"]
    assert current_tab(dialog) == "Notes (1)"


def test_enter_never_runs_a_step_and_delete_removes_the_chosen_line(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, settings: QSettings,
) -> None:
    from datetime import timedelta

    from dispatch_console.services import execution
    from tests.ui.board.driving import answer_dialog

    now = company.now()
    execution.log_labor(company, job, "T1", now - timedelta(hours=8), now)
    qtbot.wait(50)  # the change is announced before the window opens
    dialog = open_window(qtbot, company, ops, job, settings)
    to_tab(dialog, "Labor")
    labor = dialog.panes["labor"]
    labor.table.setFocus()
    press(Qt.Key.Key_Down)  # the first line
    press(Qt.Key.Key_Return)  # Enter: log one like it (to correct it), not the window's default button
    when_true(qtbot, lambda: labor.entry_dialog is not None and labor.entry_dialog.isVisible())
    assert labor.entry_dialog.technician.currentData() == "T1"
    has_keyboard(qtbot, labor.entry_dialog)
    press(Qt.Key.Key_Escape)
    when_true(qtbot, lambda: not labor.entry_dialog.isVisible())
    has_keyboard(qtbot, dialog)
    assert work_orders.details(company, job).status == "in_progress"  # no step was taken
    labor.table.setFocus()
    answer_dialog(f"Remove 8:00 h by Ana Reyes from {job}")
    press(Qt.Key.Key_Delete)
    assert work_orders.details(company, job).labor == []


def test_the_signature_pad_is_passed_over_and_every_button_has_its_own_key(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, settings: QSettings,
) -> None:
    dialog = open_window(qtbot, company, ops, job, settings)
    to_tab(dialog, "Signature")
    press(Qt.Key.Key_Tab)
    assert focused().objectName() == "signerName"  # the pad takes no keys: Tab goes past it
    # Within each pane, no two buttons share an Alt+letter, and every button has one.
    for name, pane in dialog.panes.items():
        keys: list[str] = []
        for button in pane.findChildren(QAbstractButton):
            if button.objectName() in ("formReload",) or not button.text():  # the form's banner; tab-bar arrows
                continue
            text = button.text()
            assert "&" in text, f"{name}: {text!r} has no Alt key"
            keys.append(text[text.index("&") + 1].lower())
        assert len(keys) == len(set(keys)), f"{name}: {keys}"
