"""Correcting the crew's record as a dispatcher does: a labor line or a part entered by mistake is
chosen and removed (Delete or Remove…, after a question naming it), refused in words once the
rules say no; a labor timer left running is discarded, and one that ran over 12 hours is checked
before it is logged."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.services import closeout, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import history_pages
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.plain_text import tooltip
from dispatch_console.ui.work_orders.execution import LaborPane, PartsUsedPane
from tests.conftest import Clock
from tests.ui.board.driving import answer_dialog
from tests.ui.work_orders.execution.conftest import open_pane


def labor_hours(ctx: ServiceContext, number: str) -> list[float]:
    return sorted((e.end - e.start).total_seconds() / 3600 for e in work_orders.details(ctx, number).labor)


def choose_row(qtbot: QtBot, pane: LaborPane | PartsUsedPane, row: int) -> None:
    """Click the row, as a dispatcher picks the line to correct."""
    table = pane.table
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_eight_hours_for_point_eight_removed_with_the_delete_key(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, clock: Clock,
) -> None:
    now = clock.now
    execution.log_labor(company, job, "T1", now - timedelta(hours=8), now)  # meant 0.8 h
    execution.log_labor(company, job, "T2", now - timedelta(hours=1), now)
    pane = open_pane(qtbot, LaborPane, company, ops, job)
    assert pane.total_label.text() == "Total 9:00 h, of which 9:00 h billable."
    assert not pane.remove_button.isEnabled()
    assert pane.remove_button.toolTip() == "Choose the labor entry to remove"
    row = next(i for i, e in enumerate(pane.model.entries) if e.technician.code == "T1")
    choose_row(qtbot, pane, row)
    assert pane.remove_button.isEnabled()
    answer_dialog("Cancel")  # the question names the line; changing one's mind removes nothing
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    assert labor_hours(company, job) == [1.0, 8.0]
    asked: list[str] = []
    real_ask = ops.ask
    ops.ask = lambda parent, title, question: asked.append(question) or real_ask(parent, title, question)  # type: ignore[assignment, func-returns-value]
    answer_dialog(f"Remove 8:00 h by Ana Reyes from {job}")
    choose_row(qtbot, pane, row)
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    assert asked == ["Remove 8:00 h by Ana Reyes on Thu 26 Nov?"]
    assert labor_hours(company, job) == [1.0]
    assert pane.total_label.text() == "Total 1:00 h, of which 1:00 h billable."
    assert pane.model.rowCount() == 1
    with company.read() as uow:
        assert any(e.action == f"Remove labor from {job}" and e.change == "delete"
                   for e in history_pages.audit_of_work_order(uow, job, None)[0])


def test_enter_on_a_line_logs_it_again_to_correct_it(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, clock: Clock,
) -> None:
    now = clock.now
    execution.log_labor(company, job, "T2", now - timedelta(hours=8), now, note="filter change")
    pane = open_pane(qtbot, LaborPane, company, ops, job)
    choose_row(qtbot, pane, 0)
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    dialog = pane.entry_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.technician.currentData() == "T2" and dialog.note.text() == "filter change"
    dialog.start.setDateTime(dialog.end.dateTime().addSecs(-48 * 60))  # 0.8 h
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert labor_hours(company, job) == [0.8, 8.0]
    row = next(i for i, e in enumerate(pane.model.entries) if (e.end - e.start) == timedelta(hours=8))
    choose_row(qtbot, pane, row)
    answer_dialog(f"Remove 8:00 h by Ben Okafor from {job}")
    qtbot.mouseClick(pane.remove_button, Qt.MouseButton.LeftButton)
    assert labor_hours(company, job) == [0.8]


def test_the_last_labor_line_of_completed_work_is_refused_in_words(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, clock: Clock,
) -> None:
    now = clock.now
    execution.log_labor(company, job, "T1", now - timedelta(hours=2), now)
    execution.complete(company, job)
    pane = open_pane(qtbot, LaborPane, company, ops, job)
    choose_row(qtbot, pane, 0)
    assert not pane.remove_button.isEnabled()
    assert pane.remove_button.toolTip() == tooltip(
        "It is completed and completing needs labor, so its last labor entry stays; "
        "log the right time first, then remove this entry."
    )
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)  # no question: the refusal says why at once
    box = ops.last_refusal
    assert box is not None and box.isVisible()
    assert "completing needs labor" in box.informativeText()
    box.close()
    assert labor_hours(company, job) == [2.0]


def test_a_wrong_part_removed_with_the_button_and_refused_once_verified(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, clock: Clock,
) -> None:
    execution.use_part(company, job, "R410A", Decimal("25"))
    execution.use_part(company, job, "F-2020", Decimal("2"))
    pane = open_pane(qtbot, PartsUsedPane, company, ops, job)
    assert pane.total_label.text() == "Parts total 735.00 USD before tax."
    row = next(i for i, u in enumerate(pane.model.rows) if u.part.sku == "R410A")
    choose_row(qtbot, pane, row)
    answer_dialog(f"Remove 25 lb of R410A from {job}")
    qtbot.mouseClick(pane.remove_button, Qt.MouseButton.LeftButton)
    assert [u.part.sku for u in work_orders.details(company, job).parts_used] == ["F-2020"]
    assert pane.total_label.text() == "Parts total 25.00 USD before tax."
    # Verified: the parts are the record now.
    now = clock.now
    execution.log_labor(company, job, "T1", now - timedelta(hours=1), now)
    execution.add_note(company, job, "Replaced the filters")
    execution.sign(company, job, "Pat Lee")
    execution.complete(company, job)
    closeout.verify(company, job)
    pane.show_work_order(work_orders.details(company, job))
    choose_row(qtbot, pane, 0)
    assert not pane.remove_button.isEnabled()
    assert pane.remove_button.toolTip() == tooltip("It is verified, and the parts it used are part of the record.")
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    box = ops.last_refusal
    assert box is not None and "it is verified, and the parts it used are part of the record" in box.informativeText()
    box.close()
    assert [u.part.sku for u in work_orders.details(company, job).parts_used] == ["F-2020"]


# -- timers left running --------------------------------------------------------------------------

def test_a_forgotten_timer_is_discarded_after_saying_how_long_it_ran(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, clock: Clock, settings: QSettings,
) -> None:
    pane = open_pane(qtbot, LaborPane, company, ops, job, settings=settings)
    assert not pane.discard_button.isEnabled()
    assert pane.discard_button.toolTip() == "No timer is running"
    qtbot.mouseClick(pane.timer_buttons["T1"], Qt.MouseButton.LeftButton)
    clock.advance(hours=3, minutes=10)
    pane._show_timers()
    assert pane.discard_button.isEnabled()
    [action] = pane.discard_button.menu().actions()
    assert action.text() == "Ana Reyes's timer, running 3:10 h"
    questions: list[str] = []

    def read_then_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        questions.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, read_then_cancel)
    action.trigger()
    assert questions == [f"Ana Reyes's timer on {job} has been running for 3:10 h, since Thu 26 Nov 09:00. "
                         "Discard it? Nothing is logged."]
    assert pane.timers.started(job, "T1") is not None  # kept: the answer was Cancel
    answer_dialog("Discard Ana Reyes's timer")
    pane.discard_button.menu().actions()[0].trigger()
    assert pane.timers.started(job, "T1") is None
    assert settings.value(f"labor_timers/{job}/T1") is None
    assert pane.timer_buttons["T1"].text() == "Start (&1)"
    assert labor_hours(company, job) == []  # nothing logged


def test_a_timer_running_over_twelve_hours_is_checked_before_it_is_logged(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, clock: Clock, settings: QSettings,
) -> None:
    pane = open_pane(qtbot, LaborPane, company, ops, job, settings=settings)
    qtbot.mouseClick(pane.timer_buttons["T2"], Qt.MouseButton.LeftButton)
    clock.advance(hours=11, minutes=59)
    pane._show_timers()
    assert "probably forgotten" not in pane.timer_labels["T2"].text()
    clock.advance(hours=18, minutes=1)  # 30 h: started yesterday and left running
    pane._show_timers()
    assert pane.timer_labels["T2"].text() == (
        "⚠ timing since Thu 26 Nov 09:00 (30:00 so far): probably forgotten; "
        "check the hours when you stop it, or discard it"
    )
    qtbot.mouseClick(pane.timer_buttons["T2"], Qt.MouseButton.LeftButton)
    assert labor_hours(company, job) == []  # not logged silently
    dialog = pane.entry_dialog
    assert dialog is not None and dialog.isVisible()
    assert "has been running for 30:00 h, longer than 12 hours" in dialog.form.banner.text.text()
    assert dialog.technician.currentData() == "T2"
    # Cancel: nothing logged, the timer still runs.
    dialog.reject()
    assert not dialog.isVisible() and pane.timers.started(job, "T2") is not None
    # Stopped again, the hours set right (3 h from the start) are logged and the timer stops.
    qtbot.mouseClick(pane.timer_buttons["T2"], Qt.MouseButton.LeftButton)
    dialog = pane.entry_dialog
    assert dialog is not None
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(3 * 3600))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert labor_hours(company, job) == [3.0]
    assert pane.timers.started(job, "T2") is None
    assert pane.timer_buttons["T2"].text() == "Start (&2)"
