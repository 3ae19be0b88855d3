"""The work order window's plan, edited as a dispatcher would: typing, clicking, the keyboard; each
problem at its field, a stale copy with Reload that keeps what was typed, and no typing lost."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.services import closeout, dispatch, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_order_plan import plan_of, save_plan
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders import WorkOrderDetailsDialog
from tests.seed import at
from tests.services.bundles import state
from tests.ui.board.driving import answer_dialog


@pytest.fixture
def number(company: ServiceContext) -> str:
    return work_orders.create_work_order(company, WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", asset_code="A1", summary="No cooling",
        checklist=("Diagnose", "Repair", "Test"),
    ))


@pytest.fixture
def window(qtbot: QtBot, company: ServiceContext) -> tuple[ChangeBus, Operations]:
    parent = QWidget()
    qtbot.addWidget(parent)
    bus = ChangeBus(company, parent)
    operations = Operations(company, bus, parent)
    operations.parent_widget = parent  # type: ignore[attr-defined]
    return bus, operations


def open_plan(qtbot: QtBot, ctx: ServiceContext, number: str, window: tuple[ChangeBus, Operations]) -> WorkOrderDetailsDialog:
    bus, operations = window
    dialog = WorkOrderDetailsDialog(ctx, number, bus=bus, operations=operations)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.plan_pane.form.mark_clean())
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.tabs is not None and dialog.tabs.tabText(0).startswith("Plan")
    return dialog


def retype(qtbot: QtBot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_a_dispatcher_changes_the_whole_plan_and_saves_it(
    qtbot: QtBot, company: ServiceContext, number: str, window: tuple[ChangeBus, Operations]
) -> None:
    dialog = open_plan(qtbot, company, number, window)
    plan = dialog.plan_pane
    assert plan is not None and not plan.save_button.isEnabled()  # nothing to save yet
    retype(qtbot, plan.summary, "No cooling on the roof unit")
    plan.priority_combo.setCurrentIndex(plan.priority_combo.findData(Priority.HIGH))
    retype(qtbot, plan.hours, "2.5")
    # The skills: tick HVAC.
    hvac = next(plan.skills.item(r) for r in range(plan.skills.count()) if "(HVAC)" in plan.skills.item(r).text())
    hvac.setCheckState(Qt.CheckState.Checked)
    # The checklist: add a line, type it, move it to the top, drop "Test".
    qtbot.mouseClick(plan.checklist.add_button, Qt.MouseButton.LeftButton)
    editor = plan.checklist.list.findChild(type(plan.summary))
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Lock out the unit")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    for _ in range(3):
        qtbot.mouseClick(plan.checklist.up_button, Qt.MouseButton.LeftButton)
    plan.checklist.list.setCurrentRow(3)
    qtbot.mouseClick(plan.checklist.remove_button, Qt.MouseButton.LeftButton)
    # A part, found as you type: "filter", Enter takes the best match; then its quantity.
    qtbot.keyClicks(plan.planned.search, "filter")
    qtbot.keyClick(plan.planned.search, Qt.Key.Key_Return)
    assert plan.planned.model.rowCount() == 1
    plan.planned.model.item(0, 2).setText("4")
    assert plan.save_button.isEnabled()
    qtbot.mouseClick(plan.save_button, Qt.MouseButton.LeftButton)

    saved = plan_of(company, number).plan
    assert saved.summary == "No cooling on the roof unit" and saved.priority == Priority.HIGH
    assert saved.estimated_hours == "2.5" and saved.required_skills == ("HVAC",)
    assert [line.text for line in saved.checklist] == ["Lock out the unit", "Diagnose", "Repair"]
    assert [(p.sku, p.quantity) for p in saved.planned_parts] == [("F-2020", "4")]
    assert not plan.is_dirty() and not plan.save_button.isEnabled()
    assert dialog.windowTitle() == f"{number} — No cooling on the roof unit"


def test_a_bad_value_is_named_under_its_field_and_nothing_is_written(
    qtbot: QtBot, company: ServiceContext, number: str, window: tuple[ChangeBus, Operations]
) -> None:
    dialog = open_plan(qtbot, company, number, window)
    plan = dialog.plan_pane
    assert plan is not None
    before = state(company)
    retype(qtbot, plan.hours, "two")
    retype(qtbot, plan.summary, "")
    qtbot.mouseClick(plan.save_button, Qt.MouseButton.LeftButton)
    assert plan.form.problem("estimated_hours") == "'two' is not a decimal number of hours (use digits and '.')."
    assert plan.form.problem("summary").startswith("The summary is empty")
    assert state(company) == before
    assert plan.hours.text() == "two"  # kept, to be corrected


def test_a_plan_saved_meanwhile_names_who_and_reload_keeps_what_was_typed(
    qtbot: QtBot, company: ServiceContext, number: str, window: tuple[ChangeBus, Operations]
) -> None:
    dialog = open_plan(qtbot, company, number, window)
    plan = dialog.plan_pane
    assert plan is not None
    retype(qtbot, plan.summary, "Mine")
    other = ServiceContext(db=company.db, actor="Ben at the front desk", clock=company.clock)
    record = plan_of(other, number)
    save_plan(other, number, replace(record.plan, summary="Theirs"), record.version)
    window[0].poll_other_pcs()  # the other PC's change arrives while we type
    assert plan.summary.text() == "Mine"
    assert "changed elsewhere while you were typing" in plan.form.banner.text.text()
    qtbot.mouseClick(plan.save_button, Qt.MouseButton.LeftButton)
    banner = plan.form.banner
    assert f"{number} was changed by Ben at the front desk" in banner.text.text()
    qtbot.mouseClick(banner.reload_button, Qt.MouseButton.LeftButton)
    assert plan.summary.text() == "Theirs"
    assert "• Summary: Mine" in banner.text.text()
    assert plan_of(company, number).plan.summary == "Theirs"


def test_closing_with_an_unsaved_plan_asks(
    qtbot: QtBot, company: ServiceContext, number: str, window: tuple[ChangeBus, Operations]
) -> None:
    dialog = open_plan(qtbot, company, number, window)
    plan = dialog.plan_pane
    assert plan is not None
    retype(qtbot, plan.summary, "Changed")
    answer_dialog("Cancel")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and plan.summary.text() == "Changed"
    answer_dialog("Save")
    dialog.close()
    assert not dialog.isVisible() and plan_of(company, number).plan.summary == "Changed"


def test_an_archived_work_order_shows_its_plan_locked_with_the_reason(
    qtbot: QtBot, company: ServiceContext, number: str, window: tuple[ChangeBus, Operations]
) -> None:
    closeout.cancel(company, number, "customer called it off")
    dialog = open_plan(qtbot, company, number, window)
    plan = dialog.plan_pane
    assert plan is not None
    assert plan.summary.isReadOnly() and not plan.save_button.isEnabled()
    assert not plan.checklist.add_button.isEnabled()
    assert plan.locked_hint.text() == "The plan cannot change: It is cancelled, and archived records are not changed."


def test_the_crew_ticks_a_line_once_the_work_has_started(
    qtbot: QtBot, company: ServiceContext, number: str, window: tuple[ChangeBus, Operations]
) -> None:
    dialog = open_plan(qtbot, company, number, window)
    plan = dialog.plan_pane
    assert plan is not None
    first = plan.checklist.list.item(0)
    assert not first.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert "Ticking is not possible now" in first.toolTip()
    dispatch.book(company, number, "T1", at(0), at(2))
    dispatch.dispatch(company, number)
    execution.start(company, number)
    window[0].deliver_now()
    first = plan.checklist.list.item(0)
    assert first.flags() & Qt.ItemFlag.ItemIsUserCheckable
    rect = plan.checklist.list.visualItemRect(first)
    # The check box sits at the left of the line: click it as a user does.
    qtbot.mouseClick(plan.checklist.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.topLeft() + type(rect.topLeft())(10, rect.height() // 2))
    assert plan_of(company, number).plan.checklist[0].done
    assert not plan.is_dirty()  # a tick is saved at once, not part of the plan's Save


def test_closing_over_a_note_not_added_yet_asks(
    qtbot: QtBot, company: ServiceContext, number: str, window: tuple[ChangeBus, Operations]
) -> None:
    dialog = open_plan(qtbot, company, number, window)
    notes = dialog.panes["notes"]
    qtbot.keyClicks(notes.text, "Gate code changed to 4411")
    answer_dialog("Cancel")
    dialog.close()
    assert dialog.isVisible() and notes.text.toPlainText() == "Gate code changed to 4411"
    answer_dialog("Close anyway")
    dialog.close()
    assert not dialog.isVisible()
    assert work_orders.details(company, number).notes == []  # nothing was saved behind the back
