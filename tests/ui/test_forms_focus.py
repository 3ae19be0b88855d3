"""Every record editor opens with the keyboard on its first field, and Tab goes down its fields in
reading order and then to Save and Cancel (the buttons are made first, so Qt's own order would
start on Save)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dispatch_console.services import intake, review_queue
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customer_search import CustomerChoice
from dispatch_console.services.intake import RequestSpec
from dispatch_console.ui.forms import RecordDialog, reading_order
from dispatch_console.ui.intake.intake_dialog import IntakeDialog, NewCustomerDialog, NewSiteDialog
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.plans.editor import PlanDialog
from dispatch_console.ui.records.asset_dialog import AssetDialog
from dispatch_console.ui.records.customer_dialog import CustomerDialog
from dispatch_console.ui.records.part_dialog import PartDialog
from dispatch_console.ui.records.site_dialog import SiteDialog
from dispatch_console.ui.review.page import ApproveDialog, RejectDialog
from dispatch_console.ui.roster.technician_dialog import NewSkillDialog, TechnicianDialog

#: More Tab presses than any editor has stops: Save never reached means it is not in the chain.
MOST_STOPS = 120


def waiting(ctx: ServiceContext) -> review_queue.WaitingRequest:
    intake.create_request(ctx, RequestSpec(site_code="S1", problem="No heat on the second floor"))
    [request] = review_queue.waiting_requests(ctx)
    return request


LAKESIDE = CustomerChoice(code="C1", name="Lakeside Medical", phone="", email="", rank=0, sites=())
Make = Callable[[ServiceContext, Operations], RecordDialog]
#: Each editor, opened as the dispatcher opens it, and the field the keyboard must start on.
EDITORS: dict[str, tuple[Make, str]] = {
    "new customer": (lambda c, o: CustomerDialog(c, o), "code"),
    "customer": (lambda c, o: CustomerDialog(c, o, "C1"), "code"),
    "new site": (lambda c, o: SiteDialog(c, o), "customer_code"),
    "site": (lambda c, o: SiteDialog(c, o, "S1"), "customer_code"),
    "asset": (lambda c, o: AssetDialog(c, o, "A1"), "site_code"),
    "part": (lambda c, o: PartDialog(c, o, "F-2020"), "sku"),
    "new technician": (lambda c, o: TechnicianDialog(c, o), "code"),
    "technician": (lambda c, o: TechnicianDialog(c, o, "T1"), "code"),
    "new skill": (lambda c, o: NewSkillDialog(c, o), "code"),
    "new plan": (lambda c, o: PlanDialog(c, o.bus, o), "code"),
    "intake": (lambda c, o: IntakeDialog(c, o), "customer"),
    "intake's new customer": (lambda c, o: NewCustomerDialog(c, o), "code"),
    "intake's new site": (lambda c, o: NewSiteDialog(c, o, LAKESIDE), "code"),
    "approve": (lambda c, o: ApproveDialog(c, o, waiting(c)), "type"),
    "reject": (lambda c, o: RejectDialog(c, o, waiting(c)), "reason"),
}


def open_editor(qtbot: QtBot, dialog: RecordDialog) -> None:
    qtbot.addWidget(dialog, before_close_func=lambda d: d.form.mark_clean())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # waitActive returns at once offscreen


def opened(qtbot: QtBot, company: ServiceContext, ops: Operations, editor: str) -> tuple[RecordDialog, str]:
    """``editor`` opened as the dispatcher opens it, and the field it must start on."""
    make, first = EDITORS[editor]
    dialog = make(company, ops)
    open_editor(qtbot, dialog)
    return dialog, first


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def field_of(dialog: RecordDialog, widget: QWidget) -> str | None:
    """The name of the form's field ``widget`` is (or is part of); None: no field."""
    for name, field in dialog.form.fields.items():
        if widget is field.widget or field.widget.isAncestorOf(widget):
            return name
    return None


