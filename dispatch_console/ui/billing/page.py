"""The Billing page: the work ready to bill (by customer, with amounts as the invoice will bill
them) made into invoices, and the invoices themselves, issued, paid or voided as the rules allow.

The amounts, the totals and what each action allows come from the billing service and
``domain/invoicing.py``; the page only shows them and runs the actions through ``Operations``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import invoicing
from dispatch_console.domain.enums import InvoiceStatus
from dispatch_console.services import billing
from dispatch_console.services.billing import (
    InvoiceDetails,
    InvoiceRow,
    InvoiceSummary,
    ReadyToBill,
)
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.billing.dialogs import MarkPaidDialog, VoidDialog
from dispatch_console.ui.billing.table_models import (
    ALL_INVOICES,
    FILTERS,
    ROW_ROLE,
    SORT_ROLE,
    WORK_ORDER_ROLE,
    InvoiceColumn,
    InvoicesModel,
    LineColumn,
    LinesModel,
    ReadyColumn,
    ReadyModel,
    status_text,
)
from dispatch_console.ui.bus import ChangeBus, StaleWhileHidden
from dispatch_console.ui.fitting import scrolling
from dispatch_console.ui.formatting import (
    format_count,
    format_day,
    format_decimal,
    format_moment,
    format_money,
    sentence,
)
from dispatch_console.ui.list_page import (
    choose_index,
    count_label,
    count_text,
    flow_bar,
    list_column,
    list_table,
    search_box,
    shown_rows,
    titled,
)
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain, tooltip
from dispatch_console.ui.plans.table_model import FittedTable
from dispatch_console.ui.widgets import heading, hint, placeholder

#: What the page shows: a change to any of these may change a row, an amount or a total.
SHOWN_ENTITIES = ("invoice", "work_order", "company", "customer", "technician")


def _table(table: QTableView, model: QAbstractItemModel, name: str, *, many: bool = False) -> QTableView:
    # The fitted tables size their own columns.
    return list_table(table, model, name, many=many, fit_contents=False, narrowest=50)


def _button(text: str, name: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def _enable(button: QPushButton, reason: str | None, tip: str) -> None:
    """Enabled when the rule allows it, else disabled with the rule's reason as its tooltip."""
    button.setEnabled(reason is None)
    button.setToolTip(tooltip(tip if reason is None else sentence(reason)))


