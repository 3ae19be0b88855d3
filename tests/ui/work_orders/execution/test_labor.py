"""The labor pane driven as a user: timers started and stopped on the test clock, entries by hand,
refusals at the field and before the work has started."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime, QSettings, Qt
from PySide6.QtWidgets import QDateTimeEdit
from pytestqt.qtbot import QtBot

from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.execution import LaborPane
from dispatch_console.ui.work_orders.execution.labor import LaborEntryDialog
from tests.conftest import Clock
from tests.ui.work_orders.execution.conftest import open_pane


def labor_of(ctx: ServiceContext, number: str) -> list[tuple[str, object, object, bool, str | None]]:
    return [(e.technician.code, e.start, e.end, e.billable, e.note) for e in work_orders.details(ctx, number).labor]


def test_a_timer_started_then_stopped_logs_the_time_between(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, clock: Clock, settings: QSettings,
) -> None:
    pane = open_pane(qtbot, LaborPane, company, ops, job, settings=settings)
    assert set(pane.timer_buttons) == {"T1", "T2"}
    button = pane.timer_buttons["T1"]
    assert button.text() == "Start (&1)" and button.isEnabled()
    started = clock.now
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pane.timer_buttons["T1"].text() == "Stop (&1)"
    assert labor_of(company, job) == []  # nothing is written while it runs
    clock.advance(minutes=95)
    pane._show_timers()
    assert "1:35" in pane.timer_labels["T1"].text()
    qtbot.mouseClick(pane.timer_buttons["T1"], Qt.MouseButton.LeftButton)
    assert labor_of(company, job) == [("T1", started, started + timedelta(minutes=95), True, None)]
    assert pane.timer_buttons["T1"].text() == "Start (&1)"
    assert pane.model.rowCount() == 1
    assert pane.model.index(0, 3).data() == "1:35"
    # The total in the rows' hours:minutes: "1.58 h" under a row of "1:35" read as another figure.
    assert pane.total_label.text() == "Total 1:35 h, of which 1:35 h billable."


def test_a_running_timer_survives_closing_the_window_and_a_restart(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, clock: Clock, settings: QSettings,
) -> None:
    pane = open_pane(qtbot, LaborPane, company, ops, job, settings=settings)
    started = clock.now
    qtbot.mouseClick(pane.timer_buttons["T2"], Qt.MouseButton.LeftButton)
    pane.close()
    # The console restarts: its settings are read again from the same file.
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    clock.advance(hours=2)
    reopened = open_pane(qtbot, LaborPane, company, ops, job, settings=again)
    assert reopened.timer_buttons["T2"].text() == "Stop (&2)"
    assert reopened.timer_buttons["T1"].text() == "Start (&1)"
    qtbot.mouseClick(reopened.timer_buttons["T2"], Qt.MouseButton.LeftButton)
    assert labor_of(company, job) == [("T2", started, started + timedelta(hours=2), True, None)]
    assert again.value(f"labor_timers/{job}/T2") is None


def test_before_the_work_starts_timers_and_entries_are_refused_with_the_reason(
    qtbot: QtBot, company: ServiceContext, ops: Operations, scheduled_job: str,
) -> None:
    pane = open_pane(qtbot, LaborPane, company, ops, scheduled_job)
    for button in [pane.add_button, *pane.timer_buttons.values()]:
        assert not button.isEnabled()
        assert "It is scheduled, and this needs it" in button.toolTip()
    pane.toggle_timer("T1")  # even asked directly, no timer starts
    assert pane.timers.started(scheduled_job, "T1") is None


def choose_moment(edit: QDateTimeEdit, text: str) -> None:
    """What picking a day in the calendar and a time gives (typing into sections is not driven)."""
    moment = QDateTime.fromString(text, edit.displayFormat())
    assert moment.isValid(), text
    edit.setDateTime(moment)


def fill_entry(qtbot: QtBot, dialog: LaborEntryDialog, *, tech: str, start: str, end: str, note: str,
               billable: bool) -> None:
    dialog.technician.setCurrentIndex(dialog.technician.findText(tech))
    choose_moment(dialog.start, start)
    choose_moment(dialog.end, end)
    if dialog.billable.isChecked() != billable:
        qtbot.keyClick(dialog.billable, Qt.Key.Key_Space)
    qtbot.keyClicks(dialog.note, note)


def test_an_entry_by_hand_not_billable(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, LaborPane, company, ops, job)
    qtbot.mouseClick(pane.add_button, Qt.MouseButton.LeftButton)
    dialog = pane.entry_dialog
    assert dialog is not None and dialog.isVisible()
    # 26 Nov 2026 07:30-08:45 in Chicago = 13:30-14:45 UTC, before now (15:00 UTC)
    fill_entry(qtbot, dialog, tech="Ben Okafor", start="Thu 26 Nov 2026 07:30", end="Thu 26 Nov 2026 08:45",
               note="travel & parts run", billable=False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    [entry] = labor_of(company, job)
    assert entry[0] == "T2"
    assert (entry[1].hour, entry[1].minute, entry[2].hour, entry[2].minute) == (13, 30, 14, 45)  # type: ignore[union-attr]
    assert entry[3:] == (False, "travel & parts run")
    assert pane.model.index(0, 4).data() == "no"
    assert pane.model.index(0, 5).data() == "travel & parts run"


def test_an_entry_that_ends_before_it_starts_is_refused_at_the_field(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, LaborPane, company, ops, job)
    dialog = pane.open_entry_dialog()
    fill_entry(qtbot, dialog, tech="Ana Reyes", start="Thu 26 Nov 2026 08:30", end="Thu 26 Nov 2026 08:00",
               note="", billable=True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form.problem("end") == "Labor must end after it starts."
    assert labor_of(company, job) == []
    # ... and in the future
    choose_moment(dialog.end, "Thu 26 Nov 2026 11:00")
    assert dialog.form.problem("end") == ""  # typing clears the message
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.problem("end") == "Labor cannot end in the future."
    assert labor_of(company, job) == []
    dialog.form.mark_clean()
    dialog.reject()
