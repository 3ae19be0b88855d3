"""The two questions an invoice action asks: the day it was paid, and why it is voided."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QPlainTextEdit, QWidget

from dispatch_console.services import billing
from dispatch_console.services.billing import InvoiceRow, InvoiceSummary
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.fitting import keep_on_screen, natural_size
from dispatch_console.ui.formatting import format_money
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.widgets import hint


class MarkPaidDialog(RecordDialog):
    """When did the customer pay? (Today unless said otherwise; never before the invoice date.)"""

    def __init__(
        self, ctx: ServiceContext, operations: Operations, row: InvoiceRow, today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Mark {row.number} paid", operations, parent)
        self.setObjectName("markPaidDialog")
        self.ctx, self.row, self.today = ctx, row, today
        self.form.rows.addRow(hint(
            f"{row.customer} paid {format_money(row.total)} {row.currency}. The invoice is then "
            "settled: it can no longer be voided."
        ))
        self.paid_edit = QDateEdit()
        self.paid_edit.setObjectName("paidOn")
        self.paid_edit.setCalendarPopup(True)
        self.paid_edit.setDisplayFormat("ddd dd MMM yyyy")
        self.form.add("paid_on", "&Paid on:", self.paid_edit)
        self.save_button.setText("Mark paid")
        self.load()
        keep_on_screen(self, natural_size(self))

    def load(self) -> None:
        self.paid_edit.setDate(QDate(self.today.year, self.today.month, self.today.day))
        self.form.mark_clean()

    def paid_on(self) -> date:
        chosen = self.paid_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def save_op(self) -> Op[Any] | None:
        ctx, number, version, paid_on = self.ctx, self.row.number, self.row.version, self.paid_on()
        run: Callable[[bool], InvoiceSummary] = lambda _c: billing.mark_paid(ctx, number, paid_on, version)  # noqa: E731
        return Op(f"Mark {number} paid", run, done=lambda _s: f"{number} marked paid on {paid_on:%d %b %Y}")


class VoidDialog(RecordDialog):
    """Why is the invoice voided? Asks once more before voiding: the number stays taken, and the
    work orders go back to the list of work ready to bill."""

    def __init__(
        self, ctx: ServiceContext, operations: Operations, row: InvoiceRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Void {row.number}", operations, parent)
        self.setObjectName("voidDialog")
        self.ctx, self.row = ctx, row
        freed = ", ".join(row.work_orders) or "no work orders"
        self.form.rows.addRow(hint(
            f"{row.number} keeps its number and is kept, marked void, with your reason. "
            f"Its work ({freed}) goes back to the work ready to bill."
        ))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("voidReason")
        self.reason_edit.setPlaceholderText("e.g. billed at the wrong rate; billed to the wrong customer")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.reason_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.form.add("reason", "&Reason:", self.reason_edit)
        self.save_button.setText("Void invoice")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Keep it")
        self.load()
        keep_on_screen(self, natural_size(self))

    def load(self) -> None:
        self.reason_edit.setPlainText("")
        self.form.mark_clean()

    def save_op(self) -> Op[Any] | None:
        ctx, number, version = self.ctx, self.row.number, self.row.version
        reason = self.reason_edit.toPlainText()
        run: Callable[[bool], InvoiceSummary] = lambda _c: billing.void(ctx, number, reason, version)  # noqa: E731
        ask = None
        if reason.strip():  # an empty reason is refused by the rule itself, without asking
            ask = f"Void {number} of {self.row.customer} ({format_money(self.row.total)} {self.row.currency})? " \
                  "It cannot be undone."
        return Op(f"Void {number}", run, ask_first=ask, done=lambda _s: f"{number} voided; its work is ready to bill again")
