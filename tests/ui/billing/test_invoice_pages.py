"""The invoices list as a window on the database: it reads a page at a time, sorts, filters and
searches in SQL exactly as the rule says (ties, drafts, accents: "Ólafur" among the O's), grows
as the dispatcher scrolls, and its count is the database's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import InvoiceStatus
from dispatch_console.domain.sorting import number_key, sort_key
from dispatch_console.services import billing
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.ui.billing import BillingPage
from dispatch_console.ui.billing.table_models import FILTERS, InvoiceColumn
from tests.ui.pages import show_page

NAMES = ["Ólafur Hansen", "olga Berg", "Zeta Works", "ábaco SL", "Bravo", "Øster Bakery", "Oscar", "bravo"]
STATUSES = [InvoiceStatus.ISSUED, InvoiceStatus.PAID, InvoiceStatus.PAID, InvoiceStatus.DRAFT, InvoiceStatus.VOID]
COUNT = 57


def _invoices(ctx: ServiceContext) -> list[dict[str, Any]]:
    """57 invoices over eight customers: equal days, totals and names tie; some are years old."""
    today = billing.today(ctx)
    made: list[dict[str, Any]] = []
    with ctx.write("test: invoices") as uow:
        customers = [m.Customer(code=f"P{i}", name=name) for i, name in enumerate(NAMES)]
        for customer in customers:
            uow.add(customer)
        for i in range(COUNT):
            status = STATUSES[i % len(STATUSES)]
            issued = today - timedelta(days=[0, 3, 3, 40, 120, 400, 900][i % 7])
            due = issued + timedelta(days=30)
            number = f"INV-{[7, 99, 1000, 1001, 12][i % 5]}{i}"
            total = Decimal([100, 250, 99.5, 100, 1000][i % 5]).quantize(Decimal("0.01"))
            customer = customers[i % len(customers)]
            invoice = m.Invoice(
                number=number, customer=customer, issued_on=issued, due_on=due, currency="USD",
                tax_rate=Decimal("0"), subtotal=total, tax=Decimal("0"), total=total,
                created_at=datetime(2026, 1, 1, tzinfo=UTC), created_by="test", status=status,
                paid_on=issued + timedelta(days=5) if status is InvoiceStatus.PAID else None,
            )
            uow.add(invoice)
            made.append({"number": number, "customer": customer.name, "code": customer.code, "status": status,
                         "issued": issued, "due": due, "total": total, "i": i})
        uow.flush()
        ids = {inv.number: inv.id for inv in uow.session.query(m.Invoice)}
    for row in made:
        row["id"] = ids[row["number"]]
    return made


KEYS: dict[InvoiceColumn, Callable[[dict[str, Any]], Any]] = {
    InvoiceColumn.NUMBER: lambda r: number_key(r["number"]),
    InvoiceColumn.CUSTOMER: lambda r: sort_key(r["customer"]),
    InvoiceColumn.ISSUED: lambda r: r["issued"],
    InvoiceColumn.DUE: lambda r: r["due"],
    InvoiceColumn.TOTAL: lambda r: r["total"],
    InvoiceColumn.STATUS: lambda r: (r["status"].value, r["issued"]),
}


def _expected(rows: list[dict[str, Any]], column: InvoiceColumn, descending: bool) -> list[str]:
    ordered = sorted(rows, key=lambda r: (KEYS[column](r), r["id"]), reverse=descending)
    return [r["number"] for r in ordered]


def _everything(page: BillingPage) -> list[str]:
    page.invoices_model.fetch_all_until(lambda _r: False, most=10**6)
    return page.invoice_numbers()


def _click_header(qtbot: QtBot, page: BillingPage, column: InvoiceColumn) -> None:
    header = page.invoices_table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


@pytest.fixture
def page(qtbot: QtBot, company: ServiceContext) -> tuple[BillingPage, list[dict[str, Any]]]:
    rows = _invoices(company)
    shown = show_page(qtbot, BillingPage, company)
    shown.tabs.setCurrentIndex(1)
    shown.invoices_model.page_size = 7
    return shown, rows


def test_opens_on_open_and_recent_work_newest_first(page: tuple[BillingPage, list[dict[str, Any]]], company: ServiceContext) -> None:
    shown, rows = page
    today = billing.today(company)
    wanted = [r for r in rows if r["status"] in (InvoiceStatus.DRAFT, InvoiceStatus.ISSUED)
              or r["issued"] >= today - billing.RECENT_INVOICES]
    assert shown.filter_combo.currentText() == "Open and recent"
    assert _everything(shown) == _expected(wanted, InvoiceColumn.NUMBER, True)
    assert shown.invoice_count.text() == f"{len(wanted)} of {COUNT} invoices"


def test_every_header_sorts_as_the_rule_says_both_ways_across_pages(
    qtbot: QtBot, page: tuple[BillingPage, list[dict[str, Any]]]
) -> None:
    shown, rows = page
    shown.filter_combo.setCurrentIndex(shown.filter_combo.findText("All invoices"))
    for column in InvoiceColumn:
        for _twice in range(2):
            _click_header(qtbot, shown, column)
            descending = shown.invoices_table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            assert shown.invoices_model.query.sort == billing.invoice_query(sort=shown.invoices_model.query.sort).sort
            assert shown.invoices_model.rowCount() == 7  # one page, not the history
            assert _everything(shown) == _expected(rows, column, descending), (column, descending)


def test_accents_fold_olafur_among_the_os(qtbot: QtBot, page: tuple[BillingPage, list[dict[str, Any]]]) -> None:
    shown, _rows = page
    shown.filter_combo.setCurrentIndex(shown.filter_combo.findText("All invoices"))
    _click_header(qtbot, shown, InvoiceColumn.CUSTOMER)
    customers = list(dict.fromkeys(r.customer for r in (shown.invoice_row(n) for n in _everything(shown)) if r))
    if shown.invoices_model.query.descending:
        customers.reverse()
    assert customers == ["ábaco SL", "Bravo", "bravo", "olga Berg", "Ólafur Hansen", "Oscar", "Øster Bakery",
                         "Zeta Works"] or customers == sorted(NAMES, key=sort_key)


def test_each_filter_and_the_words_typed_show_the_same_rows_as_the_rule(
    qtbot: QtBot, page: tuple[BillingPage, list[dict[str, Any]]], company: ServiceContext
) -> None:
    shown, rows = page
    today = billing.today(company)
    for index, choice in enumerate(FILTERS):
        def kept(r: dict[str, Any], choice: Any = choice) -> bool:
            if choice.statuses is not None and r["status"] not in choice.statuses:
                return False
            if choice.overdue and not (r["status"] is InvoiceStatus.ISSUED and r["due"] < today):
                return False
            return not choice.recent or r["status"] in (InvoiceStatus.DRAFT, InvoiceStatus.ISSUED) \
                or r["issued"] >= today - billing.RECENT_INVOICES
        shown.filter_combo.setCurrentIndex(index)
        wanted = [r for r in rows if kept(r)]
        assert _everything(shown) == _expected(wanted, InvoiceColumn.NUMBER, True), choice.label
        assert shown.invoices_model.total == len(wanted)
    shown.filter_combo.setCurrentIndex(shown.filter_combo.findText("All invoices"))
    qtbot.keyClicks(shown.search_edit, "olafur p0")  # accents and case folded; every word must be there
    wanted = [r for r in rows if r["code"] == "P0"]
    assert _everything(shown) == _expected(wanted, InvoiceColumn.NUMBER, True)
    assert shown.invoice_count.text() == f"{len(wanted)} of {COUNT} invoices"
    shown.search_edit.clear()
    qtbot.keyClicks(shown.search_edit, "inv-99")
    assert set(_everything(shown)) == {r["number"] for r in rows if "inv-99" in r["number"].casefold()}


def test_scrolling_to_the_bottom_reads_more_and_keeps_the_choice_on_refresh(
    qtbot: QtBot, page: tuple[BillingPage, list[dict[str, Any]]]
) -> None:
    shown, _rows = page
    shown.filter_combo.setCurrentIndex(shown.filter_combo.findText("All invoices"))
    _click_header(qtbot, shown, InvoiceColumn.ISSUED)
    table = shown.invoices_table
    assert shown.invoices_model.rowCount() == 7
    before = shown.invoices_model.rowCount()
    for _ in range(3):
        bar = table.verticalScrollBar()
        bar.setValue(bar.maximum())  # as a drag of the scroll bar to its end
        qtbot.wait(10)
    assert shown.invoices_model.rowCount() > before
    loaded = shown.invoices_model.rowCount()
    last = shown.invoice_numbers()[-1]
    assert shown.show_invoice(last)
    shown.refresh()
    assert shown.invoices_model.rowCount() >= loaded  # what was looked at stays loaded
    assert shown.selected_invoice() == last