def takes_the_keyboard(widget: QWidget) -> bool:
    """Whether Tab stops anywhere in ``widget`` as it is shown."""
    return any(w.isEnabled() and w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
               for w in [widget, *widget.findChildren(QWidget)])


def buttons_in_view_order(dialog: RecordDialog) -> list[QPushButton]:
    return sorted((b for b in dialog.buttons.findChildren(QPushButton) if b.isVisible()), key=lambda b: b.x())


@pytest.mark.parametrize("editor", list(EDITORS))
def test_an_editor_opens_on_its_first_field_and_tab_goes_down_the_fields_then_to_save(
    qtbot: QtBot, company: ServiceContext, ops: Operations, editor: str
) -> None:
    dialog, first = opened(qtbot, company, ops, editor)
    assert field_of(dialog, focused()) == first, type(focused()).__name__

    visited: list[QWidget] = [focused()]
    while focused() is not dialog.save_button:
        assert len(visited) < MOST_STOPS, f"Tab never reached Save: {[field_of(dialog, w) for w in visited]}"
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(focused())
    # Down the fields in the order they are on the form, each once, none left out; then the buttons.
    names: list[str] = []
    for widget in visited[:-1]:
        name = field_of(dialog, widget)
        assert name is not None, f"Tab stopped on {type(widget).__name__} {widget.objectName()!r}, no field"
        if not names or names[-1] != name:
            names.append(name)
    expected = [name for name, f in dialog.form.fields.items() if takes_the_keyboard(f.widget)]
    assert names == expected
    assert buttons_in_view_order(dialog)[0] is dialog.save_button
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)




@pytest.mark.parametrize("editor", EDITORS)
def test_tab_goes_round_from_cancel_to_the_first_field_and_back(
    qtbot: QtBot, company: ServiceContext, ops: Operations, editor: str
) -> None:
    dialog, _first = opened(qtbot, company, ops, editor)
    start = focused()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    QTest.keyClick(start, Qt.Key.Key_Backtab)
    assert focused() is cancel  # nothing hidden, no scroll area, between the last button and the first field
    QTest.keyClick(cancel, Qt.Key.Key_Tab)
    assert focused() is start


def test_an_editor_may_start_elsewhere_and_its_banner_comes_first(qtbot: QtBot, company: ServiceContext,
                                                                  ops: Operations) -> None:
    dialog = CustomerDialog(company, ops, "C1")
    start = dialog.form.fields["name"].widget
    dialog.first_field = start
    dialog.form.banner.say("Someone saved this customer first.", reload=True)
    open_editor(qtbot, dialog)
    assert focused() is start
    QTest.keyClick(focused(), Qt.Key.Key_Backtab)
    QTest.keyClick(focused(), Qt.Key.Key_Backtab)
    assert focused() is dialog.form.banner.reload_button  # above the fields, as it is read


def test_reading_order_goes_by_the_rows_not_by_when_a_widget_was_added(qtbot: QtBot) -> None:
    """A row inserted above, a spanning row, a grid filled column by column: read top to bottom."""
    from PySide6.QtWidgets import QGridLayout, QSpinBox

    page = QWidget()
    qtbot.addWidget(page)
    rows = QFormLayout(page)
    last, first = QLineEdit(), QLineEdit()
    rows.addRow("Last:", last)
    rows.insertRow(0, "First:", first)
    grid_box = QWidget()
    grid = QGridLayout(grid_box)
    cells = {(r, c): QLineEdit() for c in range(2) for r in range(2)}  # added column by column
    for (r, c), edit in cells.items():
        grid.addWidget(edit, r, c)
    rows.addRow(grid_box)
    spin = QSpinBox()  # one stop, not its line edit inside
    rows.addRow("Count:", spin)
    assert reading_order(page) == [first, last, cells[0, 0], cells[0, 1], cells[1, 0], cells[1, 1], spin]
