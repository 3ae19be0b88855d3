"""Scope changes driven as a user: requested (the job goes on hold), approved or rejected by the
office with a note; refusals at the field."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Status
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.execution import ScopeChangesPane
from dispatch_console.ui.work_orders.execution.scope_changes import (
    DecisionDialog,
    ScopeChangeDialog,
)
from tests.ui.work_orders.execution.conftest import open_pane


def request(qtbot: QtBot, pane: ScopeChangesPane, description: str, hours: str = "", cost: str = "") -> ScopeChangeDialog:
    qtbot.mouseClick(pane.request_button, Qt.MouseButton.LeftButton)
    dialog = pane.dialog
    assert isinstance(dialog, ScopeChangeDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.description, description)
    qtbot.keyClicks(dialog.hours, hours)
    qtbot.keyClicks(dialog.cost, cost)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def test_requested_puts_the_job_on_hold_and_approved_lets_it_go_on(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, ScopeChangesPane, company, ops, job)
    assert not pane.approve_button.isEnabled()
    assert "Choose a scope change" in pane.approve_button.toolTip()
    dialog = request(qtbot, pane, "Replace the contactor too", "1.5", "240.00")
    assert not dialog.isVisible()
    wo = work_orders.details(company, job)
    assert Status(wo.status) == Status.ON_HOLD
    [change] = wo.scope_changes
    assert (change.seq, change.description, change.extra_hours, change.extra_cost) == (
        1, "Replace the contactor too", Decimal("1.5"), Decimal("240.00"))
    assert [pane.model.index(0, c).data() for c in range(5)] == [
        "#1", "Replace the contactor too", "+1.5 h", "240.00", "Pending"]
    assert pane.approve_button.isEnabled()  # the pending change is chosen at once
    qtbot.mouseClick(pane.approve_button, Qt.MouseButton.LeftButton)
    decision = pane.dialog
    assert isinstance(decision, DecisionDialog)
    qtbot.keyClicks(decision.note, "Customer agreed by phone")
    qtbot.mouseClick(decision.save_button, Qt.MouseButton.LeftButton)
    wo = work_orders.details(company, job)
    assert Status(wo.status) == Status.IN_PROGRESS
    assert wo.estimated_hours == Decimal("3.5")
    [change] = wo.scope_changes
    assert (change.status, change.decided_by, change.decision_note) == (
        "approved", "Dana Dispatcher", "Customer agreed by phone")
    assert pane.model.index(0, 4).data() == "Approved"
    assert pane.model.index(0, 6).data().startswith("Dana Dispatcher, Thu 26 Nov")
    assert not pane.approve_button.isEnabled()
    assert pane.approve_button.toolTip() == "<qt>Scope change #1 was already approved.</qt>"


def test_a_rejection_needs_a_reason_at_the_field(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, ScopeChangesPane, company, ops, job)
    request(qtbot, pane, "Repaint the plant room")
    qtbot.mouseClick(pane.reject_button, Qt.MouseButton.LeftButton)
    decision = pane.dialog
    assert isinstance(decision, DecisionDialog)
    qtbot.mouseClick(decision.save_button, Qt.MouseButton.LeftButton)
    assert decision.form.problem("note") == "A reason is required; say why the change is rejected."
    [change] = work_orders.details(company, job).scope_changes
    assert change.status == "pending"
    qtbot.keyClicks(decision.note, "Not in the contract")
    qtbot.mouseClick(decision.save_button, Qt.MouseButton.LeftButton)
    wo = work_orders.details(company, job)
    assert (wo.scope_changes[0].status, Status(wo.status)) == ("rejected", Status.IN_PROGRESS)


def test_bad_amounts_and_no_description_are_said_at_their_fields_and_write_nothing(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, ScopeChangesPane, company, ops, job)
    dialog = request(qtbot, pane, "More work", "an hour", "1,200")
    assert dialog.form.problem("extra_hours") == "'an hour' is not a decimal number of hours (use digits and '.')."
    assert dialog.form.problem("extra_cost") == "'1,200' is not a decimal amount (use digits and '.')."
    dialog.description.clear()
    dialog.hours.clear()
    dialog.cost.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.problem("description") == "Describe the change of scope."
    wo = work_orders.details(company, job)
    assert wo.scope_changes == [] and Status(wo.status) == Status.IN_PROGRESS
    dialog.form.mark_clean()
    dialog.reject()


def test_no_scope_change_before_the_work_starts(
    qtbot: QtBot, company: ServiceContext, ops: Operations, scheduled_job: str,
) -> None:
    pane = open_pane(qtbot, ScopeChangesPane, company, ops, scheduled_job)
    assert not pane.request_button.isEnabled()
    assert "It is scheduled, and this needs it in progress or on hold" in pane.request_button.toolTip()