class BillingPage(QWidget):
    """Ready to bill, and the invoices.

    Refreshes on the bus when invoices, work orders (or what prices them) changed; while hidden
    it only notes that it is out of date and reloads when shown.

    Signals:
        open_work_order: str — a work order number the dispatcher double-clicked.
        print_invoice: str — the number of the invoice to print ("Print…"); the main window
            connects it to the printing actions.
        message: str — what the last action did, in words.
    """

    open_work_order = Signal(str)
    print_invoice = Signal(str)
    message = Signal(str)

    def __init__(
        self, ctx: ServiceContext, bus: ChangeBus, operations: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.operations = operations
        self.dialog: QDialog | None = None
        self.ready = ReadyToBill(())
        self.today: date = billing.today(ctx)
        self.details: InvoiceDetails | None = None
        self.ready_model = ReadyModel(self)
        self.ready_proxy = QSortFilterProxyModel(self)
        self.ready_proxy.setSourceModel(self.ready_model)
        self.ready_proxy.setSortRole(SORT_ROLE)
        self.invoices_model = InvoicesModel(ctx, self)
        #: How many invoices there are in all (the count says "12 of 80 invoices" while filtered).
        self.all_invoices = 0
        self.lines_model = LinesModel(self)
        self._build()
        self.freshness = StaleWhileHidden(self, bus, *SHOWN_ENTITIES)
        self.refresh()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_ready(), "&Ready to bill")
        self.tabs.addTab(self._build_invoices(), "&Invoices")
        self.tabs.setTabToolTip(0, "Completed and verified work not on an invoice yet")
        titled(self, "Billing", self.tabs)

    def _build_ready(self) -> QWidget:
        self.create_button = _button(
            "Create invoice…", "createInvoice", "", self._on_create_button_clicked
        )
        self.draft_button = _button(
            "Save as draft", "draftInvoice", "", self._on_draft_button_clicked
        )
        self.bill_all_button = _button(
            "Bill everything ready…", "billEverything",
            "One invoice per customer for all the work listed, in one go", self._on_bill_all_button_clicked,
        )
        self.ready_count = count_label()
        bar_widget = flow_bar(self.create_button, self.draft_button, self.bill_all_button, self.ready_count)

        # The names give way before the amount, so a narrow window still shows what is billed.
        table = FittedTable(lambda: [ReadyColumn.SUMMARY, ReadyColumn.SITE, ReadyColumn.CUSTOMER], narrowest_chars=12)
        self.ready_table = _table(table, self.ready_proxy, "readyTable", many=True)
        table.sortByColumn(ReadyColumn.CUSTOMER, Qt.SortOrder.AscendingOrder)
        table.setToolTip("Choose work of one customer (Ctrl or Shift for several); double-click to open it")
        table.selectionModel().selectionChanged.connect(self._on_ready_selection_changed)
        table.doubleClicked.connect(self._on_table_double_clicked)
        self.ready_empty = placeholder("No completed or verified work is waiting to be billed.")
        self.ready_stack = QStackedWidget()
        self.ready_stack.addWidget(table)
        self.ready_stack.addWidget(self.ready_empty)

        self.selection_label = plain_label("", wrap=True)
        self.selection_label.setObjectName("readySelection")

        return list_column(QWidget(), bar_widget, self.ready_stack, self.selection_label, room=self.ready_stack)

    def _build_invoices(self) -> QWidget:
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("invoiceFilter")
        for choice in FILTERS:
            self.filter_combo.addItem(choice.label)
        self.filter_combo.setToolTip("Open and recent: not yet paid or void, and what was issued in the last "
                                     f"{billing.RECENT_INVOICES.days} days; All invoices: the whole history")
        self.filter_combo.currentIndexChanged.connect(self._on_filter_combo_current_index_changed)
        self.search_edit = search_box(
            "Find an invoice, customer or work order…", 24, self._on_search_edit_text_changed
        )
        self.search_edit.setObjectName("invoiceSearch")
        self.issue_button = _button("Issue", "issueInvoice", "", self._on_issue_button_clicked)
        self.paid_button = _button("Mark paid…", "markPaid", "", self._on_paid_button_clicked)
        self.void_button = _button("Void…", "voidInvoice", "", self._on_void_button_clicked)
        self.print_button = _button(
            "Print…", "printInvoice", "Print the invoice, preview it or save it as PDF", self._on_print_button_clicked
        )
        self.invoice_count = count_label()
        bar_widget = flow_bar(self.filter_combo, self.search_edit, self.issue_button, self.paid_button,
                              self.void_button, self.print_button, self.invoice_count)

        table = FittedTable(lambda: [InvoiceColumn.CUSTOMER], narrowest_chars=12)
        # Newest first: the order the model opens in, so turning sorting on reads nothing again.
        table.horizontalHeader().setSortIndicator(InvoiceColumn.NUMBER, Qt.SortOrder.DescendingOrder)
        self.invoices_table = _table(table, self.invoices_model, "invoicesTable")
        table.selectionModel().currentRowChanged.connect(self._on_invoices_current_row_changed)
        self.invoices_empty = placeholder("No invoices yet. Bill the work ready to bill to make one.")
        self.invoices_stack = QStackedWidget()
        self.invoices_stack.addWidget(table)
        self.invoices_stack.addWidget(self.invoices_empty)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.invoices_stack)
        splitter.addWidget(self._build_details())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.invoices_splitter = splitter

        return list_column(QWidget(), bar_widget, splitter)

    def _build_details(self) -> QWidget:
        self.details_title = heading("", scale=1.15)
        self.details_title.setObjectName("invoiceTitle")
        self.details_facts = QFormLayout()
        self.details_facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details_facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.lines_table = _table(FittedTable(lambda: [LineColumn.DESCRIPTION], narrowest_chars=14),
                                  self.lines_model, "invoiceLines")
        self.lines_table.setSortingEnabled(False)
        self.lines_table.setToolTip("Double-click a line to open its work order")
        self.lines_table.doubleClicked.connect(self._on_table_double_clicked)
        self.totals_label = plain_label("")
        self.totals_label.setObjectName("invoiceTotals")
        self.totals_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        font = self.totals_label.font()
        font.setFamily("monospace")
        self.totals_label.setFont(font)
        self.details_note = hint("")
        self.details_note.setObjectName("invoiceNote")

        shown = QWidget()
        column = QVBoxLayout(shown)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.details_title)
        column.addLayout(self.details_facts)
        self.lines_table.setMinimumHeight(self.lines_table.verticalHeader().defaultSectionSize() * 4)
        column.addWidget(self.lines_table, 1)
        totals_row = QHBoxLayout()
        totals_row.addStretch(1)
        totals_row.addWidget(self.totals_label)
        column.addLayout(totals_row)
        column.addWidget(self.details_note)
        self.details_shown = shown
        self.details_empty = placeholder("Choose an invoice to see its lines and totals.")
        self.details_stack = QStackedWidget()
        self.details_stack.setObjectName("invoiceDetails")
        self.details_stack.setMinimumWidth(self.fontMetrics().averageCharWidth() * 44)
        # Scrolls rather than squeezes (a laptop at 200 % has room for a few lines only).
        self.details_stack.addWidget(scrolling(shown))
        self.details_stack.addWidget(self.details_empty)
        return self.details_stack

    # -- public -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the work ready to bill and the invoices again, keeping what was chosen."""
        self.freshness.stale = False
        chosen_ready = self.selected_ready()
        chosen_invoice = self.selected_invoice()
        tz = self.ctx.zone()
        self.today = billing.today(self.ctx)
        self.ready = billing.ready_to_bill(self.ctx)
        self.ready_model.set_rows(self.ready.work_orders, tz, self.ctx.now())
        self._refresh_invoices()
        self.ready_stack.setCurrentWidget(self.ready_table if self.ready_model.rowCount() else self.ready_empty)
        self.invoices_stack.setCurrentWidget(
            self.invoices_table if self.invoices_model.rowCount() else self.invoices_empty
        )
        self.select_ready([n for n in chosen_ready if any(w.number == n for w in self.ready.work_orders)])
        if chosen_invoice is None or not self.show_invoice(chosen_invoice, switch=False, clear=False):
            if self.invoices_model.rowCount():
                self.invoices_table.selectRow(0)
        self.ready_table.fit()  # type: ignore[attr-defined]
        self.invoices_table.fit()  # type: ignore[attr-defined]
        self._update_counts()
        self._on_ready_selection_changed()
        self._on_invoices_current_row_changed()

    # Ready to bill
    def ready_numbers(self) -> list[str]:
        """The work orders ready to bill, in the order the table shows them."""
        return [self.ready_proxy.index(r, 0).data(WORK_ORDER_ROLE) for r in range(self.ready_proxy.rowCount())]

    def selected_ready(self) -> list[str]:
        """The chosen work orders, in the table's order."""
        rows = sorted(index.row() for index in self.ready_table.selectionModel().selectedRows())
        return [self.ready_proxy.index(r, 0).data(WORK_ORDER_ROLE) for r in rows]

    def select_ready(self, numbers: Sequence[str]) -> None:
        wanted = set(numbers)
        selection = self.ready_table.selectionModel()
        selection.clearSelection()
        for r in range(self.ready_proxy.rowCount()):
            index = self.ready_proxy.index(r, 0)
            if index.data(WORK_ORDER_ROLE) in wanted:
                selection.select(
                    index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                )

    def create_invoice(self, *, draft: bool = False) -> InvoiceSummary | None:
        """Bill the chosen work on one invoice (issued; or a draft that holds the work until issued)."""
        numbers = self.selected_ready()
        if not numbers:
            return None
        ctx = self.ctx
        chosen = [w for w in self.ready.work_orders if w.number in set(numbers)]
        totals = self.ready.preview(numbers)
        customer = chosen[0].customer if chosen else ""
        listed = ", ".join(numbers)
        if draft:
            op: Op[InvoiceSummary] = Op(
                f"Draft invoice for {listed}", lambda _c: billing.create_draft(ctx, numbers), parent=self,
                done=lambda s: f"Draft {s.number} for {s.customer}: {format_money(s.total)}; issue it when ready",
                on_stale=self.refresh,
            )
        else:
            what = f"{format_count(len(numbers))} work order{'s' if len(numbers) != 1 else ''} ({listed})"
            op = Op(
                "Create invoice", lambda _c: billing.create_invoice(ctx, numbers), parent=self,
                ask_first=(
                    f"Bill {what} to {customer} on one invoice, issued today?\n\n"
                    f"Subtotal {format_money(totals.subtotal)}, tax {format_money(totals.tax)}, "
                    f"total {format_money(totals.total)} {self._currency()}."
                ),
                done=lambda s: f"Invoice {s.number} for {s.customer}: {format_money(s.total)} {self._currency()}",
                on_stale=self.refresh,
            )
        outcome = self.operations.run(op)
        if outcome is None:
            return None
        self._say(sentence(op.done(outcome.value) if op.done else op.title))
        self.show_invoice(outcome.value.number)
        return outcome.value

    def bill_everything_ready(self) -> list[InvoiceSummary] | None:
        """One invoice per customer for all the work ready to bill, after saying how many and how much."""
        ready = self.ready
        if not ready.customers:
            return None
        ctx = self.ctx
        expected = [w.number for w in ready.work_orders]
        count = len(ready.customers)
        invoices = f"{format_count(count)} invoice{'s' if count != 1 else ''}"
        op: Op[list[InvoiceSummary]] = Op(
            "Bill everything ready", lambda _c: billing.bill_everything_ready(ctx, expected), parent=self,
            ask_first=(
                f"Make {invoices}, one per customer, for {format_count(len(expected))} work orders: "
                f"{format_money(ready.total)} {self._currency()} in all, issued today?"
            ),
            done=lambda made: f"Made {format_count(len(made))} invoices: {made[0].number} to {made[-1].number}"
            if len(made) > 1 else f"Made invoice {made[0].number}",
            on_stale=self.refresh,
        )
        outcome = self.operations.run(op)
        if outcome is None:
            return None
        made = outcome.value
        self._say(sentence(op.done(made) if op.done else op.title))
        if made:
            self.show_invoice(made[0].number)
        return made

    # Invoices
    def invoice_numbers(self) -> list[str]:
        """The invoices loaded so far, in the order the list shows them (after the filter)."""
        return [row.number for row in shown_rows(self.invoices_model, ROW_ROLE)]

    def invoice_row(self, number: str) -> InvoiceRow | None:
        """The invoice ``number`` as listed (loaded), or None."""
        return next((r for r in self.invoices_model.rows if r.number == number), None)

    def selected_invoice(self) -> str | None:
        index = self.invoices_table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.number if row is not None else None

    def show_invoice(self, number: str, *, switch: bool = True, clear: bool = True) -> bool:
        """Choose the invoice ``number`` in the list (the Invoices tab shown), reading on to it;
        when the filter or search hides it, they are cleared first (unless not ``clear``).
        False if not listed."""
        model = self.invoices_model
        # Reads on to it only when asked to show it; a refresh or a filter looks at what is loaded.
        most = 5000 if clear else model.rowCount()
        row = model.fetch_all_until(lambda r: r.number == number, most)
        if row < 0 and clear and billing.invoice_count(self.ctx, billing.invoice_query(text=number)):
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self.filter_combo.blockSignals(True)
            self.filter_combo.setCurrentIndex(ALL_INVOICES)
            self.filter_combo.blockSignals(False)
            self._set_invoice_query()
            row = model.fetch_all_until(lambda r: r.number == number)
        if row < 0:
            return False
        if switch:
            self.tabs.setCurrentIndex(1)
        choose_index(self.invoices_table, model.index(row, 0))
        return True

    def issue(self, number: str) -> bool:
        row = self.invoice_row(number)
        if row is None:
            return False
        ctx, version = self.ctx, row.version
        op: Op[InvoiceSummary] = Op(
            f"Issue {number}", lambda _c: billing.issue(ctx, number, version), parent=self,
            done=lambda s: f"{s.number} issued: {format_money(s.total)} {self._currency()}",
            on_stale=self.refresh,
        )
        return self._done(op)

    def mark_paid(self, number: str) -> QDialog | None:
        """Ask the day the invoice was paid, then record it."""
        row = self.invoice_row(number)
        if row is None:
            return None
        return self._open(MarkPaidDialog(self.ctx, self.operations, row, self.today, self))

    def void(self, number: str) -> QDialog | None:
        """Ask why the invoice is voided (and once more whether to), then void it."""
        row = self.invoice_row(number)
        if row is None:
            return None
        return self._open(VoidDialog(self.ctx, self.operations, row, self))

    # -- helpers ----------------------------------------------------------------------------------
    def _currency(self) -> str:
        return self.ready.currency

    def _done(self, op: Op[Any]) -> bool:
        outcome = self.operations.run(op)
        if outcome is None:
            return False
        self._say(sentence(op.done(outcome.value) if op.done else op.title))
        return True

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda result: self._on_dialog_finished(dialog, result))
        dialog.open()
        return dialog

    def _on_dialog_finished(self, dialog: QDialog, result: int) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self._say(sentence(self.operations_message(dialog)))
            self.refresh()

    @staticmethod
    def operations_message(dialog: QDialog) -> str:
        saved = getattr(dialog, "saved", None)
        if isinstance(saved, InvoiceSummary):
            if saved.status is InvoiceStatus.VOID:
                return f"{saved.number} voided; {', '.join(saved.work_orders) or 'its work'} ready to bill again"
            return f"{saved.number} marked paid"
        return ""

    def _say(self, text: str) -> None:
        if text:
            self.message.emit(text)

    def _update_counts(self) -> None:
        ready = self.ready
        count = len(ready.work_orders)
        if count:
            customers = len(ready.customers)
            self.ready_count.setText(
                f"{format_count(count)} work order{'s' if count != 1 else ''} of {format_count(customers)} "
                f"customer{'s' if customers != 1 else ''} · {format_money(ready.total)} {self._currency()}"
            )
        else:
            self.ready_count.setText("nothing to bill")
        shown = self.invoices_model.total
        self.invoice_count.setText(count_text(
            self.all_invoices, shown, shown != self.all_invoices, "invoice", "invoices",
        ))

    def _show_details(self, number: str | None) -> None:
        details = billing.invoice_details(self.ctx, number) if number else None
        self.details = details
        if details is None:
            self.lines_model.replace_rows([])
            self.details_stack.setCurrentWidget(self.details_empty)
            return
        row = details.row
        set_plain(self.details_title, f"{row.number} · {status_text(row, self.today)}")
        while self.details_facts.rowCount():
            self.details_facts.removeRow(0)
        bill_to = row.customer + (f"\n{details.billing_address}" if details.billing_address else "")
        facts: list[tuple[str, str]] = [("Bill to", bill_to)]
        if row.issued_on is not None:
            facts.append(("Issued", f"{format_day(row.issued_on)}, due {format_day(row.due_on)} "
                                    f"({details.terms_days} days)"))
        else:
            facts.append(("Issued", f"not yet (a draft made by {details.created_by})"))
        if row.paid_on is not None:
            facts.append(("Paid", format_day(row.paid_on)))
        if row.status is InvoiceStatus.VOID:
            when = format_moment(details.voided_at, self.ctx.zone()) if details.voided_at else ""
            facts.append(("Voided", f"{when} by {details.voided_by or 'somebody'}: {row.void_reason or ''}"))
        for caption, text in facts:
            value = plain_label(text, wrap=True, wrap_anywhere=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details_facts.addRow(caption, value)
        self.lines_model.replace_rows(details.lines)
        self.lines_table.fit()  # type: ignore[attr-defined]
        currency = row.currency
        width = max(len(format_money(v)) for v in (details.subtotal, details.tax, details.total))
        rate = format_decimal(details.tax_rate)
        set_plain(self.totals_label, "\n".join((
            f"Subtotal  {format_money(details.subtotal):>{width}} {currency}",
            f"Tax {rate} %  {format_money(details.tax):>{width}} {currency}",
            f"Total  {format_money(details.total):>{width}} {currency}",
        )))
        note = ""
        if row.status is InvoiceStatus.VOID:
            note = "Void: kept for the record with its number; it bills nothing."
        elif row.status is InvoiceStatus.DRAFT:
            note = "A draft holds its work; issuing it prices the lines again as the work is now."
        set_plain(self.details_note, note)
        self.details_note.setVisible(bool(note))
        self.details_stack.setCurrentIndex(0)

    # -- slots ------------------------------------------------------------------------------------
    @Slot()
    def _on_ready_selection_changed(self, *_args: object) -> None:
        numbers = self.selected_ready()
        chosen = [w for w in self.ready.work_orders if w.number in set(numbers)]
        customers = {w.customer for w in chosen}
        reason = "choose the work orders to bill (of one customer)" if not chosen else None
        if reason is None:
            reasons = invoicing.why_not_one_invoice(customers)
            reason = "; ".join(reasons) if reasons else None
        _enable(self.create_button, reason, "Bill the chosen work on one invoice, issued today")
        _enable(self.draft_button, reason, "A draft holds the chosen work until you issue it")
        self.bill_all_button.setEnabled(bool(self.ready.customers))
        if not chosen:
            set_plain(self.selection_label, "Choose work of one customer to bill it; "
                                            "Bill everything ready makes one invoice per customer.")
        elif len(customers) > 1:
            set_plain(self.selection_label, sentence(reason or ""))
        else:
            totals = self.ready.preview(numbers)
            set_plain(self.selection_label, (
                f"{format_count(len(chosen))} chosen for {chosen[0].customer}: subtotal {format_money(totals.subtotal)}, "
                f"tax {format_money(totals.tax)}, total {format_money(totals.total)} {self._currency()}."
            ))

    @Slot()
    def _on_invoices_current_row_changed(self, *_args: object) -> None:
        number = self.selected_invoice()
        row = self.invoice_row(number) if number else None
        if row is None:
            none = "choose an invoice"
            for button in (self.issue_button, self.paid_button, self.void_button):
                _enable(button, none, "")
            _enable(self.print_button, none, "")
            self._show_details(None)
            return
        _enable(self.issue_button, invoicing.why_not_issue(row.facts), "Issue the draft, dated today")
        _enable(self.paid_button, invoicing.why_not_mark_paid(row.facts), "Record the customer's payment")
        _enable(self.void_button, invoicing.why_not_void(row.facts),
                "Void it with a reason: the number is kept, the work goes back to ready to bill")
        _enable(self.print_button, None, "Print the invoice, preview it or save it as PDF")
        self._show_details(number)

    @Slot()
    def _on_create_button_clicked(self) -> None:
        self.create_invoice()

    @Slot()
    def _on_draft_button_clicked(self) -> None:
        self.create_invoice(draft=True)

    @Slot()
    def _on_bill_all_button_clicked(self) -> None:
        self.bill_everything_ready()

    @Slot()
    def _on_issue_button_clicked(self) -> None:
        number = self.selected_invoice()
        if number:
            self.issue(number)

    @Slot()
    def _on_paid_button_clicked(self) -> None:
        number = self.selected_invoice()
        if number:
            self.mark_paid(number)

    @Slot()
    def _on_void_button_clicked(self) -> None:
        number = self.selected_invoice()
        if number:
            self.void(number)

    @Slot()
    def _on_print_button_clicked(self) -> None:
        number = self.selected_invoice()
        if number:
            self.print_invoice.emit(number)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        number = index.data(WORK_ORDER_ROLE)
        if number:
            self.open_work_order.emit(str(number))

    @Slot(int)
    def _on_filter_combo_current_index_changed(self, _index: int) -> None:
        self._after_filter()

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._after_filter()

    def _set_invoice_query(self) -> None:
        """The list's query from the filter and the words typed, in the order it is sorted by."""
        current = self.invoices_model.query
        choice = FILTERS[max(0, self.filter_combo.currentIndex())]
        self.invoices_model.set_query(choice.query(
            self.today, sort=current.sort, descending=current.descending, text=self.search_edit.text(),
        ))

    def _refresh_invoices(self) -> None:
        """The invoices shown read again (as many as were loaded), the filter's day moved to today."""
        self.invoices_model.today = self.today
        self.all_invoices = billing.invoice_count(self.ctx, billing.invoice_query())
        if self.invoices_model.loaded:
            current = self.invoices_model.query
            choice = FILTERS[max(0, self.filter_combo.currentIndex())]
            query = choice.query(self.today, sort=current.sort, descending=current.descending,
                                 text=self.search_edit.text())
            if query != current:
                self.invoices_model.set_query(query)
                return
        self.invoices_model.refresh()

    def _after_filter(self) -> None:
        chosen = self.selected_invoice()
        self._set_invoice_query()
        if chosen is None or not self.show_invoice(chosen, switch=False, clear=False):
            if self.invoices_model.rowCount():
                self.invoices_table.selectRow(0)
        self._update_counts()
        self._on_invoices_current_row_changed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Details beside the list on a wide window; under it on a narrow one (a laptop at 200 %),
        so neither the totals nor the amounts are cut."""
        super().resizeEvent(event)
        wide = self.width() >= self.fontMetrics().averageCharWidth() * 150
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.invoices_splitter.orientation() != wanted:
            self.invoices_splitter.setOrientation(wanted)


__all__ = ["SHOWN_ENTITIES", "BillingPage"]
