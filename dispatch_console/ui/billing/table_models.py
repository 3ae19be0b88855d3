"""The billing page's tables as Qt models over the billing service's plain rows: the work ready
to bill, the invoices (a page at a time, sorted, filtered by status and searched by words in
the database), and an invoice's lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from dispatch_console.domain.enums import InvoiceStatus, Status
from dispatch_console.services import billing
from dispatch_console.services.billing import (
    InvoiceLineRow,
    InvoiceQuery,
    InvoiceRow,
    ReadyWorkOrder,
)
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.formatting import (
    format_day,
    format_decimal,
    format_moment,
    format_money,
    label,
)
from dispatch_console.ui.paged_rows import PagedRowsModel
from dispatch_console.ui.row_table import RowTableModel

#: The row itself (any column).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: A comparable key for sorting.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: The work order number a cell names (for opening it).
WORK_ORDER_ROLE = Qt.ItemDataRole.UserRole + 3

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
OVERDUE = QColor("#b71c1c")
VOID = QColor("#78909c")


class ReadyColumn(IntEnum):
    NUMBER = 0
    CUSTOMER = 1
    SITE = 2
    SUMMARY = 3
    STATUS = 4
    DONE = 5
    AMOUNT = 6


READY_HEADERS = {
    ReadyColumn.NUMBER: "Work order",
    ReadyColumn.CUSTOMER: "Customer",
    ReadyColumn.SITE: "Site",
    ReadyColumn.SUMMARY: "Summary",
    ReadyColumn.STATUS: "Status",
    ReadyColumn.DONE: "Completed / verified",
    ReadyColumn.AMOUNT: "Amount",
}


def done_moment(row: ReadyWorkOrder) -> Any:
    return row.verified_at if row.status is Status.VERIFIED and row.verified_at else row.completed_at


class ReadyModel(RowTableModel[ReadyWorkOrder, ReadyColumn]):
    """Work ready to bill, one row per work order, with what it adds to its invoice."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(list(ReadyColumn), READY_HEADERS, (), parent)
        self.tz: ZoneInfo | None = None
        self.now: datetime | None = None

    def set_rows(self, rows: Sequence[ReadyWorkOrder], tz: ZoneInfo, now: datetime | None = None) -> None:
        self.tz, self.now = tz, now
        self.replace_rows(rows)

    def _display(self, row: ReadyWorkOrder, column: ReadyColumn) -> str:
        if column is ReadyColumn.NUMBER:
            return row.number
        if column is ReadyColumn.CUSTOMER:
            return row.customer
        if column is ReadyColumn.SITE:
            return row.site
        if column is ReadyColumn.SUMMARY:
            return row.summary
        if column is ReadyColumn.STATUS:
            return label(row.status.value)
        if column is ReadyColumn.DONE:
            return format_moment(done_moment(row), self.tz, year_of=self.now) if self.tz else ""
        return format_money(row.amount)

    def _tooltip(self, row: ReadyWorkOrder, column: ReadyColumn) -> str | None:
        if column in (ReadyColumn.CUSTOMER, ReadyColumn.SITE, ReadyColumn.SUMMARY):
            return self._display(row, column)
        if column is ReadyColumn.NUMBER:
            return "Double-click to open the work order"
        return None

    def _role_data(self, row: ReadyWorkOrder, column: ReadyColumn, role: int) -> Any:
        if role == ROW_ROLE:
            return row
        if role == WORK_ORDER_ROLE:
            return row.number
        if role == SORT_ROLE:
            if column is ReadyColumn.AMOUNT:
                return float(row.amount)
            if column is ReadyColumn.DONE:
                moment = done_moment(row)
                return moment.timestamp() if moment else 0.0
            if column is ReadyColumn.CUSTOMER:  # grouped: the customer, then the work order
                return f"{row.customer.casefold()}\x00{row.number}"
            return self._display(row, column).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column is ReadyColumn.AMOUNT:
            return RIGHT
        return None


class InvoiceColumn(IntEnum):
    NUMBER = 0
    CUSTOMER = 1
    ISSUED = 2
    DUE = 3
    TOTAL = 4
    STATUS = 5


INVOICE_HEADERS = {
    InvoiceColumn.NUMBER: "Invoice",
    InvoiceColumn.CUSTOMER: "Customer",
    InvoiceColumn.ISSUED: "Issued",
    InvoiceColumn.DUE: "Due",
    InvoiceColumn.TOTAL: "Total",
    InvoiceColumn.STATUS: "Status",
}


def status_text(row: InvoiceRow, today: date | None) -> str:
    """``Issued``, ``Issued · overdue``, ``Paid 02 Dec``, ``Void``."""
    text = label(row.status.value)
    if row.status is InvoiceStatus.PAID and row.paid_on is not None:
        return f"{text} {format_day(row.paid_on, today)}"
    if today is not None and row.overdue(today):
        return f"{text} · overdue"
    return text


#: The column a click on its header sorts by (the list's ``InvoiceQuery.sort``).
SORTS = {
    InvoiceColumn.NUMBER: "number",
    InvoiceColumn.CUSTOMER: "customer",
    InvoiceColumn.ISSUED: "issued",
    InvoiceColumn.DUE: "due",
    InvoiceColumn.TOTAL: "total",
    InvoiceColumn.STATUS: "status",
}


