"""Screenshots of the Billing page with the demo company: the work ready to bill with some of one
customer chosen, the confirmation of a new invoice, the invoices with an issued one's details,
and the void and paid dialogs. Nothing is written: the questions are photographed, then closed.

    SHOTS_ONLY=billing python -m tests.ui.shots /tmp/shots-bill demo laptop
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from dispatch_console.domain.enums import InvoiceStatus
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.billing import BillingPage


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    page = BillingPage(ctx, window.bus, window.operations)
    page.setWindowTitle("Billing — Dispatch Console")
    page.resize(window.size())
    page.move(window.pos())
    page.show()
    ready = page.ready
    if ready.customers:
        biggest = max(ready.customers, key=lambda c: len(c.work_orders))
        page.select_ready([w.number for w in biggest.work_orders])
    screen_shot("billing-ready", page)

    # The question "Create invoice" asks, photographed and answered no.
    def photograph_and_cancel() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            screen_shot("billing-create-confirmation", page, box)
            box.reject()

    if page.create_button.isEnabled():
        QTimer.singleShot(200, photograph_and_cancel)
        page.create_button.click()
    if page.bill_all_button.isEnabled():
        QTimer.singleShot(200, lambda: _photograph_and_cancel(screen_shot, page, "billing-bill-everything"))
        page.bill_all_button.click()

    page.tabs.setCurrentIndex(1)
    issued = next((r for r in page.invoices_model.rows if r.status is InvoiceStatus.ISSUED), None)
    if issued is not None:
        page.show_invoice(issued.number)
    screen_shot("billing-invoices", page)
    if issued is not None:
        dialog = page.void(issued.number)
        if dialog is not None:
            dialog.reason_edit.setPlainText("Billed at last year's rate; will bill again")  # type: ignore[attr-defined]
            screen_shot("billing-void", page, dialog)
            dialog.form.mark_clean()  # type: ignore[attr-defined]
            dialog.close()
        dialog = page.mark_paid(issued.number)
        if dialog is not None:
            screen_shot("billing-mark-paid", page, dialog)
            dialog.close()
    paid = next((r for r in page.invoices_model.rows if r.status is InvoiceStatus.PAID), None)
    if paid is not None:
        page.show_invoice(paid.number)
        screen_shot("billing-paid", page)
    page.close()
    # The closed dialogs are deleted later by the event loop: let it, while the page that is
    # their parent still lives (Python deletes the page when this function returns).
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _photograph_and_cancel(screen_shot: Callable[..., None], page: Any, name: str) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        screen_shot(name, page, box)
        box.reject()
