"""The Billing page driven as a user: choosing work of one customer and creating its invoice,
billing everything ready, a draft issued, an invoice paid (then its Void greyed with the reason),
voiding one with a reason (its work back in Ready to bill), and refusals that write nothing."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import InvoiceStatus, Status
from dispatch_console.services import billing, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.billing import BillingPage
from dispatch_console.ui.billing.dialogs import MarkPaidDialog, VoidDialog
from dispatch_console.ui.billing.table_models import InvoiceColumn, ReadyColumn
from tests.services.billing_helpers import audit_rows, done, invoice_numbers
from tests.ui.board.driving import answer_dialog
from tests.ui.pages import show_page
from tests.ui.plans.page_driving import click, click_cell


def make_page(qtbot: QtBot, ctx: ServiceContext) -> BillingPage:
    return show_page(qtbot, BillingPage, ctx)


def click_ready(qtbot: QtBot, page: BillingPage, number: str, *, add: bool = False) -> None:
    row = page.ready_numbers().index(number)
    index = page.ready_table.model().index(row, ReadyColumn.NUMBER)
    center = page.ready_table.visualRect(index).center()
    modifier = Qt.KeyboardModifier.ControlModifier if add else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(page.ready_table.viewport(), Qt.MouseButton.LeftButton, modifier, center)


def click_invoice(qtbot: QtBot, page: BillingPage, number: str) -> None:
    page.tabs.setCurrentIndex(1)
    click_cell(qtbot, page.invoices_table, page.invoice_numbers().index(number), InvoiceColumn.NUMBER)


def invoice_cell(page: BillingPage, number: str, column: InvoiceColumn) -> str:
    row = page.invoice_numbers().index(number)
    return str(page.invoices_table.model().index(row, column).data())


def the_dialog(page: BillingPage, kind: type[QWidget]) -> QWidget:
    assert isinstance(page.dialog, kind)
    return page.dialog


def test_choosing_work_of_one_customer_and_creating_its_invoice(qtbot: QtBot, company: ServiceContext, clock) -> None:
    a = done(company, clock, hours=1)
    b = done(company, clock, hours=2, verified=True)
    bakery = done(company, clock, site="S2", hours=1)
    page = make_page(qtbot, company)
    assert page.ready_numbers() == [bakery, a, b]  # grouped by customer
    assert page.ready_table.model().index(2, ReadyColumn.AMOUNT).data() == "170.00"
    assert not page.create_button.isEnabled()
    click_ready(qtbot, page, a)
    click_ready(qtbot, page, b, add=True)
    assert page.selected_ready() == [a, b]
    assert page.create_button.isEnabled()
    assert page.selection_label.text() == (
        "2 chosen for Lakeside Medical: subtotal 255.00, tax 21.04, total 276.04 USD."
    )
    # Work of another customer as well: refused before anyone clicks, with the reason.
    click_ready(qtbot, page, bakery, add=True)
    assert not page.create_button.isEnabled()
    assert "different customers: Elm Street Bakery, Lakeside Medical" in page.create_button.toolTip()
    click_ready(qtbot, page, bakery, add=True)  # un-chosen again

    answer_dialog("Create invoice")
    click(qtbot, page.create_button)
    assert invoice_numbers(company) == ["INV-1001"]
    assert page.tabs.currentIndex() == 1 and page.selected_invoice() == "INV-1001"
    assert invoice_cell(page, "INV-1001", InvoiceColumn.CUSTOMER) == "Lakeside Medical"
    assert invoice_cell(page, "INV-1001", InvoiceColumn.TOTAL) == "276.04 USD"
    assert invoice_cell(page, "INV-1001", InvoiceColumn.STATUS) == "Issued"
    assert page.totals_label.text().split("\n")[-1].split() == ["Total", "276.04", "USD"]
    assert page.lines_model.rowCount() == 2
    assert page.ready_numbers() == [bakery]
    assert work_orders.details(company, a).status == Status.INVOICED


def test_answering_no_to_the_confirmation_writes_nothing(qtbot: QtBot, company: ServiceContext, clock) -> None:
    a = done(company, clock)
    page = make_page(qtbot, company)
    click_ready(qtbot, page, a)
    before = audit_rows(company)
    answer_dialog("Cancel")
    click(qtbot, page.create_button)
    assert audit_rows(company) == before and invoice_numbers(company) == []
    assert page.ready_numbers() == [a]


def test_bill_everything_ready_makes_one_invoice_per_customer(qtbot: QtBot, company: ServiceContext, clock) -> None:
    done(company, clock, hours=1)
    done(company, clock, hours=2)
    done(company, clock, site="S2", hours=1)
    page = make_page(qtbot, company)
    assert page.ready_count.text() == "3 work orders of 2 customers · 361.04 USD"
    answer_dialog("Bill everything ready")
    click(qtbot, page.bill_all_button)
    assert invoice_numbers(company) == ["INV-1001", "INV-1002"]
    assert page.ready_numbers() == [] and not page.bill_all_button.isEnabled()
    assert page.ready_stack.currentWidget() is page.ready_empty
    assert sorted(page.invoice_numbers()) == ["INV-1001", "INV-1002"]


def test_a_draft_is_issued_from_the_list(qtbot: QtBot, company: ServiceContext, clock) -> None:
    a = done(company, clock)
    page = make_page(qtbot, company)
    click_ready(qtbot, page, a)
    click(qtbot, page.draft_button)
    assert page.selected_invoice() == "INV-1001"
    assert invoice_cell(page, "INV-1001", InvoiceColumn.STATUS) == "Draft"
    assert invoice_cell(page, "INV-1001", InvoiceColumn.ISSUED) == "not yet"
    assert page.ready_numbers() == []  # the draft holds it
    assert not page.paid_button.isEnabled() and "it is draft, and this needs it issued" in page.paid_button.toolTip().lower()
    assert page.issue_button.isEnabled()
    click(qtbot, page.issue_button)
    assert invoice_cell(page, "INV-1001", InvoiceColumn.STATUS) == "Issued"
    assert not page.issue_button.isEnabled()
    assert work_orders.details(company, a).status == Status.INVOICED


def test_void_with_a_reason_frees_the_work_back_into_ready_to_bill(qtbot: QtBot, company: ServiceContext, clock) -> None:
    a = done(company, clock, hours=1)
    b = done(company, clock, hours=2, verified=True)
    billing.create_invoice(company, [a, b])
    page = make_page(qtbot, company)
    assert page.ready_numbers() == []
    click_invoice(qtbot, page, "INV-1001")
    click(qtbot, page.void_button)
    dialog = the_dialog(page, VoidDialog)
    assert isinstance(dialog, VoidDialog)
    # No reason: refused in words, nothing written, the dialog stays open.
    before = audit_rows(company)
    click(qtbot, dialog.save_button)
    banner = dialog.form.banner.text.text()
    assert "a reason is required" in banner and audit_rows(company) == before
    qtbot.keyClicks(dialog.reason_edit, "Billed at the wrong rate")
    answer_dialog("Void INV-1001")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert invoice_cell(page, "INV-1001", InvoiceColumn.STATUS) == "Void"
    assert page.ready_numbers() == [a, b]
    assert work_orders.details(company, a).status == Status.COMPLETED
    assert work_orders.details(company, b).status == Status.VERIFIED
    for button in (page.issue_button, page.paid_button, page.void_button):
        assert not button.isEnabled() and "a void invoice stays void" in button.toolTip().lower()
    assert page.details_note.text() == "Void: kept for the record with its number; it bills nothing."


def test_a_paid_invoice_cannot_be_voided_and_says_why(qtbot: QtBot, company: ServiceContext, clock) -> None:
    a = done(company, clock)
    billing.create_invoice(company, [a])
    page = make_page(qtbot, company)
    click_invoice(qtbot, page, "INV-1001")
    assert page.void_button.isEnabled()
    click(qtbot, page.paid_button)
    dialog = the_dialog(page, MarkPaidDialog)
    assert isinstance(dialog, MarkPaidDialog)
    assert dialog.paid_on() == billing.today(company)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: page.dialog is None)
    assert invoice_cell(page, "INV-1001", InvoiceColumn.STATUS) == "Paid 30 Nov"
    assert billing.invoice_rows(company)[0].status is InvoiceStatus.PAID
    assert not page.void_button.isEnabled()
    assert "it is paid: the customer's payment is recorded against it" in page.void_button.toolTip().lower()
    assert not page.paid_button.isEnabled()


def test_the_filter_double_click_and_print_hook(qtbot: QtBot, company: ServiceContext, clock) -> None:
    a = done(company, clock)
    bakery = done(company, clock, site="S2")
    billing.create_invoice(company, [a])
    billing.create_draft(company, [bakery])
    page = make_page(qtbot, company)
    page.tabs.setCurrentIndex(1)
    assert page.invoice_numbers() == ["INV-1002", "INV-1001"]
    qtbot.keyClicks(page.search_edit, "bakery")
    assert page.invoice_numbers() == ["INV-1002"] and page.invoice_count.text() == "1 of 2 invoices"
    page.search_edit.clear()
    page.filter_combo.setCurrentIndex(page.filter_combo.findText("Issued"))
    assert page.invoice_numbers() == ["INV-1001"]
    click_invoice(qtbot, page, "INV-1001")
    with qtbot.waitSignal(page.print_invoice) as printed:
        click(qtbot, page.print_button)
    assert printed.args == ["INV-1001"]
    with qtbot.waitSignal(page.open_work_order) as opened:
        click_cell(qtbot, page.lines_table, 0, 0, double=True)
    assert opened.args == [a]
    # 2 h at 85.00 = 170.00; 8.25 % = 14.025 -> 14.03
    totals = page.findChild(QLabel, "invoiceTotals")
    assert totals is not None and totals.text().split("\n")[-1].split() == ["Total", "184.03", "USD"]
    assert billing.invoice_details(company, "INV-1001").total == Decimal("184.03")