@dataclass(frozen=True)
class InvoiceFilter:
    """One choice of the invoices filter: the statuses shown (None: all), overdue only, or the
    default view (not yet paid or void, and what was issued lately)."""

    label: str
    statuses: frozenset[InvoiceStatus] | None = None
    overdue: bool = False
    recent: bool = False

    def query(self, today: date, *, sort: str = "number", descending: bool = True, text: str = "") -> InvoiceQuery:
        return billing.invoice_query(
            sort=sort, descending=descending, statuses=self.statuses,
            overdue_on=today if self.overdue else None,
            recent_since=today - billing.RECENT_INVOICES if self.recent else None,
            text=text,
        )


#: The invoices filter's choices; the first is what the page opens on.
FILTERS: tuple[InvoiceFilter, ...] = (
    InvoiceFilter("Open and recent", recent=True),
    InvoiceFilter("All invoices"),
    InvoiceFilter("Unpaid (draft or issued)", frozenset({InvoiceStatus.DRAFT, InvoiceStatus.ISSUED})),
    InvoiceFilter("Overdue", frozenset({InvoiceStatus.ISSUED}), overdue=True),
    *(InvoiceFilter(label(s.value), frozenset({s})) for s in InvoiceStatus),
)
#: The choice that shows every invoice.
ALL_INVOICES = 1


def _sorted_by(query: InvoiceQuery, column: InvoiceColumn, descending: bool) -> InvoiceQuery:
    return replace(query, sort=SORTS[column], descending=descending)


class InvoicesModel(PagedRowsModel[InvoiceRow, InvoiceColumn, InvoiceQuery]):
    """The invoices of the chosen view, a page at a time: number, customer, dates, total and
    where each stands; sorted, filtered and searched by the database."""

    def __init__(self, ctx: ServiceContext, parent: QObject | None = None) -> None:
        self.today: date = billing.today(ctx)
        super().__init__(
            list(InvoiceColumn), INVOICE_HEADERS, FILTERS[0].query(self.today),
            lambda query, after, limit: billing.invoice_page(ctx, query, after, limit),
            lambda query: billing.invoice_count(ctx, query), _sorted_by, parent=parent,
        )

    def _key_of(self, row: InvoiceRow) -> str:
        return row.number

    def _display(self, row: InvoiceRow, column: InvoiceColumn) -> str:
        if column is InvoiceColumn.NUMBER:
            return row.number
        if column is InvoiceColumn.CUSTOMER:
            return row.customer
        if column is InvoiceColumn.ISSUED:
            return format_day(row.issued_on, self.today) if row.issued_on else "not yet"
        if column is InvoiceColumn.DUE:
            return format_day(row.due_on, self.today)
        if column is InvoiceColumn.TOTAL:
            return f"{format_money(row.total)} {row.currency}"
        return status_text(row, self.today)

    def _tooltip(self, row: InvoiceRow, column: InvoiceColumn) -> str | None:
        if column is InvoiceColumn.CUSTOMER:
            return row.customer
        if column is InvoiceColumn.STATUS and row.status is InvoiceStatus.VOID:
            return f"Void: {row.void_reason}" if row.void_reason else "Void"
        if column is InvoiceColumn.NUMBER and row.work_orders:
            return "Bills " + ", ".join(row.work_orders)
        return None

    def _role_data(self, row: InvoiceRow, column: InvoiceColumn, role: int) -> Any:
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column is InvoiceColumn.TOTAL:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status is InvoiceStatus.VOID:
                return QBrush(VOID)
            if column in (InvoiceColumn.STATUS, InvoiceColumn.DUE) and row.overdue(self.today):
                return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.FontRole and row.status is InvoiceStatus.VOID and column is InvoiceColumn.TOTAL:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


class LineColumn(IntEnum):
    WORK_ORDER = 0
    DESCRIPTION = 1
    QUANTITY = 2
    PRICE = 3
    AMOUNT = 4


LINE_HEADERS = {
    LineColumn.WORK_ORDER: "Work order",
    LineColumn.DESCRIPTION: "Description",
    LineColumn.QUANTITY: "Qty / hours",
    LineColumn.PRICE: "Price",
    LineColumn.AMOUNT: "Amount",
}


class LinesModel(RowTableModel[InvoiceLineRow, LineColumn]):
    """An invoice's lines in the order printed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(list(LineColumn), LINE_HEADERS, (), parent)

    def _display(self, row: InvoiceLineRow, column: LineColumn) -> str:
        if column is LineColumn.WORK_ORDER:
            return row.work_order
        if column is LineColumn.DESCRIPTION:
            return row.description
        if column is LineColumn.QUANTITY:
            return format_decimal(row.quantity)
        if column is LineColumn.PRICE:
            return format_decimal(row.unit_price) if row.unit_price != row.unit_price.quantize(Decimal("0.01")) \
                else format_money(row.unit_price)
        return format_money(row.amount)

    def _tooltip(self, row: InvoiceLineRow, column: LineColumn) -> str | None:
        return row.description if column is LineColumn.DESCRIPTION else None

    def _role_data(self, row: InvoiceLineRow, column: LineColumn, role: int) -> Any:
        if role == WORK_ORDER_ROLE:
            return row.work_order
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= LineColumn.QUANTITY:
            return RIGHT
        return None


__all__ = [
    "ALL_INVOICES", "FILTERS", "ROW_ROLE", "SORT_ROLE", "SORTS", "WORK_ORDER_ROLE", "InvoiceColumn",
    "InvoiceFilter", "InvoicesModel",
    "LineColumn", "LinesModel", "ReadyColumn", "ReadyModel", "status_text",
]
